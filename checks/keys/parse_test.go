package keys

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// TestParseAcceptsEveryForm feeds the same RSA key in every form and damage
// an admin is likely to paste, and expects the same key back.
func TestParseAcceptsEveryForm(t *testing.T) {
	fixtures(t)
	p8 := pkcs8(t, rsa2048)
	p1 := pkcs1(rsa2048)
	body := strings.Join(strings.Split(strings.TrimSpace(p8), "\n")[1:strings.Count(strings.TrimSpace(p8), "\n")], "")
	jwk := jwkJSON(t, rsa2048, "okta-generated-kid")

	cases := map[string]struct {
		in      string
		wantKID string // SourceKID expected
	}{
		"pkcs8":                  {in: p8},
		"pkcs1":                  {in: p1},
		"crlf":                   {in: strings.ReplaceAll(p8, "\n", "\r\n")},
		"surrounding whitespace": {in: "\n\n   \t" + p8 + "  \n\n"},
		"literal \\n escapes":    {in: strings.ReplaceAll(p8, "\n", `\n`)},
		"literal \\r\\n escapes": {in: strings.ReplaceAll(p8, "\n", `\r\n`)},
		"doubly escaped \\\\n":   {in: strings.ReplaceAll(p8, "\n", `\\n`)},
		"one line with spaces":   {in: strings.ReplaceAll(strings.TrimSpace(p8), "\n", " ")},
		"pkcs1 on one line":      {in: strings.ReplaceAll(strings.TrimSpace(p1), "\n", " ")},
		"double quoted":          {in: `"` + p8 + `"`},
		"single quoted":          {in: "'" + p8 + "'"},
		"stray quote at one end": {in: `"` + p8},
		"quoted with comma":      {in: `"` + strings.ReplaceAll(p8, "\n", `\n`) + `",`},
		"whole .env line":        {in: `OKTA_OAUTH2_PRIVATE_KEY_PEM="` + p8 + `"`},
		"export .env line":       {in: `export OKTA_OAUTH2_PRIVATE_KEY_PEM='` + p8 + `'`},
		"byte order mark":        {in: "\ufeff" + p8},
		"base64 body only":       {in: body},
		"with a certificate too": {in: p8 + certPEM(t, rsa2048)},
		"pkcs1 labelled pkcs8":   {in: strings.ReplaceAll(p1, "RSA PRIVATE KEY", "PRIVATE KEY")},
		"jwk with kid":           {in: jwk, wantKID: "okta-generated-kid"},
		"jwk pretty printed":     {in: "{\n  " + strings.ReplaceAll(jwk[1:], ",", ",\n  "), wantKID: "okta-generated-kid"},
		"jwks with one key":      {in: `{"keys":[` + jwk + `]}`, wantKID: "okta-generated-kid"},
		"jwks private+public":    {in: `{"keys":[` + jwkJSON(t, &rsa2048.PublicKey, "pub") + `,` + jwk + `]}`, wantKID: "okta-generated-kid"},
		"json array of one jwk":  {in: `[` + jwk + `]`, wantKID: "okta-generated-kid"},
		"jwk without kid":        {in: jwkJSON(t, rsa2048, "")},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			k, err := Normalize(tc.in)
			if err != nil {
				t.Fatalf("Normalize: %v", err)
			}
			if !k.RSA.PublicKey.Equal(&rsa2048.PublicKey) || k.RSA.D.Cmp(rsa2048.D) != 0 {
				t.Fatal("parsed a different key")
			}
			if k.Bits != 2048 {
				t.Errorf("Bits = %d", k.Bits)
			}
			if k.SourceKID != tc.wantKID {
				t.Errorf("SourceKID = %q, want %q", k.SourceKID, tc.wantKID)
			}
			raw, err := Parse(tc.in)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if _, ok := raw.(*rsa.PrivateKey); !ok {
				t.Fatalf("Parse returned %T", raw)
			}
		})
	}
}

func TestParseOtherAlgorithms(t *testing.T) {
	fixtures(t)
	// Parse is lenient about the algorithm; Normalize applies Tako's rules.
	for name, in := range map[string]string{
		"ec pkcs8":      pkcs8(t, ecP256),
		"ed25519 pkcs8": pkcs8(t, edKey),
		"ec jwk":        jwkJSON(t, ecP256, "e"),
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := Parse(in); err != nil {
				t.Fatalf("Parse: %v", err)
			}
			_, err := Normalize(in)
			if !errors.Is(err, ErrNotRSA) {
				t.Fatalf("Normalize error = %v, want ErrNotRSA", err)
			}
			if !strings.Contains(err.Error(), "RS256") {
				t.Errorf("error does not say why: %q", err)
			}
		})
	}
}

// TestRefusals checks that each kind of wrong input is refused with its own
// sentinel, an actionable message, and no key material.
func TestRefusals(t *testing.T) {
	fixtures(t)
	p8 := pkcs8(t, rsa2048)
	lines := strings.Split(strings.TrimSpace(p8), "\n")
	damaged := strings.Join(append(append([]string{lines[0]}, lines[1][:30]+"!!"+lines[1][32:]), lines[2:]...), "\n")
	cases := []struct {
		name     string
		in       string
		kind     error
		mentions string
	}{
		{"empty", "", ErrEmpty, "paste"},
		{"only whitespace", " \n\t\r\n ", ErrEmpty, "paste"},
		{"only quotes", `""`, ErrEmpty, "paste"},
		{"garbage", "hello world", ErrMalformed, "BEGIN PRIVATE KEY"},
		{"a password", "hunter2hunter2", ErrMalformed, "BEGIN PRIVATE KEY"},
		{"encrypted pkcs8", "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIFHDBOBgkqhkiG9w0BBQ0wQTApBgkqhkiG9w0BBQwwHAQI\n-----END ENCRYPTED PRIVATE KEY-----\n", ErrEncrypted, "openssl pkey -in enc.pem -out key.pem"},
		{"encrypted legacy pem", "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,00112233445566778899AABBCCDDEEFF\n\nc29tZSBlbmNyeXB0ZWQgYnl0ZXM=\n-----END RSA PRIVATE KEY-----\n", ErrEncrypted, "openssl pkey"},
		{"public key pem", publicPEM(t, rsa2048), ErrPublicKey, "private key"},
		{"rsa public key pem", pemOf("RSA PUBLIC KEY", x509.MarshalPKCS1PublicKey(&rsa2048.PublicKey)), ErrPublicKey, "private key"},
		{"certificate", certPEM(t, rsa2048), ErrPublicKey, "certificate"},
		{"public jwk", jwkJSON(t, &rsa2048.PublicKey, "k"), ErrPublicKey, "Generate new key"},
		{"jwks of public keys", `{"keys":[` + jwkJSON(t, &rsa2048.PublicKey, "k") + `]}`, ErrPublicKey, "private key"},
		{"ssh public key", "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7 admin@host", ErrPublicKey, "private key"},
		{"rsa 1024", pkcs8(t, rsa1024), ErrTooSmall, "2048"},
		{"rsa 1024 pkcs1", pkcs1(rsa1024), ErrTooSmall, "tako-setup keygen"},
		{"rsa 1024 jwk", jwkJSON(t, rsa1024, ""), ErrTooSmall, "2048"},
		{"ed25519", pkcs8(t, edKey), ErrNotRSA, "RS256"},
		{"oct jwk", `{"kty":"oct","k":"c2VjcmV0"}`, ErrNotRSA, "RSA"},
		{"x25519 jwk", `{"kty":"OKP","crv":"X25519","x":"AAAA","d":"AAAA"}`, ErrNotRSA, "RS256"},
		{"openssh private key", "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n-----END OPENSSH PRIVATE KEY-----", ErrUnsupported, "ssh-keygen -p"},
		{"putty key", "PuTTY-User-Key-File-3: ssh-rsa\nEncryption: none\n", ErrUnsupported, "puttygen"},
		{"dsa", "-----BEGIN DSA PRIVATE KEY-----\nAAAA\n-----END DSA PRIVATE KEY-----", ErrNotRSA, "RSA"},
		{"cut off at the end", p8[:len(p8)/2], ErrMalformed, "-----END"},
		{"cut off at the start", p8[len(p8)/2:], ErrMalformed, "-----BEGIN"},
		{"damaged base64", damaged, ErrMalformed, "copy"},
		{"mismatched armour", strings.Replace(p8, "END PRIVATE KEY", "END RSA PRIVATE KEY", 1), ErrMalformed, "mixed"},
		{"two private keys", p8 + pkcs1(rsa2048), ErrAmbiguous, "only the one"},
		{"csr", "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----", ErrMalformed, "certificate request"},
		{"broken json", `{"kty":"RSA","n":"abc"`, ErrMalformed, "JSON"},
		{"json without kty", `{"alg":"RS256","d":"abc"}`, ErrMalformed, "kty"},
		{"rsa jwk without primes", withoutPrimes(t, jwkJSON(t, rsa2048, "")), ErrMalformed, `"p"`},
		{"rsa jwk with wrong d", wrongD(t, jwkJSON(t, rsa2048, "")), ErrMalformed, "damaged"},
		{"empty jwks", `{"keys":[]}`, ErrMalformed, "empty"},
		{"far too long", strings.Repeat(p8, 200), ErrMalformed, "too long"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Normalize(tc.in)
			if err == nil {
				t.Fatal("accepted")
			}
			if !errors.Is(err, tc.kind) {
				t.Fatalf("error %q is not %v", err, tc.kind)
			}
			var ke *KeyError
			if !errors.As(err, &ke) {
				t.Fatalf("error is %T, not *KeyError", err)
			}
			if !strings.Contains(err.Error(), tc.mentions) {
				t.Errorf("error %q does not mention %q", err, tc.mentions)
			}
			assertNoKeyMaterial(t, err.Error(), tc.in)
		})
	}
}

// assertNoKeyMaterial fails if any 12-character run of the input's base64
// or JSON values appears in msg.
func assertNoKeyMaterial(t *testing.T, msg, input string) {
	t.Helper()
	for _, field := range strings.FieldsFunc(input, func(r rune) bool {
		return !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '+' || r == '/' || r == '_' || r == '-')
	}) {
		if len(field) < 24 || strings.Trim(field, "-") == "" {
			continue
		}
		for i := 0; i+12 <= len(field); i += 6 {
			if strings.Contains(msg, field[i:i+12]) {
				t.Fatalf("error message leaks input text %q", field[i:i+12])
			}
		}
	}
}

func TestErrorsNeverLeakWithPaddedGarbage(t *testing.T) {
	fixtures(t)
	p8 := pkcs8(t, rsa2048)
	// Corrupt the middle of a real key: the message must still not echo it.
	in := strings.Replace(p8, "\n", "\n#%\n", 5)
	_, err := Normalize(in)
	if !errors.Is(err, ErrMalformed) {
		t.Fatalf("error = %v, want ErrMalformed", err)
	}
	assertNoKeyMaterial(t, err.Error(), in)
	if s := fmt.Sprintf("%v %+v %#v", err, err, err); strings.Contains(s, p8[40:60]) {
		t.Fatal("formatted error leaks key text")
	}
}

func withoutPrimes(t *testing.T, jwk string) string {
	t.Helper()
	return removeMembers(t, jwk, "p", "q", "dp", "dq", "qi")
}

func wrongD(t *testing.T, jwk string) string {
	t.Helper()
	m := decodeJSON(t, jwk)
	m["p"] = base64.RawURLEncoding.EncodeToString([]byte{7})
	return encodeJSON(t, m)
}
