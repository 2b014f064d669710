package main

// --ca-file reaches every front end that talks to a real org: the wizard
// (TUI and accessible mode, by flag or by its TAKO_SETUP_CA_FILE twin),
// rotate, and a rotation chosen on the wizard's welcome screen. Each test
// runs against an emulated org on https://127.0.0.1:PORT whose certificate
// comes from a CA that nothing trusts by default (newTLSOrg), through the
// production client: trusted with the CA's PEM file, refused without it.

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/spf13/cobra"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/steps"
	"github.com/fctr-id/tako-setup/wizard"
)

// rootCmdFor is the bare command's flag set as newRootCmd registers it
// (the non-interactive mode's --ca-file and --timeout included), parsed
// from args.
func rootCmdFor(t *testing.T, args ...string) (*cobra.Command, *rootOptions) {
	t.Helper()
	c, opts := testCmd(t)
	for _, m := range rootModes {
		if m.AddFlags != nil {
			m.AddFlags(c.Flags())
		}
	}
	if err := c.ParseFlags(args); err != nil {
		t.Fatal(err)
	}
	return c, opts
}

// wizardOrgCheck runs the wizard on the org's .env in accessible mode or
// the TUI, and runs the org and token checks through the Check the wizard
// was configured with, as its org and token steps do.
func wizardOrgCheck(t *testing.T, o tlsOrg, tui bool, env map[string]string, args ...string) (checks.Report, wizard.Config) {
	t.Helper()
	var stderr bytes.Buffer
	if env == nil {
		env = map[string]string{}
	}
	env["TERM"] = "xterm"
	deps := testDeps(t, &stderr, env)
	var (
		rep checks.Report
		cfg wizard.Config
	)
	run := func(c wizard.Config) {
		cfg = c
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		rep = c.Check(ctx, c.Answers.CheckInput(), []string{checks.IDOrg, checks.IDTokenValid})
	}
	if tui {
		deps.runTUI = func(_ context.Context, m *wizard.Model, _ io.Reader, _ io.Writer) error {
			run(m.Config())
			return tea.ErrInterrupted
		}
	} else {
		deps.newLinePrompts = func() (wizard.LinePrompter, error) { return nil, nil }
		deps.runLines = func(_ context.Context, c wizard.Config, _ wizard.LinePrompter) (wizard.Outcome, *steps.Answers, error) {
			run(c)
			return wizard.Running, nil, wizard.ErrAborted
		}
		args = append(args, "--accessible")
	}
	cmd, opts := rootCmdFor(t, append([]string{"--env-file", o.env}, args...)...)
	if err := runWizard(cmd, opts, deps); !errors.Is(err, errInterrupted) {
		t.Fatalf("runWizard: %v (exit %d)\n%s", err, exitCode(err), stderr.String())
	}
	if cfg.Check == nil {
		t.Fatal("the wizard did not start")
	}
	return rep, cfg
}

func wantTrusted(t *testing.T, what string, rep checks.Report) {
	t.Helper()
	for _, id := range []string{checks.IDOrg, checks.IDTokenValid} {
		if f, ok := rep.Find(id); !ok || f.Status != checks.Pass {
			t.Errorf("%s: %s = %s %q %q, want pass (the CA trusted)", what, id, f.Status, f.Title, f.Detail)
		}
	}
}

func wantUntrusted(t *testing.T, what string, rep checks.Report) {
	t.Helper()
	f, _ := rep.Find(checks.IDOrg)
	if f.Status != checks.Fail || !strings.Contains(f.Title, "not trusted") || !strings.Contains(f.Fix, "--ca-file") {
		t.Errorf("%s: org = %s %q %q %q, want the untrusted-certificate failure", what, f.Status, f.Title, f.Detail, f.Fix)
	}
}

func TestWizardTrustsTheCAFile(t *testing.T) {
	o := newTLSOrg(t)
	for _, mode := range []struct {
		name string
		tui  bool
	}{{"accessible", false}, {"TUI", true}} {
		t.Run(mode.name, func(t *testing.T) {
			rep, _ := wizardOrgCheck(t, o, mode.tui, nil)
			wantUntrusted(t, "no --ca-file", rep)

			rep, cfg := wizardOrgCheck(t, o, mode.tui, nil, "--ca-file", o.caFile, "--timeout", "40s")
			wantTrusted(t, "--ca-file", rep)
			if cfg.Timeout != 80*time.Second {
				t.Errorf("--timeout 40s: a step's checks are bounded by %s, want 80s", cfg.Timeout)
			}

			rep, _ = wizardOrgCheck(t, o, mode.tui, map[string]string{"TAKO_SETUP_CA_FILE": o.caFile})
			wantTrusted(t, "TAKO_SETUP_CA_FILE", rep)
		})
	}
}

func TestWizardRefusesABadCAFileOrTimeout(t *testing.T) {
	o := newTLSOrg(t)
	deps := testDeps(t, &bytes.Buffer{}, map[string]string{"TERM": "xterm"})
	for _, c := range []struct {
		args []string
		env  map[string]string
		says string
	}{
		{[]string{"--ca-file", o.env}, nil, "--ca-file"}, // a .env is no PEM certificate
		{[]string{"--ca-file", o.caFile + ".missing"}, nil, "--ca-file"},
		{[]string{"--timeout", "0s"}, nil, "positive"},
		{nil, map[string]string{"TAKO_SETUP_TIMEOUT": "soon"}, "TAKO_SETUP_TIMEOUT"},
	} {
		deps.getenv = func(k string) string { return c.env[k] }
		cmd, opts := rootCmdFor(t, append([]string{"--env-file", o.env, "--accessible"}, c.args...)...)
		err := runWizard(cmd, opts, deps)
		if exitCode(err) != exitUsage || !strings.Contains(err.Error(), c.says) {
			t.Errorf("%q %v: err = %v (exit %d), want a usage error naming %q", c.args, c.env, err, exitCode(err), c.says)
		}
	}
}

// caScript is accessible mode's terminal answering "quit" at the first
// prompt (or the given answers first), keeping what was said.
type caScript struct {
	answers []string
	out     strings.Builder
}

func (q *caScript) Say(text string) { q.out.WriteString(text + "\n") }
func (q *caScript) Ask(p string) (string, error) {
	q.out.WriteString(p + "\n")
	if len(q.answers) > 0 {
		a := q.answers[0]
		q.answers = q.answers[1:]
		return a, nil
	}
	return "quit", nil
}
func (q *caScript) AskSecret(p string) (string, error) { return q.Ask(p) }

// rotateFirstCheck runs `tako-setup rotate --accessible` on the org's .env
// up to its first question, and returns what it said: the first step
// checks the .env's token.
func rotateFirstCheck(t *testing.T, o tlsOrg, args ...string) string {
	t.Helper()
	q := &caScript{}
	var stderr bytes.Buffer
	deps := rotateDeps{wizardDeps: testDeps(t, &stderr, nil), now: time.Now}
	deps.newLinePrompts = func() (wizard.LinePrompter, error) { return q, nil }
	cmd := newRotateCmdWith(deps)
	cmd.SetArgs(append([]string{"--env-file", o.env, "--accessible"}, args...))
	cmd.SetOut(io.Discard)
	cmd.SetErr(&stderr)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	if err := cmd.ExecuteContext(context.Background()); !errors.Is(err, errInterrupted) {
		t.Fatalf("rotate %q: %v\n%s\n%s", args, err, stderr.String(), q.out.String())
	}
	return q.out.String()
}

func TestRotateTrustsTheCAFile(t *testing.T) {
	o := newTLSOrg(t)
	out := rotateFirstCheck(t, o)
	if strings.Contains(out, "PASS: The current token works") || !strings.Contains(out, "not trusted") {
		t.Errorf("without --ca-file the org's certificate was trusted:\n%s", out)
	}
	out = rotateFirstCheck(t, o, "--ca-file", o.caFile)
	if !strings.Contains(out, "PASS: The current token works") || strings.Contains(out, "not trusted") {
		t.Errorf("with --ca-file the org's certificate was not trusted:\n%s", out)
	}
}

func TestRotateRefusesABadCAFileOrTimeout(t *testing.T) {
	o := newTLSOrg(t)
	for _, c := range []struct {
		args []string
		says string
	}{
		{[]string{"--ca-file", o.env}, "--ca-file"},
		{[]string{"--timeout", "0s"}, "positive"},
	} {
		deps := rotateDeps{wizardDeps: testDeps(t, &bytes.Buffer{}, nil), now: time.Now}
		cmd := newRotateCmdWith(deps)
		cmd.SetArgs(append([]string{"--env-file", o.env, "--accessible"}, c.args...))
		cmd.SetOut(io.Discard)
		cmd.SetErr(io.Discard)
		cmd.SilenceUsage, cmd.SilenceErrors = true, true
		err := cmd.ExecuteContext(context.Background())
		if exitCode(err) != exitUsage || !strings.Contains(err.Error(), c.says) {
			t.Errorf("rotate %q: err = %v (exit %d), want a usage error naming %q", c.args, err, exitCode(err), c.says)
		}
	}
}

// The welcome screen's "rotate" reaches the org as the wizard does: in
// accessible mode directly, in the TUI through `rotate`'s flags.
func TestWelcomeScreenRotationKeepsTheCAFile(t *testing.T) {
	o := newTLSOrg(t)
	q := &caScript{answers: []string{"2"}} // Rotate its credential
	var stderr bytes.Buffer
	deps := testDeps(t, &stderr, map[string]string{"TERM": "xterm"})
	deps.newLinePrompts = func() (wizard.LinePrompter, error) { return q, nil }
	cmd, opts := rootCmdFor(t, "--env-file", o.env, "--accessible", "--ca-file", o.caFile)
	if err := runWizard(cmd, opts, deps); !errors.Is(err, errInterrupted) {
		t.Fatalf("runWizard: %v\n%s\n%s", err, stderr.String(), q.out.String())
	}
	if out := q.out.String(); !strings.Contains(out, "PASS: The current token works") {
		t.Errorf("the rotation did not trust --ca-file:\n%s", out)
	}

	root := newRootCmd()
	rot, _, err := root.Find([]string{"rotate"})
	if err != nil || rot == root {
		t.Fatalf("rotate not registered: %v", err)
	}
	if err := rot.ParseFlags(rotateArgs(o.env, clientSettings{caFile: o.caFile, timeout: 40 * time.Second})); err != nil {
		t.Fatal(err)
	}
	for flag, want := range map[string]string{"env-file": o.env, "ca-file": o.caFile, "timeout": "40s"} {
		if got := rot.Flags().Lookup(flag).Value.String(); got != want {
			t.Errorf("rotate --%s = %q, want %q", flag, got, want)
		}
	}
	if got := rotateArgs(o.env, clientSettings{}); len(got) != 2 {
		t.Errorf("rotateArgs without settings = %q, want only --env-file", got)
	}
}

// TestSSLCertDirIsTheSystemTrustStore: on Linux and BSD, Go reads
// SSL_CERT_DIR as where the system's roots live, so a CA put in a
// directory named there is trusted — the machine's trust store, which
// README's "Trust" paragraph describes as such, not a way of ours to add
// a CA. A directory without it changes nothing.
func TestSSLCertDirIsTheSystemTrustStore(t *testing.T) {
	switch runtime.GOOS {
	case "linux", "freebsd", "openbsd", "netbsd", "dragonfly":
	default:
		t.Skipf("on %s the operating system verifies certificates; SSL_CERT_DIR plays no part", runtime.GOOS)
	}
	o := newTLSOrg(t)
	withCA, without := t.TempDir(), t.TempDir()
	if err := os.WriteFile(filepath.Join(withCA, "corp-ca.pem"), o.srv.CAPEM(), 0o600); err != nil {
		t.Fatal(err)
	}
	expectTrusted(t, "SSL_CERT_DIR holding the CA", o.check(t, []string{"SSL_CERT_DIR=" + without + ":" + withCA}))
	expectUntrusted(t, "SSL_CERT_DIR without the CA", o.check(t, []string{"SSL_CERT_DIR=" + without}))
}
