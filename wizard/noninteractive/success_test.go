package noninteractive_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/emulator/emutest"
)

func TestOAuthSetupWritesTheCheckedEnv(t *testing.T) {
	srv, clientID := oauthOrg(t)
	dir := t.TempDir()
	keyFile := emutest.WriteFile(t, dir, "key.pem", keyPEM(t))
	envPath := filepath.Join(dir, ".env")

	p := prepare(t, config(t, srv, envPath, values(
		"org-url", orgURL, "method", "oauth2", "client-id", clientID, "private-key-file", keyFile), ""))
	if !p.OK() {
		t.Fatalf("checks failed:\n%s", dump(p.Report()))
	}
	for _, id := range checks.IDs(checks.OAuth2) {
		if _, ok := p.Report().Find(id); !ok {
			t.Errorf("no %s finding: the path's checks were not all run", id)
		}
	}
	res, err := p.Write()
	if err != nil {
		t.Fatal(err)
	}
	if res.Backup != "" {
		t.Errorf("a new file got a backup: %s", res.Backup)
	}
	got := readEnv(t, envPath)
	if got.Method != checks.OAuth2 || got.ClientID != clientID || got.OrgURL != orgURL {
		t.Errorf("written %+v", got)
	}
	if got.Key == nil || !appKey().Equal(got.Key.Private) {
		t.Error("the written key is not the app's key")
	}
	if !slices.Equal(got.Scopes, checks.DefaultScopes) {
		t.Errorf("scopes = %v, want Tako's list", got.Scopes)
	}
	// No --concurrent-limit: the recommendation (75-request ceiling × 50 %).
	if got.ConcurrentLimit != 38 {
		t.Errorf("OKTA_CONCURRENT_LIMIT = %d, want the recommended 38", got.ConcurrentLimit)
	}
	f, _ := p.Report().Find(checks.IDRateLimit)
	if f.Status != checks.Pass || !strings.Contains(f.Title, "=38 as recommended") {
		t.Errorf("the rate-limit finding was not re-checked with the limit written: %+v", f)
	}
}

func TestAPITokenSetupReadsTheTokenFromStdin(t *testing.T) {
	srv, tok := tokenOrg(t)
	dir := t.TempDir()
	envPath := filepath.Join(dir, ".env")

	p := prepare(t, config(t, srv, envPath, values(
		"org-url", orgURL, "method", "api-token", "api-token-file", "-", "concurrent-limit", "12"), tok.Value+"\n"))
	if !p.OK() {
		t.Fatalf("checks failed:\n%s", dump(p.Report()))
	}
	for _, id := range checks.IDs(checks.APIToken) {
		if _, ok := p.Report().Find(id); !ok {
			t.Errorf("no %s finding", id)
		}
	}
	if _, err := p.Write(); err != nil {
		t.Fatal(err)
	}
	got := readEnv(t, envPath)
	if got.Method != checks.APIToken || got.APIToken.Reveal() != tok.Value || got.ConcurrentLimit != 12 {
		t.Errorf("written method %s, limit %d, token matches: %v", got.Method, got.ConcurrentLimit, got.APIToken.Reveal() == tok.Value)
	}
	raw, _ := os.ReadFile(envPath)
	if strings.Contains(string(raw), "OKTA_OAUTH2") {
		t.Errorf("an API-token .env holds OAuth settings:\n%s", raw)
	}
}
