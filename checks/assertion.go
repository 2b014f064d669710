package checks

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
)

// assertionLifetime is the client assertion's validity, as Tako sets it.
const assertionLifetime = 5 * time.Minute

// keyVerdict is what the engine can tell about a private key before asking Okta.
type keyVerdict int

const (
	keyOK       keyVerdict = iota // RSA ≥ 2048: Tako can sign RS256 with it
	keyTooSmall                   // RSA < 2048: Okta refuses to register such keys
	keyEC                         // EC: Okta accepts it, Tako cannot use it (RS256 only)
	keyEdDSA                      // Ed25519: neither Okta nor Tako use it
	keyMissing                    // no key given
	keyUnknown                    // a key type the engine does not know
)

// signingKey signs client assertions.
type signingKey struct {
	priv crypto.Signer
	alg  jose.SignatureAlgorithm
	// thumbprint is the RFC 7638 SHA-256 thumbprint of the public key, the
	// kid tako-setup's key generator registers; it is also how the engine
	// finds the key in the app's key list.
	thumbprint string
	// describe is "2048-bit RSA", "EC P-256" …
	describe string
	// probe marks a throwaway key used only to learn whether the client
	// exists (the real key is missing or unusable).
	probe bool
}

// analyseKey looks at the key as Tako would: RSA only, RS256 only. An EC
// key still signs (ES256/384/512), so the engine can report whether Okta
// accepts it and check the rest of the setup; the key check fails anyway.
// For a missing or Ed25519 key it returns a throwaway probe key (EC P-256,
// fast to make) whose assertions can only prove that the client exists.
func analyseKey(k crypto.PrivateKey) (*signingKey, keyVerdict, error) {
	switch v := k.(type) {
	case jose.JSONWebKey:
		return analyseKey(v.Key)
	case *jose.JSONWebKey:
		if v == nil {
			return analyseKey(nil)
		}
		return analyseKey(v.Key)
	case *rsa.PrivateKey:
		bits := v.N.BitLen()
		sk, err := newSigningKey(v, jose.RS256, fmt.Sprintf("%d-bit RSA", bits))
		if bits < 2048 {
			return sk, keyTooSmall, err
		}
		return sk, keyOK, err
	case *ecdsa.PrivateKey:
		var alg jose.SignatureAlgorithm
		switch v.Curve {
		case elliptic.P256():
			alg = jose.ES256
		case elliptic.P384():
			alg = jose.ES384
		case elliptic.P521():
			alg = jose.ES512
		default:
			sk, err := probeKey()
			return sk, keyUnknown, err
		}
		sk, err := newSigningKey(v, alg, "EC "+v.Curve.Params().Name)
		return sk, keyEC, err
	case ed25519.PrivateKey, *ed25519.PrivateKey:
		sk, err := probeKey()
		return sk, keyEdDSA, err
	case nil:
		sk, err := probeKey()
		return sk, keyMissing, err
	}
	sk, err := probeKey()
	return sk, keyUnknown, err
}

// probeKey makes a throwaway key whose assertions Okta will refuse at the
// signature (or kid) step — after it has looked the client up.
func probeKey() (*signingKey, error) {
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("generating a probe key: %w", err)
	}
	sk, err := newSigningKey(k, jose.ES256, "throwaway EC P-256")
	if sk != nil {
		sk.probe = true
	}
	return sk, err
}

func newSigningKey(priv crypto.Signer, alg jose.SignatureAlgorithm, describe string) (*signingKey, error) {
	tp, err := thumbprint(priv.Public())
	if err != nil {
		return nil, err
	}
	return &signingKey{priv: priv, alg: alg, thumbprint: tp, describe: describe}, nil
}

// thumbprint is the RFC 7638 SHA-256 JWK thumbprint, base64url.
func thumbprint(pub crypto.PublicKey) (string, error) {
	jwk := jose.JSONWebKey{Key: pub}
	sum, err := jwk.Thumbprint(crypto.SHA256)
	if err != nil {
		return "", fmt.Errorf("computing the key thumbprint: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(sum), nil
}

// assertionClaims are the client assertion's claims, as Tako sends them.
type assertionClaims struct {
	Issuer   string           `json:"iss"`
	Subject  string           `json:"sub"`
	Audience string           `json:"aud"`
	Expiry   *jwt.NumericDate `json:"exp"`
	IssuedAt *jwt.NumericDate `json:"iat"`
	NotBef   *jwt.NumericDate `json:"nbf"`
	ID       string           `json:"jti"`
}

// assertion signs a client assertion the way Tako does (docs/tako-env.md):
// iss = sub = client ID, aud = the token URL, exp = now + 5 min, iat = nbf =
// now, a fresh random jti, and — unless kid is given — no kid header. Tako
// subtracts 0–30 s of jitter from iat; the engine uses 0, Tako's strictest
// case, so that a clock running ahead shows up here rather than later, at
// random, in Tako.
func (k *signingKey) assertion(clientID, tokenURL string, now time.Time, kid string) (string, error) {
	var key any = k.priv
	if kid != "" {
		key = jose.JSONWebKey{Key: k.priv, KeyID: kid, Algorithm: string(k.alg)}
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: k.alg, Key: key}, (&jose.SignerOptions{}).WithType("JWT"))
	if err != nil {
		return "", fmt.Errorf("preparing the assertion signer: %w", err)
	}
	jti, err := randomID()
	if err != nil {
		return "", err
	}
	c := assertionClaims{
		Issuer: clientID, Subject: clientID, Audience: tokenURL,
		Expiry: jwt.NewNumericDate(now.Add(assertionLifetime)), IssuedAt: jwt.NewNumericDate(now), NotBef: jwt.NewNumericDate(now),
		ID: jti,
	}
	s, err := jwt.Signed(signer).Claims(c).Serialize()
	if err != nil {
		return "", fmt.Errorf("signing the client assertion: %w", err)
	}
	return s, nil
}

// dpopSigner makes DPoP proofs (RFC 9449) with an ephemeral key. Okta keeps
// the DPoP key separate from the client-authentication key; an EC P-256 key
// is quick to make and ES256 is among the algorithms Okta accepts.
type dpopSigner struct {
	signer jose.Signer
}

func newDPoPSigner() (*dpopSigner, error) {
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("generating the DPoP key: %w", err)
	}
	s, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.ES256, Key: k},
		(&jose.SignerOptions{EmbedJWK: true}).WithType("dpop+jwt"))
	if err != nil {
		return nil, fmt.Errorf("preparing the DPoP signer: %w", err)
	}
	return &dpopSigner{signer: s}, nil
}

// dpopClaims are a DPoP proof's claims.
type dpopClaims struct {
	Method   string           `json:"htm"`
	URL      string           `json:"htu"`
	IssuedAt *jwt.NumericDate `json:"iat"`
	ID       string           `json:"jti"`
	Nonce    string           `json:"nonce,omitempty"`
	ATHash   string           `json:"ath,omitempty"`
}

// proof makes a single-use proof for one request. htu is the URL without
// query or fragment; accessToken, when given, is bound through ath.
func (d *dpopSigner) proof(method, htu, nonce, accessToken string, now time.Time) (string, error) {
	jti, err := randomID()
	if err != nil {
		return "", err
	}
	c := dpopClaims{Method: method, URL: htu, IssuedAt: jwt.NewNumericDate(now), ID: jti, Nonce: nonce}
	if accessToken != "" {
		sum := sha256.Sum256([]byte(accessToken))
		c.ATHash = base64.RawURLEncoding.EncodeToString(sum[:])
	}
	s, err := jwt.Signed(d.signer).Claims(c).Serialize()
	if err != nil {
		return "", fmt.Errorf("signing the DPoP proof: %w", err)
	}
	return s, nil
}

// randomID is a 128-bit random identifier for jti claims.
func randomID() (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("reading randomness: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b[:]), nil
}
