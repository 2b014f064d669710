package steps

import (
	"crypto"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"strings"

	"github.com/go-jose/go-jose/v4"

	"github.com/fctr-id/tako-setup/checks/secret"
)

// ParseKey reads a private key pasted or loaded from a file: PKCS#8 or
// PKCS#1 PEM, or a private JWK (JSON). The whole text is validated at once,
// so a paste cut short (a terminal without bracketed paste) is refused
// rather than half-used. The result holds the key as PKCS#8 PEM, the form
// Tako accepts.
func ParseKey(text string) (*Key, error) {
	text = strings.TrimSpace(strings.ReplaceAll(text, "\r\n", "\n"))
	if text == "" {
		return nil, errors.New("no key given")
	}
	var priv crypto.PrivateKey
	switch {
	case strings.HasPrefix(text, "{"):
		var jwk jose.JSONWebKey
		if err := json.Unmarshal([]byte(text), &jwk); err != nil {
			return nil, fmt.Errorf("reading the JWK: %w", err)
		}
		if jwk.IsPublic() {
			return nil, errors.New("this JWK is a public key; paste the private key (it has a \"d\" member)")
		}
		priv = jwk.Key
	case strings.Contains(text, "-----BEGIN"):
		block, rest := pem.Decode([]byte(text))
		if block == nil {
			return nil, errors.New("the PEM text is incomplete: it needs its -----END …----- line (paste the whole key)")
		}
		if strings.TrimSpace(string(rest)) != "" {
			return nil, errors.New("there is text after the key's END line; paste one key only")
		}
		var err error
		switch block.Type {
		case "PRIVATE KEY":
			priv, err = x509.ParsePKCS8PrivateKey(block.Bytes)
		case "RSA PRIVATE KEY":
			priv, err = x509.ParsePKCS1PrivateKey(block.Bytes)
		case "EC PRIVATE KEY":
			priv, err = x509.ParseECPrivateKey(block.Bytes)
		case "PUBLIC KEY", "RSA PUBLIC KEY", "CERTIFICATE":
			return nil, fmt.Errorf("this is a %s, not a private key", strings.ToLower(block.Type))
		case "ENCRYPTED PRIVATE KEY":
			return nil, errors.New("this key is encrypted with a passphrase; Tako needs an unencrypted PKCS#8 key")
		default:
			return nil, fmt.Errorf("unexpected PEM block %q", block.Type)
		}
		if err != nil {
			return nil, fmt.Errorf("the key is damaged or cut short: %w", err)
		}
	default:
		return nil, errors.New("not a private key: paste a PEM (-----BEGIN PRIVATE KEY-----) or a JWK ({…})")
	}
	return KeyFrom(priv, false)
}

// KeyFrom builds a Key (PKCS#8 PEM, public JWK, kid) from a parsed key.
func KeyFrom(priv crypto.PrivateKey, generated bool) (*Key, error) {
	der, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		return nil, fmt.Errorf("encoding the key as PKCS#8: %w", err)
	}
	k := &Key{
		Private:   priv,
		PEM:       secret.New(string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))),
		Generated: generated,
	}
	signer, ok := priv.(crypto.Signer)
	if !ok {
		return k, nil
	}
	pub := jose.JSONWebKey{Key: signer.Public(), Use: "sig"}
	if rk, ok := priv.(*rsa.PrivateKey); ok {
		k.Bits = rk.N.BitLen()
		pub.Algorithm = "RS256"
	}
	tp, err := pub.Thumbprint(crypto.SHA256)
	if err != nil {
		return nil, fmt.Errorf("computing the key's thumbprint: %w", err)
	}
	pub.KeyID = base64.RawURLEncoding.EncodeToString(tp)
	k.KID = pub.KeyID
	if k.PublicJWK, err = pub.MarshalJSON(); err != nil {
		return nil, fmt.Errorf("encoding the public JWK: %w", err)
	}
	return k, nil
}
