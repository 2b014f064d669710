package canary

import (
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-jose/go-jose/v4"

	"github.com/fctr-id/tako-setup/checks/secret"
)

// The detector must find every form a leak takes, and must not cry wolf
// over what may be shown: the public key, masks, fingerprints.
func TestFindsEveryFormOfTheSecrets(t *testing.T) {
	s := New(t)
	jsonPEM, _ := json.Marshal(map[string]string{"OKTA_OAUTH2_PRIVATE_KEY_PEM": s.PEM})
	pemBody := strings.Join(strings.Split(s.PEM, "\n")[1:], "\n")
	envLine := "OKTA_OAUTH2_PRIVATE_KEY_PEM=\"" + strings.ReplaceAll(s.PEM, "\n", `\n`) + "\"\n"
	leaks := map[string]string{
		"the whole token":                      "token: " + s.Token + "\n",
		"16 characters of the token":           "…" + s.Token[10:26] + "…",
		"the last 16 characters of the token":  s.Token[len(s.Token)-16:],
		"the PKCS#8 PEM":                       s.PEM,
		"one line from the middle of the body": strings.Split(s.PEM, "\n")[12],
		"the body in one line":                 strings.ReplaceAll(pemBody, "\n", ""),
		"the PKCS#8 PEM in JSON":               string(jsonPEM),
		"the PEM as a .env line":               envLine,
		"the PKCS#1 PEM":                       s.PKCS1PEM,
		"the private JWK":                      s.JWK,
		"a 16-character slice across a line break": func() string {
			lines := strings.Split(s.PEM, "\n")
			return lines[10][56:] + "\n" + lines[11][:8]
		}(),
	}
	for name, text := range leaks {
		if _, ok := s.Find([]byte(text)); !ok {
			t.Errorf("%s is not found", name)
		}
	}

	pubDER, err := x509.MarshalPKIXPublicKey(&s.Key.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	pubJWK, err := json.Marshal(jose.JSONWebKey{Key: &s.Key.PublicKey, KeyID: "kid", Algorithm: "RS256", Use: "sig"})
	if err != nil {
		t.Fatal(err)
	}
	fine := map[string]string{
		"15 characters of the token": s.Token[5:20],
		"the token's mask":           secret.New(s.Token).Mask(),
		"the token's fingerprint":    secret.New(s.Token).Fingerprint(),
		"the key's fingerprint":      secret.New(s.PEM).Fingerprint(),
		"the public key PEM":         string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pubDER})),
		"the public PKCS#1 PEM":      string(pem.EncodeToMemory(&pem.Block{Type: "RSA PUBLIC KEY", Bytes: x509.MarshalPKCS1PublicKey(&s.Key.PublicKey)})),
		"the public JWK":             string(pubJWK),
		"another set's token":        New(t).Token,
		"PEM armour":                 "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQ\n-----END PRIVATE KEY-----\n",
	}
	for name, text := range fine {
		if l, ok := s.Find([]byte(text)); ok {
			t.Errorf("%s is reported as a leak: %s", name, l)
		}
	}
}

func TestLeakNamesThePlaceNotTheSecret(t *testing.T) {
	s := New(t)
	l, ok := s.Find([]byte("line one\nline two " + s.Token + "\n"))
	if !ok || l.Line != 2 || l.What != "the API token" || l.Offset != len("line one\nline two ") {
		t.Fatalf("leak = %+v, %v", l, ok)
	}
	if msg := l.String(); strings.Contains(msg, s.Token[:Window]) {
		t.Fatalf("the leak report shows the secret: %s", msg)
	}
}

func TestCheckTreeReadsEveryFileButTheAllowedOnes(t *testing.T) {
	s := New(t)
	dir := t.TempDir()
	write := func(name, text string) {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(".env", "OKTA_API_TOKEN="+s.Token+"\n")
	write("state/progress.json", `{"org_url":"https://acme.okta.com"}`)
	write("state/deep/log.txt", "sent "+s.Token[3:30])
	rec := &recorder{TB: t}
	n := s.CheckTree(rec, dir, func(p string) bool { return filepath.Base(p) == ".env" })
	if n != 2 {
		t.Fatalf("read %d files, want 2", n)
	}
	if len(rec.errors) != 1 || !strings.Contains(rec.errors[0], "log.txt") || strings.Contains(rec.errors[0], s.Token[3:19]) {
		t.Fatalf("errors = %q", rec.errors)
	}
}

// recorder collects Errorf calls instead of failing the test.
type recorder struct {
	testing.TB
	errors []string
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}
