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

// reader reads a .env file's text into a map, the way one program does.
type reader struct {
	name string
	read func(t *testing.T, path string, data []byte) (map[string]string, error)
}

func goReaders() []reader {
	return []reader{
		{"godotenv", func(_ *testing.T, _ string, data []byte) (map[string]string, error) {
			return godotenv.UnmarshalBytes(data)
		}},
		{"compose-go dotenv", func(_ *testing.T, _ string, data []byte) (map[string]string, error) {
			return composedotenv.UnmarshalBytesWithLookup(data, nil)
		}},
	}
}

func pythonReader(t *testing.T) reader {
	return reader{"python-dotenv", func(t *testing.T, path string, _ []byte) (map[string]string, error) {
		res := readWithPython(t, []string{path}, true)[0]
		if !res.OK {
			t.Fatalf("python-dotenv could not read %s: %s", path, res.Error)
		}
		m := map[string]string{}
		for k, v := range res.Map {
			if v != nil {
				m[k] = *v
			}
		}
		return m, nil
	}}
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
	bases := map[string]string{
		"new file":            "",
		"tako sample":         string(sample),
		"tako sample crlf":    strings.ReplaceAll(string(sample), "\n", "\r\n"),
		"no trailing newline": "OPENAI_API_KEY=replace-me",
		"existing settings":   "export OKTA_CLIENT_ORGURL=https://old.okta.com # prod\nTOKEN_METHOD=api_token\nOKTA_API_TOKEN=placeholder\nOKTA_OAUTH2_SCOPES='okta.users.read'\nX=1\n",
		"oauth to token":      "OKTA_CLIENT_ORGURL=https://example.okta.com\nTOKEN_METHOD=OAUTH2\nOKTA_OAUTH2_CLIENT_ID=0oaold\nOKTA_OAUTH2_PRIVATE_KEY_PEM=\"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\"\nY=2\n",
	}
	readers := append(goReaders(), pythonReader(t))
	dir := t.TempDir()
	n := 0
	for baseName, base := range bases {
		for _, s := range []Settings{oauthSettings(t), tokenSettings(t)} {
			t.Run(baseName+"/"+string(s.Method), func(t *testing.T) {
				n++
				beforePath := writeTemp(t, dir, "before"+strconv.Itoa(n)+".env", []byte(base))
				doc := Parse([]byte(base))
				Apply(doc, s, ApplyOptions{RemoveOtherMethod: true})
				if err := doc.Validate(); err != nil {
					t.Fatalf("Validate: %v", err)
				}
				out := doc.Bytes()
				afterPath := writeTemp(t, dir, "after"+strconv.Itoa(n)+".env", out)

				want := expectedOkta(s)
				for _, r := range readers {
					before, err := r.read(t, beforePath, []byte(base))
					if err != nil {
						t.Fatalf("%s cannot read the base file: %v", r.name, err)
					}
					after, err := r.read(t, afterPath, out)
					if err != nil {
						t.Fatalf("%s cannot read the written file: %v\n%s", r.name, err, out)
					}
					for key, v := range want {
						if after[key] != v {
							t.Errorf("%s reads %s as %q, want %q", r.name, key, after[key], v)
						}
					}
					for key, v := range before {
						if IsOktaKey(key) {
							continue
						}
						if after[key] != v {
							t.Errorf("%s: the user's %s changed from %q to %q", r.name, key, v, after[key])
						}
					}
					for key := range after {
						if _, ok := before[key]; !ok && !IsOktaKey(key) {
							t.Errorf("%s: unexpected new key %s", r.name, key)
						}
					}
					for _, gone := range removedKeys(s) {
						if _, ok := after[gone]; ok {
							t.Errorf("%s still reads %s", r.name, gone)
						}
					}
					if pem, ok := after[KeyPrivateKey]; ok {
						// Tako's own test, then the key itself.
						if !strings.Contains(pem, "BEGIN PRIVATE KEY") || !strings.Contains(pem, "END PRIVATE KEY") {
							t.Errorf("%s: PEM fails Tako's marker test", r.name)
						}
						if k, err := keys.Normalize(pem); err != nil || !k.Equal(generatedKey(t)) {
							t.Errorf("%s: PEM does not load as the key: %v", r.name, err)
						}
					}
				}
			})
		}
	}
}

// expectedOkta is what every reader must see after Apply(s).
func expectedOkta(s Settings) map[string]string {
	m := map[string]string{}
	for _, kv := range wanted(s) {
		m[kv.key] = kv.value
	}
	return m
}

func removedKeys(s Settings) []string {
	if s.Method == checks.OAuth2 {
		return []string{KeyAPIToken, KeyAPITokenLegacy}
	}
	return []string{KeyPrivateKey, KeyOrgURLLegacy}
}
