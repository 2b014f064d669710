package noninteractive_test

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/emulator/emutest"
	ni "github.com/fctr-id/tako-setup/wizard/noninteractive"
)

// answerError asserts err is an *AnswerError and returns it.
func answerError(t *testing.T, err error) *ni.AnswerError {
	t.Helper()
	var ae *ni.AnswerError
	if !errors.As(err, &ae) {
		t.Fatalf("error %v (%T) is not an AnswerError", err, err)
	}
	return ae
}

func TestMissingAnswersAreNamedWithTheirFlagsBeforeAnyRequest(t *testing.T) {
	srv, _ := oauthOrg(t)
	envPath := filepath.Join(t.TempDir(), ".env")
	ae := answerError(t, prepareErr(t, config(t, srv, envPath, values("method", "oauth2"), "")))

	if got, want := ae.Missing(), []string{"org-url", "client-id", "generate-key"}; !slices.Equal(got, want) {
		t.Errorf("missing = %v, want %v", got, want)
	}
	msg := ae.Error()
	for _, w := range []string{"--org-url", "TAKO_SETUP_ORG_URL", "--client-id", "TAKO_SETUP_CLIENT_ID", "--generate-key", "--private-key-file"} {
		if !strings.Contains(msg, w) {
			t.Errorf("the message does not name %s:\n%s", w, msg)
		}
	}
	if n := srv.TotalRequests(); n != 0 {
		t.Errorf("%d requests were sent with answers missing", n)
	}
	if _, err := os.Stat(envPath); !errors.Is(err, os.ErrNotExist) {
		t.Error("a .env was written")
	}
}

func TestMissingTokenFileIsNamed(t *testing.T) {
	srv, _ := tokenOrg(t)
	envPath := filepath.Join(t.TempDir(), ".env")
	ae := answerError(t, prepareErr(t, config(t, srv, envPath, values("org-url", orgURL, "method", "api-token"), "")))
	if got := ae.Missing(); !slices.Equal(got, []string{"api-token-file"}) {
		t.Errorf("missing = %v", got)
	}
	if !strings.Contains(ae.Error(), "--api-token-file (or TAKO_SETUP_API_TOKEN_FILE)") {
		t.Errorf("message: %s", ae.Error())
	}
}

func TestAnECKeyIsRefusedWithoutShowingIt(t *testing.T) {
	srv, clientID := oauthOrg(t)
	dir := t.TempDir()
	ec, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	must(t, err)
	der, err := x509.MarshalPKCS8PrivateKey(ec)
	must(t, err)
	ecPEM := string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
	keyFile := emutest.WriteFile(t, dir, "ec.pem", ecPEM)

	ae := answerError(t, prepareErr(t, config(t, srv, filepath.Join(dir, ".env"), values(
		"org-url", orgURL, "client-id", clientID, "private-key-file", keyFile), "")))
	msg := ae.Error()
	if !strings.Contains(msg, "--private-key-file") || !strings.Contains(msg, "RSA") {
		t.Errorf("the refusal does not say which flag and why:\n%s", msg)
	}
	body := strings.Split(strings.TrimSpace(ecPEM), "\n")[1]
	if strings.Contains(msg, body[:20]) {
		t.Error("the refusal shows key material")
	}
	if n := srv.TotalRequests(); n != 0 {
		t.Errorf("%d requests were sent with a refused key", n)
	}
}

func TestASecretGivenInPlaceOfAFileNameIsNeverEchoed(t *testing.T) {
	srv, tok := tokenOrg(t)
	envPath := filepath.Join(t.TempDir(), ".env")
	for _, v := range []string{tok.Value, "SSWS " + tok.Value} {
		ae := answerError(t, prepareErr(t, config(t, srv, envPath, values(
			"org-url", orgURL, "method", "api-token", "api-token-file", v), "")))
		if strings.Contains(ae.Error(), tok.Value) {
			t.Fatalf("the token is in the message: %s", strings.ReplaceAll(ae.Error(), tok.Value, "<TOKEN>"))
		}
		if !strings.Contains(ae.Error(), "--api-token-file must name a file") {
			t.Errorf("message: %s", ae.Error())
		}
	}
	pemArg := keyPEM(t)
	ae := answerError(t, prepareErr(t, config(t, srv, envPath, values(
		"org-url", orgURL, "client-id", "0oaabcdefgh", "private-key-file", pemArg), "")))
	if strings.Contains(ae.Error(), "PRIVATE KEY") {
		t.Fatal("the key is in the message")
	}
}

func TestValuesFromTheEnvironmentAreNamedByTheirVariable(t *testing.T) {
	srv, _ := oauthOrg(t)
	v := values("org-url", orgURL, "generate-key", "true")
	v["client-id"] = ni.Given{Value: "has space", From: "TAKO_SETUP_CLIENT_ID"}
	ae := answerError(t, prepareErr(t, config(t, srv, filepath.Join(t.TempDir(), ".env"), v, "")))
	if !strings.HasPrefix(ae.Error(), "invalid TAKO_SETUP_CLIENT_ID: ") {
		t.Errorf("message: %s", ae.Error())
	}
}

func TestBadValuesAreRefused(t *testing.T) {
	srv, clientID := oauthOrg(t)
	dir := t.TempDir()
	keyFile := emutest.WriteFile(t, dir, "key.pem", keyPEM(t))
	cases := []struct {
		name string
		v    ni.Values
		want string
	}{
		{"method", values("org-url", orgURL, "method", "saml"), "invalid --method: "},
		{"placeholder org", values("org-url", "https://{yourOktaDomain}", "client-id", clientID, "private-key-file", keyFile), "invalid --org-url: "},
		{"limit", values("org-url", orgURL, "client-id", clientID, "private-key-file", keyFile, "concurrent-limit", "500"), "invalid --concurrent-limit: "},
		{"no such key file", values("org-url", orgURL, "client-id", clientID, "private-key-file", filepath.Join(dir, "nope.pem")), "nope.pem"},
		{"two key sources", values("org-url", orgURL, "client-id", clientID, "private-key-file", keyFile, "generate-key", "true"), "give only one of --generate-key, --private-key-file"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ae := answerError(t, prepareErr(t, config(t, srv, filepath.Join(dir, ".env"), c.v, "")))
			if !strings.Contains(ae.Error(), c.want) {
				t.Errorf("message %q does not contain %q", ae.Error(), c.want)
			}
		})
	}
	if n := srv.TotalRequests(); n != 0 {
		t.Errorf("%d requests were sent for refused answers", n)
	}
}

// existingEnv is a .env that holds more than Tako's settings.
const existingEnv = "# my settings\nOPENAI_API_KEY=sk-test-not-real\nOKTA_CLIENT_ORGURL=https://old.okta.com\nTOKEN_METHOD=OAUTH2\n"

func TestAFailedCheckLeavesTheFileUntouched(t *testing.T) {
	srv, clientID := oauthOrg(t)
	must(t, srv.Org.SetDPoP(clientID, true)) // Tako cannot send DPoP
	dir := t.TempDir()
	keyFile := emutest.WriteFile(t, dir, "key.pem", keyPEM(t))
	envPath := emutest.WriteFile(t, dir, ".env", existingEnv)

	p := prepare(t, config(t, srv, envPath, values(
		"org-url", orgURL, "client-id", clientID, "private-key-file", keyFile, "yes", "true"), ""))
	if p.OK() {
		t.Fatalf("no check failed:\n%s", dump(p.Report()))
	}
	if f, _ := p.Report().Find(checks.IDOAuthDPoP); f.Status != checks.Fail {
		t.Fatalf("dpop = %s", f.Status)
	}
	if _, err := p.Write(); !errors.Is(err, ni.ErrChecksFailed) {
		t.Fatalf("Write = %v, want ErrChecksFailed", err)
	}
	assertUntouched(t, dir, envPath, existingEnv)
}

func TestAnExistingFileIsNotReplacedWithoutYes(t *testing.T) {
	srv, clientID := oauthOrg(t)
	dir := t.TempDir()
	keyFile := emutest.WriteFile(t, dir, "key.pem", keyPEM(t))
	envPath := emutest.WriteFile(t, dir, ".env", existingEnv)
	v := values("org-url", orgURL, "client-id", clientID, "private-key-file", keyFile)

	ae := answerError(t, prepareErr(t, config(t, srv, envPath, v, "")))
	if !slices.Equal(ae.Missing(), []string{"yes"}) || !strings.Contains(ae.Error(), "--yes (or TAKO_SETUP_YES)") ||
		!strings.Contains(ae.Error(), "already exists") {
		t.Errorf("message: %s", ae.Error())
	}
	if n := srv.TotalRequests(); n != 0 {
		t.Errorf("%d requests were sent before refusing", n)
	}
	assertUntouched(t, dir, envPath, existingEnv)
}

func TestOnATerminalTheReplacementIsLeftToThePrompt(t *testing.T) {
	srv, clientID := oauthOrg(t)
	dir := t.TempDir()
	keyFile := emutest.WriteFile(t, dir, "key.pem", keyPEM(t))
	envPath := emutest.WriteFile(t, dir, ".env", existingEnv)
	cfg := config(t, srv, envPath, values("org-url", orgURL, "client-id", clientID, "private-key-file", keyFile), "")
	cfg.CanConfirm = true

	p := prepare(t, cfg)
	if !p.OK() || !p.NeedsConfirmation() {
		t.Fatalf("ok %v, needs confirmation %v", p.OK(), p.NeedsConfirmation())
	}
	diff, err := p.Preview()
	must(t, err)
	if !strings.Contains(diff, "OKTA_CLIENT_ORGURL") || strings.Contains(diff, "BEGIN PRIVATE KEY") {
		t.Errorf("preview:\n%s", diff)
	}
	if _, err := p.Write(); !errors.Is(err, ni.ErrNotConfirmed) {
		t.Fatalf("Write without a yes = %v", err)
	}
	assertUntouched(t, dir, envPath, existingEnv)

	p.Confirm()
	res, err := p.Write()
	must(t, err)
	backup, err := os.ReadFile(res.Backup)
	must(t, err)
	if string(backup) != existingEnv {
		t.Errorf("backup = %q", backup)
	}
	got, _ := os.ReadFile(envPath)
	if !strings.Contains(string(got), "OPENAI_API_KEY=sk-test-not-real\n") || !strings.Contains(string(got), "# my settings\n") {
		t.Errorf("the user's own settings were not kept:\n%s", got)
	}
}

// assertUntouched checks that path still holds want and that no backup or
// temporary file appeared beside it.
func assertUntouched(t *testing.T, dir, path, want string) {
	t.Helper()
	got, err := os.ReadFile(path)
	must(t, err)
	if !bytes.Equal(got, []byte(want)) {
		t.Errorf("the file changed:\n%s", got)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), filepath.Base(path)+".") || strings.HasPrefix(e.Name(), "."+filepath.Base(path)) {
			t.Errorf("%s appeared beside the file", e.Name())
		}
	}
}
