package emulator

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"

	jose "github.com/go-jose/go-jose/v4"
)

func wantCause(t *testing.T, err error, cause string) {
	t.Helper()
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Code != "E0000001" || len(apiErr.Causes) != 1 || apiErr.Causes[0] != cause {
		t.Fatalf("got %v, want E0000001 with cause %q", err, cause)
	}
}

func TestKeyRules(t *testing.T) {
	org := NewOrg()
	app := org.AddApp(&App{})
	small, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	_, err = org.AddKey(app.ClientID, &small.PublicKey, "small", "")
	wantCause(t, err, causeRSATooShort)

	k0, err := org.AddKey(app.ClientID, &rsaKey(t, 0).PublicKey, "k0", "")
	if err != nil || !strings.HasPrefix(k0.ID, "pks") || k0.Status != "ACTIVE" || k0.Created.IsZero() {
		t.Fatalf("AddKey: %+v %v", k0, err)
	}
	_, err = org.AddKey(app.ClientID, &rsaKey(t, 1).PublicKey, "", "")
	wantCause(t, err, causeKidMissing)
	_, err = org.AddKey(app.ClientID, &rsaKey(t, 1).PublicKey, "k0", "")
	wantCause(t, err, causeKidDuplicate)

	wantCause(t, org.DeactivateKey(app.ClientID, k0.ID), causeOnlyActiveKey)
	wantCause(t, org.DeleteKey(app.ClientID, k0.ID), causeDeleteActive)
	k1, err := org.AddKey(app.ClientID, &rsaKey(t, 1).PublicKey, "k1", "INACTIVE")
	if err != nil {
		t.Fatal(err)
	}
	if err := org.ActivateKey(app.ClientID, k1.ID); err != nil {
		t.Fatal(err)
	}
	if err := org.DeactivateKey(app.ClientID, k0.ID); err != nil {
		t.Fatal(err)
	}
	if err := org.DeleteKey(app.ClientID, k0.ID); err != nil {
		t.Fatal(err)
	}
	if got := org.App(app.ClientID).Keys; len(got) != 1 || got[0].KID != "k1" {
		t.Fatalf("keys after rotation: %+v", got)
	}
	var nf *APIError
	if err := org.DeleteKey(app.ClientID, "pksNope"); !errors.As(err, &nf) || nf.Code != "E0000007" {
		t.Fatalf("unknown key: %v", err)
	}

	// At most 50 keys.
	for i := len(org.App(app.ClientID).Keys); i < maxKeysPerApp; i++ {
		if _, err := org.AddKey(app.ClientID, &ecKey(t).PublicKey, "ec"+randomString(6), "INACTIVE"); err != nil {
			t.Fatal(err)
		}
	}
	_, err = org.AddKey(app.ClientID, &ecKey(t).PublicKey, "one-too-many", "")
	wantCause(t, err, causeTooManyKeys)
}

func TestJWKSOverHTTP(t *testing.T) {
	org := NewOrg()
	app := org.AddApp(&App{})
	k0, err := org.AddKey(app.ClientID, &rsaKey(t, 0).PublicKey, "k0", "")
	if err != nil {
		t.Fatal(err)
	}
	super, _, _ := addAdmin(t, org, "SUPER_ADMIN")
	orgAdmin, _, _ := addAdmin(t, org, "ORG_ADMIN")
	srv := start(t, org)
	c := srv.Client()
	jwksURL := srv.URL + "/api/v1/apps/" + app.ID + "/credentials/jwks"
	auth := func(v string) map[string]string {
		return map[string]string{"Authorization": "SSWS " + v, "Content-Type": "application/json"}
	}

	r := get(t, c, jwksURL, "SSWS "+super)
	keys := r.json["jwks"].(map[string]any)["keys"].([]any)
	key := keys[0].(map[string]any)
	if r.status != 200 || len(keys) != 1 || key["id"] != k0.ID || key["kid"] != "k0" || key["kty"] != "RSA" || key["alg"] != "RS256" ||
		key["use"] != "sig" || key["e"] != "AQAB" || key["n"] == "" || key["status"] != "ACTIVE" || key["created"] == "" {
		t.Fatalf("jwks: %d %s", r.status, r.raw)
	}
	if !strings.HasSuffix(key["_links"].(map[string]any)["deactivate"].(map[string]any)["href"].(string), "/jwks/"+k0.ID+"/lifecycle/deactivate") {
		t.Fatalf("links: %v", key["_links"])
	}

	// POST a new key (a JWK), then rotate: deactivate the old, delete it.
	pub, _ := json.Marshal(jose.JSONWebKey{Key: &rsaKey(t, 1).PublicKey, KeyID: "k1", Algorithm: "RS256", Use: "sig"})
	r = do(t, c, "POST", jwksURL, strings.NewReader(string(pub)), auth(super))
	if r.status != http.StatusCreated || r.str("kid") != "k1" || !strings.HasPrefix(r.str("id"), "pks") {
		t.Fatalf("POST jwks: %d %s", r.status, r.raw)
	}
	r = do(t, c, "POST", jwksURL, strings.NewReader(string(pub)), auth(super))
	wantMgmt(t, r, http.StatusBadRequest, "E0000001")
	if !strings.Contains(r.raw, "unique `kid`") {
		t.Fatalf("duplicate kid: %s", r.raw)
	}
	r = do(t, c, "DELETE", jwksURL+"/"+k0.ID, nil, auth(super))
	wantMgmt(t, r, http.StatusBadRequest, "E0000001")
	r = do(t, c, "POST", jwksURL+"/"+k0.ID+"/lifecycle/deactivate", nil, auth(super))
	if r.status != 200 || r.str("status") != "INACTIVE" || !strings.Contains(r.raw, `"activate"`) {
		t.Fatalf("deactivate: %d %s", r.status, r.raw)
	}
	if r := do(t, c, "DELETE", jwksURL+"/"+k0.ID, nil, auth(super)); r.status != http.StatusNoContent {
		t.Fatalf("delete: %d %s", r.status, r.raw)
	}

	// With Okta-scoped grants, only a super admin may rotate (docs/okta-behavior.md §8).
	if r := do(t, c, "POST", jwksURL+"/k1/lifecycle/activate", nil, auth(orgAdmin)); r.status != 200 {
		t.Fatalf("org admin before grants: %d %s", r.status, r.raw)
	}
	if err := org.GrantScopes(app.ClientID, "okta.users.read"); err != nil {
		t.Fatal(err)
	}
	wantMgmt(t, do(t, c, "POST", jwksURL+"/k1/lifecycle/activate", nil, auth(orgAdmin)), http.StatusForbidden, "E0000006")
}
