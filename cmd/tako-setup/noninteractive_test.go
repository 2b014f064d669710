package main

import (
	"bytes"
	"context"
	"crypto/rsa"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/emulator"
	"github.com/fctr-id/tako-setup/checks/emulator/emutest"
	"github.com/fctr-id/tako-setup/checks/keys"
	"github.com/fctr-id/tako-setup/steps"
	"github.com/fctr-id/tako-setup/wizard"
)

// niOrg is an emulated org, served over real HTTPS on loopback, with an
// OAuth app set up as Tako needs it and an API token of a read-only admin.
type niOrg struct {
	srv      *emulator.Server
	clientID string
	token    string
	dir      string // a temporary directory for the test's files
	caFile   string // the emulator's CA, for --ca-file
	keyFile  string // emutest.Key(0) as PKCS#8 PEM
}

func newNIOrg(t *testing.T) *niOrg {
	t.Helper()
	org := emulator.NewOrg()
	app := emutest.AddOAuthApp(t, org)
	_, tok := emutest.AddAdminToken(t, org, emutest.TokenZone("nzo1office"))
	srv := emutest.Start(t, org)
	o := &niOrg{srv: srv, clientID: app.ClientID, token: tok.Value, dir: t.TempDir()}
	o.caFile = o.file(t, "ca.pem", string(srv.CAPEM()))
	o.keyFile = o.file(t, "key.pem", emutest.PKCS8PEM(t, emutest.Key(0)))
	return o
}

func (o *niOrg) file(t *testing.T, name, content string) string {
	t.Helper()
	return emutest.WriteFile(t, o.dir, name, content)
}

func (o *niOrg) envPath() string { return filepath.Join(o.dir, ".env") }

// oauthArgs are the flags of a complete OAuth 2.0 run against o.
func (o *niOrg) oauthArgs(extra ...string) []string {
	return append([]string{"--non-interactive", "--org-url", o.srv.URL, "--client-id", o.clientID,
		"--private-key-file", o.keyFile, "--ca-file", o.caFile, "--env-file", o.envPath()}, extra...)
}

func niMust(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// niRun is one run of the bare command.
type niRun struct {
	stdout, stderr string
	code           int
}

// niSetup says how a run sees the world.
type niSetup struct {
	env   map[string]string
	stdin string
	// stdinReader, when set, is standard input instead of stdin.
	stdinReader io.Reader
	// terminal: standard input and standard error are a terminal (a
	// person is there); standard output is not.
	terminal bool
	// fastKey makes --generate-key use emutest.Key(0) instead of a new key.
	fastKey bool
}

// runTakoSetup runs the real root command (so the hook in root.go is what
// dispatches) with the non-interactive mode's side effects replaced.
func runTakoSetup(t *testing.T, s niSetup, args ...string) niRun {
	t.Helper()
	var out, errb bytes.Buffer
	deps := nonInteractiveDeps{
		httpClient:      checks.NewHTTPClient,
		stdinIsTerminal: func() bool { return s.terminal },
		isTerminal:      func(w io.Writer) bool { return s.terminal && w == io.Writer(&errb) },
		lookupEnv: func(k string) (string, bool) {
			v, ok := s.env[k]
			return v, ok
		},
		environ: func() []string { return nil },
		now:     func() time.Time { return time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC) },
	}
	if s.fastKey {
		deps.generateKey = func(int) (*steps.Key, error) {
			k, err := keys.FromRSA(emutest.Key(0))
			return steps.KeyFromKeys(k, true), err
		}
	}
	saved := rootModes
	rootModes = []rootMode{nonInteractiveMode(deps)}
	defer func() { rootModes = saved }()
	cmd := newRootCmd()
	cmd.SetOut(&out)
	cmd.SetErr(&errb)
	if s.stdinReader != nil {
		cmd.SetIn(s.stdinReader)
	} else {
		cmd.SetIn(strings.NewReader(s.stdin))
	}
	cmd.SetArgs(args)
	cmd.SilenceUsage = true
	cmd.SilenceErrors = true
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	err := cmd.ExecuteContext(ctx)
	if err != nil {
		errb.WriteString("error: " + err.Error() + "\n")
	}
	return niRun{stdout: out.String(), stderr: errb.String(), code: exitCode(err)}
}

// noSecrets fails if the key or the token appears in the output.
func (o *niOrg) noSecrets(t *testing.T, r niRun) {
	t.Helper()
	all := r.stdout + r.stderr
	pemText, _ := os.ReadFile(o.keyFile)
	body := strings.Split(string(pemText), "\n")[1]
	if strings.Contains(all, "PRIVATE KEY") || strings.Contains(all, body[:24]) || strings.Contains(all, o.token) {
		t.Fatalf("a secret is in the output:\n%s", all)
	}
}

func readAnswers(t *testing.T, path string) (oauthOK bool, a map[string]string) {
	t.Helper()
	back, err := wizard.ReadBack(path)
	niMust(t, err)
	m := map[string]string{
		"org":    back.OrgURL,
		"method": string(back.Method),
		"client": back.ClientID,
		"limit":  itoa(back.ConcurrentLimit),
		"scopes": strings.Join(back.Scopes, " "),
	}
	return back.Key != nil && emutest.Key(0).Equal(back.Key.Private), m
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

func TestNonInteractiveOAuth(t *testing.T) {
	o := newNIOrg(t)
	r := runTakoSetup(t, niSetup{}, o.oauthArgs()...)
	if r.code != 0 {
		t.Fatalf("exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	for _, want := range []string{"[ok] oauth.key", "[ok] oauth.scopes", "[ok] ratelimit", "0 failed", "Wrote " + o.envPath(), "+ OKTA_OAUTH2_CLIENT_ID"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, r.stdout)
		}
	}
	o.noSecrets(t, r)
	keyOK, got := readAnswers(t, o.envPath())
	if !keyOK || got["method"] != "OAUTH2" || got["client"] != o.clientID || got["org"] != o.srv.URL || got["limit"] != "38" {
		t.Errorf("written: key ok %v, %v", keyOK, got)
	}
	if runtime.GOOS != "windows" {
		fi, err := os.Stat(o.envPath())
		niMust(t, err)
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("mode %v", fi.Mode().Perm())
		}
	}
}

// niJSON is the --json object.
type niJSON struct {
	OK          bool              `json:"ok"`
	Method      string            `json:"method"`
	OrgURL      string            `json:"org_url"`
	Checks      []checks.Finding  `json:"checks"`
	Recommended map[string]string `json:"recommended"`
	Written     bool              `json:"written"`
	EnvFile     string            `json:"env_file"`
	Backup      *string           `json:"backup"`
	PublicJWK   json.RawMessage   `json:"public_jwk"`
}

func decodeOne(t *testing.T, stdout string) (niJSON, []string) {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(stdout))
	dec.DisallowUnknownFields()
	var doc niJSON
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("stdout is not the JSON object: %v\n%s", err, stdout)
	}
	if dec.More() {
		t.Fatalf("stdout holds more than one JSON value:\n%s", stdout)
	}
	// The keys, in order: check --json's first, then ours.
	var keys []string
	d := json.NewDecoder(strings.NewReader(stdout))
	d.Token()
	for d.More() {
		k, _ := d.Token()
		keys = append(keys, k.(string))
		var skip json.RawMessage
		_ = d.Decode(&skip)
	}
	return doc, keys
}

func TestNonInteractiveAPITokenFromTheEnvironmentWithoutATerminal(t *testing.T) {
	o := newNIOrg(t)
	// No --non-interactive: no terminal, and answers are given.
	r := runTakoSetup(t, niSetup{stdin: o.token + "\n", env: map[string]string{
		"TAKO_SETUP_ORG_URL":        o.srv.URL,
		"TAKO_SETUP_METHOD":         "api-token",
		"TAKO_SETUP_API_TOKEN_FILE": "-",
		"TAKO_SETUP_CA_FILE":        o.caFile,
		"TAKO_SETUP_ENV_FILE":       o.envPath(),
		"TAKO_SETUP_JSON":           "1",
	}})
	if r.code != 0 {
		t.Fatalf("exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	doc, keys := decodeOne(t, r.stdout)
	if !doc.OK || !doc.Written || doc.Method != "API_TOKEN" || doc.EnvFile != o.envPath() || doc.Backup != nil || len(doc.Checks) != 7 ||
		doc.Recommended["OKTA_CONCURRENT_LIMIT"] != "38" || doc.PublicJWK != nil {
		t.Errorf("doc = %+v", doc)
	}
	want := []string{"ok", "method", "org_url", "checks", "recommended", "written", "env_file", "backup"}
	if strings.Join(keys, ",") != strings.Join(want, ",") {
		t.Errorf("keys = %v, want %v", keys, want)
	}
	o.noSecrets(t, r)
	back, err := wizard.ReadBack(o.envPath())
	niMust(t, err)
	if back.APIToken.Reveal() != o.token {
		t.Error("the token written is not the one given")
	}
}

func TestFlagsWinOverTheEnvironment(t *testing.T) {
	o := newNIOrg(t)
	r := runTakoSetup(t, niSetup{env: map[string]string{
		"TAKO_SETUP_ORG_URL":          "https://unreachable.invalid", // the flag wins; never contacted
		"TAKO_SETUP_CONCURRENT_LIMIT": "7",
		"TAKO_SETUP_CLIENT_ID":        o.clientID, // used: no flag
		"TAKO_SETUP_METHOD":           "api-token",
		"TAKO_SETUP_YES":              "no",
	}}, "--non-interactive", "--org-url", o.srv.URL, "--method", "oauth2", "--private-key-file", o.keyFile,
		"--concurrent-limit", "9", "--ca-file", o.caFile, "--env-file", o.envPath())
	if r.code != 0 {
		t.Fatalf("exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	keyOK, got := readAnswers(t, o.envPath())
	if !keyOK || got["org"] != o.srv.URL || got["limit"] != "9" || got["client"] != o.clientID || got["method"] != "OAUTH2" {
		t.Errorf("written %v", got)
	}
}

func TestMissingAnswersExitTwoNamingTheirFlags(t *testing.T) {
	o := newNIOrg(t)
	r := runTakoSetup(t, niSetup{}, "--non-interactive", "--method", "oauth2", "--env-file", o.envPath(), "--json")
	if r.code != 2 || r.stdout != "" {
		t.Fatalf("exit %d, stdout %q", r.code, r.stdout)
	}
	for _, w := range []string{"--org-url (or TAKO_SETUP_ORG_URL)", "--client-id (or TAKO_SETUP_CLIENT_ID)", "--private-key-file"} {
		if !strings.Contains(r.stderr, w) {
			t.Errorf("stderr lacks %q:\n%s", w, r.stderr)
		}
	}
	if o.srv.TotalRequests() != 0 {
		t.Error("requests were sent")
	}
}

func TestRefusalsExitTwo(t *testing.T) {
	o := newNIOrg(t)
	existing := "OPENAI_API_KEY=keep-me\n"
	cases := []struct {
		name  string
		args  []string
		env   map[string]string
		says  string
		exist bool
	}{
		{"existing file without --yes", o.oauthArgs(), nil, "refusing to replace", true},
		{"bad key", []string{"--non-interactive", "--org-url", o.srv.URL, "--client-id", o.clientID, "--private-key-file", o.caFile, "--env-file", o.envPath()}, nil, "invalid --private-key-file", false},
		{"bad timeout", o.oauthArgs(), map[string]string{"TAKO_SETUP_TIMEOUT": "soon"}, "invalid TAKO_SETUP_TIMEOUT", false},
		{"bad switch", o.oauthArgs(), map[string]string{"TAKO_SETUP_YES": "perhaps"}, "TAKO_SETUP_YES", false},
		{"missing CA file", append(o.oauthArgs(), "--ca-file", filepath.Join(o.dir, "nope.pem")), nil, "CA certificates", false},
		{"env file is a directory", append(o.oauthArgs(), "--env-file", o.dir), nil, "is a directory", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_ = os.Remove(o.envPath())
			if c.exist {
				o.file(t, ".env", existing)
			}
			r := runTakoSetup(t, niSetup{env: c.env}, c.args...)
			if r.code != 2 || !strings.Contains(r.stderr, c.says) || r.stdout != "" {
				t.Fatalf("exit %d, stderr lacks %q?\n%s\nstdout: %s", r.code, c.says, r.stderr, r.stdout)
			}
			if c.exist {
				if b, _ := os.ReadFile(o.envPath()); string(b) != existing {
					t.Error("the file changed")
				}
			} else if _, err := os.Stat(o.envPath()); err == nil {
				t.Error("a file was written")
			}
		})
	}
	if o.srv.TotalRequests() != 0 {
		t.Errorf("%d requests were sent for refused runs", o.srv.TotalRequests())
	}
}

func TestAFailedCheckExitsOneAndLeavesTheFile(t *testing.T) {
	o := newNIOrg(t)
	niMust(t, o.srv.Org.SetDPoP(o.clientID, true))
	existing := "# mine\nOPENAI_API_KEY=keep-me\n"
	o.file(t, ".env", existing)
	for _, args := range [][]string{o.oauthArgs("--yes"), o.oauthArgs("--yes", "--json")} {
		r := runTakoSetup(t, niSetup{}, args...)
		if r.code != 1 {
			t.Fatalf("exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
		}
		if strings.Contains(strings.Join(args, " "), "--json") {
			doc, _ := decodeOne(t, r.stdout)
			if doc.OK || doc.Written || doc.Backup != nil {
				t.Errorf("doc = %+v", doc)
			}
		} else if !strings.Contains(r.stdout, "[XX] oauth.dpop") || !strings.Contains(r.stdout, "Nothing was written") {
			t.Errorf("stdout:\n%s", r.stdout)
		}
		if b, _ := os.ReadFile(o.envPath()); string(b) != existing {
			t.Fatal("the file changed")
		}
		entries, _ := os.ReadDir(o.dir)
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), ".env.") {
				t.Errorf("%s appeared", e.Name())
			}
		}
	}
}

func TestYesReplacesWithABackup(t *testing.T) {
	o := newNIOrg(t)
	existing := "# mine\nOPENAI_API_KEY=keep-me\n"
	o.file(t, ".env", existing)
	r := runTakoSetup(t, niSetup{}, o.oauthArgs("--yes", "--json")...)
	if r.code != 0 {
		t.Fatalf("exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	doc, _ := decodeOne(t, r.stdout)
	if !doc.Written || doc.Backup == nil {
		t.Fatalf("doc = %+v", doc)
	}
	if b, _ := os.ReadFile(*doc.Backup); string(b) != existing {
		t.Errorf("backup = %q", b)
	}
	if b, _ := os.ReadFile(o.envPath()); !strings.Contains(string(b), "OPENAI_API_KEY=keep-me") {
		t.Errorf("the user's setting was lost:\n%s", b)
	}
}

func TestAtATerminalReplacingAsksFirst(t *testing.T) {
	o := newNIOrg(t)
	existing := "OPENAI_API_KEY=keep-me\n"
	o.file(t, ".env", existing)
	r := runTakoSetup(t, niSetup{terminal: true, stdin: "n\n"}, o.oauthArgs()...)
	if r.code != 1 || !strings.Contains(r.stderr, "Replace "+o.envPath()+"?") || !strings.Contains(r.stderr, "not confirmed") {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	if !strings.Contains(r.stderr, "+ OKTA_CLIENT_ORGURL") {
		t.Errorf("the changes were not shown before asking:\n%s", r.stderr)
	}
	if b, _ := os.ReadFile(o.envPath()); string(b) != existing {
		t.Fatal("the file changed without a yes")
	}
	r = runTakoSetup(t, niSetup{terminal: true, stdin: "y\n"}, o.oauthArgs()...)
	if r.code != 0 || !strings.Contains(r.stdout, "the previous file is kept as") {
		t.Fatalf("exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	o.noSecrets(t, r)
}

// answerAfter is a person's answer at the prompt, typed after something
// else (an editor, a deploy) has changed the .env while they read the
// changes.
type answerAfter struct {
	meanwhile func()
	answer    io.Reader
}

func (a *answerAfter) Read(p []byte) (int, error) {
	if a.meanwhile != nil {
		a.meanwhile()
		a.meanwhile = nil
	}
	return a.answer.Read(p)
}

// The changes shown at the prompt are the ones written: a file changed
// while the person reads them is not replaced with changes they never saw.
func TestAChangeWhileAskingIsNotWrittenOver(t *testing.T) {
	for _, tc := range []struct {
		name      string
		meanwhile func(path string) error
		want      string // the file afterwards ("" = none)
	}{
		{"edited", func(p string) error { return os.WriteFile(p, []byte("OPENAI_API_KEY=rotated\n"), 0o600) }, "OPENAI_API_KEY=rotated\n"},
		{"removed", os.Remove, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := newNIOrg(t)
			o.file(t, ".env", "OPENAI_API_KEY=keep-me\n")
			in := &answerAfter{
				meanwhile: func() { niMust(t, tc.meanwhile(o.envPath())) },
				answer:    strings.NewReader("y\n"),
			}
			r := runTakoSetup(t, niSetup{terminal: true, stdinReader: in}, o.oauthArgs()...)
			if r.code != 1 {
				t.Fatalf("exit %d, want 1\n%s\n%s", r.code, r.stdout, r.stderr)
			}
			if !strings.Contains(r.stderr, "+ OKTA_CLIENT_ORGURL") || !strings.Contains(r.stderr, "Replace ") {
				t.Fatalf("no confirmation was asked:\n%s", r.stderr)
			}
			msg := "nothing was written: " + o.envPath() + " was changed or removed"
			if !strings.Contains(r.stderr, msg) || !strings.Contains(r.stderr, "run tako-setup again") {
				t.Errorf("stderr does not say what happened:\n%s", r.stderr)
			}
			if strings.Contains(r.stdout, "Wrote ") {
				t.Errorf("claims a write:\n%s", r.stdout)
			}
			got, err := os.ReadFile(o.envPath())
			if tc.want == "" {
				if err == nil {
					t.Fatalf("the removed file was recreated:\n%s", got)
				}
			} else if string(got) != tc.want {
				t.Fatalf("the file was written over:\n%s", got)
			}
			if baks, _ := filepath.Glob(o.envPath() + ".bak-*"); len(baks) != 0 {
				t.Errorf("a refused write made backups: %v", baks)
			}
			o.noSecrets(t, r)
		})
	}
}

func TestGenerateKeyPrintsOnlyThePublicJWKOnStdout(t *testing.T) {
	o := newNIOrg(t)
	r := runTakoSetup(t, niSetup{}, "--non-interactive", "--org-url", o.srv.URL, "--client-id", o.clientID,
		"--generate-key", "--ca-file", o.caFile, "--env-file", o.envPath())
	if r.code != 0 {
		t.Fatalf("exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	var jwk jose.JSONWebKey
	if err := json.Unmarshal([]byte(r.stdout), &jwk); err != nil {
		t.Fatalf("stdout is not just the JWK: %v\n%s", err, r.stdout)
	}
	if !jwk.IsPublic() || strings.Contains(r.stdout, `"d"`) {
		t.Fatal("stdout holds private key material")
	}
	for _, w := range []string{"[ok] org", "[--] oauth.key", "Add key", "tako-setup check --env-file " + o.envPath()} {
		if !strings.Contains(r.stderr, w) {
			t.Errorf("stderr lacks %q:\n%s", w, r.stderr)
		}
	}
	back, err := wizard.ReadBack(o.envPath())
	niMust(t, err)
	if back.Key == nil || !back.Key.Private.(*rsa.PrivateKey).PublicKey.Equal(jwk.Key) {
		t.Fatal("the .env's key is not the printed key's private half")
	}
	if strings.Contains(r.stderr, "PRIVATE KEY") {
		t.Fatal("the private key is on stderr")
	}

	// With --json the JWK is a field of the one object.
	_ = os.Remove(o.envPath())
	r = runTakoSetup(t, niSetup{fastKey: true}, "--non-interactive", "--org-url", o.srv.URL, "--client-id", o.clientID,
		"--generate-key", "--ca-file", o.caFile, "--env-file", o.envPath(), "--json")
	doc, _ := decodeOne(t, r.stdout)
	if r.code != 0 || !doc.Written || doc.PublicJWK == nil {
		t.Fatalf("exit %d, doc %+v", r.code, doc)
	}
}

func TestWithoutTheCAFileTheOrgCannotBeTrusted(t *testing.T) {
	o := newNIOrg(t)
	args := []string{"--non-interactive", "--org-url", o.srv.URL, "--client-id", o.clientID,
		"--private-key-file", o.keyFile, "--env-file", o.envPath()}
	r := runTakoSetup(t, niSetup{env: map[string]string{"SSL_CERT_FILE": ""}}, args...)
	if r.code != 1 || !strings.Contains(r.stdout, "--ca-file") {
		t.Fatalf("exit %d\n%s", r.code, r.stdout)
	}
	if _, err := os.Stat(o.envPath()); err == nil {
		t.Fatal("a file was written")
	}
}

func TestTheModeClaimsScriptsOnly(t *testing.T) {
	cases := []struct {
		name     string
		args     []string
		env      map[string]string
		terminal bool
		want     bool
	}{
		{"flag", []string{"--non-interactive"}, nil, true, true},
		{"env twin", nil, map[string]string{"TAKO_SETUP_NON_INTERACTIVE": "true"}, true, true},
		{"no terminal, answers", []string{"--org-url", "https://acme.okta.com"}, nil, false, true},
		{"no terminal, answers in env", nil, map[string]string{"TAKO_SETUP_API_TOKEN_FILE": "/run/secrets/t"}, false, true},
		{"terminal, answers", []string{"--org-url", "https://acme.okta.com"}, nil, true, false},
		{"no terminal, no answers", []string{"--env-file", "x.env"}, nil, false, false},
		{"demo", []string{"--demo", "--org-url", "https://acme.okta.com"}, nil, false, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			deps := nonInteractiveDeps{
				stdinIsTerminal: func() bool { return c.terminal },
				lookupEnv:       func(k string) (string, bool) { v, ok := c.env[k]; return v, ok },
			}
			opts := &rootOptions{}
			cmd := newRootCmd()
			niMust(t, cmd.ParseFlags(c.args))
			opts.demo, _ = cmd.Flags().GetBool("demo")
			if got := claimsNonInteractive(cmd, opts, deps); got != c.want {
				t.Errorf("claims = %v, want %v", got, c.want)
			}
		})
	}
}

func TestTheRootCommandHasTheHook(t *testing.T) {
	found := false
	for _, m := range rootModes {
		if m.Claims != nil && m.AddFlags != nil {
			found = true
		}
	}
	f := newRootCmd().Flags()
	for _, name := range []string{"non-interactive", "org-url", "method", "client-id", "private-key-file", "generate-key",
		"api-token-file", "scopes", "concurrent-limit", "env-file", "yes", "json", "ca-file", "timeout"} {
		if f.Lookup(name) == nil {
			t.Errorf("the bare command has no --%s", name)
		}
	}
	if !found {
		t.Fatal("the non-interactive mode is not registered with the root command")
	}
}

func TestStdinIsNotReadFromATerminal(t *testing.T) {
	o := newNIOrg(t)
	r := runTakoSetup(t, niSetup{terminal: true, stdin: o.token}, "--non-interactive", "--method", "api-token",
		"--org-url", o.srv.URL, "--api-token-file", "-", "--env-file", o.envPath())
	if r.code != 2 || !strings.Contains(r.stderr, "standard input is a terminal") {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	o.noSecrets(t, r)
}

func TestDemoAndNonInteractiveDoNotMix(t *testing.T) {
	o := newNIOrg(t)
	r := runTakoSetup(t, niSetup{}, append(o.oauthArgs(), "--demo")...)
	if r.code != 2 || !strings.Contains(r.stderr, "--demo") {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
}

// The [y/N] prompt reads yes and no as every front end does
// (steps.ParseYesNo): an answer that is neither is asked again, not taken
// as no; "true" is yes; an empty answer is the default, no.
func TestAtATerminalTheReplacePromptAsksAgainOnAnUnclearAnswer(t *testing.T) {
	o := newNIOrg(t)
	existing := "OPENAI_API_KEY=keep-me\n"
	o.file(t, ".env", existing)
	r := runTakoSetup(t, niSetup{terminal: true, stdin: "\n"}, o.oauthArgs()...)
	if r.code != 1 || !strings.Contains(r.stderr, "not confirmed") {
		t.Fatalf("Enter: exit %d\n%s", r.code, r.stderr)
	}
	r = runTakoSetup(t, niSetup{terminal: true, stdin: "maybe\ntrue\n"}, o.oauthArgs()...)
	if r.code != 0 || strings.Count(r.stderr, "Replace "+o.envPath()+"?") != 2 || !strings.Contains(r.stderr, "Not accepted: answer yes or no") {
		t.Fatalf("exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
}
