package envfile

import (
	cryptorand "crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"strings"
	"testing"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/keys"
	"github.com/fctr-id/tako-setup/checks/secret"
)

// fieldKeys lists the keys of the FieldErrors joined in err.
func fieldKeys(err error) []string {
	var out []string
	var walk func(error)
	walk = func(e error) {
		if e == nil {
			return
		}
		if fe, ok := e.(*FieldError); ok {
			out = append(out, fe.Key)
			return
		}
		if j, ok := e.(interface{ Unwrap() []error }); ok {
			for _, x := range j.Unwrap() {
				walk(x)
			}
		}
	}
	walk(err)
	return out
}

func TestValidate(t *testing.T) {
	good := oauthSettings(t)
	pkcs1 := string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(generatedKey(t).RSA)}))
	with := func(f func(*Settings)) Settings {
		s := good
		f(&s)
		return s
	}
	cases := []struct {
		name string
		s    Settings
		want []string // keys with a FieldError
		says string
	}{
		{"complete OAuth", good, nil, ""},
		{"complete API token", tokenSettings(t), nil, ""},
		{"no org URL", with(func(s *Settings) { s.OrgURL = "" }), []string{KeyOrgURL}, "missing"},
		{"http URL", with(func(s *Settings) { s.OrgURL = "http://example.okta.com" }), []string{KeyOrgURL}, "https://"},
		{"URL without scheme", with(func(s *Settings) { s.OrgURL = "example.okta.com" }), []string{KeyOrgURL}, "https://example.okta.com"},
		{"URL with a path", with(func(s *Settings) { s.OrgURL = "https://example.okta.com/admin/dashboard" }), []string{KeyOrgURL}, "bare address"},
		{"trailing slash is fine", with(func(s *Settings) { s.OrgURL = "https://example.okta.com/" }), nil, ""},
		{"admin URL", with(func(s *Settings) { s.OrgURL = "https://example-admin.okta.com" }), []string{KeyOrgURL}, "-admin"},
		{"no client ID", with(func(s *Settings) { s.ClientID = "" }), []string{KeyClientID}, "client ID"},
		{"client ID with a space", with(func(s *Settings) { s.ClientID = "0oa 1" }), []string{KeyClientID}, "spaces"},
		{"no key", with(func(s *Settings) { s.PrivateKeyPEM = secret.Secret{} }), []string{KeyPrivateKey}, "missing"},
		{"PKCS#1 key", with(func(s *Settings) { s.PrivateKeyPEM = secret.New(pkcs1) }), []string{KeyPrivateKey}, "PKCS#8"},
		{"key plus certificate", with(func(s *Settings) {
			s.PrivateKeyPEM = secret.New(generatedKey(t).PEM().Reveal() + "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")
		}), []string{KeyPrivateKey}, "alone"},
		{"garbage key", with(func(s *Settings) { s.PrivateKeyPEM = secret.New("nope") }), []string{KeyPrivateKey}, "not a private key"},
		{"unknown method", with(func(s *Settings) { s.Method = "SAML" }), []string{KeyMethod}, "OAUTH2 or API_TOKEN"},
		{"method unset means API token", with(func(s *Settings) { s.Method = "" }), []string{KeyAPIToken}, "TOKEN_METHOD is not set"},
		{"API token missing", Settings{OrgURL: "https://x.okta.com", Method: checks.APIToken}, []string{KeyAPIToken}, "missing"},
		{"API token with space", Settings{OrgURL: "https://x.okta.com", Method: checks.APIToken, APIToken: secret.New("00a b")}, []string{KeyAPIToken}, "spaces"},
		{"negative limit", with(func(s *Settings) { s.ConcurrentLimit = -1 }), []string{KeyConcurrentLimit}, "at least 1"},
		{"value with $", with(func(s *Settings) { s.ClientID = "0oa$x" }), []string{KeyClientID}, `"$"`},
		{"scope with a quote", with(func(s *Settings) { s.Scopes = []string{`okta."x`} }), []string{KeyScopes}, `"\""`},
		{"everything wrong", Settings{OrgURL: "ftp://x", Method: checks.OAuth2}, []string{KeyOrgURL, KeyClientID, KeyPrivateKey}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := Validate(tc.s)
			got := fieldKeys(err)
			if strings.Join(got, ",") != strings.Join(tc.want, ",") {
				t.Fatalf("FieldErrors on %q, want %q (err: %v)", got, tc.want, err)
			}
			if tc.says != "" && !strings.Contains(err.Error(), tc.says) {
				t.Errorf("error %q does not say %q", err, tc.says)
			}
			if err != nil && tc.s.APIToken.Reveal() != "" && strings.Contains(err.Error(), tc.s.APIToken.Reveal()) {
				t.Fatal("error shows the token")
			}
		})
	}
}

func TestValidateKeyErrorsAreReachable(t *testing.T) {
	small, err := rsa.GenerateKey(cryptorand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	der, _ := x509.MarshalPKCS8PrivateKey(small)
	s := oauthSettings(t)
	s.PrivateKeyPEM = secret.New(string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})))
	if err := Validate(s); !errors.Is(err, keys.ErrTooSmall) {
		t.Fatalf("err = %v, want keys.ErrTooSmall reachable with errors.Is", err)
	}
}

func TestDocValidate(t *testing.T) {
	base := func() *Doc {
		d := Parse(nil)
		s := tokenSettings(t)
		s.ConcurrentLimit = 0
		Apply(d, s, ApplyOptions{})
		return d
	}
	if err := base().Validate(); err != nil {
		t.Fatalf("valid doc: %v", err)
	}
	for name, text := range map[string]string{
		"non-integer limit": "OKTA_CONCURRENT_LIMIT=lots\n",
		"zero limit":        "OKTA_CONCURRENT_LIMIT=0\n",
		"unclosed quote":    "NOTE=\"forgot to close\n",
		"not UTF-8":         "NOTE=caf\xe9\n",
	} {
		t.Run(name, func(t *testing.T) {
			d := base()
			d = Parse(append([]byte(text), d.Bytes()...))
			if err := d.Validate(); err == nil {
				t.Fatal("accepted")
			}
		})
	}
	// An unclosed quote before the point where Apply adds quoted values:
	// python-dotenv would swallow the new lines into the broken one.
	d := Parse([]byte("OKTA_CLIENT_ORGURL=https://x.okta.com\nNOTE=\"oops\nOTHER=1\n"))
	s := oauthSettings(t)
	Apply(d, s, ApplyOptions{})
	err := d.Validate()
	if err == nil || !strings.Contains(err.Error(), "never closes") {
		t.Fatalf("err = %v", err)
	}
}

func TestUnstableLineDetected(t *testing.T) {
	// Simulate an edit that changes the meaning of a later line: the
	// stability check must see it even without an unclosed-quote problem.
	d := Parse([]byte("A=1\nB=2\n"))
	d.segs[0].raw = "A=\"1\n" // now opens a quote the next lines close
	d.segs = append(d.segs, segment{raw: "C=\"x\"\n", key: "C", hasValue: true, value: "x", line: 3})
	if line := d.unstableLine(); line == 0 {
		t.Fatal("meaning change not detected")
	}
	if line := Parse([]byte(trickyFiles["tako"])).unstableLine(); line != 0 {
		t.Fatalf("stable file reported unstable at line %d", line)
	}
}

func TestProblems(t *testing.T) {
	text := "\ufeffFIRST=1\n" + // 1
		"BAD LINE\n" + // 2
		"BARE\n" + // 3
		"OKTA_ORG_URL=https://a.okta.com\n" + // 4
		"OKTA_CONCURRENT_LIMIT=secret-looking-value-123\n" + // 5
		"OKTA_CONCURRENT_LIMIT=alsobad\n" + // 6
		"TOKEN_METHOD=password\n" + // 7
		"OKTA_API_TOKEN=${TOKEN}\n" + // 8
		"SSWS_API_KEY=old\n" + // 9
		"x-y=1\n" + // 10
		"Q=\"open\n" // 11
	ps := Parse([]byte(text)).Problems()
	want := []struct {
		line int
		says string
	}{
		{1, "byte-order mark"},
		{2, "not a KEY=value line"},
		{3, "BARE has no '='"},
		{6, "OKTA_CONCURRENT_LIMIT is set 2 times (lines 5, 6)"},
		{6, "must be a whole number"},
		{7, "must be OAUTH2 or API_TOKEN"},
		{8, "${…}"},
		{9, "SSWS_API_KEY is an old name for OKTA_API_TOKEN, which is also set"},
		{10, "characters docker compose or godotenv refuse"},
		{11, "never closes"},
	}
	for _, w := range want {
		found := false
		for _, p := range ps {
			found = found || p.Line == w.line && strings.Contains(p.Message, w.says)
		}
		if !found {
			t.Errorf("no problem on line %d saying %q; got:\n%v", w.line, w.says, ps)
		}
	}
	for i := 1; i < len(ps); i++ {
		if ps[i].Line < ps[i-1].Line {
			t.Fatal("problems not in line order")
		}
	}
	// OKTA_ORG_URL alone stops Tako at start-up: the check's org finding
	// says so (takoenv.Contract), not a note.
	for _, p := range ps {
		if p.Line == 4 {
			t.Errorf("line 4 has a note: %v", p)
		}
	}
	for _, p := range ps {
		if strings.Contains(p.String(), "secret-looking") || strings.Contains(p.String(), "alsobad") {
			t.Fatalf("problem shows a value: %s", p)
		}
	}
	if ps := Parse([]byte(trickyFiles["tako"])).Problems(); len(ps) != 0 {
		t.Fatalf("clean file has problems: %v", ps)
	}
}
