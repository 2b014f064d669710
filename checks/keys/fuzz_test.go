package keys

import (
	"errors"
	"strings"
	"testing"
)

// FuzzNormalize: the normaliser never panics, every refusal is a *KeyError
// with a known kind, and every accepted key re-encodes to a PEM that
// normalises to the same key. Seeds: testdata/fuzz/FuzzNormalize (shapes
// only, no real keys) plus keys generated here at run time.
func FuzzNormalize(f *testing.F) {
	fixtures(f)
	for _, s := range []string{
		pkcs8(f, rsa2048), pkcs1(rsa2048), pkcs8(f, ecP256), pkcs8(f, edKey),
		jwkJSON(f, rsa2048, "kid"), strings.ReplaceAll(pkcs8(f, rsa2048), "\n", " "),
	} {
		f.Add(s)
	}
	kinds := []error{ErrEmpty, ErrEncrypted, ErrPublicKey, ErrNotRSA, ErrTooSmall, ErrUnsupported, ErrMalformed, ErrAmbiguous}
	f.Fuzz(func(t *testing.T, in string) {
		k, err := Normalize(in)
		if err != nil {
			var ke *KeyError
			if !errors.As(err, &ke) {
				t.Fatalf("error %T is not a *KeyError: %v", err, err)
			}
			known := false
			for _, kind := range kinds {
				known = known || errors.Is(err, kind)
			}
			if !known {
				t.Fatalf("error of unknown kind: %v", err)
			}
			return
		}
		if k.Bits < MinBits || k.KID == "" {
			t.Fatalf("accepted %v", k)
		}
		again, err := Normalize(k.PEM().Reveal())
		if err != nil || !again.Equal(k) {
			t.Fatalf("PEM does not round-trip: %v", err)
		}
	})
}
