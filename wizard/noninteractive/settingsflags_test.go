package noninteractive_test

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/emulator/emutest"
	ni "github.com/fctr-id/tako-setup/wizard/noninteractive"
)

// An empty --concurrent-limit "" (an unset shell variable) is refused in
// its own words; it used to be "ignored: it is not used with --method
// api-token", about a method the run did not even use.
func TestAnEmptyFlagValueIsRefusedForWhatItIs(t *testing.T) {
	srv, clientID := oauthOrg(t)
	dir := t.TempDir()
	keyFile := emutest.WriteFile(t, dir, "key.pem", keyPEM(t))
	for _, flag := range []string{"concurrent-limit", "scopes", "api-token-file"} {
		t.Run(flag, func(t *testing.T) {
			err := prepareErr(t, config(t, srv, filepath.Join(dir, ".env"), values("org-url", orgURL, "method", "oauth2",
				"client-id", clientID, "private-key-file", keyFile, flag, ""), ""))
			var ae *ni.AnswerError
			if !errors.As(err, &ae) || !strings.Contains(err.Error(), "--"+flag+" is empty") || strings.Contains(err.Error(), "method") {
				t.Fatalf("err = %v", err)
			}
		})
	}
}

// A file that names the token only as SSWS_API_KEY and has no TOKEN_METHOD
// (so Tako's default, an API token, was inferred): explicit --client-id and
// --private-key-file are an OAuth 2.0 setup, not flags to ignore. The same
// holds for Tako's .env.sample, whose TOKEN_METHOD is API_TOKEN.
func TestOAuthFlagsChooseOAuthOverTheFilesMethod(t *testing.T) {
	for name, start := range map[string]string{
		"only SSWS_API_KEY":                     "OKTA_CLIENT_ORGURL=" + orgURL + "\nSSWS_API_KEY=00aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n",
		"Tako's sample, TOKEN_METHOD=API_TOKEN": "OKTA_CLIENT_ORGURL=https://your-domain.okta.com\nTOKEN_METHOD=API_TOKEN\nOKTA_API_TOKEN=\n",
	} {
		t.Run(name, func(t *testing.T) {
			srv, clientID := oauthOrg(t)
			dir := t.TempDir()
			keyFile := emutest.WriteFile(t, dir, "key.pem", keyPEM(t))
			envPath := emutest.WriteFile(t, dir, ".env", start)
			p := prepare(t, config(t, srv, envPath, values("org-url", orgURL, "client-id", clientID, "private-key-file", keyFile, "yes", "true"), ""))
			if len(p.Notes) > 0 || p.Answers().Method != checks.OAuth2 || p.Answers().ClientID != clientID {
				t.Fatalf("method %s, client %q, notes %q", p.Answers().Method, p.Answers().ClientID, p.Notes)
			}
			if !p.OK() {
				t.Fatalf("checks failed:\n%s", dump(p.Report()))
			}
			if _, err := p.Write(); err != nil {
				t.Fatal(err)
			}
			if got := readEnv(t, envPath); got.Method != checks.OAuth2 || len(got.Issues) > 0 {
				t.Fatalf("written: method %s, issues %+v", got.Method, got.Issues)
			}
		})
	}
	// Flags of both branches: the file's method stands, and the other
	// branch's flags are noted as unused.
	srv, tok := tokenOrg(t)
	dir := t.TempDir()
	tokFile := emutest.WriteFile(t, dir, "token", tok.Value)
	envPath := emutest.WriteFile(t, dir, ".env", "OKTA_CLIENT_ORGURL="+orgURL+"\nTOKEN_METHOD=API_TOKEN\nOKTA_API_TOKEN=\n")
	p := prepare(t, config(t, srv, envPath, values("api-token-file", tokFile, "client-id", "0oaunused1", "yes", "true"), ""))
	if p.Answers().Method != checks.APIToken || len(p.Notes) != 1 || !strings.Contains(p.Notes[0], "--client-id was ignored") {
		t.Fatalf("method %s, notes %q", p.Answers().Method, p.Notes)
	}
}
