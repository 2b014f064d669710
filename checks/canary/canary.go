// Package canary makes canary secrets for leak tests — an Okta API token
// and an RSA private key, generated at run time — and finds any distinctive
// piece of them in what tako-setup printed or saved.
//
// A leak is not only the whole secret: a 16-character slice of the token,
// or of the key in any of its encodings (the PKCS#8 PEM body Tako reads, a
// PKCS#1 PEM body, the private members of a JWK), is reported too. Only the
// private parts of the key count: its public modulus is meant to be shown
// (as a public JWK) and is left out.
//
// It is test support: tako-setup itself never imports it.
package canary

import (
	"bytes"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io/fs"
	"math/big"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
)

// Window is the length of the smallest slice of a secret that counts as a
// leak. Shorter runs (the last four characters of a mask) are allowed.
const Window = 16

// Set is one set of canary secrets.
type Set struct {
	// Token is an Okta API token ("00" and 40 URL-safe base64 characters).
	Token string
	// Key is the private key; PEM is its PKCS#8 PEM (what the .env holds),
	// PKCS1PEM the "RSA PRIVATE KEY" form and JWK the private JWK, as a user
	// might paste them.
	Key      *rsa.PrivateKey
	PEM      string
	PKCS1PEM string
	JWK      string

	needles map[string]string // Window-long slice → what it is a piece of
}

// sharedKey is generated once per test binary: RSA 2048 takes a while.
var sharedKey = sync.OnceValues(func() (*rsa.PrivateKey, error) { return rsa.GenerateKey(rand.Reader, 2048) })

// New returns a set with a fresh token and the test binary's canary key.
func New(t testing.TB) *Set {
	t.Helper()
	key, err := sharedKey()
	if err != nil {
		t.Fatalf("generating the canary key: %v", err)
	}
	s, err := build(Token(), key)
	if err != nil {
		t.Fatalf("encoding the canary key: %v", err)
	}
	return s
}

// Of returns the set for a token and key made elsewhere (a key that
// tako-setup generated, read back from its file, to prove it never printed
// it). An empty token gets a fresh one.
func Of(t testing.TB, token string, key *rsa.PrivateKey) *Set {
	t.Helper()
	if token == "" {
		token = Token()
	}
	s, err := build(token, key)
	if err != nil {
		t.Fatalf("encoding the key: %v", err)
	}
	return s
}

// Token returns a fresh random token shaped like an Okta API token. It
// always holds a '-' and a '_', as real tokens usually do, so that code
// which tells names from secrets by those characters meets them every run.
func Token() string {
	const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_"
	pick := func(n int) int {
		v, err := rand.Int(rand.Reader, big.NewInt(int64(n)))
		if err != nil {
			panic(err)
		}
		return int(v.Int64())
	}
	for {
		b := []byte("00")
		for len(b) < 42 {
			b = append(b, alphabet[pick(len(alphabet))])
		}
		if strings.ContainsRune(string(b), '-') && strings.ContainsRune(string(b), '_') {
			return string(b)
		}
	}
}

func build(token string, key *rsa.PrivateKey) (*Set, error) {
	der8, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, err
	}
	der1 := x509.MarshalPKCS1PrivateKey(key)
	s := &Set{
		Token:    token,
		Key:      key,
		PEM:      string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der8})),
		PKCS1PEM: string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: der1})),
		needles:  map[string]string{},
	}
	s.add("the API token", token, 0)
	// The DER starts with the structure and the public modulus and
	// exponent; only what follows is private. The offsets leave a margin.
	s.add("the private key (PKCS#8 PEM body)", base64.StdEncoding.EncodeToString(der8), privateStart(der8))
	s.add("the private key (PKCS#1 PEM body)", base64.StdEncoding.EncodeToString(der1), privateStart(der1))
	key.Precompute()
	jwk := map[string]string{"kty": "RSA"}
	enc := base64.RawURLEncoding
	for name, v := range map[string]*big.Int{"d": key.D, "p": key.Primes[0], "q": key.Primes[1], "dp": key.Precomputed.Dp, "dq": key.Precomputed.Dq, "qi": key.Precomputed.Qinv} {
		jwk[name] = enc.EncodeToString(v.Bytes())
		s.add("the private key (JWK "+name+")", jwk[name], 0)
		s.add("the private key (JWK "+name+", standard base64)", base64.RawStdEncoding.EncodeToString(v.Bytes()), 0)
	}
	jwk["n"] = enc.EncodeToString(key.N.Bytes())
	jwk["e"] = enc.EncodeToString(big.NewInt(int64(key.E)).Bytes())
	b, err := json.Marshal(jwk)
	if err != nil {
		return nil, err
	}
	s.JWK = string(b)
	return s, nil
}

// privateStart is the first base64 character of der that encodes nothing
// but private material: past the public exponent, which follows the
// modulus, rounded up to a whole base64 group, plus a margin.
func privateStart(der []byte) int {
	// The public exponent 65537 is encoded 02 03 01 00 01 right after the
	// modulus in both PKCS#1 and PKCS#8.
	i := bytes.Index(der, []byte{0x02, 0x03, 0x01, 0x00, 0x01})
	if i < 0 {
		return len(der) * 4 / 3 / 2 // unusual exponent: the second half is surely private
	}
	end := i + 5
	return (end+2)/3*4 + 4
}

func (s *Set) add(what, encoded string, from int) {
	for i := from; i+Window <= len(encoded); i++ {
		if _, ok := s.needles[encoded[i:i+Window]]; !ok {
			s.needles[encoded[i:i+Window]] = what
		}
	}
}

// Leak is a piece of a canary found in some text.
type Leak struct {
	What   string // which secret, e.g. "the API token"
	Offset int    // byte offset in the text
	Line   int    // 1-based line
}

func (l Leak) String() string {
	return fmt.Sprintf("%s (%d+ characters of it) at line %d, byte %d", l.What, Window, l.Line, l.Offset)
}

// Find returns the first leak in text, if any. The text is also searched
// with JSON-style escapes undone (\n, \/, \u002b), so that a key inside a
// JSON document or a .env value is found too.
func (s *Set) Find(text []byte) (Leak, bool) {
	if l, ok := s.find(text); ok {
		return l, true
	}
	if bytes.IndexByte(text, '\\') >= 0 {
		r := strings.NewReplacer(`\n`, "\n", `\/`, "/", `\u002b`, "+", `\u002B`, "+", `\u003d`, "=", `\u003D`, "=")
		if l, ok := s.find([]byte(r.Replace(string(text)))); ok {
			l.What += ", JSON-escaped"
			return l, true
		}
	}
	return Leak{}, false
}

func (s *Set) find(text []byte) (Leak, bool) {
	// PEM bodies are wrapped every 64 characters: look in each line, and in
	// the text with line breaks removed.
	for pass := 0; pass < 2; pass++ {
		t := text
		if pass == 1 {
			t = []byte(strings.NewReplacer("\r", "", "\n", "").Replace(string(text)))
		}
		for i := 0; i+Window <= len(t); i++ {
			if what, ok := s.needles[string(t[i:i+Window])]; ok {
				if pass == 1 {
					return Leak{What: what + ", across lines", Offset: -1, Line: 0}, true
				}
				return Leak{What: what, Offset: i, Line: 1 + bytes.Count(t[:i], []byte("\n"))}, true
			}
		}
	}
	return Leak{}, false
}

// Check reports (t.Errorf) a leak of the set in text, naming where the
// text came from. It never prints the secret.
func (s *Set) Check(t testing.TB, where string, text []byte) {
	t.Helper()
	if l, ok := s.Find(text); ok {
		t.Errorf("%s shows %s", where, l)
	}
}

// CheckString is Check for a string.
func (s *Set) CheckString(t testing.TB, where, text string) {
	t.Helper()
	s.Check(t, where, []byte(text))
}

// CheckTree checks every regular file under root, except the ones for
// which allow returns true (the .env, which is meant to hold the secret).
// It returns how many files it read.
func (s *Set) CheckTree(t testing.TB, root string, allow func(path string) bool) int {
	t.Helper()
	var files []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() && (allow == nil || !allow(path)) {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("walking %s: %v", root, err)
	}
	sort.Strings(files)
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatalf("reading %s: %v", f, err)
		}
		s.Check(t, f, b)
	}
	return len(files)
}

// RepoRoot is the module's root directory (the nearest go.mod above the
// test's working directory), for tests that scan the repository's files.
func RepoRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's directory")
		}
		dir = parent
	}
}
