package steps

import (
	"github.com/fctr-id/tako-setup/checks/keys"
)

// ParseKey reads a private key pasted or loaded from a file (any form
// checks/keys understands: PKCS#8 or PKCS#1 PEM, Okta's private JWK, …) and
// applies Tako's rules (RSA, at least 2048 bits). The whole text is
// validated at once, so a paste cut short (a terminal without bracketed
// paste) is refused rather than half-used. Errors explain the problem in
// the user's words and never contain key material.
func ParseKey(text string) (*Key, error) {
	k, err := keys.Normalize(text)
	if err != nil {
		return nil, err
	}
	return fromKeys(k, false), nil
}

// GenerateKey makes a new RSA key here (the default Env.GenerateKey).
func GenerateKey(bits int) (*Key, error) {
	k, err := keys.Generate(bits)
	if err != nil {
		return nil, err
	}
	return fromKeys(k, true), nil
}

// KeyFromKeys wraps a checks/keys key.
func KeyFromKeys(k *keys.Key, generated bool) *Key { return fromKeys(k, generated) }

func fromKeys(k *keys.Key, generated bool) *Key {
	kid := k.KID
	if k.SourceKID != "" {
		kid = k.SourceKID
	}
	return &Key{
		Private:   k.RSA,
		PEM:       k.PEM(),
		PublicJWK: k.PublicJWK(),
		KID:       kid,
		Bits:      k.Bits,
		Generated: generated,
	}
}
