package emulator

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"fmt"
	"slices"
	"time"
)

// Key rules of the JWKS API (docs/okta-behavior.md §8), verbatim causes of the
// 400 E0000001 "Api validation failed: JsonWebKey" error.
const (
	jwkObject          = "JsonWebKey"
	causeKidMissing    = "Each key should have a unique kid when adding multiple keys. Use the Apps API to update the JWKS to add a kid for the existing key, or delete the existing key and re-add the key with a kid using the JWKS APIs."
	causeKidDuplicate  = "All keys in the 'jwks' must have a unique `kid`."
	causeRSATooShort   = "RSA key length in the 'jwks' is less than '2,048' bits for the given key."
	causeTooManyKeys   = "You can't create a new key. You have reached the maximum number of keys allowed (50). To add another key, you must first delete an existing one."
	causeOnlyActiveKey = "Can't deactivate the only active JSON Web Key when the value for `token_endpoint_auth_method` is `private_key_jwt`."
	causeDeleteActive  = "You can't delete an active JSON Web Key. Deactivate the key before deleting it."
	// causeKeyType and causeStatus are our wording [unconfirmed]: the
	// catalogue has no verbatim text for an unsupported key type or status.
	causeKeyType = "The 'jwks' contains a key of an unsupported type. Supported types: RSA, EC."
	causeStatus  = "The key status must be ACTIVE or INACTIVE."

	maxKeysPerApp = 50
	minRSABits    = 2048
)

// AddKey registers a public key on the app ("Add key" in the console, POST
// /api/v1/apps/{id}/credentials/jwks), enforcing docs/okta-behavior.md §8: RSA keys of at least
// 2048 bits or EC keys, a unique kid (required once the app has a key),
// at most 50 keys. status is "ACTIVE" (default when empty) or "INACTIVE".
// Rule violations come back as *APIError with Okta's cause text.
func (o *Org) AddKey(clientID string, pub crypto.PublicKey, kid, status string) (*AppKey, error) {
	var out *AppKey
	err := o.withApp(clientID, func(a *App, now time.Time) error {
		k, apiErr := addKeyLocked(a, pub, kid, status, now)
		if apiErr != nil {
			return apiErr
		}
		kc := *k
		out = &kc
		return nil
	})
	return out, err
}

func addKeyLocked(a *App, pub crypto.PublicKey, kid, status string, now time.Time) (*AppKey, *APIError) {
	switch k := pub.(type) {
	case *rsa.PublicKey:
		if k.N.BitLen() < minRSABits {
			return nil, validationError(jwkObject, causeRSATooShort)
		}
	case *ecdsa.PublicKey:
		if k.Curve != elliptic.P256() && k.Curve != elliptic.P384() && k.Curve != elliptic.P521() {
			return nil, validationError(jwkObject, causeKeyType)
		}
	default:
		return nil, validationError(jwkObject, causeKeyType)
	}
	if status == "" {
		status = "ACTIVE"
	}
	if status != "ACTIVE" && status != "INACTIVE" {
		return nil, validationError(jwkObject, causeStatus)
	}
	if len(a.Keys) >= maxKeysPerApp {
		return nil, validationError(jwkObject, causeTooManyKeys)
	}
	if len(a.Keys) > 0 {
		if kid == "" {
			return nil, validationError(jwkObject, causeKidMissing)
		}
		for _, k := range a.Keys {
			if k.KID == "" {
				return nil, validationError(jwkObject, causeKidMissing)
			}
			if k.KID == kid {
				return nil, validationError(jwkObject, causeKidDuplicate)
			}
		}
	}
	k := &AppKey{KID: kid, Public: pub, Status: status}
	fillKeyDefaults(k, now)
	a.Keys = append(a.Keys, k)
	return k, nil
}

// GenerateKey is the console's "Generate new key": a 2048-bit RSA key pair
// whose public half is registered ACTIVE on the app with a random kid. The
// private key is returned once, as the console shows it once.
func (o *Org) GenerateKey(clientID string) (*rsa.PrivateKey, *AppKey, error) {
	priv, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, nil, fmt.Errorf("generating RSA key: %w", err)
	}
	k, err := o.AddKey(clientID, &priv.PublicKey, ConsoleKID(), "ACTIVE")
	if err != nil {
		return nil, nil, err
	}
	return priv, k, nil
}

// ConsoleKID is a kid as the console's "Generate new key" makes one up:
// random, unrelated to the key's RFC 7638 thumbprint. A key registered
// under it stands for a key the admin made in the console and downloaded.
func ConsoleKID() string { return randomToken(32) }

// ActivateKey sets a key ACTIVE (POST …/jwks/{keyId}/lifecycle/activate).
func (o *Org) ActivateKey(clientID, keyID string) error {
	return o.withKey(clientID, keyID, func(a *App, k *AppKey, now time.Time) error {
		k.Status, k.LastUpdated = "ACTIVE", now
		return nil
	})
}

// DeactivateKey sets a key INACTIVE; the only active key of a
// private_key_jwt app cannot be deactivated (docs/okta-behavior.md §8).
func (o *Org) DeactivateKey(clientID, keyID string) error {
	return o.withKey(clientID, keyID, func(a *App, k *AppKey, now time.Time) error {
		if err := deactivateKeyLocked(a, k, now); err != nil {
			return err
		}
		return nil
	})
}

func deactivateKeyLocked(a *App, k *AppKey, now time.Time) *APIError {
	if k.Status == "ACTIVE" && a.TokenEndpointAuthMethod == "private_key_jwt" && activeKeyCount(a) == 1 {
		return validationError(jwkObject, causeOnlyActiveKey)
	}
	k.Status, k.LastUpdated = "INACTIVE", now
	return nil
}

// DeleteKey removes an INACTIVE key; an active key must be deactivated
// first (docs/okta-behavior.md §8).
func (o *Org) DeleteKey(clientID, keyID string) error {
	return o.withKey(clientID, keyID, func(a *App, k *AppKey, _ time.Time) error {
		if err := deleteKeyLocked(a, k); err != nil {
			return err
		}
		return nil
	})
}

func deleteKeyLocked(a *App, k *AppKey) *APIError {
	if k.Status == "ACTIVE" {
		return validationError(jwkObject, causeDeleteActive)
	}
	a.Keys = slices.DeleteFunc(a.Keys, func(x *AppKey) bool { return x == k })
	return nil
}

// withKey finds a key by its Okta id (pks…) — or, for convenience in
// tests, by its kid — and runs f under the lock.
func (o *Org) withKey(clientID, keyID string, f func(a *App, k *AppKey, now time.Time) error) error {
	return o.withApp(clientID, func(a *App, now time.Time) error {
		k := findKey(a, keyID)
		if k == nil {
			return notFound(fmt.Sprintf("%s (JsonWebKey)", keyID))
		}
		return f(a, k, now)
	})
}

func findKey(a *App, keyID string) *AppKey {
	for _, k := range a.Keys {
		if k.ID == keyID {
			return k
		}
	}
	for _, k := range a.Keys {
		if k.KID != "" && k.KID == keyID {
			return k
		}
	}
	return nil
}

func activeKeyCount(a *App) int {
	n := 0
	for _, k := range a.Keys {
		if k.Status == "ACTIVE" {
			n++
		}
	}
	return n
}

func fillKeyDefaults(k *AppKey, now time.Time) {
	if k.ID == "" {
		k.ID = newID("pks")
	}
	if k.Status == "" {
		k.Status = "ACTIVE"
	}
	if k.Use == "" {
		k.Use = "sig"
	}
	if k.Created.IsZero() {
		k.Created = now
	}
	if k.LastUpdated.IsZero() {
		k.LastUpdated = k.Created
	}
}

// keyAlg is the JWS algorithm Okta lists for a stored key.
func keyAlg(pub crypto.PublicKey) string {
	if ec, ok := pub.(*ecdsa.PublicKey); ok {
		switch ec.Curve {
		case elliptic.P384():
			return "ES384"
		case elliptic.P521():
			return "ES512"
		}
		return "ES256"
	}
	return "RS256"
}
