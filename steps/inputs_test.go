package steps

import (
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"strings"
	"testing"

	"github.com/go-jose/go-jose/v4"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/emulator/emutest"
	"github.com/fctr-id/tako-setup/checks/keys"
	"github.com/fctr-id/tako-setup/checks/takoenv"
)

// input is the setup step id's input named key.
func input(t *testing.T, id ID, key string) Input {
	t.Helper()
	return graphInput(t, Setup(), id, key)
}

// graphInput is the input named key of g's step id.
func graphInput(t *testing.T, g Graph, id ID, key string) Input {
	t.Helper()
	s, ok := g.Step(id)
	if !ok {
		t.Fatalf("no step %s", id)
	}
	for _, in := range s.Inputs {
		if in.Key == key {
			return in
		}
	}
	t.Fatalf("no input %s in %s", key, id)
	return Input{}
}

func TestOrgURLIsNormalised(t *testing.T) {
	in := input(t, OrgURL, "org-url")
	cases := []struct{ in, want, err string }{
		{"acme.okta.com", "https://acme.okta.com", ""},
		{" https://acme-admin.okta.com/admin/dashboard ", "https://acme.okta.com", ""},
		{"https://ACME.oktapreview.com/", "https://acme.oktapreview.com", ""},
		{"https://127.0.0.1:8443", "https://127.0.0.1:8443", ""},
		{"http://acme.okta.com", "", "https://"},
		{"https://{yourOktaDomain}", "", "placeholder"},
		{"acme.okta.com.com", "", "typo"},
		{"", "", "org URL"},
		// Tako's Okta SDK refuses any host with -admin, a custom domain's too.
		{"https://login-admin.example.com", "", "-admin"},
	}
	for _, c := range cases {
		a := &Answers{}
		err := in.Set(Env{}, a, c.in)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%q: err = %v, want %q", c.in, err, c.err)
			}
			if in.Check(c.in) == nil {
				t.Errorf("%q: Validate accepted what Set refused", c.in)
			}
			continue
		}
		if err != nil || a.OrgURL != c.want {
			t.Errorf("%q: got %q, %v; want %q", c.in, a.OrgURL, err, c.want)
		}
	}
}

func TestMethodAcceptsFlagAndEnvSpellings(t *testing.T) {
	in := input(t, Method, "method")
	for v, want := range map[string]checks.Method{"oauth2": checks.OAuth2, "OAUTH2": checks.OAuth2, "api-token": checks.APIToken, "API_TOKEN": checks.APIToken} {
		a := &Answers{}
		if err := in.Set(Env{}, a, v); err != nil || a.Method != want {
			t.Errorf("%q: %v %v", v, a.Method, err)
		}
	}
	if err := in.Set(Env{}, &Answers{}, "password"); err == nil {
		t.Error("accepted an unknown method")
	}
}

func TestPastedKeyIsValidatedAsAWhole(t *testing.T) {
	k := emutest.Key(0)
	pkcs8 := emutest.PKCS8PEM(t, k)
	pkcs1 := string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(k)}))
	jwk, _ := json.Marshal(jose.JSONWebKey{Key: k})
	pubJWK, _ := json.Marshal(jose.JSONWebKey{Key: &k.PublicKey})
	lines := strings.Split(pkcs8, "\n")

	in := input(t, PrivateKey, "private-key")
	good := map[string]string{"pkcs8": pkcs8, "pkcs1": pkcs1, "jwk": string(jwk), "crlf": strings.ReplaceAll(pkcs8, "\n", "\r\n")}
	for name, v := range good {
		a := &Answers{KeySource: KeyPaste}
		if err := in.Set(Env{}, a, v); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !strings.HasPrefix(a.Key.PEM.Reveal(), "-----BEGIN PRIVATE KEY-----") || a.Key.Bits != 2048 || a.Key.KID == "" {
			t.Fatalf("%s: not normalised to PKCS#8 with a kid", name)
		}
		if strings.Contains(in.Value(a), "PRIVATE") {
			t.Fatalf("%s: Value shows the key", name)
		}
	}
	bad := map[string]string{
		"first line only":  lines[0],
		"cut short":        strings.Join(lines[:len(lines)/2], "\n"),
		"damaged body":     strings.Replace(pkcs8, lines[3], strings.Repeat("A", len(lines[3])), 1),
		"public jwk":       string(pubJWK),
		"two keys":         pkcs8 + pkcs8,
		"random text":      "hello",
		"public PEM block": "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n",
	}
	for name, v := range bad {
		a := &Answers{KeySource: KeyPaste}
		if err := in.Set(Env{}, a, v); err == nil {
			t.Errorf("%s: accepted", name)
		}
		if a.Key != nil {
			t.Errorf("%s: stored a key", name)
		}
	}
}

func TestKeyFileIsReadThroughEnv(t *testing.T) {
	k := emutest.Key(0)
	der, _ := x509.MarshalPKCS8PrivateKey(k)
	files := map[string]string{"/k.pem": string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))}
	env := Env{ReadFile: func(p string) ([]byte, error) {
		if s, ok := files[p]; ok {
			return []byte(s), nil
		}
		return nil, errors.New("no such file")
	}}
	in := input(t, PrivateKey, "private-key-file")
	a := &Answers{KeySource: KeyFile}
	if err := in.Set(env, a, "/k.pem"); err != nil || a.Key == nil || a.KeyPath != "/k.pem" {
		t.Fatalf("set: %v", err)
	}
	if err := in.Set(env, &Answers{KeySource: KeyFile}, "/missing"); err == nil || !strings.Contains(err.Error(), "/missing") {
		t.Fatalf("missing file: %v", err)
	}
}

func TestKeySourceChoiceOpensTheRightInput(t *testing.T) {
	s, _ := Setup().Step(PrivateKey)
	src := s.Inputs[0]
	a := &Answers{Settings: takoenv.Settings{Method: checks.OAuth2}}
	if err := src.Set(Env{}, a, "keep"); err == nil {
		t.Fatal("kept a key that does not exist")
	}
	if len(src.OptionsFor(a)) != 3 {
		t.Fatal("keep offered without a key")
	}
	for v, want := range map[string]string{"paste": "private-key", "file": "private-key-file", "generate": ""} {
		if err := src.Set(Env{}, a, v); err != nil {
			t.Fatal(err)
		}
		act := s.ActiveInputs(a)
		got := ""
		if len(act) > 1 {
			got = act[1].Key
		}
		if got != want || len(act) > 2 {
			t.Fatalf("%s opens %q (%d inputs)", v, got, len(act))
		}
	}
}

func TestGenerateHappensInPrepareOnce(t *testing.T) {
	s, _ := Setup().Step(PrivateKey)
	calls := 0
	env := Env{GenerateKey: func(bits int) (*Key, error) {
		calls++
		k, err := keys.FromRSA(emutest.Key(0))
		return KeyFromKeys(k, true), err
	}}
	a := &Answers{Settings: takoenv.Settings{Method: checks.OAuth2}}
	if err := s.Inputs[0].Set(env, a, "generate"); err != nil {
		t.Fatal(err)
	}
	if !s.Answered(a) {
		t.Fatal("generate should need no further input")
	}
	for i := 0; i < 2; i++ {
		if err := s.Prepare(env, a); err != nil {
			t.Fatal(err)
		}
	}
	if calls != 1 || a.Key == nil || !a.Key.Generated || len(a.Key.PublicJWK) == 0 {
		t.Fatalf("calls=%d key=%v", calls, a.Key)
	}
	if strings.Contains(string(a.Key.PublicJWK), `"d"`) {
		t.Fatal("the public JWK carries the private exponent")
	}
}

func TestTokenAndLimitAndConfirm(t *testing.T) {
	tok := input(t, TokenValue, "api-token")
	a := &Answers{}
	canary := "00CANARY" + strings.Repeat("x", 34)
	if err := tok.Set(Env{}, a, "SSWS "+canary); err != nil || a.APIToken.Reveal() != canary {
		t.Fatalf("token: %v", err)
	}
	if strings.Contains(tok.Value(a), "CANARY") {
		t.Fatal("token Value shows the token")
	}
	if tok.Set(Env{}, a, "short") == nil {
		t.Fatal("short token accepted")
	}

	lim := input(t, RateLimit, "concurrent-limit")
	if lim.Proposed(a) != "18" {
		t.Fatalf("default limit = %q", lim.Proposed(a))
	}
	a.RecommendedLimit = 26
	if lim.Proposed(a) != "26" {
		t.Fatalf("recommended limit = %q", lim.Proposed(a))
	}
	for _, bad := range []string{"0", "-3", "abc", "200"} {
		if lim.Set(Env{}, a, bad) == nil {
			t.Errorf("limit %q accepted", bad)
		}
	}

	conf := input(t, Review, "confirm")
	if conf.Proposed(&Answers{}) != "yes" || conf.Proposed(&Answers{Existing: &Existing{}}) != "" {
		t.Fatal("replacing a file must not be confirmed by default")
	}
}

func TestScopesAbsorbGrantedSubset(t *testing.T) {
	s, _ := Setup().Step(Scopes)
	a := &Answers{Settings: takoenv.Settings{Method: checks.OAuth2}}
	if err := s.Inputs[0].Set(Env{}, a, "okta.users.read, okta.groups.read okta.users.read"); err != nil {
		t.Fatal(err)
	}
	if len(a.Scopes) != 2 {
		t.Fatalf("scopes = %v", a.Scopes)
	}
	s.Absorb(a, checks.Report{Recommended: checks.Recommended{Scopes: []string{"okta.users.read"}}})
	if got := a.EnvScopes(); len(got) != 1 || got[0] != "okta.users.read" {
		t.Fatalf("env scopes = %v", got)
	}
	if in := a.CheckInput(); len(in.Scopes) != 2 {
		t.Fatalf("the engine must still be asked for the wanted scopes: %v", in.Scopes)
	}
}

// TestTokenInputsStripBOMAndRefuseControlCharacters: both token inputs
// (--api-token-file, --admin-token-file, typed) take a file saved with a
// UTF-8 byte-order mark, and refuse a token holding a control character
// with a message that says so.
func TestTokenInputsStripBOMAndRefuseControlCharacters(t *testing.T) {
	canary := "00CANARY" + strings.Repeat("x", 34)
	for _, in := range []Input{input(t, TokenValue, "api-token"), input(t, AdminToken, "admin-token")} {
		a := &Answers{}
		if err := in.Set(Env{}, a, "\uFEFF"+canary+"\n"); err != nil {
			t.Fatalf("%s: a token file with a BOM: %v", in.Key, err)
		}
		got := a.APIToken.Reveal() + a.Auto.AdminToken.Reveal()
		if got != canary {
			t.Fatalf("%s: kept %q, want the token without the BOM", in.Key, got)
		}
		for _, bad := range []string{"00CANARY\x1b]0;x\x07" + strings.Repeat("x", 30), canary + "\x00"} {
			err := in.Set(Env{}, &Answers{}, bad)
			if err == nil || !strings.Contains(err.Error(), "control character") {
				t.Errorf("%s: %q: err = %v, want a refusal naming the control character", in.Key, bad, err)
			}
			if err != nil && strings.Contains(err.Error(), "CANARY") {
				t.Errorf("%s: the refusal quotes the token", in.Key)
			}
		}
	}
}

// TestScopesInputRefusesWhatIsNotAScopeName: --scopes 'okta.users.read"
// INJECT=1 #' used to be written as OKTA_OAUTH2_SCOPES="okta.users.read
// INJECT=1 #"; every name must now be an Okta scope name.
func TestScopesInputRefusesWhatIsNotAScopeName(t *testing.T) {
	s, _ := Setup().Step(Scopes)
	in := s.Inputs[0]
	a := &Answers{Settings: takoenv.Settings{Method: checks.OAuth2}}
	err := in.Set(Env{}, a, `okta.users.read" INJECT=1 #`)
	if err == nil || !strings.Contains(err.Error(), `"INJECT=1", "#" are not Okta scope names`) {
		t.Fatalf("err = %v", err)
	}
	if a.Scopes != nil {
		t.Fatalf("kept %v", a.Scopes)
	}
	if err := in.Set(Env{}, a, "okta.users.read, okta.enduser.dashboard.read"); err != nil {
		t.Fatal(err)
	}
	if err := in.Set(Env{}, a, "okta.users.read okta.\x1b[2Jx.read"); err == nil || strings.Contains(err.Error(), "\x1b") {
		t.Fatalf("a control character: %v", err)
	}
}
