package checks_test

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/emulator"
)

// allowRoleReads gives the app a custom role that may read admin role
// assignments, which Read-only Administrator may not.
func allowRoleReads(t *testing.T, org *emulator.Org, cid string) {
	t.Helper()
	_, err := org.AssignAppCustomRole(cid, "Role reader", "okta.roles.read")
	must(t, err)
}

func TestOAuthAllPass(t *testing.T) {
	org, cid := oauthOrg(t)
	allowRoleReads(t, org, cid)
	srv := start(t, org)
	rep := run(t, srv, oauthInput(cid, rsaKeyA()))
	for _, id := range checks.IDs(checks.OAuth2) {
		expect(t, rep, id, checks.Pass)
	}
	if !rep.OK() || rep.Method != checks.OAuth2 || rep.OrgURL != orgHost {
		t.Fatalf("report = ok %v, method %s, org %s", rep.OK(), rep.Method, rep.OrgURL)
	}
	if !slices.Equal(rep.Recommended.Scopes, checks.DefaultScopes) || rep.Recommended.ConcurrentLimit != 38 {
		t.Fatalf("recommended = %+v", rep.Recommended)
	}
	expect(t, rep, checks.IDOAuthRoles, checks.Pass, "Read Only Administrator (READ_ONLY_ADMIN)", "Not tested (no cheap call exists): ")
	expect(t, rep, checks.IDOAuthKey, checks.Pass, "2048-bit RSA")
}

func TestOAuthRoleReadOnlyCannotListRoles(t *testing.T) {
	org, cid := oauthOrg(t)
	srv := start(t, org)
	rep := run(t, srv, oauthInput(cid, rsaKeyA()))
	expect(t, rep, checks.IDOAuthRoles, checks.Warn, "cannot read admin role assignments", "custom admin role", "resource set")
	if !rep.OK() {
		t.Fatal("a warning must not fail the report")
	}
}

func TestOAuthRoleSuperAdminWarns(t *testing.T) {
	org, cid := oauthOrg(t)
	must(t, org.UnassignAppRole(cid, "READ_ONLY_ADMIN"))
	_, err := org.AssignAppRole(cid, "SUPER_ADMIN")
	must(t, err)
	srv := start(t, org)
	rep := run(t, srv, oauthInput(cid, rsaKeyA()))
	expect(t, rep, checks.IDOAuthRoles, checks.Warn, "SUPER_ADMIN", "Read-only Administrator")
}

func TestOAuthRoleMissingFails(t *testing.T) {
	org, cid := oauthOrg(t)
	must(t, org.UnassignAppRole(cid, "READ_ONLY_ADMIN"))
	srv := start(t, org)
	rep := run(t, srv, oauthInput(cid, rsaKeyA()))
	expect(t, rep, checks.IDOAuthRoles, checks.Fail, "no admin role", "Admin roles › Edit assignments", "Read-only Administrator")
	// The token itself works: scopes are granted.
	expect(t, rep, checks.IDOAuthScopes, checks.Pass)
}

func TestOAuthRoleTooNarrowFailsOnCore(t *testing.T) {
	org, cid := oauthOrg(t)
	must(t, org.UnassignAppRole(cid, "READ_ONLY_ADMIN"))
	_, err := org.AssignAppRole(cid, "HELP_DESK_ADMIN")
	must(t, err)
	srv := start(t, org)
	rep := run(t, srv, oauthInput(cid, rsaKeyA()))
	expect(t, rep, checks.IDOAuthRoles, checks.Fail, "cannot read what Tako needs", "okta.logs.read (core)", "okta.apps.read (core)")
}

func TestOAuthRoleFeatureOffIsNoted(t *testing.T) {
	org, cid := oauthOrg(t)
	allowRoleReads(t, org, cid)
	org.DisableFeature("/api/v1/behaviors")
	srv := start(t, org)
	rep := run(t, srv, oauthInput(cid, rsaKeyA()))
	expect(t, rep, checks.IDOAuthRoles, checks.Pass, "Not enabled in this org", "okta.behaviors.read")
}

func TestOrgParked(t *testing.T) {
	org, cid := oauthOrg(t)
	org.SetParked(true)
	srv := start(t, org)
	rep := run(t, srv, oauthInput(cid, rsaKeyA()))
	expect(t, rep, checks.IDOrg, checks.Fail, "No Okta org at this address", "00oplaODtXoEq1eQo0g3", "spelling")
	for _, id := range []string{checks.IDOAuthClient, checks.IDOAuthKey, checks.IDOAuthScopes, checks.IDRateLimit} {
		expect(t, rep, id, checks.Skip, "org must be fixed first")
	}
}

func TestOrgAdminURLIsNormalised(t *testing.T) {
	org, cid := oauthOrg(t)
	srv := start(t, org)
	in := oauthInput(cid, rsaKeyA())
	in.OrgURL = "acme-admin.okta.com/admin/dashboard/"
	rep := run(t, srv, in, checks.IDOrg)
	expect(t, rep, checks.IDOrg, checks.Pass, `removed "-admin"`, "removed the path /admin/dashboard")
	if rep.OrgURL != orgHost || len(rep.Findings) != 1 {
		t.Fatalf("report = %s %v", rep.OrgURL, rep.Findings)
	}
}

func TestOrgURLRefused(t *testing.T) {
	org, cid := oauthOrg(t)
	srv := start(t, org)
	in := oauthInput(cid, rsaKeyA())
	in.OrgURL = "http://acme.okta.com"
	rep := run(t, srv, in)
	expect(t, rep, checks.IDOrg, checks.Fail, "https only")
	expect(t, rep, checks.IDOAuthClient, checks.Skip, "org URL must be fixed first")
	if n := org.TotalRequests(); n != 0 {
		t.Fatalf("%d requests sent for an unusable URL", n)
	}
}

func TestOrgCustomDomain(t *testing.T) {
	org, cid := oauthOrg(t)
	org.CanonicalURL = "https://integrator-1234567.okta.com"
	srv := start(t, org, emulator.WithCertNames("login.acme.example"))
	in := oauthInput(cid, rsaKeyA())
	in.OrgURL = "https://login.acme.example"
	rep := run(t, srv, in, checks.IDOrg, checks.IDRateLimit)
	expect(t, rep, checks.IDOrg, checks.Pass, "https://integrator-1234567.okta.com", "custom domain")
	// The plan is judged from the org's own host, not the custom domain.
	expect(t, rep, checks.IDRateLimit, checks.Pass, "integrator-")
	if rep.OrgURL != "https://integrator-1234567.okta.com" || rep.Recommended.ConcurrentLimit != 18 {
		t.Fatalf("org %s, recommended %+v", rep.OrgURL, rep.Recommended)
	}
}

func TestOrgAnswersHTML(t *testing.T) {
	org, cid := oauthOrg(t)
	org.InjectFault("/.well-known/okta-organization", emulator.Fault{Kind: emulator.FaultHTML})
	srv := start(t, org)
	rep := run(t, srv, oauthInput(cid, rsaKeyA()))
	f := expect(t, rep, checks.IDOrg, checks.Warn, "HTML")
	if !strings.Contains(f.Title, "accepted the credentials") {
		t.Fatalf("org title = %q", f.Title)
	}
}

func TestClientUnknown(t *testing.T) {
	org, _ := oauthOrg(t)
	srv := start(t, org)
	rep := run(t, srv, oauthInput("0oaNOSUCHAPP", rsaKeyA()))
	expect(t, rep, checks.IDOAuthClient, checks.Fail, "No app with this client ID", "0oaNOSUCHAPP", "General › Client Credentials")
	expect(t, rep, checks.IDOAuthKey, checks.Skip)
	expect(t, rep, checks.IDOAuthScopes, checks.Skip, "client is right")
}

func TestClientMisconfigured(t *testing.T) {
	cases := []struct {
		name  string
		app   emulator.App
		words []string
	}{
		{"web app", emulator.App{ApplicationType: "web"}, []string{"Not an API Services app", "Create App Integration › API Services"}},
		{"client secret", emulator.App{TokenEndpointAuthMethod: "client_secret_basic"}, []string{"client secret", "Public key / Private key"}},
		{"no client credentials grant", emulator.App{GrantTypes: []string{"authorization_code"}}, []string{"Client Credentials is not allowed", "tick the Client Credentials grant"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			org := emulator.NewOrg()
			a := c.app
			app := org.AddApp(&a)
			_, err := org.AddKey(app.ClientID, rsaKeyA().Public(), "", "ACTIVE")
			must(t, err)
			srv := start(t, org)
			rep := run(t, srv, oauthInput(app.ClientID, rsaKeyA()))
			expect(t, rep, checks.IDOAuthClient, checks.Fail, c.words...)
			expect(t, rep, checks.IDOAuthDPoP, checks.Skip)
		})
	}
}

func TestClientNetworkZone(t *testing.T) {
	org, cid := oauthOrg(t)
	must(t, org.SetAppNetworkDenied(cid, true))
	srv := start(t, org)
	rep := run(t, srv, oauthInput(cid, rsaKeyA()))
	expect(t, rep, checks.IDOAuthClient, checks.Fail, "network zones", "Security › Networks")
	expect(t, rep, checks.IDOAuthScopes, checks.Skip)
}

func TestKeyWrong(t *testing.T) {
	org, cid := oauthOrg(t)
	srv := start(t, org)
	rep := run(t, srv, oauthInput(cid, rsaKeyB()))
	expect(t, rep, checks.IDOAuthClient, checks.Pass)
	expect(t, rep, checks.IDOAuthKey, checks.Fail, "does not match the app's public key", "General › Public Keys")
	expect(t, rep, checks.IDOAuthKid, checks.Pass)
	expect(t, rep, checks.IDOAuthDPoP, checks.Pass)
	expect(t, rep, checks.IDOAuthScopes, checks.Skip, "refused for the key")
	expect(t, rep, checks.IDRateLimit, checks.Pass, "could not be read")
}

func TestKeyNotRegistered(t *testing.T) {
	org := emulator.NewOrg()
	app := org.AddApp(&emulator.App{})
	must(t, org.SetDPoP(app.ClientID, false))
	srv := start(t, org)
	rep := run(t, srv, oauthInput(app.ClientID, rsaKeyA()))
	expect(t, rep, checks.IDOAuthKey, checks.Fail, "no public key", "Public key / Private key")
	expect(t, rep, checks.IDOAuthKid, checks.Skip)
}

func TestKeyInactive(t *testing.T) {
	org, cid := oauthOrg(t)
	k, err := org.AddKey(cid, rsaKeyB().Public(), kidOf(t, rsaKeyB().Public()), "ACTIVE")
	must(t, err)
	a := org.App(cid)
	for _, key := range a.Keys {
		if key.ID != k.ID {
			must(t, org.DeactivateKey(cid, key.ID))
		}
	}
	srv := start(t, org)
	rep := run(t, srv, oauthInput(cid, rsaKeyA()))
	expect(t, rep, checks.IDOAuthKey, checks.Fail, "matching public key is inactive")
}

func TestKeyNotRSA(t *testing.T) {
	ec, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	must(t, err)
	org, cid := oauthOrg(t)
	_, err = org.AddKey(cid, ec.Public(), "ec-key", "ACTIVE")
	must(t, err)
	a := org.App(cid)
	for _, k := range a.Keys {
		if k.KID != "ec-key" {
			must(t, org.DeactivateKey(cid, k.ID))
		}
	}
	srv := start(t, org)
	rep := run(t, srv, oauthInput(cid, ec))
	expect(t, rep, checks.IDOAuthKey, checks.Fail, "not EC", "EC P-256", "RS256", "Okta accepted an assertion signed with it")
	// The rest of the setup is still checked with the EC key.
	expect(t, rep, checks.IDOAuthScopes, checks.Pass)

	_, ed, err := ed25519.GenerateKey(rand.Reader)
	must(t, err)
	rep = run(t, srv, oauthInput(cid, ed))
	expect(t, rep, checks.IDOAuthKey, checks.Fail, "Tako needs an RSA key")
	expect(t, rep, checks.IDOAuthClient, checks.Pass)
}

func TestKeyTooSmall(t *testing.T) {
	small := mustRSA(1024)
	org, cid := oauthOrg(t)
	srv := start(t, org)
	rep := run(t, srv, oauthInput(cid, small))
	expect(t, rep, checks.IDOAuthKey, checks.Fail, "too small", "1024-bit RSA", "2048")
}

func TestKeyMissingStillChecksClient(t *testing.T) {
	org, cid := oauthOrg(t)
	srv := start(t, org)
	rep := run(t, srv, oauthInput(cid, nil))
	expect(t, rep, checks.IDOAuthKey, checks.Fail, "No private key")
	expect(t, rep, checks.IDOAuthClient, checks.Pass)
	rep = run(t, srv, oauthInput("0oaNOPE", nil))
	expect(t, rep, checks.IDOAuthClient, checks.Fail, "No app with this client ID")
}

func TestKeyFormatIssue(t *testing.T) {
	org, cid := oauthOrg(t)
	srv := start(t, org)
	in := oauthInput(cid, rsaKeyA())
	in.KeyFormatIssue = "The key is a PKCS#1 PEM (BEGIN RSA PRIVATE KEY); Tako reads only PKCS#8."
	rep := run(t, srv, in)
	expect(t, rep, checks.IDOAuthKey, checks.Fail, "PKCS#1", "openssl pkcs8", "Okta accepted an assertion signed with it")
	expect(t, rep, checks.IDOAuthScopes, checks.Pass)

	in.PrivateKey = nil
	in.KeyFormatIssue = "The text is not a private key."
	rep = run(t, srv, in)
	expect(t, rep, checks.IDOAuthKey, checks.Fail, "could not be read", "not a private key")
}

func TestKidSeveralActiveKeys(t *testing.T) {
	org, cid := oauthOrg(t)
	_, err := org.AddKey(cid, rsaKeyB().Public(), kidOf(t, rsaKeyB().Public()), "ACTIVE")
	must(t, err)
	srv := start(t, org)
	rep := run(t, srv, oauthInput(cid, rsaKeyA()))
	expect(t, rep, checks.IDOAuthKid, checks.Fail, "several active keys", "deactivate every key except", kidOf(t, rsaKeyA().Public()))
	expect(t, rep, checks.IDOAuthKey, checks.Pass, "when the assertion named it")
	// The retry with kid got a token, so the scopes are still judged.
	expect(t, rep, checks.IDOAuthScopes, checks.Pass)
	if len(rep.Recommended.Scopes) == 0 {
		t.Fatal("no recommended scopes")
	}
}

func TestKidSeveralActiveKeysNoneOurs(t *testing.T) {
	org := emulator.NewOrg()
	app := org.AddApp(&emulator.App{})
	must(t, org.SetDPoP(app.ClientID, false))
	_, err := org.AddKey(app.ClientID, rsaKeyB().Public(), "key-b", "ACTIVE")
	must(t, err)
	ec, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	_, err = org.AddKey(app.ClientID, ec.Public(), "key-ec", "ACTIVE")
	must(t, err)
	srv := start(t, org)
	rep := run(t, srv, oauthInput(app.ClientID, rsaKeyA()))
	expect(t, rep, checks.IDOAuthKid, checks.Fail, "several active keys")
	expect(t, rep, checks.IDOAuthKey, checks.Fail, "not one of the app's active keys")
}

func TestDPoPRequired(t *testing.T) {
	org, cid := oauthOrg(t)
	allowRoleReads(t, org, cid)
	must(t, org.SetDPoP(cid, true))
	srv := start(t, org)
	rep := run(t, srv, oauthInput(cid, rsaKeyA()))
	expect(t, rep, checks.IDOAuthDPoP, checks.Fail, "General › Proof of possession › Require Demonstrating Proof of Possession (DPoP) header in token requests", "untick")
	// The engine completed the DPoP exchange (fresh assertion for the nonce
	// retry), so the key, scopes and roles are still judged.
	expect(t, rep, checks.IDOAuthKey, checks.Pass)
	expect(t, rep, checks.IDOAuthScopes, checks.Pass)
	expect(t, rep, checks.IDOAuthRoles, checks.Pass)
	expect(t, rep, checks.IDAge, checks.Pass)
}

func TestScopesNoneGranted(t *testing.T) {
	org, cid := oauthOrg(t)
	must(t, org.RevokeScopes(cid, checks.DefaultScopes...))
	srv := start(t, org)
	rep := run(t, srv, oauthInput(cid, rsaKeyA()))
	expect(t, rep, checks.IDOAuthScopes, checks.Fail, "No scope is granted", "Okta API Scopes", "okta.users.read")
	expect(t, rep, checks.IDOAuthKey, checks.Pass)
	expect(t, rep, checks.IDOAuthRoles, checks.Skip)
	if rep.Recommended.Scopes != nil {
		t.Fatalf("recommended scopes without a token: %v", rep.Recommended.Scopes)
	}
}

func TestScopesSomeMissing(t *testing.T) {
	org, cid := oauthOrg(t)
	must(t, org.RevokeScopes(cid, "okta.logs.read", "okta.brands.read"))
	srv := start(t, org)
	rep := run(t, srv, oauthInput(cid, rsaKeyA()))
	expect(t, rep, checks.IDOAuthScopes, checks.Fail, "okta.logs.read (core)", "okta.brands.read", "46 of 48")
	if slices.Contains(rep.Recommended.Scopes, "okta.logs.read") || len(rep.Recommended.Scopes) != len(checks.DefaultScopes)-2 {
		t.Fatalf("recommended = %v", rep.Recommended.Scopes)
	}

	must(t, org.GrantScopes(cid, "okta.logs.read"))
	rep = run(t, srv, oauthInput(cid, rsaKeyA()))
	expect(t, rep, checks.IDOAuthScopes, checks.Warn, "okta.brands.read")
}

func TestScopesRefusedList(t *testing.T) {
	org, cid := oauthOrg(t)
	srv := start(t, org)
	in := oauthInput(cid, rsaKeyA())
	in.Scopes = []string{"okta.users.read", "openid"}
	rep := run(t, srv, in)
	expect(t, rep, checks.IDOAuthScopes, checks.Fail, "openid")
}

func TestClockBehindFails(t *testing.T) {
	org, cid := oauthOrg(t)
	org.SetClockSkew(10 * time.Minute) // Okta ahead = this machine behind
	srv := start(t, org)
	rep := run(t, srv, oauthInput(cid, rsaKeyA()))
	expect(t, rep, checks.IDClock, checks.Fail, "10m0s behind", "expired", "NTP")
	// The retry with the corrected clock still judges the rest.
	expect(t, rep, checks.IDOAuthKey, checks.Pass)
	expect(t, rep, checks.IDOAuthScopes, checks.Pass)
}

func TestClockAheadFails(t *testing.T) {
	org, cid := oauthOrg(t)
	org.SetClockSkew(-2 * time.Minute)
	srv := start(t, org)
	rep := run(t, srv, oauthInput(cid, rsaKeyA()))
	expect(t, rep, checks.IDClock, checks.Fail, "ahead of", "issued in the future")
}

func TestClockSkewWarns(t *testing.T) {
	org, cid := oauthOrg(t)
	org.SetClockSkew(90 * time.Second) // behind by 90 s: within the 5-minute assertion
	srv := start(t, org)
	rep := run(t, srv, oauthInput(cid, rsaKeyA()))
	expect(t, rep, checks.IDClock, checks.Warn, "behind")
	expect(t, rep, checks.IDOAuthKey, checks.Pass)
}

func TestAgeOldKeyWarns(t *testing.T) {
	org := emulator.NewOrg()
	app := org.AddApp(&emulator.App{Keys: []*emulator.AppKey{{Public: rsaKeyA().Public(), Status: "ACTIVE", Created: time.Now().Add(-100 * 24 * time.Hour)}}})
	must(t, org.SetDPoP(app.ClientID, false))
	must(t, org.GrantScopes(app.ClientID, "okta.apps.read", "okta.users.read"))
	_, err := org.AssignAppRole(app.ClientID, "READ_ONLY_ADMIN")
	must(t, err)
	srv := start(t, org)
	in := oauthInput(app.ClientID, rsaKeyA())
	in.Scopes = []string{"okta.apps.read", "okta.users.read"}
	rep := run(t, srv, in, checks.IDAge)
	expect(t, rep, checks.IDAge, checks.Warn, "over 90 days", "100 days ago", "Rotate")
}

func TestAgeNeedsAppsRead(t *testing.T) {
	org, cid := oauthOrg(t)
	must(t, org.RevokeScopes(cid, "okta.apps.read"))
	srv := start(t, org)
	rep := run(t, srv, oauthInput(cid, rsaKeyA()), checks.IDAge)
	expect(t, rep, checks.IDAge, checks.Skip, "okta.apps.read")
}

func TestRateLimitTable(t *testing.T) {
	cases := []struct {
		host     string
		pct      int // <0: no entity
		envLimit int
		want     int
		status   checks.Status
		words    []string
	}{
		{"https://acme.okta.com", -1, 0, 38, checks.Pass, []string{"default applies: 50 %", "75 × 50 % = 38"}},
		{"https://acme.okta.com", 75, 56, 56, checks.Pass, []string{"75 %", "as recommended"}},
		{"https://acme.okta.com", 75, 60, 56, checks.Warn, []string{"higher than the share", "Application rate limits"}},
		{"https://integrator-1234567.okta.com", -1, 0, 18, checks.Pass, []string{"integrator-", "35 × 50 % = 18"}},
		{"https://trial-99.okta.com", 20, 0, 7, checks.Warn, []string{"Tako uses 18", "OKTA_CONCURRENT_LIMIT=7"}},
		{"https://dev-123.okta.com", 50, 10, 18, checks.Pass, []string{"below the 18"}},
	}
	for _, c := range cases {
		t.Run(c.host, func(t *testing.T) {
			org, cid := oauthOrg(t)
			if c.pct >= 0 {
				must(t, org.SetAppRateLimit(cid, c.pct))
			}
			srv := start(t, org)
			in := oauthInput(cid, rsaKeyA())
			in.OrgURL = c.host
			in.ConcurrentLimit = c.envLimit
			rep := run(t, srv, in, checks.IDRateLimit)
			expect(t, rep, checks.IDRateLimit, c.status, c.words...)
			if rep.Recommended.ConcurrentLimit != c.want {
				t.Fatalf("recommended %d, want %d", rep.Recommended.ConcurrentLimit, c.want)
			}
		})
	}
}

// TestOnlyIsCheap checks that a wizard step's run sends only what its
// checks need.
func TestOnlyIsCheap(t *testing.T) {
	org, cid := oauthOrg(t)
	srv := start(t, org)
	rep := run(t, srv, oauthInput(cid, rsaKeyA()), checks.IDOAuthDPoP)
	if len(rep.Findings) != 1 || rep.Findings[0].ID != checks.IDOAuthDPoP {
		t.Fatalf("findings = %v", rep.Findings)
	}
	if got := org.Requests(); len(got) != 1 || got["POST /oauth2/v1/token"] != 1 {
		t.Fatalf("requests = %v, want one token request", got)
	}
	srv.ResetStats()
	run(t, srv, oauthInput(cid, rsaKeyA()), checks.IDOrg)
	if got := org.Requests(); len(got) != 1 || got["GET /.well-known/okta-organization"] != 1 {
		t.Fatalf("requests = %v, want discovery only", got)
	}
}

// TestInFlightBounded checks that requests in flight stay within two
// thirds of the org's concurrency ceiling and Okta's default share of it
// (18 of 35 for an Integrator org).
func TestInFlightBounded(t *testing.T) {
	org, cid := oauthOrg(t)
	org.SetLatency(20 * time.Millisecond)
	srv := start(t, org)
	in := oauthInput(cid, rsaKeyA())
	in.OrgURL = "https://integrator-1234567.okta.com"
	rep := run(t, srv, in)
	expect(t, rep, checks.IDOAuthScopes, checks.Pass)
	if peak, limit := srv.MaxInFlight(), min(checks.InFlightLimit(35), checks.RecommendConcurrentLimit(35, 50)); peak > limit || peak < 2 {
		t.Fatalf("peak in flight %d, limit %d", peak, limit)
	}
}

func TestNoSecretInFindings(t *testing.T) {
	org, cid := oauthOrg(t)
	must(t, org.SetDPoP(cid, true))
	srv := start(t, org)
	rep := run(t, srv, oauthInput(cid, rsaKeyA()))
	text := dump(rep)
	if strings.Contains(text, "eyJ") || strings.Contains(text, "PRIVATE KEY") {
		t.Fatalf("a token or key leaked into the findings:\n%s", text)
	}
}
