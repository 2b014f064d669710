package emulator

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
)

func TestTokenHappyPathBearer(t *testing.T) {
	f := newFixture(t, false, "okta.users.read", "okta.apps.read")
	r := postToken(t, f.client, f.tokenURL(), tokenForm(f.assertion(f.claims()), "okta.users.read okta.apps.read"), "")
	if r.status != http.StatusOK {
		t.Fatalf("status %d: %s", r.status, r.raw)
	}
	if r.str("token_type") != "Bearer" || r.json["expires_in"] != float64(3600) || r.str("scope") != "okta.users.read okta.apps.read" {
		t.Fatalf("unexpected body %s", r.raw)
	}
	if parts := strings.Split(r.str("access_token"), "."); len(parts) != 3 {
		t.Fatalf("access token is not a JWT: %q", r.str("access_token"))
	}
	if r.header.Get("Date") == "" || r.header.Get("X-Rate-Limit-Limit") != "600" {
		t.Fatalf("missing Date or rate-limit headers: %v", r.header)
	}
	if d, err := http.ParseTime(r.header.Get("Date")); err != nil || time.Since(d) > time.Minute {
		t.Fatalf("bad Date header %q", r.header.Get("Date"))
	}
}

func TestAssertionRules(t *testing.T) {
	f := newFixture(t, false, "okta.users.read")
	other := f.org.AddApp(&App{Label: "Other"})
	if _, err := f.org.AddKey(other.ClientID, &rsaKey(t, 2).PublicKey, "other-kid", ""); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	with := func(k string, v any) map[string]any {
		c := f.claims()
		if v == nil {
			delete(c, k)
		} else {
			c[k] = v
		}
		return c
	}
	hmac := []byte("0123456789abcdef0123456789abcdef")
	none := base64url(`{"alg":"none"}`) + "." + base64url(`{"iss":"x"}`) + "."

	cases := []struct {
		name      string
		assertion string
		want      string
	}{
		{"garbage", "not-a-jwt", assertParse},
		{"HS256", sign(t, hmac, jose.HS256, "k0", nil, f.claims()), assertAlg},
		{"none", none, assertAlg},
		{"PS256", sign(t, f.key, jose.PS256, "k0", nil, f.claims()), assertAlg},
		{"iss unknown but sub known", f.assertion(with("iss", "0oaUnknown")), assertIssuer},
		{"sub differs", f.assertion(with("sub", other.ClientID)), assertSubject},
		{"aud is the issuer", f.assertion(with("aud", f.srv.URL)), assertAudience},
		{"aud is another host", f.assertion(with("aud", "https://acme.okta.com/oauth2/v1/token")), assertAudience},
		{"aud default AS", f.assertion(with("aud", f.srv.URL+"/oauth2/default/v1/token")), assertAudience},
		{"exp missing", f.assertion(with("exp", nil)), assertExpMissing},
		{"exp as string", f.assertion(with("exp", "1614664267")), assertExpMissing},
		{"expired", f.assertion(with("exp", now.Add(-time.Minute).Unix())), assertExpired},
		{"exp too far", f.assertion(with("exp", now.Add(61*time.Minute).Unix())), assertTooFar},
		{"iat in the future", f.assertion(with("iat", now.Add(2*time.Minute).Unix())), assertIatFuture},
		{"kid of another app", sign(t, rsaKey(t, 2), jose.RS256, "other-kid", nil, f.claims()), assertKid},
		{"unknown kid", sign(t, f.key, jose.RS256, "nope", nil, f.claims()), assertKid},
		{"wrong key", sign(t, rsaKey(t, 1), jose.RS256, "k0", nil, f.claims()), assertSignature},
		{"wrong key, no kid", sign(t, rsaKey(t, 1), jose.RS256, "", nil, f.claims()), assertSignature},
		{"EC signature for an RSA key", sign(t, ecKey(t), jose.ES256, "k0", nil, f.claims()), assertSignature},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := postToken(t, f.client, f.tokenURL(), tokenForm(tc.assertion, "okta.users.read"), "")
			wantOAuth(t, r, http.StatusUnauthorized, "invalid_client", tc.want)
		})
	}

	t.Run("aud follows the host the client used", func(t *testing.T) {
		u := "https://integrator-1234567.okta.com" + tokenPath
		r := postToken(t, f.client, u, tokenForm(f.assertion(with("aud", u)), "okta.users.read"), "")
		if r.status != 200 {
			t.Fatalf("got %d %s", r.status, r.raw)
		}
	})
	t.Run("aud as an array", func(t *testing.T) {
		r := postToken(t, f.client, f.tokenURL(), tokenForm(f.assertion(with("aud", []string{f.tokenURL()})), "okta.users.read"), "")
		if r.status != 200 {
			t.Fatalf("got %d %s", r.status, r.raw)
		}
	})
	t.Run("unknown client uses the management envelope with 400", func(t *testing.T) {
		c := with("iss", "0oaNobody")
		c["sub"] = "0oaNobody"
		r := postToken(t, f.client, f.tokenURL(), tokenForm(f.assertion(c), "okta.users.read"), "")
		wantMgmt(t, r, http.StatusBadRequest, "invalid_client")
		if r.str("errorSummary") != "Invalid value for 'client_id' parameter." {
			t.Fatalf("got %s", r.raw)
		}
	})
	t.Run("ES256 key", func(t *testing.T) {
		ec := ecKey(t)
		app := f.org.AddApp(&App{})
		_ = f.org.SetDPoP(app.ClientID, false)
		_ = f.org.GrantScopes(app.ClientID, "okta.users.read")
		if _, err := f.org.AddKey(app.ClientID, &ec.PublicKey, "", ""); err != nil {
			t.Fatal(err)
		}
		c := f.claims()
		c["iss"], c["sub"] = app.ClientID, app.ClientID
		r := postToken(t, f.client, f.tokenURL(), tokenForm(sign(t, ec, jose.ES256, "", nil, c), "okta.users.read"), "")
		if r.status != 200 {
			t.Fatalf("got %d %s", r.status, r.raw)
		}
	})
}

func base64url(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

func TestJTIIsSingleUseEvenWhenALaterStepFails(t *testing.T) {
	f := newFixture(t, false, "okta.users.read")
	a := f.assertion(f.claims())
	// The scope step fails after the assertion was accepted …
	r := postToken(t, f.client, f.tokenURL(), tokenForm(a, "okta.groups.read"), "")
	wantOAuth(t, r, http.StatusBadRequest, "consent_required", "You are not allowed any of the requested scopes.")
	// … and the assertion is spent all the same.
	r = postToken(t, f.client, f.tokenURL(), tokenForm(a, "okta.users.read"), "")
	wantOAuth(t, r, http.StatusUnauthorized, "invalid_client", assertReplay)

	// Without a jti an assertion may be replayed (jti is optional, docs/okta-behavior.md §1.2).
	c := f.claims()
	delete(c, "jti")
	a = f.assertion(c)
	for i := range 2 {
		if r := postToken(t, f.client, f.tokenURL(), tokenForm(a, "okta.users.read"), ""); r.status != 200 {
			t.Fatalf("attempt %d: %d %s", i, r.status, r.raw)
		}
	}
}

func TestKidRules(t *testing.T) {
	f := newFixture(t, false, "okta.users.read")
	noKid := func(key any) result {
		return postToken(t, f.client, f.tokenURL(), tokenForm(sign(t, key, jose.RS256, "", nil, f.claims()), "okta.users.read"), "")
	}
	// One active key: kid optional.
	if r := noKid(f.key); r.status != 200 {
		t.Fatalf("one key, no kid: %d %s", r.status, r.raw)
	}
	// Two active keys: kid required.
	if _, err := f.org.AddKey(f.app.ClientID, &rsaKey(t, 1).PublicKey, "k1", "ACTIVE"); err != nil {
		t.Fatal(err)
	}
	wantOAuth(t, noKid(f.key), http.StatusUnauthorized, "invalid_client", assertKid)
	r := postToken(t, f.client, f.tokenURL(), tokenForm(sign(t, rsaKey(t, 1), jose.RS256, "k1", nil, f.claims()), "okta.users.read"), "")
	if r.status != 200 {
		t.Fatalf("two keys, kid k1: %d %s", r.status, r.raw)
	}
	// Deactivate k0: signing with it and no kid picks k1 → signature invalid;
	// naming it → kid invalid (Okta blog, docs/okta-behavior.md §1.2).
	if err := f.org.DeactivateKey(f.app.ClientID, f.keyID); err != nil {
		t.Fatal(err)
	}
	wantOAuth(t, noKid(f.key), http.StatusUnauthorized, "invalid_client", assertSignature)
	r = postToken(t, f.client, f.tokenURL(), tokenForm(f.assertion(f.claims()), "okta.users.read"), "")
	wantOAuth(t, r, http.StatusUnauthorized, "invalid_client", assertKid)
	if r := noKid(rsaKey(t, 1)); r.status != 200 {
		t.Fatalf("remaining active key, no kid: %d %s", r.status, r.raw)
	}
	// No keys at all.
	if err := f.org.DeleteKey(f.app.ClientID, f.keyID); err != nil {
		t.Fatal(err)
	}
	bare := f.org.AddApp(&App{})
	_ = f.org.SetDPoP(bare.ClientID, false)
	c := f.claims()
	c["iss"], c["sub"] = bare.ClientID, bare.ClientID
	r = postToken(t, f.client, f.tokenURL(), tokenForm(f.assertion(c), "okta.users.read"), "")
	wantOAuth(t, r, http.StatusUnauthorized, "invalid_client", assertNoJWKS)
}

func TestClientAndRequestErrors(t *testing.T) {
	f := newFixture(t, false, "okta.users.read")
	web := f.org.AddApp(&App{ApplicationType: "web", TokenEndpointAuthMethod: "client_secret_basic", GrantTypes: []string{"authorization_code"}})
	secretApp := f.org.AddApp(&App{TokenEndpointAuthMethod: "client_secret_basic"})
	noCC := f.org.AddApp(&App{GrantTypes: []string{"authorization_code", "refresh_token"}})
	denied := f.org.AddApp(&App{})
	for _, a := range []*App{web, secretApp, noCC, denied} {
		_ = f.org.SetDPoP(a.ClientID, false)
		if _, err := f.org.AddKey(a.ClientID, &f.key.PublicKey, "k0", ""); err != nil {
			t.Fatal(err)
		}
		_ = f.org.GrantScopes(a.ClientID, "okta.users.read")
	}
	_ = f.org.SetAppNetworkDenied(denied.ClientID, true)
	as := func(a *App) string {
		c := f.claims()
		c["iss"], c["sub"] = a.ClientID, a.ClientID
		return f.assertion(c)
	}
	form := func(mut func(v url.Values)) url.Values {
		v := tokenForm(f.assertion(f.claims()), "okta.users.read")
		mut(v)
		return v
	}

	cases := []struct {
		name   string
		url    string
		form   url.Values
		status int
		code   string
		desc   string
	}{
		{"web app", "", tokenForm(as(web), "okta.users.read"), 401, "invalid_client",
			"Only clients with 'application_type' of 'service' may use the client_credentials 'grant_type' with the Org Authorization Server."},
		{"client secret app", "", tokenForm(as(secretApp), "okta.users.read"), 401, "invalid_client",
			"Client Credentials requests to the Org Authorization Server must use the private_key_jwt token_endpoint_auth_method."},
		{"grant not allowed", "", tokenForm(as(noCC), "okta.users.read"), 400, "unauthorized_client",
			"The client is not authorized to use the provided grant type. Configured grant types: [authorization_code, refresh_token]."},
		{"network zone", "", tokenForm(as(denied), "okta.users.read"), 403, "access_denied",
			"The request is made from outside the client's permitted network zones."},
		{"missing grant_type", "", form(func(v url.Values) { v.Del("grant_type") }), 400, "invalid_request", ""},
		{"unknown grant_type", "", form(func(v url.Values) { v.Set("grant_type", "magic") }), 400, "unsupported_grant_type", ""},
		{"bad assertion type", "", form(func(v url.Values) { v.Set("client_assertion_type", "jwt") }), 400, "invalid_request",
			"The client_assertion_type is invalid."},
		{"no credentials", "", url.Values{"grant_type": {"client_credentials"}, "scope": {"okta.users.read"}}, 401, "invalid_client",
			"No client credentials found."},
		{"two credentials", "", form(func(v url.Values) { v.Set("client_secret", "s") }), 400, "invalid_request",
			"Cannot supply multiple client credentials. Use one of the following: credentials in the Authorization header, credentials in the post body, or a client_assertion in the post body."},
		{"credentials in the query", f.tokenURL() + "?client_assertion=x", form(func(url.Values) {}), 400, "invalid_request",
			"Client credentials cannot be supplied via query parameters."},
		{"repeated parameter", "", form(func(v url.Values) { v.Add("scope", "okta.apps.read") }), 400, "invalid_request",
			"The request contained multiple parameters with the same name."},
		{"no scope", "", form(func(v url.Values) { v.Del("scope") }), 400, "invalid_scope", "No scopes were requested."},
		{"openid", "", form(func(v url.Values) { v.Set("scope", "openid okta.users.read") }), 400, "invalid_scope",
			"Cannot request 'openid' scopes using client credentials."},
		{"self scope", "", form(func(v url.Values) { v.Set("scope", "okta.users.read.self") }), 400, "client_credentials_self_scope_requested",
			"The 'client_credentials' grant type may not request .self scopes."},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			u := tc.url
			if u == "" {
				u = f.tokenURL()
			}
			r := postToken(t, f.client, u, tc.form, "")
			if r.status != tc.status || r.str("error") != tc.code || (tc.desc != "" && r.str("error_description") != tc.desc) {
				t.Fatalf("got %d %s, want %d %s %q", r.status, r.raw, tc.status, tc.code, tc.desc)
			}
		})
	}
}

func TestClockSkew(t *testing.T) {
	f := newFixture(t, false, "okta.users.read")
	// Okta's clock 10 minutes behind ours: our iat is in its future.
	f.org.SetClockSkew(-10 * time.Minute)
	r := postToken(t, f.client, f.tokenURL(), tokenForm(f.assertion(f.claims()), "okta.users.read"), "")
	wantOAuth(t, r, http.StatusUnauthorized, "invalid_client", assertIatFuture)
	d, err := http.ParseTime(r.header.Get("Date"))
	if err != nil || time.Since(d) < 9*time.Minute {
		t.Fatalf("Date %q does not show the skew", r.header.Get("Date"))
	}
	// Okta's clock 10 minutes ahead: a 5-minute assertion is already expired.
	f.org.SetClockSkew(10 * time.Minute)
	r = postToken(t, f.client, f.tokenURL(), tokenForm(f.assertion(f.claims()), "okta.users.read"), "")
	wantOAuth(t, r, http.StatusUnauthorized, "invalid_client", assertExpired)
}

func TestOversizedBodyIsRefused(t *testing.T) {
	f := newFixture(t, false, "okta.users.read")
	form := tokenForm(f.assertion(f.claims()), "okta.users.read")
	form.Set("padding", strings.Repeat("x", maxRequestBody))
	r := postToken(t, f.client, f.tokenURL(), form, "")
	if r.status != http.StatusBadRequest || r.str("error") != "invalid_request" {
		t.Fatalf("got %d %s", r.status, r.raw)
	}
}

func TestPublicClientAppAdmins(t *testing.T) {
	org := NewOrg()
	org.PublicClientAppAdmins = true
	app := org.AddApp(&App{})
	if err := org.GrantScopes(app.ClientID, "okta.users.read"); err != nil {
		t.Fatal(err)
	}
	if roles := org.App(app.ClientID).Roles; len(roles) != 1 || roles[0].Type != "SUPER_ADMIN" {
		t.Fatalf("roles %+v", roles)
	}
	plain := NewOrg()
	app = plain.AddApp(&App{})
	if err := plain.GrantScopes(app.ClientID, "okta.users.read"); err != nil {
		t.Fatal(err)
	}
	if roles := plain.App(app.ClientID).Roles; len(roles) != 0 {
		t.Fatalf("setting off: roles %+v", roles)
	}
}
