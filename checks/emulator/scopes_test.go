package emulator

import (
	"net/http"
	"strings"
	"testing"
)

func TestScopeIntersection(t *testing.T) {
	f := newFixture(t, false, "okta.users.read", "okta.apps.read")
	r := postToken(t, f.client, f.tokenURL(), tokenForm(f.assertion(f.claims()), "okta.groups.read okta.users.read okta.logs.read okta.users.read"), "")
	if r.status != 200 || r.str("scope") != "okta.users.read" {
		t.Fatalf("got %d %s", r.status, r.raw)
	}
	scp, _ := jwtClaims(t, r.str("access_token"))["scp"].([]any)
	if len(scp) != 1 || scp[0] != "okta.users.read" {
		t.Fatalf("scp %v", scp)
	}
	// Unknown names are just not granted [unconfirmed choice].
	r = postToken(t, f.client, f.tokenURL(), tokenForm(f.assertion(f.claims()), "okta.foo.read"), "")
	wantOAuth(t, r, http.StatusBadRequest, "consent_required", "You are not allowed any of the requested scopes.")

	// Revoking in the console while running takes effect at once.
	if err := f.org.RevokeScopes(f.app.ClientID, "okta.users.read"); err != nil {
		t.Fatal(err)
	}
	r = postToken(t, f.client, f.tokenURL(), tokenForm(f.assertion(f.claims()), "okta.users.read okta.apps.read"), "")
	if r.str("scope") != "okta.apps.read" {
		t.Fatalf("after revoke: %s", r.raw)
	}
}

func TestScopeVersusRole(t *testing.T) {
	f := newFixture(t, false, "okta.users.read", "okta.roles.read", "okta.apps.manage")
	at := f.token("okta.users.read okta.roles.read okta.apps.manage")
	users := f.srv.URL + "/api/v1/users?limit=1"

	// Scope OK, no role: 403 E0000006 JSON.
	wantMgmt(t, get(t, f.client, users, "Bearer "+at), http.StatusForbidden, "E0000006")

	// Scope missing: 403, empty body, the challenge names the scope.
	r := get(t, f.client, f.srv.URL+"/api/v1/groups?limit=1", "Bearer "+at)
	want := `Bearer authorization_uri="` + f.srv.URL + `/oauth2/v1/authorize", realm="` + f.srv.URL +
		`", scope="okta.groups.read", error="insufficient_scope", error_description="The access token provided does not contain the required scopes.", resource="/api/v1/groups"`
	if r.status != http.StatusForbidden || r.raw != "" || r.header.Get("WWW-Authenticate") != want {
		t.Fatalf("got %d %q\n%s\nwant\n%s", r.status, r.raw, r.header.Get("WWW-Authenticate"), want)
	}

	// READ_ONLY_ADMIN: reads pass, role listings and writes do not.
	if _, err := f.org.AssignAppRole(f.app.ClientID, "READ_ONLY_ADMIN"); err != nil {
		t.Fatal(err)
	}
	if r := get(t, f.client, users, "Bearer "+at); r.status != 200 {
		t.Fatalf("read-only admin reading users: %d %s", r.status, r.raw)
	}
	// .manage scope covers the .read GET.
	if r := get(t, f.client, f.srv.URL+"/api/v1/apps/"+f.app.ID+"/credentials/jwks", "Bearer "+at); r.status != 200 {
		t.Fatalf("apps.manage for a GET: %d %s", r.status, r.raw)
	}
	rolesURL := f.srv.URL + "/oauth2/v1/clients/" + f.app.ClientID + "/roles"
	wantMgmt(t, get(t, f.client, rolesURL, "Bearer "+at), http.StatusForbidden, "E0000006")
	r = do(t, f.client, "POST", f.srv.URL+"/api/v1/apps/"+f.app.ID+"/credentials/jwks/"+f.keyID+"/lifecycle/deactivate", nil,
		map[string]string{"Authorization": "Bearer " + at})
	wantMgmt(t, r, http.StatusForbidden, "E0000006")

	// SUPER_ADMIN + a CUSTOM role: the role listing in the docs/okta-behavior.md §3.1 shape.
	if _, err := f.org.AssignAppRole(f.app.ClientID, "SUPER_ADMIN"); err != nil {
		t.Fatal(err)
	}
	custom, err := f.org.AssignAppCustomRole(f.app.ClientID, "view_minimal", "okta.users.read")
	if err != nil {
		t.Fatal(err)
	}
	r = get(t, f.client, rolesURL, "Bearer "+at)
	var roles []map[string]any
	if r.status != 200 || jsonInto(r.raw, &roles) != nil || len(roles) != 3 {
		t.Fatalf("roles: %d %s", r.status, r.raw)
	}
	for _, role := range roles {
		if role["assignmentType"] != "CLIENT" || role["status"] != "ACTIVE" || role["created"] == nil {
			t.Fatalf("role shape: %v", role)
		}
		links := role["_links"].(map[string]any)
		if links["assignee"].(map[string]any)["href"] != rolesURL {
			t.Fatalf("assignee link: %v", links)
		}
	}
	if roles[0]["type"] != "READ_ONLY_ADMIN" || roles[0]["label"] != "Read Only Administrator" || roles[1]["type"] != "SUPER_ADMIN" {
		t.Fatalf("roles: %s", r.raw)
	}
	if roles[2]["type"] != "CUSTOM" || roles[2]["role"] != custom.CustomRoleID || !strings.HasPrefix(custom.CustomRoleID, "cr0") ||
		!strings.HasPrefix(roles[2]["resource-set"].(string), "iam") {
		t.Fatalf("custom role: %v", roles[2])
	}
}

func TestCustomRolePermissions(t *testing.T) {
	f := newFixture(t, false, "okta.users.read", "okta.groups.read", "okta.logs.read")
	if _, err := f.org.AssignAppCustomRole(f.app.ClientID, "helpers", "okta.users.manage", "okta.logs.read"); err != nil {
		t.Fatal(err)
	}
	at := f.token("okta.users.read okta.groups.read okta.logs.read")
	for path, want := range map[string]int{"/api/v1/users": 200, "/api/v1/logs": 200, "/api/v1/groups": 403} {
		if r := get(t, f.client, f.srv.URL+path, "Bearer "+at); r.status != want {
			t.Fatalf("%s: got %d, want %d (%s)", path, r.status, want, r.raw)
		}
	}
}
