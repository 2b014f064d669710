package envfile_test

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/canary"
	"github.com/fctr-id/tako-setup/checks/secret"
	"github.com/fctr-id/tako-setup/wizard/envfile"
)

// The canaries of this test binary: a set (the token and key the file
// holds) and a second token, the one the edit writes.
var (
	leakOnce   sync.Once
	leakSet    *canary.Set
	leakTokenB string
)

func leakCanaries(t testing.TB) (*canary.Set, string) {
	leakOnce.Do(func() {
		leakSet = canary.New(t)
		leakTokenB = canary.Token()
	})
	return leakSet, leakTokenB
}

// leakFile turns fuzzed text into a .env holding the canaries wherever the
// fuzzer put a marker: '@' is the API token, '~' the whole PKCS#8 PEM, '^'
// one line of its body (the next one each time), '%' the PKCS#1 PEM.
func leakFile(data []byte, s *canary.Set) []byte {
	pemLines := strings.Split(strings.TrimSpace(s.PEM), "\n")
	body := pemLines[1 : len(pemLines)-1]
	var b strings.Builder
	n := 0
	for _, c := range string(data) {
		switch c {
		case '@':
			b.WriteString(s.Token)
		case '~':
			b.WriteString(s.PEM)
		case '%':
			b.WriteString(s.PKCS1PEM)
		case '^':
			b.WriteString(body[n%len(body)])
			n++
		default:
			b.WriteRune(c)
		}
	}
	return []byte(b.String())
}

// shownKeys are the keys whose values the editor shows as written (they
// are not secrets). A canary a fuzzed file puts in one of them may show.
var shownKeys = []string{envfile.KeyOrgURL, envfile.KeyOrgURLLegacy, envfile.KeyMethod, envfile.KeyClientID, envfile.KeyScopes, envfile.KeyConcurrentLimit}

// FuzzEditorNeverShowsSecrets (the hardening suite, TESTING.md): whatever the .env holds and
// wherever a token or key sits in it — on its own line, as a key name, in a
// broken quote, a PEM that lost its quotes — nothing the editor says about
// it shows 16 characters of a secret: Problems, Validate's errors, Apply's
// changes, and the Settings printed with %v.
//
//	go test ./wizard/envfile -run '^$' -fuzz '^FuzzEditorNeverShowsSecrets$' -fuzztime 10m
func FuzzEditorNeverShowsSecrets(f *testing.F) {
	for _, seed := range []string{
		"OKTA_API_TOKEN=@\n",
		"OKTA_API_TOKEN=\n@\n",
		"@\n",
		"@=1\n",
		"SSWS_API_KEY='@\n",
		"OKTA_OAUTH2_PRIVATE_KEY_PEM=\"~\"\n",
		"OKTA_OAUTH2_PRIVATE_KEY_PEM=~",
		"OKTA_OAUTH2_PRIVATE_KEY_PEM=-----BEGIN PRIVATE KEY-----\n^\n^\n^\n-----END PRIVATE KEY-----\n",
		"OKTA_OAUTH2_PRIVATE_KEY_PEM=\"%\"\nTOKEN_METHOD=OAUTH2\n",
		"A=\"^\nB=^ # ^\n^\n",
		"export OKTA_API_TOKEN=\"@\" # @\nOKTA_API_TOKEN=@@\n",
		"OKTA_API_TOKEN=${@}\n",
	} {
		for _, which := range []uint8{0, 1, 2, 3} {
			f.Add([]byte(seed), which)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte, which uint8) {
		s, tokenB := leakCanaries(t)
		text := leakFile(data, s)
		before := envfile.Parse(text)
		for _, k := range shownKeys {
			if v, ok := before.Get(k); ok {
				if _, leak := s.Find([]byte(v)); leak {
					return // a secret typed where a plain value goes is shown as typed
				}
			}
		}
		var out []string
		say := func(where string, v any) { out = append(out, where+": "+fmt.Sprint(v)) }
		for _, p := range before.Problems() {
			say("problem", p.String())
			say("problem key", p.Key)
		}
		if err := before.Validate(); err != nil {
			say("Doc.Validate", err.Error())
		}
		settings := before.Settings()
		say("Settings %v", fmt.Sprintf("%v %+v %#v", settings, settings, settings))
		if err := envfile.Validate(settings); err != nil {
			say("Validate", err.Error())
			var fe *envfile.FieldError
			if errors.As(err, &fe) {
				say("FieldError", fe.Reason)
			}
		}

		doc := before.Clone()
		edit := []struct {
			s    envfile.Settings
			opts envfile.ApplyOptions
		}{
			{envfile.Settings{APIToken: secret.New(tokenB)}, envfile.ApplyOptions{}},
			{envfile.Settings{PrivateKeyPEM: secret.New(s.PEM)}, envfile.ApplyOptions{}},
			{envfile.Settings{OrgURL: "https://acme.okta.com", Method: checks.OAuth2, ClientID: "0oa1tako", PrivateKeyPEM: secret.New(s.PEM)}, envfile.ApplyOptions{RemoveOtherMethod: true}},
			{envfile.Settings{OrgURL: "https://acme.okta.com", Method: checks.APIToken, APIToken: secret.New(tokenB)}, envfile.ApplyOptions{RemoveOtherMethod: true}},
		}[int(which)%4]
		for _, c := range envfile.Apply(doc, edit.s, edit.opts) {
			say("Apply", c.String())
			say("Apply note", c.Note)
		}
		for _, p := range doc.Problems() {
			say("problem after the edit", p.String())
		}
		if err := doc.Validate(); err != nil {
			say("Doc.Validate after the edit", err.Error())
		}

		all := strings.Join(out, "\n")
		if l, ok := s.Find([]byte(all)); ok {
			line := strings.Split(all, "\n")[max(l.Line-1, 0)]
			where, _, _ := strings.Cut(line, ": ")
			t.Fatalf("the editor's %q output shows %s\nfile (markers: @ token, ~ PEM, ^ PEM line, %% PKCS#1): %q", where, l, data)
		}
		for i := 0; i+canary.Window <= len(tokenB); i++ {
			if strings.Contains(all, tokenB[i:i+canary.Window]) {
				t.Fatalf("the editor's output shows the new token\nfile: %q", data)
			}
		}
	})
}
