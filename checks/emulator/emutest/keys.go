package emutest

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"fmt"
	"sync"
	"testing"

	"github.com/go-jose/go-jose/v4"
)

// Keys is how many distinct test keys Key serves.
const Keys = 3

// keys are generated on first use, once per process: RSA 2048 generation
// takes a while, and no key lives in the repository.
var keys [Keys]func() *rsa.PrivateKey

func init() {
	for i := range keys {
		keys[i] = sync.OnceValue(func() *rsa.PrivateKey {
			k, err := rsa.GenerateKey(rand.Reader, 2048)
			if err != nil {
				panic(fmt.Sprintf("generating test key %d: %v", i, err))
			}
			return k
		})
	}
}

// Key returns the process's i-th RSA 2048 test key (0 ≤ i < Keys): the same
// key for the same i on every call, a different key for each i. Key(0) is
// the one the fixtures register by default; the others are a second and a
// third key (a rotation's new key, a key the app does not know).
func Key(i int) *rsa.PrivateKey {
	if i < 0 || i >= Keys {
		panic(fmt.Sprintf("emutest.Key(%d): there are %d test keys", i, Keys))
	}
	return keys[i]()
}

// KeyID is pub's RFC 7638 SHA-256 thumbprint, base64url: the kid
// tako-setup registers a key under.
func KeyID(t testing.TB, pub crypto.PublicKey) string {
	t.Helper()
	sum, err := (&jose.JSONWebKey{Key: pub}).Thumbprint(crypto.SHA256)
	if err != nil {
		t.Fatalf("thumbprint of the test key: %v", err)
	}
	return base64.RawURLEncoding.EncodeToString(sum)
}

// PKCS8PEM is k as a "PRIVATE KEY" PEM block, the form Tako reads.
func PKCS8PEM(t testing.TB, k *rsa.PrivateKey) string {
	t.Helper()
	der, err := x509.MarshalPKCS8PrivateKey(k)
	if err != nil {
		t.Fatalf("encoding the test key: %v", err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
}
