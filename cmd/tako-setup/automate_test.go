package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/emulator"
	"github.com/fctr-id/tako-setup/checks/emulator/emutest"
	"github.com/fctr-id/tako-setup/wizard/envfile/envfiletest"
)

// autoOrg is an emulated org with a Super Admin's and an Org Admin's token
// in files, and a .env path.
type autoOrg struct {
	org                 *emulator.Org
	srv                 *emulator.Server
	dir, caFile         string
	superFile, oaFile   string
	superID, superValue string
}

func newAutoOrg(t *testing.T) *autoOrg {
	t.Helper()
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	org := emulator.NewOrg()
	su := org.AddUser(&emulator.User{Login: "sam@example.com"})
	_, _ = org.AssignUserRole(su.ID, "SUPER_ADMIN")
	st := org.AddToken(&emulator.APIToken{UserID: su.ID, Name: "tako-setup"})
	oa := org.AddUser(&emulator.User{Login: "olga@example.com"})
	_, _ = org.AssignUserRole(oa.ID, "ORG_ADMIN")
	ot := org.AddToken(&emulator.APIToken{UserID: oa.ID})
	srv := emutest.Start(t, org)
	o := &autoOrg{org: org, srv: srv, dir: t.TempDir(), superID: st.ID, superValue: st.Value}
	o.caFile = emutest.WriteFile(t, o.dir, "ca.pem", string(srv.CAPEM()))
	o.superFile = emutest.WriteFile(t, o.dir, "super.token", st.Value+"\n")
	o.oaFile = emutest.WriteFile(t, o.dir, "oa.token", ot.Value)
	return o
}

func (o *autoOrg) env() string { return filepath.Join(o.dir, ".env") }

func (o *autoOrg) args(tokenFile string, extra ...string) []string {
	return append([]string{"--non-interactive", "--org-url", o.srv.URL, "--admin-token-file", tokenFile,
		"--env-file", o.env(), "--ca-file", o.caFile}, extra...)
}

// runAuto runs the real root command with the automatic and guided
// non-interactive modes, side effects replaced.
func runAuto(t *testing.T, stdin string, args ...string) niRun {
	t.Helper()
	return runAutoCtx(t, context.Background(), stdin, args...)
}

// runAutoCtx is runAuto under ctx (cancel it for ctrl+c).
func runAutoCtx(t *testing.T, parent context.Context, stdin string, args ...string) niRun {
	t.Helper()
	var out, errb bytes.Buffer
	deps := nonInteractiveDeps{
		httpClient:      checks.NewHTTPClient,
		stdinIsTerminal: func() bool { return false },
		isTerminal:      func(io.Writer) bool { return false },
		lookupEnv:       func(string) (string, bool) { return "", false },
		environ:         func() []string { return nil },
		now:             func() time.Time { return time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC) },
	}
	saved := rootModes
	rootModes = []rootMode{automaticMode(deps), nonInteractiveMode(deps)}
	defer func() { rootModes = saved }()
	cmd := newRootCmd()
	cmd.SetOut(&out)
	cmd.SetErr(&errb)
	cmd.SetIn(strings.NewReader(stdin))
	cmd.SetArgs(args)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	ctx, cancel := context.WithTimeout(parent, 60*time.Second)
	defer cancel()
	err := cmd.ExecuteContext(ctx)
	if err != nil {
		errb.WriteString("error: " + err.Error() + "\n")
	}
	return niRun{stdout: out.String(), stderr: errb.String(), code: exitCode(err)}
}

// envLines reads the .env as key → value (unquoted) and checks its mode.
func envLines(t *testing.T, path string) map[string]string {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v", fi.Mode().Perm())
	}
	b, _ := os.ReadFile(path)
	m := map[string]string{}
	inQuote := false // inside a multi-line "…" value (the PEM)
	for _, l := range strings.Split(string(b), "\n") {
		if inQuote {
			inQuote = !strings.HasSuffix(l, `"`)
			continue
		}
		if k, v, ok := strings.Cut(l, "="); ok && !strings.HasPrefix(k, "#") {
			inQuote = strings.HasPrefix(v, `"`) && (len(v) == 1 || !strings.HasSuffix(v, `"`))
			m[strings.TrimSpace(k)] = strings.Trim(v, `"`)
		}
	}
	return m
}

func TestAutomaticSetupNonInteractive(t *testing.T) {
	o := newAutoOrg(t)
	before := "# Tako\nLLM_API_KEY=keep-me\nOKTA_CLIENT_ORGURL=https://old.okta.com\nOKTA_API_TOKEN=00oldtokenvalue00000000000000000000000\nTOKEN_METHOD=API_TOKEN\n"
	emutest.WriteFile(t, o.dir, ".env", before)
	r := runAuto(t, "", o.args(o.superFile, "--yes", "--json")...)
	if r.code != 0 {
		t.Fatalf("exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	var doc struct {
		OK      bool   `json:"ok"`
		Written bool   `json:"written"`
		Backup  string `json:"backup"`
		Created struct {
			AppID         string   `json:"app_id"`
			ClientID      string   `json:"client_id"`
			KeyID         string   `json:"key_id"`
			ScopesGranted []string `json:"scopes_granted"`
			Roles         []string `json:"roles"`
		} `json:"created"`
		Revoked bool `json:"token_revoked"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	if !doc.OK || !doc.Written || doc.Backup == "" || !doc.Revoked || doc.Created.AppID == "" || len(doc.Created.ScopesGranted) != len(checks.DefaultScopes) || len(doc.Created.Roles) != 2 {
		t.Fatalf("report %+v", doc)
	}
	if app := o.org.App(doc.Created.ClientID); app == nil || app.DPoPRequired || len(app.Keys) != 1 {
		t.Fatalf("app %+v", app)
	}
	if !o.org.Token(o.superID).Revoked {
		t.Fatal("token alive")
	}
	env := envLines(t, o.env())
	if env["LLM_API_KEY"] != "keep-me" || env["TOKEN_METHOD"] != "OAUTH2" || env["OKTA_OAUTH2_CLIENT_ID"] != doc.Created.ClientID {
		t.Fatalf(".env %v", env)
	}
	// Tako's start-up rule: both keys present, the token empty under OAuth.
	if _, ok := env["OKTA_CLIENT_ORGURL"]; !ok {
		t.Fatal("no OKTA_CLIENT_ORGURL")
	}
	if v, ok := env["OKTA_API_TOKEN"]; !ok || v != "" {
		t.Fatalf("OKTA_API_TOKEN %q (present %v): Tako needs the line, empty under OAuth 2.0", v, ok)
	}
	if b, _ := os.ReadFile(doc.Backup); string(b) != before {
		t.Fatal("backup differs from the old file")
	}
	if strings.Contains(r.stdout+r.stderr, o.superValue) {
		t.Fatal("the admin token is in the output")
	}
	// Nothing about the token on disk.
	_ = filepath.WalkDir(os.Getenv("XDG_STATE_HOME"), func(p string, d os.DirEntry, _ error) error {
		if d != nil && !d.IsDir() {
			if b, _ := os.ReadFile(p); strings.Contains(string(b), o.superValue) {
				t.Errorf("%s holds the token", p)
			}
		}
		return nil
	})
}

func TestAutomaticSetupOrgAdminExit2(t *testing.T) {
	o := newAutoOrg(t)
	r := runAuto(t, "", o.args(o.oaFile, "--yes")...)
	if r.code != 2 || !strings.Contains(r.stderr, "Super Administrator") {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	if _, err := os.Stat(o.env()); err == nil || len(o.org.Apps) != 0 {
		t.Fatal("something changed")
	}
}

func TestAutomaticSetupNeedsYesAndAToken(t *testing.T) {
	o := newAutoOrg(t)
	if r := runAuto(t, "", o.args(o.superFile)...); r.code != 2 || !strings.Contains(r.stderr, "--yes") {
		t.Fatalf("without --yes: %d %s", r.code, r.stderr)
	}
	if r := runAuto(t, "", "--non-interactive", "--admin-token-file", o.superFile, "--env-file", o.env(), "--yes"); r.code != 2 || !strings.Contains(r.stderr, "--org-url") {
		t.Fatalf("without --org-url: %d %s", r.code, r.stderr)
	}
	if len(o.org.Apps) != 0 || o.org.Token(o.superID).Revoked {
		t.Fatal("something changed")
	}
	// The token from standard input; the text report: the checklist of
	// calls on stderr, the final check and what was created on stdout.
	r := runAuto(t, o.superValue, o.args("-", "--yes")...)
	if r.code != 0 {
		t.Fatalf("stdin: %d %s", r.code, r.stderr)
	}
	for _, want := range []string{"✓ Grant okta.users.read", "✓ Prove the admin token is dead"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("no %q on stderr", want)
		}
	}
	for _, want := range []string{"Created the app", "READ_ONLY_ADMIN", "proven dead", "System Log event types an auditor will see", "app.oauth2.admin.consent.grant"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("no %q on stdout:\n%s", want, r.stdout)
		}
	}
}

func TestAutomaticSetupFailureExit1(t *testing.T) {
	o := newAutoOrg(t)
	// A core scope Okta will not grant: the live check fails, the run is
	// rolled back, the token revoked, the file untouched.
	o.org.RefuseGrants("okta.users.read")
	r := runAuto(t, "", o.args(o.superFile, "--yes")...)
	if r.code != 1 || !strings.Contains(r.stderr, "Rolled back") {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	if _, err := os.Stat(o.env()); err == nil || len(o.org.Apps) != 0 || !o.org.Token(o.superID).Revoked {
		t.Fatal("not rolled back")
	}
}

func TestAutomaticRotationNonInteractive(t *testing.T) {
	o := newAutoOrg(t)
	if r := runAuto(t, "", o.args(o.superFile, "--yes")...); r.code != 0 {
		t.Fatalf("setup: %d %s", r.code, r.stderr)
	}
	before := envLines(t, o.env())
	app := o.org.AppsByLabel("Tako")[0]
	oldKID := app.Keys[0].KID
	su := o.org.Token(o.superID).UserID
	tok := o.org.AddToken(&emulator.APIToken{UserID: su, Name: "rotation"})
	file := emutest.WriteFile(t, o.dir, "rot.token", tok.Value)
	r := runAuto(t, "", "rotate", "--non-interactive", "--admin-token-file", file, "--env-file", o.env(), "--ca-file", o.caFile, "--yes", "--json")
	if r.code != 0 {
		t.Fatalf("rotate: %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	var doc struct {
		Rotated bool   `json:"rotated"`
		Backup  string `json:"backup"`
		Created struct {
			KeyID         string   `json:"key_id"`
			Deleted       []string `json:"old_keys_deleted"`
			OldKeyRefused bool     `json:"old_key_refused"`
		} `json:"created"`
		Revoked bool `json:"token_revoked"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	if !doc.Rotated || !doc.Created.OldKeyRefused || !doc.Revoked || len(doc.Created.Deleted) != 1 || doc.Backup == "" {
		t.Fatalf("%+v", doc)
	}
	a := o.org.App(app.ClientID)
	if len(a.Keys) != 1 || a.Keys[0].KID == oldKID || a.Keys[0].ID != doc.Created.KeyID {
		t.Fatalf("keys %+v", a.Keys)
	}
	after := envLines(t, o.env())
	for k, v := range before {
		if k != "OKTA_OAUTH2_PRIVATE_KEY_PEM" && after[k] != v {
			t.Errorf("%s changed: %q → %q", k, v, after[k])
		}
	}
	if !o.org.Token(tok.ID).Revoked {
		t.Fatal("rotation token alive")
	}
}

func TestAutomaticRotationOfAnAPITokenSetupExplains(t *testing.T) {
	o := newAutoOrg(t)
	emutest.WriteFile(t, o.dir, ".env", "OKTA_CLIENT_ORGURL="+o.srv.URL+"\nTOKEN_METHOD=API_TOKEN\nOKTA_API_TOKEN=00abcdefghijklmnopqrstuvwxyz0123456789AB\n")
	r := runAuto(t, "", "rotate", "--non-interactive", "--admin-token-file", o.superFile, "--env-file", o.env(), "--ca-file", o.caFile, "--yes")
	if r.code != 2 || !strings.Contains(r.stderr, "no API to create API tokens") || !strings.Contains(r.stderr, "guided rotation") {
		t.Fatalf("%d %s", r.code, r.stderr)
	}
	if o.org.Token(o.superID).Revoked || len(o.org.Events()) != 0 {
		t.Fatal("something changed")
	}
}

// At a terminal, rotate --admin-token-file asks before changing anything.
func TestAutomaticRotationAtATerminalAsksFirst(t *testing.T) {
	o := newAutoOrg(t)
	if r := runAuto(t, "", o.args(o.superFile, "--yes")...); r.code != 0 {
		t.Fatalf("setup: %d %s", r.code, r.stderr)
	}
	app := o.org.AppsByLabel("Tako")[0]
	tok := o.org.AddToken(&emulator.APIToken{UserID: o.org.Token(o.superID).UserID, Name: "rotation"})
	file := emutest.WriteFile(t, o.dir, "rot.token", tok.Value)
	before := len(o.org.Events())
	s := startSigTTY(t, t.TempDir(), o.dir, "rotate", "--admin-token-file", file, "--env-file", o.env(), "--ca-file", o.caFile)
	s.waitFor(t, "Go ahead? [y/N]")
	if len(o.org.Events()) != before || o.org.Token(tok.ID).Revoked {
		t.Fatal("the question came after a change")
	}
	s.send(t, "y\r")
	if code := s.waitExit(t, 30*time.Second); code != 0 {
		t.Fatalf("exit %d:\n%s", code, s.output())
	}
	if k := o.org.App(app.ClientID).Keys; len(k) != 1 || k[0].KID == app.Keys[0].KID || !o.org.Token(tok.ID).Revoked {
		t.Fatalf("not rotated: %+v", k)
	}
}

// What automatic setup writes into Tako's .env.sample and into a new file
// starts Tako (the model of its start-up), and so does the rotated file.
func TestAutomaticSetupWritesFilesTakoStartsWith(t *testing.T) {
	for _, start := range []string{takoSampleOkta, ""} {
		o := newAutoOrg(t)
		if start != "" {
			emutest.WriteFile(t, o.dir, ".env", start)
		}
		if r := runAuto(t, "", o.args(o.superFile, "--yes")...); r.code != 0 {
			t.Fatalf("setup: %d %s", r.code, r.stderr)
		}
		b, err := os.ReadFile(o.env())
		if err != nil {
			t.Fatal(err)
		}
		if err := envfiletest.TakoStarts(b); err != nil {
			t.Fatalf("Tako would refuse the file (start %q): %v", start[:min(len(start), 20)], err)
		}
		tok := o.org.AddToken(&emulator.APIToken{UserID: o.org.Token(o.superID).UserID})
		file := emutest.WriteFile(t, o.dir, "rot.token", tok.Value)
		if r := runAuto(t, "", "rotate", "--non-interactive", "--admin-token-file", file, "--env-file", o.env(), "--ca-file", o.caFile, "--yes"); r.code != 0 {
			t.Fatalf("rotate: %d %s", r.code, r.stderr)
		}
		if b, _ = os.ReadFile(o.env()); envfiletest.TakoStarts(b) != nil {
			t.Fatalf("Tako would refuse the rotated file: %v", envfiletest.TakoStarts(b))
		}
	}
}

// ctrl+c during the grants: exit 130, the token revoked, what remains in
// Okta named, the file untouched.
func TestAutomaticSetupInterruptedExit130(t *testing.T) {
	o := newAutoOrg(t)
	o.org.SetLatency(20 * time.Millisecond)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		for ctx.Err() == nil {
			if apps := o.org.AppsByLabel("Tako"); len(apps) == 1 && len(apps[0].GrantedScopes) > 0 {
				cancel()
				return
			}
			time.Sleep(2 * time.Millisecond)
		}
	}()
	r := runAutoCtx(t, ctx, "", o.args(o.superFile, "--yes")...)
	if r.code != 130 || !strings.Contains(r.stderr, "Left in Okta") || !strings.Contains(r.stderr, "revoked") {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	if _, err := os.Stat(o.env()); err == nil || !o.org.Token(o.superID).Revoked {
		t.Fatal("file written or token alive")
	}
}

// TestAdminTokenFilesWithBOMOrControlCharacters: a token file an editor saved
// with a UTF-8 byte-order mark works for the automatic setup and rotation
// (the mark used to be sent, and Okta called the token revoked); a token
// holding a control character is refused before anything is sent.
func TestAdminTokenFilesWithBOMOrControlCharacters(t *testing.T) {
	o := newAutoOrg(t)
	bom := emutest.WriteFile(t, o.dir, "bom.token", "\uFEFF"+o.superValue+"\r\n")
	if r := runAuto(t, "", o.args(bom, "--yes")...); r.code != 0 {
		t.Fatalf("setup with a BOM token file: %d %s", r.code, r.stderr)
	}
	su := o.org.Token(o.superID).UserID
	events := len(o.org.Events())
	esc := o.org.AddToken(&emulator.APIToken{UserID: su, Name: "esc"})
	escFile := emutest.WriteFile(t, o.dir, "esc.token", esc.Value[:10]+"\x1b[2J"+esc.Value[10:])
	r := runAuto(t, "", "rotate", "--non-interactive", "--admin-token-file", escFile, "--env-file", o.env(), "--ca-file", o.caFile, "--yes")
	if r.code != 2 || !strings.Contains(r.stderr, "control character") || strings.Contains(r.stderr, "network") {
		t.Fatalf("rotate with an escape sequence in the token: %d %s", r.code, r.stderr)
	}
	if len(o.org.Events()) != events {
		t.Fatal("something changed in Okta")
	}
	rot := o.org.AddToken(&emulator.APIToken{UserID: su, Name: "rotation"})
	rotFile := emutest.WriteFile(t, o.dir, "rot.token", "\uFEFF"+rot.Value+"\n")
	if r := runAuto(t, "", "rotate", "--non-interactive", "--admin-token-file", rotFile, "--env-file", o.env(), "--ca-file", o.caFile, "--yes"); r.code != 0 {
		t.Fatalf("rotate with a BOM token file: %d %s", r.code, r.stderr)
	}
}
