package noninteractive_test

import (
	"context"
	"crypto/rsa"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/go-jose/go-jose/v4"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/emulator"
	"github.com/fctr-id/tako-setup/checks/emulator/emutest"
	"github.com/fctr-id/tako-setup/checks/keys"
	"github.com/fctr-id/tako-setup/steps"
	"github.com/fctr-id/tako-setup/wizard"
	"github.com/fctr-id/tako-setup/wizard/envfile/envfiletest"
)

func TestGenerateKeyWritesTheKeyAndGivesItsPublicHalf(t *testing.T) {
	srv, clientID := oauthOrg(t)
	envPath := filepath.Join(t.TempDir(), ".env")
	cfg := config(t, srv, envPath, values("org-url", orgURL, "client-id", clientID, "generate-key", "true"), "")
	gen := 0
	cfg.Env.GenerateKey = func(bits int) (*steps.Key, error) {
		gen++
		k, err := keys.FromRSA(appKey())
		if err != nil {
			return nil, err
		}
		return steps.KeyFromKeys(k, true), nil
	}
	p := prepare(t, cfg)
	if gen != 1 || !p.Generated() {
		t.Fatalf("generated %d keys, Generated() = %v", gen, p.Generated())
	}
	if !p.OK() {
		t.Fatalf("a check failed:\n%s", dump(p.Report()))
	}
	// Okta cannot know the key yet: only org and clock are checked; the
	// rest say what to do.
	for _, f := range p.Report().Findings {
		switch f.ID {
		case checks.IDOrg, checks.IDClock:
			if f.Status != checks.Pass {
				t.Errorf("%s = %s", f.ID, f.Status)
			}
		default:
			if f.Status != checks.Skip || !strings.Contains(f.Fix, "tako-setup check") {
				t.Errorf("%s = %s (%s)", f.ID, f.Status, f.Fix)
			}
		}
	}
	if len(p.Report().Findings) != len(checks.IDs(checks.OAuth2)) {
		t.Errorf("%d findings", len(p.Report().Findings))
	}
	var jwk jose.JSONWebKey
	must(t, json.Unmarshal(p.PublicJWK(), &jwk))
	if pub, ok := jwk.Key.(*rsa.PublicKey); !ok || !pub.Equal(appKey().Public()) || !jwk.IsPublic() {
		t.Fatalf("the public JWK is not the generated key's public half")
	}
	if _, err := p.Write(); err != nil {
		t.Fatal(err)
	}
	got := readEnv(t, envPath)
	if got.Key == nil || !appKey().Equal(got.Key.Private) {
		t.Fatal("the generated key is not in the .env")
	}
	// No recommendation could be made: Tako's own default is written, and
	// the scopes Tako asks for (none can be known to be granted yet).
	if got.ConcurrentLimit != steps.TakoDefaultLimit {
		t.Errorf("limit = %d", got.ConcurrentLimit)
	}
	if !slices.Equal(got.Scopes, checks.DefaultScopes) {
		t.Errorf("scopes = %v", got.Scopes)
	}
	// Once the admin has added the public key (this org already has it),
	// the written file checks clean.
	r := checker(srv)(context.Background(), got.CheckInput(), nil)
	if !r.OK() {
		t.Errorf("the written file does not check clean once the key is added:\n%s", dump(r))
	}
}

func TestTheEnvGetsOnlyTheGrantedScopes(t *testing.T) {
	srv, clientID := oauthOrg(t)
	must(t, srv.Org.RevokeScopes(clientID, "okta.brands.read", "okta.captchas.read"))
	dir := t.TempDir()
	keyFile := emutest.WriteFile(t, dir, "key.pem", keyPEM(t))
	envPath := filepath.Join(dir, ".env")
	p := prepare(t, config(t, srv, envPath, values("org-url", orgURL, "client-id", clientID, "private-key-file", keyFile), ""))
	if !p.OK() {
		t.Fatalf("a check failed:\n%s", dump(p.Report()))
	}
	if f, _ := p.Report().Find(checks.IDOAuthScopes); f.Status != checks.Warn {
		t.Errorf("scopes = %s, want a warning", f.Status)
	}
	_, err := p.Write()
	must(t, err)
	got := readEnv(t, envPath).Scopes
	if slices.Contains(got, "okta.brands.read") || !slices.Contains(got, "okta.users.read") || len(got) != len(checks.DefaultScopes)-2 {
		t.Errorf("scopes written = %v", got)
	}
}

func TestScopesFlagNarrowsWhatIsAskedAndWritten(t *testing.T) {
	srv, clientID := oauthOrg(t)
	dir := t.TempDir()
	keyFile := emutest.WriteFile(t, dir, "key.pem", keyPEM(t))
	envPath := filepath.Join(dir, ".env")
	want := []string{"okta.users.read", "okta.groups.read", "okta.apps.read", "okta.logs.read"}
	p := prepare(t, config(t, srv, envPath, values("org-url", orgURL, "client-id", clientID, "private-key-file", keyFile,
		"scopes", strings.Join(want, ",")), ""))
	_, err := p.Write()
	must(t, err)
	if got := readEnv(t, envPath).Scopes; !slices.Equal(got, want) {
		t.Errorf("scopes written = %v, want %v", got, want)
	}
}

func TestARerunKeepsWhatTheEnvAlreadyHolds(t *testing.T) {
	srv, clientID := oauthOrg(t)
	dir := t.TempDir()
	keyFile := emutest.WriteFile(t, dir, "key.pem", keyPEM(t))
	envPath := filepath.Join(dir, ".env")
	first := prepare(t, config(t, srv, envPath, values("org-url", orgURL, "client-id", clientID, "private-key-file", keyFile), ""))
	_, err := first.Write()
	must(t, err)
	must(t, os.Remove(keyFile)) // the key now lives only in the .env

	// Only the limit changes: the org, client ID and key come from the file.
	p := prepare(t, config(t, srv, envPath, values("concurrent-limit", "20", "yes", "true"), ""))
	if !p.OK() {
		t.Fatalf("a check failed:\n%s", dump(p.Report()))
	}
	if a := p.Answers(); a.KeySource != steps.KeyKeep {
		t.Errorf("key source = %s, want keep", a.KeySource)
	}
	res, err := p.Write()
	must(t, err)
	if res.Backup == "" {
		t.Error("no backup of the replaced file")
	}
	got := readEnv(t, envPath)
	if got.ConcurrentLimit != 20 || got.ClientID != clientID || got.Key == nil || !appKey().Equal(got.Key.Private) {
		t.Errorf("re-run wrote limit %d, client %s", got.ConcurrentLimit, got.ClientID)
	}
}

func TestFlagsTheMethodDoesNotUseAreNoted(t *testing.T) {
	srv, tok := tokenOrg(t)
	dir := t.TempDir()
	tokFile := emutest.WriteFile(t, dir, "token", tok.Value)
	p := prepare(t, config(t, srv, filepath.Join(dir, ".env"), values("org-url", orgURL, "method", "api-token",
		"api-token-file", tokFile, "client-id", "0oaunused1"), ""))
	if len(p.Notes) != 1 || !strings.Contains(p.Notes[0], "--client-id was ignored") {
		t.Errorf("notes = %q", p.Notes)
	}
}

// TestTheFileEqualsWhatTheWizardWrites walks the wizard's own step machine
// with the same answers and the same Env implementation, and compares the
// two files byte for byte.
func TestTheFileEqualsWhatTheWizardWrites(t *testing.T) {
	cases := []struct {
		name   string
		flags  func(dir, clientID string, tok string) ([]string, string)
		typed  func(dir, clientID string, tok string) map[steps.ID]map[string]string
		stdin  string
		method checks.Method
	}{
		{
			name: "oauth2",
			flags: func(dir, clientID, _ string) ([]string, string) {
				return []string{"org-url", orgURL, "client-id", clientID, "private-key-file", filepath.Join(dir, "key.pem"), "yes", "true"}, ""
			},
			typed: func(dir, clientID, _ string) map[steps.ID]map[string]string {
				return map[steps.ID]map[string]string{
					steps.Welcome:    {"start": "setup"},
					steps.OrgURL:     {"org-url": orgURL},
					steps.Method:     {"method": "oauth2"},
					steps.OAuthApp:   {"client-id": clientID},
					steps.PrivateKey: {"key-source": "file", "private-key-file": filepath.Join(dir, "key.pem")},
					steps.Review:     {"confirm": "yes"},
				}
			},
			method: checks.OAuth2,
		},
		{
			name: "api-token",
			flags: func(_, _, tok string) ([]string, string) {
				return []string{"org-url", orgURL, "method", "api-token", "api-token-file", "-", "concurrent-limit", "9", "yes", "true"}, tok
			},
			typed: func(_, _, tok string) map[steps.ID]map[string]string {
				return map[steps.ID]map[string]string{
					steps.Welcome:    {"start": "setup"},
					steps.OrgURL:     {"org-url": orgURL},
					steps.Method:     {"method": "api-token"},
					steps.TokenValue: {"api-token": tok},
					steps.RateLimit:  {"concurrent-limit": "9"},
					steps.Review:     {"confirm": "yes"},
				}
			},
			method: checks.APIToken,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv, clientID := oauthOrg(t)
			u := srv.Org.AddUser(&emulator.User{Login: "ann@example.com", FirstName: "Ann", LastName: "Admin"})
			_, err := srv.Org.AssignUserRole(u.ID, "READ_ONLY_ADMIN")
			must(t, err)
			_, err = srv.Org.AssignUserCustomRole(u.ID, emutest.RoleReaderLabel, "okta.roles.read")
			must(t, err)
			tok := srv.Org.AddToken(&emulator.APIToken{Name: "tako", UserID: u.ID})
			must(t, srv.Org.SetTokenNetwork(tok.ID, "ZONE", []string{"nzo1office"}, true))
			token := tok.Value
			dir := t.TempDir()
			emutest.WriteFile(t, dir, "key.pem", keyPEM(t))
			ours, wizards := filepath.Join(dir, "ours.env"), filepath.Join(dir, "wizard.env")
			// Both start from the same user file, so the edit is compared too.
			emutest.WriteFile(t, dir, "ours.env", existingEnv)
			emutest.WriteFile(t, dir, "wizard.env", existingEnv)

			kv, stdin := c.flags(dir, clientID, token)
			p := prepare(t, config(t, srv, ours, values(kv...), stdin))
			if !p.OK() {
				t.Fatalf("a check failed:\n%s", dump(p.Report()))
			}
			_, err = p.Write()
			must(t, err)

			walkWizard(t, srv, wizards, c.typed(dir, clientID, token))

			a, _ := os.ReadFile(ours)
			b, _ := os.ReadFile(wizards)
			if string(a) != string(b) {
				t.Errorf("the files differ:\n--- non-interactive\n%s\n--- wizard\n%s", a, b)
			}
			// The file started without OKTA_API_TOKEN: Tako starts with it now.
			if err := envfiletest.TakoStarts(a); err != nil {
				t.Errorf("Tako would not start with the written file: %v\n%s", err, a)
			}
			if readEnv(t, ours).Method != c.method {
				t.Error("wrong method written")
			}
		})
	}
}

// walkWizard drives the wizard's step machine as a person would: type the
// step's answers, continue when a step passed, until the walk finishes.
func walkWizard(t *testing.T, srv *emulator.Server, path string, typed map[steps.ID]map[string]string) {
	t.Helper()
	start, err := wizard.LoadExisting(path)
	must(t, err)
	env := wizard.FileEnv(path, strings.NewReader(""), fixedNow)
	check := checker(srv)
	m := wizard.New(steps.Setup(), start, env)
	run := func(req *wizard.Request) *wizard.Request {
		a := req.Answers
		res := wizard.Result{Attempt: req.Attempt}
		if req.Step.Prepare != nil {
			res.Err = req.Step.Prepare(env, &a)
		}
		if res.Err == nil && !req.SkipChecks {
			only := req.Only
			if req.All {
				only = nil
			}
			res.Report = check(context.Background(), a.CheckInput(), only)
		}
		res.Answers = a
		ok, next := m.Result(res)
		if !ok {
			t.Fatalf("result of %s dropped", req.Step.ID)
		}
		return next
	}
	req := m.Start()
	typedDone := map[steps.ID]bool{}
	for range 100 {
		if req != nil {
			req = run(req)
			continue
		}
		if m.Outcome() == wizard.Finished {
			if m.Answers().Written == nil {
				t.Fatal("the wizard finished without writing")
			}
			return
		}
		cur := m.Current()
		if st := m.Status(cur.ID); st == wizard.Failed || st == wizard.Errored {
			t.Fatalf("wizard step %s: %s %v %+v", cur.ID, st, m.Err(cur.ID), m.Findings(cur.ID))
		}
		if v, ok := typed[cur.ID]; ok && !typedDone[cur.ID] {
			typedDone[cur.ID] = true
			req, err = m.Submit(v)
			must(t, err)
			continue
		}
		if m.Status(cur.ID).Done() {
			req, err = m.Continue()
		} else {
			req, err = m.Submit(nil) // Enter on a step with nothing to type
		}
		if err != nil {
			t.Fatalf("continue on %s: %v", cur.ID, err)
		}
	}
	t.Fatal("the wizard walk did not end")
}
