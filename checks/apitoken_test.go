package checks_test

import (
	"strings"
	"testing"
	"time"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/emulator"
	"github.com/fctr-id/tako-setup/checks/secret"
)

func TestTokenAllPass(t *testing.T) {
	// tokenOrg's admin is a Read-only Administrator with a custom role
	// that reads role assignments, which Tako's questions about admins need.
	org, _, tok := tokenOrg(t)
	srv := start(t, org)
	rep := run(t, srv, tokenInput(tok))
	for _, id := range checks.IDs(checks.APIToken) {
		expect(t, rep, id, checks.Pass)
	}
	expect(t, rep, checks.IDTokenValid, checks.Pass, "Ann Admin (ann@example.com)", tok.Value[len(tok.Value)-4:])
	expect(t, rep, checks.IDTokenRoles, checks.Pass, "READ_ONLY_ADMIN", "6 of 6 allowed", "a user's groups: allowed", "a user's factors: allowed", "were not made separately")
	expect(t, rep, checks.IDTokenNetwork, checks.Pass, "the only token of Ann Admin", "nzo1office", "this machine is allowed")
	expect(t, rep, checks.IDAge, checks.Pass, "API token")
	expect(t, rep, checks.IDRateLimit, checks.Pass, "The token has no rate-limit setting")
	if rep.Recommended.ConcurrentLimit != 38 || rep.Recommended.Scopes != nil {
		t.Fatalf("recommended = %+v", rep.Recommended)
	}
	if strings.Contains(dump(rep), tok.Value) {
		t.Fatal("the token leaked into the findings")
	}
}

// Like an OAuth app, a token whose admin cannot read admin role
// assignments (Read-only Administrator alone) warns: Tako's questions about
// admins will fail.
func TestTokenAdminCannotReadRoleAssignments(t *testing.T) {
	org, u, tok := tokenOrg(t)
	must(t, org.UnassignUserRole(u.ID, "CUSTOM"))
	srv := start(t, org)
	rep := run(t, srv, tokenInput(tok), checks.IDTokenRoles)
	expect(t, rep, checks.IDTokenRoles, checks.Warn, "cannot read admin role assignments", "not a Super or Org Administrator", "6 of 6 allowed",
		"View roles, resources, and admin assignments", "Ann Admin")
	if n := syncPaths(org); n != 2 {
		t.Fatalf("%d id-scoped calls, want the admin's groups and factors only (no third wave for Read-only Administrator): %v", n, org.Requests())
	}
}

// A custom role gets the app call too, in a third wave, with the first app
// the app list showed.
func TestTokenCustomRoleProvesAppUsers(t *testing.T) {
	org, u, tok := tokenOrg(t)
	must(t, org.UnassignUserRole(u.ID, "READ_ONLY_ADMIN"))
	must(t, org.UnassignUserRole(u.ID, "CUSTOM"))
	_, err := org.AssignUserCustomRole(u.ID, "Tako reader", append(append([]string{}, checks.CoreScopes...), "okta.apiTokens.read")...)
	must(t, err)
	app := org.AddApp(&emulator.App{Label: "Some app"})
	srv := start(t, org)
	rep := run(t, srv, tokenInput(tok), checks.IDTokenRoles)
	expect(t, rep, checks.IDTokenRoles, checks.Pass, "CUSTOM", "a user's factors: allowed", "an app's users: allowed")
	if n := org.Requests()["GET /api/v1/apps/"+app.ID+"/users"]; n != 1 {
		t.Fatalf("app users asked %d times, want 1: %v", n, org.Requests())
	}
}

func TestTokenRevoked(t *testing.T) {
	org, _, tok := tokenOrg(t)
	must(t, org.RevokeToken(tok.ID))
	srv := start(t, org)
	rep := run(t, srv, tokenInput(tok))
	expect(t, rep, checks.IDTokenValid, checks.Fail, "does not accept", "revoked", "30 days", "deactivated", "Security › API › Tokens")
	for _, id := range []string{checks.IDTokenRoles, checks.IDTokenNetwork, checks.IDAge, checks.IDRateLimit} {
		expect(t, rep, id, checks.Skip, "working token")
	}
}

func TestTokenEmpty(t *testing.T) {
	org, _, _ := tokenOrg(t)
	srv := start(t, org)
	rep := run(t, srv, checks.Input{OrgURL: orgHost, Method: checks.APIToken})
	expect(t, rep, checks.IDTokenValid, checks.Fail, "No API token")
	if org.Requests()["GET /api/v1/users/me"] != 0 {
		t.Fatal("an empty token was sent")
	}
}

func TestTokenDeactivatedAdmin(t *testing.T) {
	org, u, tok := tokenOrg(t)
	must(t, org.SetUserStatus(u.ID, "DEPROVISIONED"))
	srv := start(t, org)
	rep := run(t, srv, tokenInput(tok))
	expect(t, rep, checks.IDTokenValid, checks.Fail, "E0000011")
}

func TestTokenNetworkAnywhereWarns(t *testing.T) {
	org, _, tok := tokenOrg(t)
	must(t, org.SetTokenNetwork(tok.ID, "ANYWHERE", nil, true))
	srv := start(t, org)
	rep := run(t, srv, tokenInput(tok))
	expect(t, rep, checks.IDTokenNetwork, checks.Warn, "any IP address", "In any of the following zones")
}

func TestTokenNetworkDeniedHere(t *testing.T) {
	org, _, tok := tokenOrg(t)
	must(t, org.SetTokenNetwork(tok.ID, "ZONE", []string{"nzo1office"}, false))
	srv := start(t, org)
	rep := run(t, srv, tokenInput(tok))
	expect(t, rep, checks.IDTokenValid, checks.Fail, "from this machine", "network")
	expect(t, rep, checks.IDTokenNetwork, checks.Fail, "allowed networks", "Security › Networks")
}

func TestTokenRoles(t *testing.T) {
	t.Run("super admin warns", func(t *testing.T) {
		org, u, tok := tokenOrg(t)
		must(t, org.UnassignUserRole(u.ID, "READ_ONLY_ADMIN"))
		_, err := org.AssignUserRole(u.ID, "SUPER_ADMIN")
		must(t, err)
		srv := start(t, org)
		rep := run(t, srv, tokenInput(tok), checks.IDTokenRoles)
		expect(t, rep, checks.IDTokenRoles, checks.Warn, "SUPER_ADMIN", "Read-only Administrator")
	})
	t.Run("narrow role fails", func(t *testing.T) {
		org, u, tok := tokenOrg(t)
		must(t, org.UnassignUserRole(u.ID, "READ_ONLY_ADMIN"))
		_, err := org.AssignUserRole(u.ID, "HELP_DESK_ADMIN")
		must(t, err)
		srv := start(t, org)
		rep := run(t, srv, tokenInput(tok), checks.IDTokenRoles)
		expect(t, rep, checks.IDTokenRoles, checks.Fail, "cannot read all Tako needs", "apps, logs, policies, authenticators")
	})
	t.Run("no role fails", func(t *testing.T) {
		org, u, tok := tokenOrg(t)
		must(t, org.UnassignUserRole(u.ID, "READ_ONLY_ADMIN"))
		must(t, org.UnassignUserRole(u.ID, "CUSTOM"))
		srv := start(t, org)
		rep := run(t, srv, tokenInput(tok), checks.IDTokenRoles, checks.IDTokenNetwork)
		expect(t, rep, checks.IDTokenRoles, checks.Fail, "no role that reads", "0 of 6 allowed", "Read-only Administrator")
		// Without a role the admin cannot list tokens either.
		expect(t, rep, checks.IDTokenNetwork, checks.Skip, "may not list API tokens")
	})
}

func TestTokenPickedAmongSeveral(t *testing.T) {
	org, u, tok := tokenOrg(t)
	old := org.AddToken(&emulator.APIToken{Name: "old laptop", UserID: u.ID, Created: time.Now().Add(-20 * 24 * time.Hour)})
	_ = old
	srv := start(t, org)
	rep := run(t, srv, tokenInput(tok), checks.IDTokenNetwork)
	expect(t, rep, checks.IDTokenNetwork, checks.Pass, "most recently used of 2 tokens", `"tako"`)
}

func TestTokenOldWarns(t *testing.T) {
	org := emulator.NewOrg()
	u := org.AddUser(&emulator.User{Login: "ann@example.com"})
	_, err := org.AssignUserRole(u.ID, "READ_ONLY_ADMIN")
	must(t, err)
	tok := org.AddToken(&emulator.APIToken{Name: "ancient", UserID: u.ID, Created: time.Now().Add(-120 * 24 * time.Hour), LastUsed: time.Now().Add(-time.Hour)})
	srv := start(t, org)
	rep := run(t, srv, tokenInput(tok), checks.IDAge)
	expect(t, rep, checks.IDAge, checks.Warn, "over 90 days", "120 days ago", `revoke the old one ("ancient")`)
}

func TestTokenRateLimit(t *testing.T) {
	org, _, tok := tokenOrg(t)
	must(t, org.SetTokenRateLimit(tok.ID, 75))
	srv := start(t, org)
	in := tokenInput(tok)
	in.ConcurrentLimit = 80
	rep := run(t, srv, in, checks.IDRateLimit)
	expect(t, rep, checks.IDRateLimit, checks.Warn, "75 %", "higher than the share", "Token rate limits")
	if rep.Recommended.ConcurrentLimit != 56 {
		t.Fatalf("recommended = %d", rep.Recommended.ConcurrentLimit)
	}
}

func TestTokenWrongFormat(t *testing.T) {
	org, _, tok := tokenOrg(t)
	srv := start(t, org)
	in := tokenInput(tok)
	in.APIToken = secret.New("not-a-token-at-all-00000000")
	rep := run(t, srv, in)
	expect(t, rep, checks.IDTokenValid, checks.Fail, "…0000")
	if strings.Contains(dump(rep), "not-a-token") {
		t.Fatal("the token leaked")
	}
}

func TestUnknownMethod(t *testing.T) {
	org, _, _ := tokenOrg(t)
	srv := start(t, org)
	rep := run(t, srv, checks.Input{OrgURL: orgHost, Method: "SAML"})
	expect(t, rep, checks.IDMethod, checks.Fail, `"SAML"`, "TOKEN_METHOD=OAUTH2")
	expect(t, rep, checks.IDOrg, checks.Pass)
}
