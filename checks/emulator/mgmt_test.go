package emulator

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestEveryCheapGETAnswersWithItsScope walks the route table: each GET
// without path parameters answers 200 JSON for a super admin holding its
// scope, and 403 insufficient_scope naming that scope for a token without
// it.
func TestEveryCheapGETAnswersWithItsScope(t *testing.T) {
	var scopes []string
	for _, rt := range managementRoutes {
		if rt.scope != "" {
			scopes = append(scopes, rt.scope)
		}
	}
	f := newFixture(t, false, scopes...)
	if _, err := f.org.AssignAppRole(f.app.ClientID, "SUPER_ADMIN"); err != nil {
		t.Fatal(err)
	}
	all := f.token(strings.Join(scopes, " "))
	narrow := f.token("okta.users.read")
	for _, rt := range managementRoutes {
		if rt.method != "GET" || strings.Contains(rt.pattern, "{") {
			continue
		}
		u := f.srv.URL + rt.pattern + "?limit=1&type=OKTA_SIGN_ON&filter=" + urlQueryEscape(`principalType eq "OAUTH_CLIENT"`)
		r := get(t, f.client, u, "Bearer "+all)
		if r.status != 200 || !json.Valid([]byte(r.raw)) {
			t.Errorf("%s: %d %s", rt.pattern, r.status, r.raw)
		}
		if rt.scope == "okta.users.read" {
			continue
		}
		r = get(t, f.client, u, "Bearer "+narrow)
		if r.status != 403 || !strings.Contains(r.header.Get("WWW-Authenticate"), `scope="`+rt.scope+`"`) {
			t.Errorf("%s without scope: %d %q", rt.pattern, r.status, r.header.Get("WWW-Authenticate"))
		}
	}
}

func TestManagementErrors(t *testing.T) {
	f := newFixture(t, false, "okta.users.read", "okta.devices.read")
	if _, err := f.org.AssignAppRole(f.app.ClientID, "ORG_ADMIN"); err != nil {
		t.Fatal(err)
	}
	at := f.token("okta.users.read okta.devices.read")

	wantMgmt(t, get(t, f.client, f.srv.URL+"/api/v1/users", ""), http.StatusForbidden, "E0000005")
	wantMgmt(t, get(t, f.client, f.srv.URL+"/api/v1/users", "Basic abc"), http.StatusForbidden, "E0000005")
	wantMgmt(t, get(t, f.client, f.srv.URL+"/api/v1/nothing-here", "Bearer "+at), http.StatusNotFound, "E0000007")
	wantMgmt(t, do(t, f.client, "PATCH", f.srv.URL+"/api/v1/users", nil, map[string]string{"Authorization": "Bearer " + at}),
		http.StatusMethodNotAllowed, "E0000022")
	wantMgmt(t, get(t, f.client, f.srv.URL+"/api/v1/users/00uNobody", "Bearer "+at), http.StatusNotFound, "E0000007")
	// /users/me with a service token: no user behind it [unconfirmed choice].
	wantMgmt(t, get(t, f.client, f.srv.URL+"/api/v1/users/me", "Bearer "+at), http.StatusNotFound, "E0000007")

	r := get(t, f.client, f.srv.URL+"/api/v1/users", "Bearer not-a-token")
	if r.status != 401 || !strings.Contains(r.header.Get("WWW-Authenticate"), `error="invalid_token"`) || r.str("errorCode") != "E0000011" {
		t.Fatalf("unknown bearer: %d %q %s", r.status, r.header.Get("WWW-Authenticate"), r.raw)
	}

	f.org.DisableFeature("/api/v1/devices")
	wantMgmt(t, get(t, f.client, f.srv.URL+"/api/v1/devices?limit=1", "Bearer "+at), http.StatusUnauthorized, "E0000015")

	// An hour later the access token has expired.
	f.org.SetClockSkew(61 * time.Minute)
	r = get(t, f.client, f.srv.URL+"/api/v1/users", "Bearer "+at)
	if r.status != 401 || !strings.Contains(r.header.Get("WWW-Authenticate"), `error_description="The token has expired."`) {
		t.Fatalf("expired bearer: %d %q", r.status, r.header.Get("WWW-Authenticate"))
	}
}

func TestAppAndGrantsShapes(t *testing.T) {
	f := newFixture(t, false, "okta.apps.read", "okta.appGrants.read", "okta.users.read")
	if _, err := f.org.AssignAppRole(f.app.ClientID, "READ_ONLY_ADMIN"); err != nil {
		t.Fatal(err)
	}
	at := f.token("okta.apps.read okta.appGrants.read")
	r := get(t, f.client, f.srv.URL+"/api/v1/apps/"+f.app.ID+"/grants", "Bearer "+at)
	var grants []map[string]any
	if r.status != 200 || jsonInto(r.raw, &grants) != nil || len(grants) != 3 {
		t.Fatalf("grants: %d %s", r.status, r.raw)
	}
	if grants[0]["scopeId"] != "okta.apps.read" || grants[0]["source"] != "ADMIN" || grants[0]["status"] != "ACTIVE" ||
		grants[0]["clientId"] != f.app.ClientID || grants[0]["issuer"] != f.srv.URL {
		t.Fatalf("grant shape: %v", grants[0])
	}
	again := get(t, f.client, f.srv.URL+"/api/v1/apps/"+f.app.ID+"/grants", "Bearer "+at)
	if !strings.Contains(again.raw, grants[0]["id"].(string)) {
		t.Fatal("grant ids must be stable")
	}

	r = get(t, f.client, f.srv.URL+"/api/v1/apps/"+f.app.ID, "Bearer "+at)
	settings := r.json["settings"].(map[string]any)["oauthClient"].(map[string]any)
	creds := r.json["credentials"].(map[string]any)["oauthClient"].(map[string]any)
	if settings["application_type"] != "service" || settings["dpop_bound_access_tokens"] != false ||
		creds["token_endpoint_auth_method"] != "private_key_jwt" || creds["client_id"] != f.app.ClientID {
		t.Fatalf("app shape: %s", r.raw)
	}
}

func urlQueryEscape(s string) string {
	return strings.NewReplacer(" ", "%20", `"`, "%22").Replace(s)
}
