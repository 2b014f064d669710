package envfile

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	composedotenv "github.com/compose-spec/compose-go/v2/dotenv"
	"github.com/joho/godotenv"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/keys"
	"github.com/fctr-id/tako-setup/checks/secret"
)

const python = "/usr/bin/python3"

// requirePythonDotenv skips the test when python-dotenv is missing, except in
// CI (CI set), where that is a failure: the proof must run there.
func requirePythonDotenv(t *testing.T) {
	t.Helper()
	if err := exec.Command(python, "-c", "import dotenv").Run(); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("python-dotenv is not installed (%s -c 'import dotenv': %v); CI must install python3-dotenv", python, err)
		}
		t.Skipf("python-dotenv not available (%v); install python3-dotenv to run this test", err)
	}
}

// pyResult is what python-dotenv read from one file: ordered key/value pairs
// (nil value for a bare KEY), or ok=false if it could not read the file.
type pyResult struct {
	OK     bool               `json:"ok"`
	Values [][2]*string       `json:"values"`
	Error  string             `json:"error"`
	Map    map[string]*string `json:"-"`
}

const pyReader = `
import json, sys
from dotenv import dotenv_values
req = json.load(sys.stdin)
out = []
for p in req["paths"]:
    try:
        vals = dotenv_values(p, interpolate=req["interpolate"])
        out.append({"ok": True, "values": [[k, v] for k, v in vals.items()]})
    except Exception as e:
        out.append({"ok": False, "error": type(e).__name__})
json.dump(out, sys.stdout)
`

// readWithPython reads files with python-dotenv's dotenv_values, the way
// Tako's load_dotenv does, in one python process.
func readWithPython(t *testing.T, paths []string, interpolate bool) []pyResult {
	t.Helper()
	req, _ := json.Marshal(map[string]any{"paths": paths, "interpolate": interpolate})
	cmd := exec.Command(python, "-c", pyReader)
	cmd.Stdin = bytes.NewReader(req)
	cmd.Env = []string{"PYTHONIOENCODING=utf-8", "LANG=C.UTF-8"}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python-dotenv: %v\n%s", err, stderr.String())
	}
	var res []pyResult
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("python-dotenv output: %v", err)
	}
	for i := range res {
		res[i].Map = map[string]*string{}
		for _, kv := range res[i].Values {
			res[i].Map[*kv[0]] = kv[1]
		}
	}
	return res
}

func writeTemp(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestDocReadsLikePythonDotenv compares Doc's reading of every corpus file
// (the tricky files and the fuzz seed corpus) with python-dotenv's own.
func TestDocReadsLikePythonDotenv(t *testing.T) {
	requirePythonDotenv(t)
	dir := t.TempDir()
	names, texts := corpusFiles(t)
	var paths []string
	for i, text := range texts {
		paths = append(paths, writeTemp(t, dir, strconv.Itoa(i)+".env", []byte(text)))
	}
	results := readWithPython(t, paths, false)
	for i, res := range results {
		name, text := names[i], texts[i]
		if !res.OK {
			if !strings.Contains(res.Error, "Decode") {
				t.Errorf("%s: python-dotenv failed: %s", name, res.Error)
			}
			continue
		}
		d := Parse([]byte(text))
		var pyKeys []string
		for _, kv := range res.Values {
			pyKeys = append(pyKeys, *kv[0])
		}
		if got := d.Keys(); strings.Join(got, "\x00") != strings.Join(pyKeys, "\x00") {
			t.Errorf("%s: keys = %q, python-dotenv %q\nfile: %q", name, got, pyKeys, text)
			continue
		}
		for _, key := range pyKeys {
			v, ok := d.Get(key)
			pv := res.Map[key]
			if ok != (pv != nil) || pv != nil && v != *pv {
				t.Errorf("%s: Get(%q) = %q, %v; python-dotenv %v\nfile: %q", name, key, v, ok, show(pv), text)
			}
		}
	}
}

func show(p *string) string {
	if p == nil {
		return "None"
	}
	return strconv.Quote(*p)
}

// corpusFiles returns the tricky files and every fuzz seed of the envfile
// fuzz targets.
func corpusFiles(t *testing.T) (names, texts []string) {
	t.Helper()
	for name, text := range trickyFiles {
		names, texts = append(names, name), append(texts, text)
	}
	seeds, _ := filepath.Glob(filepath.Join("testdata", "fuzz", "*", "*"))
	for _, p := range seeds {
		if v, ok := readFuzzSeed(t, p); ok {
			names, texts = append(names, p), append(texts, v)
		}
	}
	return names, texts
}

// readFuzzSeed reads the first []byte or string value of a "go test fuzz
// v1" file.
func readFuzzSeed(t *testing.T, path string) (string, bool) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(data), "\n")[1:] {
		for _, prefix := range []string{"[]byte(", "string("} {
			if strings.HasPrefix(line, prefix) && strings.HasSuffix(line, ")") {
				s, err := strconv.Unquote(line[len(prefix) : len(line)-1])
				if err != nil {
					t.Fatalf("%s: %v", path, err)
				}
				return s, true
			}
		}
	}
	return "", false
}

var (
	testKeyOnce sync.Once
	testKey     *keys.Key
)

// generatedKey is an RSA key made at run time and shared by the package's
// tests (generation is slow).
func generatedKey(t testing.TB) *keys.Key {
	t.Helper()
	testKeyOnce.Do(func() {
		k, err := keys.Generate(2048)
		if err != nil {
			panic(err)
		}
		testKey = k
	})
	return testKey
}

// fakeToken makes an SSWS-shaped token at run time.
func fakeToken(t testing.TB) string {
	t.Helper()
	const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_"
	b := []byte("00")
	for len(b) < 42 {
		n, err := rand.Int(rand.Reader, big.NewInt(int64(len(alphabet))))
		if err != nil {
			t.Fatal(err)
		}
		b = append(b, alphabet[n.Int64()])
	}
	return string(b)
}

func oauthSettings(t testing.TB) Settings {
	return Settings{
		OrgURL:          "https://example.okta.com",
		Method:          checks.OAuth2,
		ClientID:        "0oa1b2c3d4e5f6g7h8i9",
		PrivateKeyPEM:   generatedKey(t).PEM(),
		Scopes:          checks.DefaultScopes,
		ConcurrentLimit: 26,
	}
}

func tokenSettings(t testing.TB) Settings {
	return Settings{
		OrgURL:          "https://example.okta.com",
		Method:          checks.APIToken,
		APIToken:        secret.New(fakeToken(t)),
		ConcurrentLimit: 38,
	}
}

// readers are the three programs that read Tako's .env: each returns, for
// each file, its key/value map (or an error for a file it refuses).
func readAll(t *testing.T, paths []string) map[string][]map[string]string {
	t.Helper()
	out := map[string][]map[string]string{}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		g, err := godotenv.UnmarshalBytes(data)
		if err != nil {
			t.Fatalf("godotenv cannot read %s: %v", p, err)
		}
		c, err := composedotenv.UnmarshalBytesWithLookup(data, nil)
		if err != nil {
			t.Fatalf("compose-go dotenv cannot read %s: %v", p, err)
		}
		out["godotenv"] = append(out["godotenv"], g)
		out["compose-go dotenv"] = append(out["compose-go dotenv"], c)
	}
	// python-dotenv as Tako calls it (interpolation on), one process for all.
	for i, res := range readWithPython(t, paths, true) {
		if !res.OK {
			t.Fatalf("python-dotenv could not read %s: %s", paths[i], res.Error)
		}
		m := map[string]string{}
		for k, v := range res.Map {
			if v != nil {
				m[k] = *v
			}
		}
		out["python-dotenv"] = append(out["python-dotenv"], m)
	}
	return out
}

// TestWrittenValuesReadAlike is the proof that what Apply writes reads back
// as the same string in python-dotenv (Tako run locally), compose-go's
// dotenv (Tako in docker compose) and godotenv, and that the readings of the
// user's own keys do not change.
func TestWrittenValuesReadAlike(t *testing.T) {
	requirePythonDotenv(t)
	sample, err := os.ReadFile(filepath.Join("testdata", "tako-sample.env"))
	if err != nil {
		t.Fatal(err)
	}
	bases := []struct{ name, text string }{
		{"new file", ""},
		{"tako sample", string(sample)},
		{"tako sample crlf", strings.ReplaceAll(string(sample), "\n", "\r\n")},
		{"no trailing newline", "OPENAI_API_KEY=replace-me"},
		{"existing settings", "export OKTA_CLIENT_ORGURL=https://old.okta.com # prod\nTOKEN_METHOD=api_token\nOKTA_API_TOKEN=placeholder\nOKTA_OAUTH2_SCOPES='okta.users.read'\nX=1\n"},
		{"oauth to token", "OKTA_CLIENT_ORGURL=https://example.okta.com\nTOKEN_METHOD=OAUTH2\nOKTA_OAUTH2_CLIENT_ID=0oaold\nOKTA_OAUTH2_PRIVATE_KEY_PEM=\"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\"\nY=2\n"},
	}
	type tcase struct {
		name          string
		s             Settings
		before, after int // indexes into paths
		out           []byte
	}
	dir := t.TempDir()
	var cases []tcase
	var paths []string
	for _, base := range bases {
		for _, s := range []Settings{oauthSettings(t), tokenSettings(t)} {
			doc := Parse([]byte(base.text))
			Apply(doc, s, ApplyOptions{RemoveOtherMethod: true})
			if err := doc.Validate(); err != nil {
				t.Fatalf("%s: Validate: %v", base.name, err)
			}
			n := len(paths)
			paths = append(paths,
				writeTemp(t, dir, strconv.Itoa(n)+".env", []byte(base.text)),
				writeTemp(t, dir, strconv.Itoa(n+1)+".env", doc.Bytes()))
			cases = append(cases, tcase{name: base.name + "/" + string(s.Method), s: s, before: n, after: n + 1, out: doc.Bytes()})
		}
	}
	reads := readAll(t, paths)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			want := expectedOkta(tc.s)
			for name, maps := range reads {
				before, after := maps[tc.before], maps[tc.after]
				for key, v := range want {
					if got, ok := after[key]; !ok || got != v {
						t.Errorf("%s reads %s as %q (set: %v), want %q", name, key, got, ok, v)
					}
				}
				for key, v := range before {
					if !IsOktaKey(key) && after[key] != v {
						t.Errorf("%s: the user's %s changed from %q to %q", name, key, v, after[key])
					}
				}
				for key := range after {
					if _, ok := before[key]; !ok && !IsOktaKey(key) {
						t.Errorf("%s: unexpected new key %s", name, key)
					}
				}
				if v, ok := after[KeyAPIToken]; tc.s.Method == checks.OAuth2 && ok && v != "" {
					t.Errorf("%s reads the emptied %s as %q", name, KeyAPIToken, v)
				}
				for _, gone := range removedKeys(tc.s) {
					if _, ok := after[gone]; ok {
						t.Errorf("%s still reads %s", name, gone)
					}
				}
				// Tako's settings require OKTA_API_TOKEN for every method
				// (docs/tako-env.md): under OAuth 2.0 the old secret is
				// emptied, never deleted.
				if tc.s.Method == checks.OAuth2 {
					if v, ok := after[KeyAPIToken]; !ok || v != "" {
						t.Errorf("%s reads %s present=%v empty=%v, want present and empty", name, KeyAPIToken, ok, v == "")
					}
				}
				if pem, ok := after[KeyPrivateKey]; ok {
					// Tako's own test, then the key itself.
					if !strings.Contains(pem, "BEGIN PRIVATE KEY") || !strings.Contains(pem, "END PRIVATE KEY") {
						t.Errorf("%s: PEM fails Tako's marker test", name)
					}
					if k, err := keys.Normalize(pem); err != nil || !k.Equal(generatedKey(t)) {
						t.Errorf("%s: PEM does not load as the key: %v", name, err)
					}
				}
			}
			if t.Failed() {
				t.Logf("written file:\n%s", secretFree(tc.out))
			}
		})
	}
}

// secretFree masks the PEM body and the token in a failure log.
func secretFree(b []byte) string {
	var lines []string
	for _, l := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(l, "="); ok && (k == KeyAPIToken || k == KeyPrivateKey) {
			l = k + "=" + secret.New(v).Mask()
		} else if !strings.Contains(l, "=") && len(l) == 64 {
			l = "(key line)"
		}
		lines = append(lines, l)
	}
	return strings.Join(lines, "\n")
}

// expectedOkta is what every reader must see after Apply(s).
func expectedOkta(s Settings) map[string]string {
	m := map[string]string{}
	for _, kv := range wanted(s) {
		m[kv.key] = kv.value
	}
	if s.Method == checks.OAuth2 && s.APIToken.IsZero() {
		m[KeyAPIToken] = "" // emptied, not removed: Tako's settings require the line
	}
	return m
}

func removedKeys(s Settings) []string {
	if s.Method == checks.OAuth2 {
		// OKTA_API_TOKEN stays, emptied: Tako's settings require the field
		// (docs/tako-env.md); TestWrittenValuesReadAlike checks it is empty.
		return []string{KeyAPITokenLegacy}
	}
	return []string{KeyPrivateKey, KeyOrgURLLegacy}
}

// TestDuplicatesLastWinsEverywhere checks the rule Doc.Get documents: with a
// key set twice, python-dotenv, compose-go dotenv and godotenv all use the
// last occurrence.
func TestDuplicatesLastWinsEverywhere(t *testing.T) {
	requirePythonDotenv(t)
	text := "OKTA_API_TOKEN=first\nA=1\nOKTA_API_TOKEN=second\nexport A=2\n"
	path := writeTemp(t, t.TempDir(), "dup.env", []byte(text))
	d := Parse([]byte(text))
	for name, maps := range readAll(t, []string{path}) {
		for _, key := range []string{"OKTA_API_TOKEN", "A"} {
			want, _ := d.Get(key)
			if got := maps[0][key]; got != want {
				t.Errorf("%s reads %s = %q, Doc.Get says %q", name, key, got, want)
			}
		}
	}
	if v, _ := d.Get("OKTA_API_TOKEN"); v != "second" {
		t.Fatalf("Get = %q", v)
	}
}
