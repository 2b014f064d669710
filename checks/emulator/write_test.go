package emulator

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	jose "github.com/go-jose/go-jose/v4"
)

// writeOrg is a running org with a Super Admin's and an Org Admin's token.
type writeOrg struct {
	org        *Org
	srv        *Server
	base       string
	super, oa  string // SSWS token values
	superToken string // token id
}

func newWriteOrg(t *testing.T) *writeOrg {
	t.Helper()
	org := NewOrg()
	super, superID, _ := addAdmin(t, org, "SUPER_ADMIN")
	oa, _, _ := addAdmin(t, org, "ORG_ADMIN")
	srv := start(t, org)
	return &writeOrg{org: org, srv: srv, base: "https://acme.okta.com", super: super, oa: oa, superToken: superID}
}

// call sends method path with body as token; body "" sends none.
func (w *writeOrg) call(t *testing.T, token, method, path string, body any) result {
	t.Helper()
	var rd *strings.Reader
	switch b := body.(type) {
	case nil:
		rd = strings.NewReader("")
	case string:
		rd = strings.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		rd = strings.NewReader(string(raw))
	}
	h := map[string]string{"Accept": "application/json", "Content-Type": "application/json", "Authorization": "SSWS " + token}
	return do(t, w.srv.Client(), method, w.base+path, rd, h)
}

func serviceAppBody(t *testing.T, label string, withKey bool, dpop *bool) map[string]any {
	oc := map[string]any{"application_type": "service", "grant_types": []string{"client_credentials"}, "response_types": []string{"token"}}
	if dpop != nil {
		oc["dpop_bound_access_tokens"] = *dpop
	}
	if withKey {
		raw, err := (&jose.JSONWebKey{Key: &rsaKey(t, 0).PublicKey, KeyID: "kid-0", Use: "sig", Algorithm: "RS256"}).MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		var jwk map[string]any
		_ = json.Unmarshal(raw, &jwk)
		jwk["status"] = "ACTIVE"
		oc["jwks"] = map[string]any{"keys": []any{jwk}}
	}
	return map[string]any{
		"name": "oidc_client", "label": label, "signOnMode": "OPENID_CONNECT",
		"credentials": map[string]any{"oauthClient": map[string]any{"token_endpoint_auth_method": "private_key_jwt"}},
		"settings":    map[string]any{"oauthClient": oc},
		"profile":     map[string]any{"managedBy": "tako-setup"},
	}
}

func (w *writeOrg) createApp(t *testing.T, label string) string {
	t.Helper()
	r := w.call(t, w.super, "POST", "/api/v1/apps?activate=true", serviceAppBody(t, label, true, nil))
	if r.status != http.StatusOK {
		t.Fatalf("create app: %d %s", r.status, r.raw)
	}
	return r.str("id")
}

func TestCreateAppAsTheSpecSays(t *testing.T) {
	w := newWriteOrg(t)
	r := w.call(t, w.super, "POST", "/api/v1/apps?activate=true", serviceAppBody(t, "Tako", true, nil))
	if r.status != 200 {
		t.Fatalf("got %d %s", r.status, r.raw)
	}
	id := r.str("id")
	if !strings.HasPrefix(id, "0oa") || r.str("status") != "ACTIVE" {
		t.Fatalf("id %q status %q", id, r.str("status"))
	}
	a := w.org.App(id)
	if a == nil || a.ClientID != id || a.DPoPRequired || len(a.Keys) != 1 || a.Keys[0].KID != "kid-0" || a.Profile["managedBy"] != "tako-setup" {
		t.Fatalf("stored app %+v", a)
	}
	// Bad bodies.
	wantMgmt(t, w.call(t, w.super, "POST", "/api/v1/apps", "{not json"), 400, "E0000003")
	bad := serviceAppBody(t, "Tako", false, nil)
	bad["signOnMode"] = "SAML_2_0"
	wantMgmt(t, w.call(t, w.super, "POST", "/api/v1/apps", bad), 400, "E0000001")
	secret := serviceAppBody(t, "Tako", false, nil)
	secret["credentials"] = map[string]any{"oauthClient": map[string]any{"token_endpoint_auth_method": "private_key_jwt", "client_secret": "x"}}
	r = w.call(t, w.super, "POST", "/api/v1/apps", secret)
	wantMgmt(t, r, 400, "E0000001")
	if !strings.Contains(r.raw, "client_secret") {
		t.Errorf("cause: %s", r.raw)
	}
}

func TestAppLifecycleAndSearch(t *testing.T) {
	w := newWriteOrg(t)
	id := w.createApp(t, "Tako")
	other := w.createApp(t, "Takoyaki")
	w.createApp(t, "Zebra")
	ids := func(r result) []string {
		var apps []map[string]any
		_ = jsonInto(r.raw, &apps)
		var out []string
		for _, a := range apps {
			out = append(out, a["id"].(string))
		}
		return out
	}
	if got := ids(w.call(t, w.super, "GET", "/api/v1/apps?q=tako", nil)); !slices.Equal(got, []string{id, other}) {
		t.Fatalf("q=tako: %v", got)
	}
	if r := w.call(t, w.super, "DELETE", "/api/v1/apps/"+id, nil); r.status != 403 || r.str("errorCode") != "E0000056" || !strings.Contains(r.raw, "deactivated before deletion") {
		t.Fatalf("delete active: %d %s", r.status, r.raw)
	}
	if r := w.call(t, w.super, "POST", "/api/v1/apps/"+id+"/lifecycle/deactivate", nil); r.status != 200 {
		t.Fatalf("deactivate: %d", r.status)
	}
	if got := ids(w.call(t, w.super, "GET", "/api/v1/apps?q=Tako", nil)); !slices.Equal(got, []string{other}) {
		t.Fatalf("inactive app listed by default: %v", got)
	}
	if got := ids(w.call(t, w.super, "GET", "/api/v1/apps?q=Tako&includeNonDeleted=true", nil)); !slices.Equal(got, []string{id, other}) {
		t.Fatalf("includeNonDeleted: %v", got)
	}
	if r := w.call(t, w.super, "DELETE", "/api/v1/apps/"+id, nil); r.status != 204 {
		t.Fatalf("delete: %d %s", r.status, r.raw)
	}
	if w.org.App(id) != nil {
		t.Fatal("app still there")
	}
	// PUT turns DPoP on and off.
	on := true
	r := w.call(t, w.super, "PUT", "/api/v1/apps/"+other, serviceAppBody(t, "Takoyaki", false, &on))
	if r.status != 200 || !w.org.App(other).DPoPRequired {
		t.Fatalf("PUT dpop on: %d %s", r.status, r.raw)
	}
	w.call(t, w.super, "PUT", "/api/v1/apps/"+other, serviceAppBody(t, "Takoyaki", false, nil))
	if w.org.App(other).DPoPRequired {
		t.Fatal("PUT without the flag left DPoP on")
	}
	var types []string
	for _, e := range w.org.Events() {
		types = append(types, e.Type)
	}
	for _, want := range []string{"application.lifecycle.create", "application.lifecycle.deactivate", "application.lifecycle.delete", "application.lifecycle.update"} {
		if !slices.Contains(types, want) {
			t.Errorf("event %s missing from %v", want, types)
		}
	}
}

func TestGrantsOnlySuperAdminAndTheTrap(t *testing.T) {
	w := newWriteOrg(t)
	w.org.SetClientPrivileges(true)
	id := w.createApp(t, "Tako")
	grant := func(token, scope, issuer string) result {
		return w.call(t, token, "POST", "/api/v1/apps/"+id+"/grants", map[string]string{"scopeId": scope, "issuer": issuer})
	}
	wantMgmt(t, grant(w.oa, "okta.users.read", w.base), 403, "E0000006")
	wantMgmt(t, w.call(t, w.oa, "POST", "/oauth2/v1/clients/"+id+"/roles", map[string]string{"type": "READ_ONLY_ADMIN"}), 403, "E0000006")
	if len(w.org.App(id).GrantedScopes) != 0 || len(w.org.App(id).Roles) != 0 {
		t.Fatal("an Org Admin changed the app")
	}
	// Role first (201, deterministic id, 409 on a duplicate).
	r := w.call(t, w.super, "POST", "/oauth2/v1/clients/"+id+"/roles", map[string]string{"type": "READ_ONLY_ADMIN"})
	if r.status != 201 || r.str("id") != "KJCUCRC7J5HEYWK7IFCE2SKO" || r.str("assignmentType") != "CLIENT" {
		t.Fatalf("assign: %d %s", r.status, r.raw)
	}
	wantMgmt(t, w.call(t, w.super, "POST", "/oauth2/v1/clients/"+id+"/roles", map[string]string{"type": "READ_ONLY_ADMIN"}), 409, "E0000090")
	if r := w.call(t, w.super, "GET", "/oauth2/v1/clients/"+id+"/roles/KJCUCRC7J5HEYWK7IFCE2SKO", nil); r.status != 200 {
		t.Fatalf("get role: %d", r.status)
	}
	// Grants: 201, duplicates and unknown scopes 400, wrong issuer 400.
	r = grant(w.super, "okta.users.read", w.base)
	if r.status != 201 || !strings.HasPrefix(r.str("id"), "oag") || r.str("scopeId") != "okta.users.read" {
		t.Fatalf("grant: %d %s", r.status, r.raw)
	}
	gid := r.str("id")
	wantMgmt(t, grant(w.super, "okta.users.read", w.base), 400, "E0000001")
	wantMgmt(t, grant(w.super, "okta.groups.read", "https://evil.example.com"), 400, "E0000001")
	w.org.RefuseGrants("okta.factors.read")
	if r := grant(w.super, "okta.factors.read", w.base); r.status != 400 || !strings.Contains(r.raw, "okta.factors.read") {
		t.Fatalf("refused scope: %d %s", r.status, r.raw)
	}
	// The trap: the first grant made the app a Super Admin.
	if r := w.call(t, w.super, "GET", "/oauth2/v1/clients/"+id+"/roles/"+StandardRoleID("SUPER_ADMIN"), nil); r.status != 200 {
		t.Fatalf("no SUPER_ADMIN after the first grant with the setting on: %d", r.status)
	}
	if StandardRoleID("SUPER_ADMIN") != "KNKVARKSL5AUITKJJY" {
		t.Fatal(StandardRoleID("SUPER_ADMIN"))
	}
	if r := w.call(t, w.super, "DELETE", "/oauth2/v1/clients/"+id+"/roles/KNKVARKSL5AUITKJJY", nil); r.status != 204 {
		t.Fatalf("unassign: %d", r.status)
	}
	grant(w.super, "okta.groups.read", w.base)
	if hasRoleType(w.org.App(id).Roles, "SUPER_ADMIN") {
		t.Fatal("a later grant assigned SUPER_ADMIN again")
	}
	if r := w.call(t, w.super, "DELETE", "/api/v1/apps/"+id+"/grants/"+gid, nil); r.status != 204 || slices.Contains(w.org.App(id).GrantedScopes, "okta.users.read") {
		t.Fatalf("revoke grant: %d", r.status)
	}
	// Settings endpoint.
	if r := w.call(t, w.super, "GET", "/api/v1/org/settings/clientPrivilegesSetting", nil); r.raw != `{"clientPrivilegesSetting":true}` {
		t.Fatalf("setting: %s", r.raw)
	}
}

func TestRolesOnlyForServiceApps(t *testing.T) {
	w := newWriteOrg(t)
	body := serviceAppBody(t, "Web", false, nil)
	body["settings"].(map[string]any)["oauthClient"].(map[string]any)["application_type"] = "web"
	id := w.call(t, w.super, "POST", "/api/v1/apps", body).str("id")
	wantMgmt(t, w.call(t, w.super, "POST", "/oauth2/v1/clients/"+id+"/roles", map[string]string{"type": "READ_ONLY_ADMIN"}), 400, "E0000227")
}

func TestPrincipalRateLimitWrites(t *testing.T) {
	w := newWriteOrg(t)
	id := w.createApp(t, "Tako")
	filter := fmt.Sprintf(`?filter=principalType+eq+%%22OAUTH_CLIENT%%22+and+principalId+eq+%%22%s%%22`, id)
	if r := w.call(t, w.super, "GET", "/api/v1/principal-rate-limits"+filter, nil); r.raw != "[]" {
		t.Fatalf("fresh app has an entity: %s", r.raw)
	}
	body := map[string]any{"principalId": id, "principalType": "OAUTH_CLIENT", "defaultPercentage": 50, "defaultConcurrencyPercentage": 50}
	r := w.call(t, w.super, "POST", "/api/v1/principal-rate-limits", body)
	if r.status != 201 || !strings.HasPrefix(r.str("id"), "prl") {
		t.Fatalf("create: %d %s", r.status, r.raw)
	}
	prl := r.str("id")
	wantMgmt(t, w.call(t, w.super, "POST", "/api/v1/principal-rate-limits", body), 400, "E0000001")
	body["defaultPercentage"] = 40
	if r := w.call(t, w.super, "PUT", "/api/v1/principal-rate-limits/"+prl, body); r.status != 200 || *w.org.App(id).RateLimitPercent != 40 {
		t.Fatalf("put: %d %s", r.status, r.raw)
	}
	body["defaultPercentage"] = 140
	wantMgmt(t, w.call(t, w.super, "PUT", "/api/v1/principal-rate-limits/"+prl, body), 400, "E0000001")
	var list []map[string]any
	_ = jsonInto(w.call(t, w.super, "GET", "/api/v1/principal-rate-limits"+filter, nil).raw, &list)
	if len(list) != 1 || list[0]["id"] != prl {
		t.Fatalf("list: %v", list)
	}
}

func TestWritesUseThePrincipalsShare(t *testing.T) {
	w := newWriteOrg(t)
	w.org.SetBucketLimit("/api/v1/apps", 10) // 50 % share: five writes per window
	id := w.createApp(t, "Tako")
	ok := 1
	var last result
	for i := range 6 {
		last = w.call(t, w.super, "POST", "/api/v1/apps/"+id+"/grants", map[string]string{"scopeId": fmt.Sprintf("okta.s%d.read", i), "issuer": w.base})
		if last.status == 201 {
			ok++
		}
	}
	if ok != 5 || last.status != 429 || last.str("errorCode") != "E0000047" || last.header.Get("X-Rate-Limit-Limit") != "5" || last.header.Get("X-Rate-Limit-Reset") == "" {
		t.Fatalf("writes allowed %d, last %d %v %s", ok, last.status, last.header, last.raw)
	}
	// Reads still have the org bucket's remaining calls.
	if r := w.call(t, w.super, "GET", "/api/v1/apps/"+id, nil); r.status != 200 {
		t.Fatalf("read after the share ran out: %d", r.status)
	}
}

func TestRevokeCurrentToken(t *testing.T) {
	w := newWriteOrg(t)
	if r := w.call(t, w.super, "DELETE", "/api/v1/api-tokens/current", nil); r.status != 204 {
		t.Fatalf("revoke: %d", r.status)
	}
	wantMgmt(t, w.call(t, w.super, "GET", "/api/v1/users/me", nil), 401, "E0000011")
	evs := w.org.Events()
	if len(evs) != 1 || evs[0].Type != "system.api_token.revoke" || evs[0].Target != w.superToken {
		t.Fatalf("events %+v", evs)
	}
}

func TestCustomRoleThroughTheIAMAPI(t *testing.T) {
	w := newWriteOrg(t)
	id := w.createApp(t, "Tako")
	r := w.call(t, w.super, "POST", "/api/v1/iam/roles", map[string]any{"label": "Tako IAM reader", "permissions": []string{"okta.iam.read"}})
	if r.status != 200 || !strings.HasPrefix(r.str("id"), "cr0") {
		t.Fatalf("role: %d %s", r.status, r.raw)
	}
	role := r.str("id")
	wantMgmt(t, w.call(t, w.super, "POST", "/api/v1/iam/roles", map[string]any{"label": "Tako IAM reader"}), 400, "E0000001")
	wantMgmt(t, w.call(t, w.oa, "POST", "/api/v1/iam/roles", map[string]any{"label": "Other"}), 403, "E0000006")
	if g := w.call(t, w.super, "GET", "/api/v1/iam/roles/Tako%20IAM%20reader", nil); g.str("id") != role {
		t.Fatalf("by label: %s", g.raw)
	}
	rs := w.call(t, w.super, "POST", "/api/v1/iam/resource-sets", map[string]any{"label": "Tako IAM resources", "resources": []string{"orn:okta:iam:x:contained_resources"}}).str("id")
	if !strings.HasPrefix(rs, "iam") {
		t.Fatalf("resource set id %q", rs)
	}
	body := map[string]string{"type": "CUSTOM", "role": role, "resource-set": rs}
	r = w.call(t, w.super, "POST", "/oauth2/v1/clients/"+id+"/roles", body)
	if r.status != 201 || !strings.HasPrefix(r.str("id"), "irb") {
		t.Fatalf("assign: %d %s", r.status, r.raw)
	}
	wantMgmt(t, w.call(t, w.super, "POST", "/oauth2/v1/clients/"+id+"/roles", body), 409, "E0000090")
	// The assignment carries okta.iam.read, which opens the role listings.
	if a := w.org.App(id); !rolesAllow(a.Roles, "okta.roles.read") {
		t.Fatalf("custom role without okta.roles.read: %+v", a.Roles)
	}
	if r := w.call(t, w.super, "DELETE", "/api/v1/iam/roles/"+role, nil); r.status != 204 || len(w.org.IAMLabels("roles")) != 0 {
		t.Fatalf("delete: %d", r.status)
	}
}
