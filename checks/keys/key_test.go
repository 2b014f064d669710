package keys

import (
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"testing"
)

func TestPEMIsPKCS8WithTakoMarkers(t *testing.T) {
	fixtures(t)
	k, err := Normalize(pkcs1(rsa2048))
	if err != nil {
		t.Fatal(err)
	}
	out := k.PEM().Reveal()
	// Tako's own test: the text must contain both markers.
	if !strings.HasPrefix(out, "-----BEGIN PRIVATE KEY-----\n") || !strings.HasSuffix(out, "-----END PRIVATE KEY-----\n") {
		t.Fatalf("not a PKCS#8 PEM:\n%s", k.PEM().Mask())
	}
	for i, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if len(line) > 64 {
			t.Fatalf("line %d is %d columns", i, len(line))
		}
	}
	again, err := Normalize(out)
	if err != nil || !again.Equal(k) {
		t.Fatalf("PEM does not round-trip: %v", err)
	}
	if got := fmt.Sprint(k.PEM()); strings.Contains(got, "BEGIN") {
		t.Fatal("PEM secret prints its value")
	}
}

// TestThumbprintRFC7638 checks the kid against the worked example in
// RFC 7638 section 3.1, computed by an independent route.
func TestThumbprintRFC7638(t *testing.T) {
	const n = "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw"
	nb, err := base64.RawURLEncoding.DecodeString(n)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Thumbprint(&rsa.PublicKey{N: new(big.Int).SetBytes(nb), E: 65537})
	if err != nil {
		t.Fatal(err)
	}
	if want := "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"; got != want {
		t.Fatalf("thumbprint = %s, want %s", got, want)
	}
}

func TestPublicJWKReadyForOkta(t *testing.T) {
	fixtures(t)
	k, err := FromRSA(rsa2048)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]string
	if err := json.Unmarshal(k.PublicJWK(), &m); err != nil {
		t.Fatal(err)
	}
	for _, private := range []string{"d", "p", "q", "dp", "dq", "qi"} {
		if _, ok := m[private]; ok {
			t.Fatalf("public JWK has private member %q", private)
		}
	}
	if m["kty"] != "RSA" || m["use"] != "sig" || m["alg"] != "RS256" || m["e"] != "AQAB" {
		t.Fatalf("JWK members: %v", m)
	}
	if m["n"] != base64.RawURLEncoding.EncodeToString(rsa2048.N.Bytes()) {
		t.Fatal("n does not match the key")
	}
	// kid is the thumbprint: SHA-256 of the canonical {"e","kty","n"} JSON.
	canonical := fmt.Sprintf(`{"e":"%s","kty":"RSA","n":"%s"}`, m["e"], m["n"])
	sum := sha256.Sum256([]byte(canonical))
	if want := base64.RawURLEncoding.EncodeToString(sum[:]); m["kid"] != want || k.KID != want {
		t.Fatalf("kid %q / KID %q, want thumbprint %q", m["kid"], k.KID, want)
	}
}

func TestKeyNeverPrintsMaterial(t *testing.T) {
	fixtures(t)
	k, err := FromRSA(rsa2048)
	if err != nil {
		t.Fatal(err)
	}
	d := rsa2048.D.String()[:20]
	for _, s := range []string{fmt.Sprint(k), fmt.Sprintf("%v %+v %#v %s %q %d %x", k, k, k, k, k, k, k), fmt.Sprint([]*Key{k})} {
		if strings.Contains(s, d) || strings.Contains(s, rsa2048.N.String()[:20]) {
			t.Fatalf("printed key material: %s", s)
		}
		if !strings.Contains(s, k.KID) {
			t.Fatalf("printed form %q lacks the kid", s)
		}
	}
}

func TestSignerSignsRS256(t *testing.T) {
	fixtures(t)
	k, err := FromRSA(rsa2048)
	if err != nil {
		t.Fatal(err)
	}
	digest := sha256.Sum256([]byte("assertion"))
	sig, err := k.Signer().Sign(nil, digest[:], crypto.SHA256)
	if err != nil {
		t.Fatal(err)
	}
	if err := rsa.VerifyPKCS1v15(&rsa2048.PublicKey, crypto.SHA256, digest[:], sig); err != nil {
		t.Fatal(err)
	}
}

func TestGenerate(t *testing.T) {
	for _, bad := range []int{0, 1024, 2047, 2049, 8192} {
		if _, err := Generate(bad); err == nil {
			t.Errorf("Generate(%d) accepted", bad)
		}
	}
	k, err := Generate(2048)
	if err != nil {
		t.Fatal(err)
	}
	if k.Bits != 2048 || k.RSA.N.BitLen() != 2048 || k.KID == "" {
		t.Fatalf("generated %v", k)
	}
	again, err := Normalize(k.PEM().Reveal())
	if err != nil || !again.Equal(k) || again.KID != k.KID {
		t.Fatalf("generated key does not round-trip: %v", err)
	}
}

func TestFromRSARefusesSmallKeys(t *testing.T) {
	fixtures(t)
	if _, err := FromRSA(rsa1024); !errors.Is(err, ErrTooSmall) || !strings.Contains(err.Error(), "1024 bits") {
		t.Fatalf("err = %v", err)
	}
}
