package checks_test

import (
	"testing"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/emulator"
)

// lookAlike is a host that is not under Okta's domains but looks like an
// org's address, served with a certificate this machine trusts.
const lookAlike = "acme.okta.com.example.net"

// A mistyped or look-alike org URL with a valid certificate must never
// receive the admin's API token: the token waits until discovery has shown
// an Okta org answers there, which a web site does not.
func TestAPITokenIsNotSentToAHostThatIsNotProvenOkta(t *testing.T) {
	org, _, tok := tokenOrg(t)
	org.InjectFault("/.well-known/okta-organization", emulator.Fault{Kind: emulator.FaultHTML})
	srv := start(t, org, emulator.WithCertNames(lookAlike))
	in := tokenInput(tok)
	in.OrgURL = "https://" + lookAlike
	rep := run(t, srv, in)
	expect(t, rep, checks.IDOrg, checks.Fail, "web page")
	expect(t, rep, checks.IDTokenValid, checks.Skip)
	for req, n := range org.Requests() {
		if req != "GET /.well-known/okta-organization" {
			t.Errorf("%d × %s sent to a host that is not proven Okta (the token went with it)", n, req)
		}
	}
}

// The same rule holds for the token request.
func TestTokenRequestIsNotSentToAHostThatIsNotProvenOkta(t *testing.T) {
	org, cid := oauthOrg(t)
	org.InjectFault("/.well-known/okta-organization", emulator.Fault{Kind: emulator.FaultHTML})
	srv := start(t, org, emulator.WithCertNames(lookAlike))
	in := oauthInput(cid, rsaKeyA())
	in.OrgURL = "https://" + lookAlike
	rep := run(t, srv, in)
	expect(t, rep, checks.IDOrg, checks.Fail, "web page")
	if n := org.Requests()["POST /oauth2/v1/token"]; n != 0 {
		t.Errorf("%d token requests sent to a host that is not proven Okta", n)
	}
}

// A custom domain that discovery proves is an Okta org gets the
// credentials, one round trip later; a host under Okta's domains gets them
// alongside discovery (two round trips in all, counted by the benchmarks).
func TestCredentialsGoToACustomDomainOnceProven(t *testing.T) {
	org, _, tok := tokenOrg(t)
	org.CanonicalURL = "https://acme.okta.com"
	srv := start(t, org, emulator.WithCertNames("login.acme.example"))
	in := tokenInput(tok)
	in.OrgURL = "https://login.acme.example"
	rep := run(t, srv, in)
	expect(t, rep, checks.IDOrg, checks.Pass, "custom domain")
	expect(t, rep, checks.IDTokenValid, checks.Pass)
}

// A rotation sends the old and the new credential: the same rule holds.
func TestRotationSendsNothingToAHostThatIsNotProvenOkta(t *testing.T) {
	org, _, tok := tokenOrg(t)
	org.InjectFault("/.well-known/okta-organization", emulator.Fault{Kind: emulator.FaultHTML})
	srv := start(t, org, emulator.WithCertNames(lookAlike))
	in := tokenInput(tok)
	in.OrgURL = "https://" + lookAlike
	in.Retired = &checks.Retired{APIToken: in.APIToken}
	rep := rotate(t, srv, in, checks.IDRotateCurrent, checks.IDRotateOwner, checks.IDRotateOldToken)
	expect(t, rep, checks.IDRotateCurrent, checks.Fail, "web page", "No credential was sent")
	for req, n := range org.Requests() {
		if req != "GET /.well-known/okta-organization" {
			t.Errorf("%d × %s sent to a host that is not proven Okta", n, req)
		}
	}
}
