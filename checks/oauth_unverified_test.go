package checks_test

import (
	"net/http"
	"testing"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/emulator"
)

// When every management call fails before Okta judges it, the check could
// not see what the app's role allows: that is a failure, never "Tako will
// work" with a warning.
func TestOAuthFailsWhenNoManagementCallCanBeJudged(t *testing.T) {
	invalidToken := http.Header{}
	invalidToken.Set("WWW-Authenticate", `Bearer authorization_uri="https://acme.okta.com/oauth2/v1/authorize", realm="https://acme.okta.com", error="invalid_token", error_description="The access token is invalid."`)
	redirect := http.Header{}
	redirect.Set("Location", "https://login.example.com/")
	cases := []struct {
		name  string
		fault emulator.Fault
		words []string
	}{
		{"503 everywhere", emulator.StatusFault(503, `{"errorCode":"E0000009","errorSummary":"Internal Server Error"}`), []string{"0 of", "server error", "status.okta.com"}},
		{"401 invalid_token", emulator.Fault{Kind: emulator.FaultStatus, Status: 401, Header: invalidToken,
			Body: `{"errorCode":"E0000011","errorSummary":"Invalid token provided","errorLink":"E0000011","errorId":"oaeX","errorCauses":[]}`}, []string{"0 of", "okta.users.read"}},
		{"closed connection", emulator.Fault{Kind: emulator.FaultReset}, []string{"0 of", "connection"}},
		{"307", emulator.Fault{Kind: emulator.FaultStatus, Status: 307, Header: redirect}, []string{"0 of", "redirects"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			org, cid := oauthOrg(t)
			org.InjectFault("/api/v1/", c.fault)
			org.InjectFault("/oauth2/v1/clients", c.fault)
			srv := start(t, org)
			rep := run(t, srv, oauthInput(cid, rsaKeyA()))
			expect(t, rep, checks.IDOAuthScopes, checks.Pass)
			expect(t, rep, checks.IDOAuthRoles, checks.Fail, append(c.words, "No call with the token succeeded", "Run the check again")...)
			if rep.OK() {
				t.Fatalf("the report passes although no call could be judged:\n%s", dump(rep))
			}
		})
	}
}

// One core call that fails while the others pass still leaves the role
// unverified for that call.
func TestOAuthFailsWhenACoreCallCannotBeJudged(t *testing.T) {
	org, cid := oauthOrg(t)
	org.InjectFault("/api/v1/users", emulator.StatusFault(503, ""))
	srv := start(t, org)
	rep := run(t, srv, oauthInput(cid, rsaKeyA()))
	expect(t, rep, checks.IDOAuthRoles, checks.Fail, "could not be verified", "okta.users.read")
}
