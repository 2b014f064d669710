package emulator

import (
	"crypto"
	"crypto/ecdsa"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
)

// proof builds a DPoP proof signed by key with its public JWK embedded.
func proof(t testing.TB, key *ecdsa.PrivateKey, typ string, claims map[string]any) string {
	t.Helper()
	opts := (&jose.SignerOptions{EmbedJWK: true}).WithType(jose.ContentType(typ))
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.ES256, Key: key}, opts)
	if err != nil {
		t.Fatal(err)
	}
	payload, _ := json.Marshal(claims)
	jws, err := signer.Sign(payload)
	if err != nil {
		t.Fatal(err)
	}
	s, err := jws.CompactSerialize()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func proofClaims(htm, htu, nonce string) map[string]any {
	c := map[string]any{"htm": htm, "htu": htu, "iat": time.Now().Unix(), "jti": randomToken(12)}
	if nonce != "" {
		c["nonce"] = nonce
	}
	return c
}

func thumbprint(t testing.TB, key *ecdsa.PrivateKey) string {
	t.Helper()
	tp, err := (&jose.JSONWebKey{Key: &key.PublicKey}).Thumbprint(crypto.SHA256)
	if err != nil {
		t.Fatal(err)
	}
	return base64.RawURLEncoding.EncodeToString(tp)
}

// jwtClaims decodes a JWT's payload without verifying it.
func jwtClaims(t testing.TB, tok string) map[string]any {
	t.Helper()
	parts := strings.Split(tok, ".")
	b, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestDPoPNonceDance(t *testing.T) {
	f := newFixture(t, true, "okta.users.read")
	if !f.app.DPoPRequired {
		t.Fatal("AddApp must apply the console default: DPoP required")
	}
	dk := ecKey(t)
	a := f.assertion(f.claims())

	// 1. No DPoP header.
	r := postToken(t, f.client, f.tokenURL(), tokenForm(a, "okta.users.read"), "")
	wantOAuth(t, r, http.StatusBadRequest, "invalid_dpop_proof", "The DPoP proof JWT header is missing.")

	// 2. A proof without nonce → use_dpop_nonce + DPoP-Nonce. The missing-
	// header answer did not consume the assertion, this one does.
	r = postToken(t, f.client, f.tokenURL(), tokenForm(a, "okta.users.read"), proof(t, dk, "dpop+jwt", proofClaims("POST", f.tokenURL(), "")))
	wantOAuth(t, r, http.StatusBadRequest, "use_dpop_nonce", "Authorization server requires nonce in DPoP proof.")
	nonce := r.header.Get("DPoP-Nonce")
	if nonce == "" {
		t.Fatal("no DPoP-Nonce header")
	}

	// 3. Reusing the assertion with the nonce fails: jti already used.
	r = postToken(t, f.client, f.tokenURL(), tokenForm(a, "okta.users.read"), proof(t, dk, "dpop+jwt", proofClaims("POST", f.tokenURL(), nonce)))
	wantOAuth(t, r, http.StatusUnauthorized, "invalid_client", assertReplay)

	// 4. Fresh assertion + nonce → a DPoP-bound token.
	r = postToken(t, f.client, f.tokenURL(), tokenForm(f.assertion(f.claims()), "okta.users.read"), proof(t, dk, "dpop+jwt", proofClaims("POST", f.tokenURL(), nonce)))
	if r.status != 200 || r.str("token_type") != "DPoP" {
		t.Fatalf("got %d %s", r.status, r.raw)
	}
	at := r.str("access_token")
	cnf, _ := jwtClaims(t, at)["cnf"].(map[string]any)
	if cnf["jkt"] != thumbprint(t, dk) {
		t.Fatalf("cnf %v, want jkt %s", cnf, thumbprint(t, dk))
	}

	// Resource side (Appendix A).
	users := f.srv.URL + "/api/v1/users"
	if _, err := f.org.AssignAppRole(f.app.ClientID, "READ_ONLY_ADMIN"); err != nil {
		t.Fatal(err)
	}
	r = get(t, f.client, users, "Bearer "+at)
	if r.status != 400 || r.raw != "" || !strings.Contains(r.header.Get("WWW-Authenticate"), `error_description="The resource request requires a DPoP proof."`) {
		t.Fatalf("DPoP token as Bearer: %d %q %q", r.status, r.raw, r.header.Get("WWW-Authenticate"))
	}
	resProof := func(key *ecdsa.PrivateKey, htu string) string {
		c := proofClaims("GET", htu, "")
		c["ath"] = accessTokenHash(at)
		return proof(t, key, "dpop+jwt", c)
	}
	r = do(t, f.client, "GET", users, nil, map[string]string{"Authorization": "DPoP " + at, "DPoP": resProof(dk, users)})
	if r.status != 200 {
		t.Fatalf("DPoP resource call: %d %s %s", r.status, r.raw, r.header.Get("WWW-Authenticate"))
	}
	r = do(t, f.client, "GET", users+"?limit=1", nil, map[string]string{"Authorization": "DPoP " + at, "DPoP": resProof(ecKey(t), users)})
	if r.status != 400 || !strings.Contains(r.header.Get("WWW-Authenticate"), dpopNotBound) || !strings.HasPrefix(r.header.Get("WWW-Authenticate"), "DPoP algs=") {
		t.Fatalf("proof from another key: %d %q", r.status, r.header.Get("WWW-Authenticate"))
	}
	r = do(t, f.client, "GET", users, nil, map[string]string{"Authorization": "DPoP " + at, "DPoP": resProof(dk, f.srv.URL+"/api/v1/groups")})
	if r.status != 400 || !strings.Contains(r.header.Get("WWW-Authenticate"), dpopHTU) {
		t.Fatalf("wrong htu: %d %q", r.status, r.header.Get("WWW-Authenticate"))
	}
}

func TestDPoPProofErrors(t *testing.T) {
	f := newFixture(t, true, "okta.users.read")
	dk := ecKey(t)
	reused := proof(t, dk, "dpop+jwt", proofClaims("POST", f.tokenURL(), ""))
	postToken(t, f.client, f.tokenURL(), tokenForm(f.assertion(f.claims()), "okta.users.read"), reused)

	stale := proofClaims("POST", f.tokenURL(), "")
	stale["iat"] = time.Now().Add(-6 * time.Minute).Unix()
	future := proofClaims("POST", f.tokenURL(), "")
	future["iat"] = time.Now().Add(time.Minute).Unix()
	noJTI := proofClaims("POST", f.tokenURL(), "")
	delete(noJTI, "jti")

	cases := []struct {
		name, proof, want string
	}{
		{"typ", proof(t, dk, "JWT", proofClaims("POST", f.tokenURL(), "")), dpopTyp},
		{"htm", proof(t, dk, "dpop+jwt", proofClaims("GET", f.tokenURL(), "")), dpopHTM},
		{"htu", proof(t, dk, "dpop+jwt", proofClaims("POST", f.srv.URL+"/oauth2/default/v1/token", "")), dpopHTU},
		{"stale", proof(t, dk, "dpop+jwt", stale), dpopStale},
		{"future", proof(t, dk, "dpop+jwt", future), dpopFuture},
		{"no jti", proof(t, dk, "dpop+jwt", noJTI), dpopJTI},
		{"replayed", reused, dpopReplay},
		{"garbage", "x.y.z", dpopUnparsable},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := postToken(t, f.client, f.tokenURL(), tokenForm(f.assertion(f.claims()), "okta.users.read"), tc.proof)
			wantOAuth(t, r, http.StatusBadRequest, "invalid_dpop_proof", tc.want)
		})
	}

	t.Run("bearer token with the DPoP scheme", func(t *testing.T) {
		g := newFixture(t, false, "okta.users.read")
		at := g.token("okta.users.read")
		r := get(t, g.client, g.srv.URL+"/api/v1/users", "DPoP "+at)
		if r.status != 401 || !strings.Contains(r.header.Get("WWW-Authenticate"), "The presented access_token is not DPoP bound.") {
			t.Fatalf("got %d %q", r.status, r.header.Get("WWW-Authenticate"))
		}
	})
}
