package emulator

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
)

// RSA generation is slow: the package's tests share three 2048-bit keys.
var (
	rsaOnce sync.Once
	rsaKeys [3]*rsa.PrivateKey
)

func rsaKey(t testing.TB, i int) *rsa.PrivateKey {
	t.Helper()
	rsaOnce.Do(func() {
		var wg sync.WaitGroup
		for n := range rsaKeys {
			wg.Go(func() {
				k, err := rsa.GenerateKey(rand.Reader, 2048)
				if err != nil {
					panic(err)
				}
				rsaKeys[n] = k
			})
		}
		wg.Wait()
	})
	return rsaKeys[i]
}

func ecKey(t testing.TB) *ecdsa.PrivateKey {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// start runs a server on org and closes it with the test.
func start(t testing.TB, org *Org) *Server {
	t.Helper()
	s, err := Start(org)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

// fixture is an org with one service app (DPoP off unless asked), key 0
// registered under kid "k0", and the given scopes granted.
type fixture struct {
	t      testing.TB
	org    *Org
	srv    *Server
	app    *App
	key    *rsa.PrivateKey
	keyID  string // pks…
	client *http.Client
}

func newFixture(t testing.TB, dpop bool, scopes ...string) *fixture {
	t.Helper()
	org := NewOrg()
	app := org.AddApp(&App{Label: "Tako"})
	if !dpop {
		if err := org.SetDPoP(app.ClientID, false); err != nil {
			t.Fatal(err)
		}
	}
	k, err := org.AddKey(app.ClientID, &rsaKey(t, 0).PublicKey, "k0", "ACTIVE")
	if err != nil {
		t.Fatal(err)
	}
	if len(scopes) > 0 {
		if err := org.GrantScopes(app.ClientID, scopes...); err != nil {
			t.Fatal(err)
		}
	}
	srv := start(t, org)
	return &fixture{t: t, org: org, srv: srv, app: org.App(app.ClientID), key: rsaKey(t, 0), keyID: k.ID, client: srv.Client()}
}

func (f *fixture) tokenURL() string { return f.srv.URL + tokenPath }

// claims returns valid assertion claims for the fixture's app.
func (f *fixture) claims() map[string]any {
	now := time.Now()
	return map[string]any{
		"iss": f.app.ClientID, "sub": f.app.ClientID, "aud": f.tokenURL(),
		"iat": now.Unix(), "exp": now.Add(5 * time.Minute).Unix(), "jti": randomToken(16),
	}
}

// sign makes a compact JWS over claims with key, alg and kid ("" = none).
func sign(t testing.TB, key any, alg jose.SignatureAlgorithm, kid string, extra map[jose.HeaderKey]any, claims map[string]any) string {
	t.Helper()
	opts := &jose.SignerOptions{}
	if kid != "" {
		opts = opts.WithHeader("kid", kid)
	}
	for k, v := range extra {
		opts = opts.WithHeader(k, v)
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: alg, Key: key}, opts)
	if err != nil {
		t.Fatal(err)
	}
	payload, err := json.Marshal(claims)
	if err != nil {
		t.Fatal(err)
	}
	jws, err := signer.Sign(payload)
	if err != nil {
		t.Fatal(err)
	}
	out, err := jws.CompactSerialize()
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// assertion signs claims with the fixture key under kid "k0".
func (f *fixture) assertion(claims map[string]any) string {
	return sign(f.t, f.key, jose.RS256, "k0", nil, claims)
}

// tokenForm is a client-credentials form for an assertion.
func tokenForm(assertion, scope string) url.Values {
	v := url.Values{}
	v.Set("grant_type", "client_credentials")
	v.Set("scope", scope)
	v.Set("client_assertion_type", assertionType)
	v.Set("client_assertion", assertion)
	return v
}

// result is a decoded response.
type result struct {
	status int
	header http.Header
	raw    string
	json   map[string]any
}

func (r result) str(k string) string { s, _ := r.json[k].(string); return s }

func do(t testing.TB, c *http.Client, method, u string, body io.Reader, header map[string]string) result {
	t.Helper()
	req, err := http.NewRequest(method, u, body)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	res := result{status: resp.StatusCode, header: resp.Header, raw: string(b)}
	_ = json.Unmarshal(b, &res.json)
	return res
}

// postToken posts form to u with an optional DPoP proof.
func postToken(t testing.TB, c *http.Client, u string, form url.Values, dpop string) result {
	t.Helper()
	h := map[string]string{"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"}
	if dpop != "" {
		h["DPoP"] = dpop
	}
	return do(t, c, http.MethodPost, u, strings.NewReader(form.Encode()), h)
}

// wantOAuth asserts an OAuth error envelope.
func wantOAuth(t testing.TB, r result, status int, code, desc string) {
	t.Helper()
	if r.status != status || r.str("error") != code || r.str("error_description") != desc {
		t.Fatalf("got %d %s, want %d %s %q", r.status, r.raw, status, code, desc)
	}
}

// wantMgmt asserts a management error envelope.
func wantMgmt(t testing.TB, r result, status int, code string) {
	t.Helper()
	if r.status != status || r.str("errorCode") != code || r.str("errorLink") != code ||
		!strings.HasPrefix(r.str("errorId"), "oae") || r.json["errorCauses"] == nil {
		t.Fatalf("got %d %s, want %d %s", r.status, r.raw, status, code)
	}
}

// token gets a Bearer access token for the fixture's app (DPoP off).
func (f *fixture) token(scope string) string {
	f.t.Helper()
	r := postToken(f.t, f.client, f.tokenURL(), tokenForm(f.assertion(f.claims()), scope), "")
	if r.status != http.StatusOK {
		f.t.Fatalf("token request: %d %s", r.status, r.raw)
	}
	return r.str("access_token")
}

// get sends a GET with an Authorization header value.
func get(t testing.TB, c *http.Client, u, authorization string) result {
	t.Helper()
	h := map[string]string{"Accept": "application/json"}
	if authorization != "" {
		h["Authorization"] = authorization
	}
	return do(t, c, http.MethodGet, u, nil, h)
}

// addAdmin adds a user with roleTypes and an SSWS token; it returns the
// token's secret and id.
func addAdmin(t testing.TB, org *Org, roleTypes ...string) (value, id, userID string) {
	t.Helper()
	u := org.AddUser(&User{FirstName: "Ada", LastName: "Admin"})
	for _, rt := range roleTypes {
		if _, err := org.AssignUserRole(u.ID, rt); err != nil {
			t.Fatal(err)
		}
	}
	tok := org.AddToken(&APIToken{UserID: u.ID, Name: "tako"})
	return tok.Value, tok.ID, u.ID
}

func jsonInto(raw string, v any) error { return json.Unmarshal([]byte(raw), v) }
