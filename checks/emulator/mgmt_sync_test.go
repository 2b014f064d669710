package emulator

import (
	"net/http"
	"strings"
	"testing"
)

// The id-scoped reads of Tako's sync: a user's groups and factors need
// okta.users.read (no okta.factors.read), an app's users okta.apps.read;
// an unknown id is 404 E0000007.
func TestSyncReadsThatNeedAnID(t *testing.T) {
	f := newFixture(t, false, "okta.users.read", "okta.groups.read", "okta.apps.read")
	u := f.org.AddUser(&User{Login: "ann@example.com"})
	base := f.srv.URL
	paths := map[string]string{
		"/api/v1/users/" + u.ID + "/groups":           "okta.users.read",
		"/api/v1/users/" + u.ID + "/factors":          "okta.users.read",
		"/api/v1/apps/" + f.app.ID + "/users?limit=1": "okta.apps.read",
	}
	// Without the scope: header-only 403 naming it.
	at := f.token("okta.groups.read")
	for p, scope := range paths {
		r := get(t, f.client, base+p, "Bearer "+at)
		if r.status != http.StatusForbidden || !strings.Contains(r.header.Get("WWW-Authenticate"), `scope="`+scope+`"`) {
			t.Errorf("%s without %s: %d %q", p, scope, r.status, r.header.Get("WWW-Authenticate"))
		}
	}
	// With the scope but no role: E0000006.
	at = f.token("okta.users.read okta.apps.read")
	for p := range paths {
		wantMgmt(t, get(t, f.client, base+p, "Bearer "+at), http.StatusForbidden, "E0000006")
	}
	// A custom role that reads groups only still may not read a user's factors.
	if _, err := f.org.AssignAppCustomRole(f.app.ClientID, "Groups", "okta.groups.read"); err != nil {
		t.Fatal(err)
	}
	wantMgmt(t, get(t, f.client, base+"/api/v1/users/"+u.ID+"/factors", "Bearer "+at), http.StatusForbidden, "E0000006")
	// Read-only Administrator reads them all.
	if _, err := f.org.AssignAppRole(f.app.ClientID, "READ_ONLY_ADMIN"); err != nil {
		t.Fatal(err)
	}
	for p := range paths {
		if r := get(t, f.client, base+p, "Bearer "+at); r.status != 200 {
			t.Errorf("%s as a read-only admin: %d %s", p, r.status, r.raw)
		}
	}
	if r := get(t, f.client, base+"/api/v1/users/"+u.ID+"/groups", "Bearer "+at); !strings.Contains(r.raw, `"Everyone"`) {
		t.Errorf("user groups: %s", r.raw)
	}
	wantMgmt(t, get(t, f.client, base+"/api/v1/users/00uNOSUCHUSER/factors", "Bearer "+at), http.StatusNotFound, "E0000007")
	wantMgmt(t, get(t, f.client, base+"/api/v1/apps/0oaNOSUCHAPP/users", "Bearer "+at), http.StatusNotFound, "E0000007")
}
