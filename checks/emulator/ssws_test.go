package emulator

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestSSWSTokens(t *testing.T) {
	org := NewOrg()
	value, id, userID := addAdmin(t, org, "SUPER_ADMIN")
	srv := start(t, org)
	c := srv.Client()
	me := srv.URL + "/api/v1/users/me"

	r := get(t, c, me, "SSWS "+value)
	if r.status != 200 || r.str("id") != userID || r.str("status") != "ACTIVE" {
		t.Fatalf("users/me: %d %s", r.status, r.raw)
	}
	if r.header.Get("X-Rate-Limit-Remaining") == "" {
		t.Fatal("no rate-limit headers")
	}
	if org.Token(id).LastUsed.IsZero() {
		t.Fatal("LastUsed not updated")
	}
	r = get(t, c, srv.URL+"/api/v1/users/"+userID+"/roles", "SSWS "+value)
	if r.status != 200 || !strings.Contains(r.raw, `"type":"SUPER_ADMIN"`) || !strings.Contains(r.raw, `"assignmentType":"USER"`) {
		t.Fatalf("user roles: %d %s", r.status, r.raw)
	}

	wantMgmt(t, get(t, c, me, "SSWS 00unknown"), http.StatusUnauthorized, "E0000011")
	if err := org.RevokeToken(id); err != nil {
		t.Fatal(err)
	}
	wantMgmt(t, get(t, c, me, "SSWS "+value), http.StatusUnauthorized, "E0000011")

	// A lapsed token (30 days unused) and one whose creator was deactivated.
	u := org.AddUser(&User{})
	old := org.AddToken(&APIToken{UserID: u.ID, Created: time.Now().Add(-31 * 24 * time.Hour)})
	wantMgmt(t, get(t, c, me, "SSWS "+old.Value), http.StatusUnauthorized, "E0000011")
	fresh := org.AddToken(&APIToken{UserID: u.ID})
	if r := get(t, c, me, "SSWS "+fresh.Value); r.status != 200 {
		t.Fatalf("fresh token: %d", r.status)
	}
	if err := org.SetUserStatus(u.ID, "DEPROVISIONED"); err != nil {
		t.Fatal(err)
	}
	wantMgmt(t, get(t, c, me, "SSWS "+fresh.Value), http.StatusUnauthorized, "E0000011")
}

func TestSSWSRolesAndNetwork(t *testing.T) {
	org := NewOrg()
	none, _, _ := addAdmin(t, org)
	ro, roID, roUser := addAdmin(t, org, "READ_ONLY_ADMIN")
	srv := start(t, org)
	c := srv.Client()

	// No admin role: everything refused except /users/me.
	if r := get(t, c, srv.URL+"/api/v1/users/me", "SSWS "+none); r.status != 200 {
		t.Fatalf("users/me without role: %d", r.status)
	}
	wantMgmt(t, get(t, c, srv.URL+"/api/v1/users", "SSWS "+none), http.StatusForbidden, "E0000006")

	// Read-only admin: lists tokens, cannot list roles, cannot write.
	if r := get(t, c, srv.URL+"/api/v1/api-tokens", "SSWS "+ro); r.status != 200 {
		t.Fatalf("read-only api-tokens: %d %s", r.status, r.raw)
	}
	wantMgmt(t, get(t, c, srv.URL+"/api/v1/users/"+roUser+"/roles", "SSWS "+ro), http.StatusForbidden, "E0000006")
	wantMgmt(t, do(t, c, "DELETE", srv.URL+"/api/v1/api-tokens/"+roID, nil, map[string]string{"Authorization": "SSWS " + ro}),
		http.StatusForbidden, "E0000006")

	// Network zone excluding this host: E0000006 by default, E0000011 by choice.
	if err := org.SetTokenNetwork(roID, "ZONE", []string{"nzo1"}, false); err != nil {
		t.Fatal(err)
	}
	wantMgmt(t, get(t, c, srv.URL+"/api/v1/users/me", "SSWS "+ro), http.StatusForbidden, "E0000006")
	org.SetNetworkDenial("E0000011")
	wantMgmt(t, get(t, c, srv.URL+"/api/v1/users/me", "SSWS "+ro), http.StatusUnauthorized, "E0000011")
	if err := org.SetTokenNetwork(roID, "ZONE", []string{"nzo1"}, true); err != nil {
		t.Fatal(err)
	}
	if r := get(t, c, srv.URL+"/api/v1/users/me", "SSWS "+ro); r.status != 200 {
		t.Fatalf("allowed zone: %d", r.status)
	}
}

func TestAPITokensListing(t *testing.T) {
	org := NewOrg()
	value, id, userID := addAdmin(t, org, "SUPER_ADMIN")
	_, revokedID, _ := addAdmin(t, org, "ORG_ADMIN")
	if err := org.RevokeToken(revokedID); err != nil {
		t.Fatal(err)
	}
	_, zoneID, _ := addAdmin(t, org, "ORG_ADMIN")
	if err := org.SetTokenNetwork(zoneID, "ZONE", []string{"nzoA", "nzoB"}, true); err != nil {
		t.Fatal(err)
	}
	srv := start(t, org)
	c := srv.Client()

	r := get(t, c, srv.URL+"/api/v1/api-tokens", "SSWS "+value)
	var toks []map[string]any
	if r.status != 200 || jsonInto(r.raw, &toks) != nil || len(toks) != 2 {
		t.Fatalf("listing: %d %s", r.status, r.raw)
	}
	first := toks[0]
	if first["id"] != id || !strings.HasPrefix(id, "00T") || first["userId"] != userID || first["tokenWindow"] != "P30D" ||
		first["created"] == "" || first["network"].(map[string]any)["connection"] != "ANYWHERE" || first["clientName"] != "Okta API" {
		t.Fatalf("token shape: %v", first)
	}
	if strings.Contains(r.raw, value) {
		t.Fatal("the listing must not contain the secret")
	}
	zone := toks[1]["network"].(map[string]any)
	if zone["connection"] != "ZONE" || len(zone["include"].([]any)) != 2 {
		t.Fatalf("zone network: %v", zone)
	}
	wantMgmt(t, get(t, c, srv.URL+"/api/v1/api-tokens/current", "SSWS "+value), http.StatusNotFound, "E0000007")

	// DELETE …/current revokes the caller's own token.
	r = do(t, c, "DELETE", srv.URL+"/api/v1/api-tokens/current", nil, map[string]string{"Authorization": "SSWS " + value})
	if r.status != 204 {
		t.Fatalf("revoke current: %d %s", r.status, r.raw)
	}
	wantMgmt(t, get(t, c, srv.URL+"/api/v1/users/me", "SSWS "+value), http.StatusUnauthorized, "E0000011")
}

func TestRevokeCurrentIsSSWSOnly(t *testing.T) {
	f := newFixture(t, false, "okta.apiTokens.manage")
	if _, err := f.org.AssignAppRole(f.app.ClientID, "SUPER_ADMIN"); err != nil {
		t.Fatal(err)
	}
	at := f.token("okta.apiTokens.manage")
	r := do(t, f.client, "DELETE", f.srv.URL+"/api/v1/api-tokens/current", nil, map[string]string{"Authorization": "Bearer " + at})
	wantMgmt(t, r, http.StatusForbidden, "E0000006")
}
