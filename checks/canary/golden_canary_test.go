package canary

import (
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/go-jose/go-jose/v4"
)

// TestNoRealLookingSecretInTheRepository (the hardening suite, TESTING.md) reads every file the
// repository tracks except Go source — golden files, fuzz corpora,
// testdata, screenshots, docs — and fails on anything that works as a
// credential: a PEM or JWK private key that parses, or a string shaped like
// an Okta API token. Tests make their secrets at run time; a golden or a
// screenshot that captured one would ship it.
func TestNoRealLookingSecretInTheRepository(t *testing.T) {
	root := RepoRoot(t)
	out, err := exec.Command("git", "-C", root, "ls-files", "-z").Output()
	if err != nil {
		t.Skipf("not a git checkout (%v): nothing to scan", err)
	}
	token := regexp.MustCompile(`(^|[^A-Za-z0-9_-])(00[A-Za-z0-9_-]{40})([^A-Za-z0-9_-]|$)`)
	jwkStart := regexp.MustCompile(`\{[^{}]*"d"\s*:\s*"[A-Za-z0-9_-]{20,}"[^{}]*\}`)
	scanned := 0
	for _, rel := range strings.Split(strings.TrimRight(string(out), "\x00"), "\x00") {
		if rel == "" || strings.HasSuffix(rel, ".go") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(root, rel))
		if err != nil {
			continue // listed but absent (being deleted) or unreadable
		}
		scanned++
		text := string(data)
		for rest := data; ; {
			var block *pem.Block
			block, rest = pem.Decode(rest)
			if block == nil {
				break
			}
			if strings.Contains(block.Type, "PRIVATE KEY") && parsesAsKey(block.Bytes) {
				t.Errorf("%s holds a working private key (%s)", rel, block.Type)
			}
		}
		if strings.Contains(text, `\n`) && strings.Contains(text, "PRIVATE KEY") {
			// A PEM with escaped line breaks (a .env value, a JSON string).
			unescaped := strings.ReplaceAll(text, `\n`, "\n")
			for rest := []byte(unescaped); ; {
				var block *pem.Block
				block, rest = pem.Decode(rest)
				if block == nil {
					break
				}
				if strings.Contains(block.Type, "PRIVATE KEY") && parsesAsKey(block.Bytes) {
					t.Errorf("%s holds a working private key with escaped line breaks (%s)", rel, block.Type)
				}
			}
		}
		for _, m := range jwkStart.FindAllString(text, -1) {
			var k jose.JSONWebKey
			if json.Unmarshal([]byte(m), &k) == nil && !k.IsPublic() && k.Valid() {
				t.Errorf("%s holds a working private JWK", rel)
			}
		}
		if m := token.FindStringSubmatch(text); m != nil {
			t.Errorf("%s holds a string shaped like an Okta API token (%s…)", rel, m[2][:6])
		}
	}
	if scanned < 10 {
		t.Fatalf("only %d files scanned", scanned)
	}
	t.Logf("%d tracked files scanned", scanned)
}

func parsesAsKey(der []byte) bool {
	if _, err := x509.ParsePKCS8PrivateKey(der); err == nil {
		return true
	}
	if _, err := x509.ParsePKCS1PrivateKey(der); err == nil {
		return true
	}
	_, err := x509.ParseECPrivateKey(der)
	return err == nil
}

// The scan itself must catch what it looks for.
func TestTheRepositoryScanCatchesSecrets(t *testing.T) {
	s := New(t)
	token := regexp.MustCompile(`(^|[^A-Za-z0-9_-])(00[A-Za-z0-9_-]{40})([^A-Za-z0-9_-]|$)`)
	if !token.MatchString("token: " + s.Token + "\n") {
		t.Error("the token pattern misses a token")
	}
	if token.MatchString("id 00" + strings.Repeat("a", 50)) {
		t.Error("the token pattern matches a longer run")
	}
	block, _ := pem.Decode([]byte(s.PEM))
	if block == nil || !parsesAsKey(block.Bytes) {
		t.Error("a PKCS#8 key does not parse")
	}
	block, _ = pem.Decode([]byte(s.PKCS1PEM))
	if block == nil || !parsesAsKey(block.Bytes) {
		t.Error("a PKCS#1 key does not parse")
	}
	var k jose.JSONWebKey
	if err := json.Unmarshal([]byte(s.JWK), &k); err != nil || k.IsPublic() || !k.Valid() {
		t.Errorf("the private JWK does not read as one: %v", err)
	}
}
