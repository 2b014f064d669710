package checks_test

import (
	"strings"
	"testing"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/emulator"
	"github.com/fctr-id/tako-setup/checks/emulator/emutest"
)

// okta.factors.read is absent from Okta's current spec and Tako reads
// factors through okta.users.read: an app without it still works.
func TestFactorsReadIsNotCore(t *testing.T) {
	org := emulator.NewOrg()
	var scopes []string
	for _, s := range checks.DefaultScopes {
		if s != "okta.factors.read" {
			scopes = append(scopes, s)
		}
	}
	cid := emutest.AddOAuthApp(t, org, emutest.AppKeys(rsaKeyA()), emutest.AppScopes(scopes...)).ClientID
	srv := start(t, org)
	rep := run(t, srv, oauthInput(cid, rsaKeyA()), checks.IDOAuthScopes)
	f := expect(t, rep, checks.IDOAuthScopes, checks.Warn, "okta.factors.read", "Tako works without them")
	if strings.Contains(f.Detail, "okta.factors.read (core)") {
		t.Errorf("okta.factors.read is still marked core: %s", f.Detail)
	}
}

// syncPaths counts the id-scoped calls an org received.
func syncPaths(org *emulator.Org) int {
	n := 0
	for req, c := range org.Requests() {
		if strings.HasSuffix(req, "/groups") && strings.Contains(req, "/users/") ||
			strings.HasSuffix(req, "/factors") || strings.HasSuffix(req, "/users") && strings.Contains(req, "/apps/") {
			n += c
		}
	}
	return n
}

// A role that reads everything — listed, or Read-only Administrator's
// signature (only the role listing refused) — keeps the check at two
// round trips: no id-scoped call is made.
func TestSyncCallsNotMadeForARoleThatReadsEverything(t *testing.T) {
	for name, setup := range map[string]func(*emulator.Org, string){
		"read-only admin, roles unreadable": func(*emulator.Org, string) {},
		"read-only admin and a role reader": func(org *emulator.Org, cid string) {
			_, err := org.AssignAppCustomRole(cid, "Role reader", "okta.roles.read")
			must(t, err)
		},
	} {
		t.Run(name, func(t *testing.T) {
			org, cid := oauthOrg(t)
			org.AddUser(&emulator.User{Login: "bob@example.com"})
			setup(org, cid)
			srv := start(t, org)
			rep := run(t, srv, oauthInput(cid, rsaKeyA()))
			expect(t, rep, checks.IDOAuthRoles, map[bool]checks.Status{true: checks.Warn, false: checks.Pass}[strings.HasPrefix(name, "read-only admin, roles")],
				"were not made separately")
			if n := syncPaths(org); n != 0 {
				t.Fatalf("%d id-scoped calls made for a role that reads everything", n)
			}
		})
	}
}

// customOrg is an org whose app has only a custom role with the core
// read permissions (and role listing), so the id-scoped calls are made.
func customOrg(t *testing.T) (*emulator.Org, string, *emulator.User) {
	t.Helper()
	org := emulator.NewOrg()
	cid := emutest.AddOAuthApp(t, org, emutest.AppKeys(rsaKeyA()), emutest.AppRoles()).ClientID
	_, err := org.AssignAppCustomRole(cid, "Tako reader", append(append([]string{}, checks.CoreScopes...), "okta.principalRateLimits.read")...)
	must(t, err)
	u := org.AddUser(&emulator.User{Login: "bob@example.com"})
	return org, cid, u
}

// A custom role gets the third wave: a user's groups and factors and an
// app's users, each proven.
func TestSyncCallsProvenForACustomRole(t *testing.T) {
	org, cid, u := customOrg(t)
	srv := start(t, org)
	rep := run(t, srv, oauthInput(cid, rsaKeyA()), checks.IDOAuthRoles)
	expect(t, rep, checks.IDOAuthRoles, checks.Warn, "a user's groups: allowed", "a user's factors: allowed", "an app's users: allowed")
	for _, p := range []string{"GET /api/v1/users/" + u.ID + "/groups", "GET /api/v1/users/" + u.ID + "/factors", "GET /api/v1/apps/" + cid + "/users"} {
		if org.Requests()[p] != 1 {
			t.Errorf("%s sent %d times, want 1 (requests %v)", p, org.Requests()[p], org.Requests())
		}
	}
}

// A custom role that lists users but is refused a user's factors fails:
// Tako's sync makes that call for every user.
func TestSyncCallRefusedByACustomRoleFails(t *testing.T) {
	org, cid, u := customOrg(t)
	org.InjectFault("/api/v1/users/"+u.ID+"/factors", emulator.StatusFault(403,
		`{"errorCode":"E0000006","errorSummary":"You do not have permission to perform the requested action","errorLink":"E0000006","errorId":"oaeX","errorCauses":[]}`))
	srv := start(t, org)
	rep := run(t, srv, oauthInput(cid, rsaKeyA()), checks.IDOAuthRoles)
	expect(t, rep, checks.IDOAuthRoles, checks.Fail, "cannot read what Tako needs", "a user's factors: refused by the admin role")
}

// With no user in the org, the user calls cannot be made, and the finding
// says so rather than claiming them.
func TestSyncCallsWithoutAUser(t *testing.T) {
	org := emulator.NewOrg()
	cid := emutest.AddOAuthApp(t, org, emutest.AppKeys(rsaKeyA()), emutest.AppRoles()).ClientID
	_, err := org.AssignAppCustomRole(cid, "Tako reader", checks.CoreScopes...)
	must(t, err)
	srv := start(t, org)
	rep := run(t, srv, oauthInput(cid, rsaKeyA()), checks.IDOAuthRoles)
	expect(t, rep, checks.IDOAuthRoles, checks.Warn, "a user's factors: not made (Okta listed no user to ask about)", "an app's users: allowed")
}
