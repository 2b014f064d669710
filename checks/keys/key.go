// Package keys reads, checks and generates the RSA private key Tako signs its
// Okta client assertions with.
//
// Tako accepts one form only: an unencrypted PKCS#8 PEM ("BEGIN PRIVATE
// KEY") holding an RSA key (it signs RS256), which Okta wants to be at least
// 2048 bits. Admins arrive with many other forms (PKCS#1 PEM, Okta's private
// JWK, a key mangled by copying); Normalize accepts all of those and turns
// them into that one form, or explains why it cannot.
package keys

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"fmt"

	jose "github.com/go-jose/go-jose/v4"

	"github.com/fctr-id/tako-setup/checks/secret"
)

// MinBits is the smallest RSA key Okta accepts for private_key_jwt.
const MinBits = 2048

// GenerateSizes are the key sizes Generate (and `tako-setup keygen`) offer.
var GenerateSizes = []int{2048, 3072, 4096}

// Key is an RSA private key that meets Tako's rules. Printing a Key with any
// fmt verb shows only its size and kid, never key material.
type Key struct {
	// RSA is the private key.
	RSA *rsa.PrivateKey
	// Bits is the modulus size.
	Bits int
	// KID is the RFC 7638 SHA-256 thumbprint of the public key, base64url
	// without padding. tako-setup uses it as the kid of the public JWK it
	// asks the admin to add to Okta.
	KID string
	// SourceKID is the kid of the JWK the key was pasted as, if any. For a
	// key Okta generated, this (not KID) is the kid Okta lists for it.
	SourceKID string
}

// Normalize parses input (see Parse) and applies Tako's rules: the key must
// be RSA (Tako signs RS256 only) of at least MinBits bits. Errors are
// *KeyError values: use errors.Is with ErrNotRSA, ErrTooSmall, ErrEncrypted,
// ErrPublicKey, ErrEmpty, ErrMalformed, ErrUnsupported or ErrAmbiguous.
func Normalize(input string) (*Key, error) {
	priv, kid, err := parse(input)
	if err != nil {
		return nil, err
	}
	return fromPrivate(priv, kid)
}

// FromRSA wraps an existing RSA key after checking Tako's rules.
func FromRSA(priv *rsa.PrivateKey) (*Key, error) { return fromPrivate(priv, "") }

func fromPrivate(priv crypto.PrivateKey, sourceKID string) (*Key, error) {
	r, ok := priv.(*rsa.PrivateKey)
	if !ok || r == nil {
		return nil, keyErr(ErrNotRSA, fmt.Sprintf("This is %s key. Tako signs its Okta requests with RS256 only, so it needs an RSA key (at least %d bits). %s", describeNonRSA(priv), MinBits, adviceGenerate))
	}
	bits := r.N.BitLen()
	if bits < MinBits {
		return nil, tooSmallError(bits)
	}
	if err := r.Validate(); err != nil {
		return nil, keyErr(ErrMalformed, "This RSA key is inconsistent (its numbers do not form a valid key pair). Copy it again, or generate a new one with `tako-setup keygen`.")
	}
	r.Precompute()
	kid, err := thumbprint(&r.PublicKey)
	if err != nil {
		return nil, keyErr(ErrMalformed, "This RSA key's public part cannot be encoded as a JWK.")
	}
	return &Key{RSA: r, Bits: bits, KID: kid, SourceKID: sourceKID}, nil
}

// Generate makes a new RSA key of 2048, 3072 or 4096 bits.
func Generate(bits int) (*Key, error) {
	allowed := false
	for _, b := range GenerateSizes {
		allowed = allowed || b == bits
	}
	if !allowed {
		return nil, fmt.Errorf("key size %d is not offered: choose 2048, 3072 or 4096 bits", bits)
	}
	r, err := rsa.GenerateKey(rand.Reader, bits)
	if err != nil {
		return nil, fmt.Errorf("generating an RSA %d-bit key: %w", bits, err)
	}
	return fromPrivate(r, "")
}

// PEM returns the key as Tako wants it: PKCS#8, "-----BEGIN PRIVATE KEY-----",
// base64 in 64-column lines, ending with a newline.
func (k *Key) PEM() secret.Secret {
	der, err := x509.MarshalPKCS8PrivateKey(k.RSA)
	if err != nil {
		// Unreachable for a key that passed fromPrivate.
		panic("keys: marshalling a validated RSA key as PKCS#8: " + err.Error())
	}
	return secret.New(string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})))
}

// PublicJWK returns the public half as a JWK (kty, n, e, kid = KID,
// use "sig", alg "RS256"), ready to paste into Okta's "Add key" dialog.
func (k *Key) PublicJWK() []byte {
	b, err := k.publicJWK().MarshalJSON()
	if err != nil {
		panic("keys: marshalling an RSA public JWK: " + err.Error())
	}
	return b
}

func (k *Key) publicJWK() jose.JSONWebKey {
	return jose.JSONWebKey{Key: &k.RSA.PublicKey, KeyID: k.KID, Algorithm: string(jose.RS256), Use: "sig"}
}

// Signer returns the key as a crypto.Signer, for signing client assertions
// (RS256: SHA-256 with PKCS#1 v1.5 padding).
func (k *Key) Signer() crypto.Signer { return k.RSA }

// Equal reports whether two keys are the same key pair.
func (k *Key) Equal(o *Key) bool {
	return k != nil && o != nil && k.RSA.PublicKey.Equal(&o.RSA.PublicKey)
}

// String describes the key without key material, e.g. "RSA 2048-bit key
// (kid Qx4…)".
func (k *Key) String() string {
	if k == nil || k.RSA == nil {
		return "(no key)"
	}
	return fmt.Sprintf("RSA %d-bit key (kid %s)", k.Bits, k.KID)
}

// GoString keeps %#v from dumping the private numbers.
func (k *Key) GoString() string { return "keys.Key(" + k.String() + ")" }

// Format makes every fmt verb print String, never the private numbers.
func (k *Key) Format(f fmt.State, verb rune) {
	if verb == 'q' {
		fmt.Fprintf(f, "%q", k.String())
		return
	}
	_, _ = f.Write([]byte(k.String()))
}

// thumbprint computes the RFC 7638 SHA-256 thumbprint, base64url.
func thumbprint(pub *rsa.PublicKey) (string, error) {
	jwk := jose.JSONWebKey{Key: pub}
	sum, err := jwk.Thumbprint(crypto.SHA256)
	if err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(sum), nil
}

// Thumbprint returns the RFC 7638 SHA-256 thumbprint (base64url) of an RSA
// public key, the kid tako-setup gives keys it generates.
func Thumbprint(pub *rsa.PublicKey) (string, error) { return thumbprint(pub) }
