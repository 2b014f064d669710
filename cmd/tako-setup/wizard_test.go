package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/spf13/cobra"

	"github.com/fctr-id/tako-setup/wizard"
	"github.com/fctr-id/tako-setup/wizard/demo"
)

func TestAccessibleModeIsChosenByFlagEnvOrDumbTerminal(t *testing.T) {
	cases := []struct {
		flag      bool
		env, term string
		want      bool
	}{
		{false, "", "xterm-256color", false},
		{true, "", "xterm-256color", true},
		{false, "1", "xterm", true},
		{false, "true", "xterm", true},
		{false, "0", "xterm", false},
		{false, "false", "xterm", false},
		{false, "", "dumb", true},
		{false, "", "DUMB", true},
	}
	for _, c := range cases {
		env := map[string]string{"ACCESSIBLE": c.env, "TERM": c.term}
		got := accessibleWanted(&rootOptions{accessible: c.flag}, func(k string) string { return env[k] })
		if got != c.want {
			t.Errorf("flag=%v ACCESSIBLE=%q TERM=%q: %v, want %v", c.flag, c.env, c.term, got, c.want)
		}
	}
}

// testCmd is the bare command's flag set, parsed from args.
func testCmd(t *testing.T, args ...string) (*cobra.Command, *rootOptions) {
	t.Helper()
	opts := &rootOptions{}
	c := &cobra.Command{Use: "tako-setup"}
	c.Flags().BoolVar(&opts.demo, "demo", false, "")
	c.Flags().StringVar(&opts.envFile, "env-file", ".env", "")
	c.Flags().BoolVar(&opts.accessible, "accessible", false, "")
	c.Flags().BoolVar(&opts.forceEnvFile, "force-env-file", false, "")
	if err := c.ParseFlags(args); err != nil {
		t.Fatal(err)
	}
	c.SetContext(context.Background())
	return c, opts
}

func testDeps(t *testing.T, stderr *bytes.Buffer, env map[string]string) wizardDeps {
	return wizardDeps{
		stdin:        strings.NewReader(""),
		stderr:       stderr,
		getenv:       func(k string) string { return env[k] },
		isTerminal:   func(uintptr) bool { return true },
		progressPath: func() (string, error) { return filepath.Join(t.TempDir(), "progress.json"), nil },
		runTUI: func(context.Context, *wizard.Model, io.Reader, io.Writer) error {
			t.Fatal("the TUI was started")
			return nil
		},
		runLines: wizard.RunLines,
		newLinePrompts: func() (wizard.LinePrompter, error) {
			return nil, errors.New("no terminal prompter in tests")
		},
	}
}

func TestWithoutATerminalTheWizardPointsToTheFlags(t *testing.T) {
	var stderr bytes.Buffer
	deps := testDeps(t, &stderr, nil)
	deps.isTerminal = func(uintptr) bool { return false }
	dir := t.TempDir()
	cmd, opts := testCmd(t, "--env-file", filepath.Join(dir, ".env"))
	err := runWizard(cmd, opts, deps)
	if exitCode(err) != exitUsage || !strings.Contains(err.Error(), "tako-setup --help") {
		t.Fatalf("err = %v (exit %d)", err, exitCode(err))
	}
	if _, err := os.Stat(filepath.Join(dir, ".env")); err == nil {
		t.Fatal("a file was written")
	}
}

func TestDemoRunsOnTheDemoOrgWithATemporaryEnvFile(t *testing.T) {
	var stderr bytes.Buffer
	deps := testDeps(t, &stderr, map[string]string{"TERM": "xterm"})
	var cfg wizard.Config
	deps.runTUI = func(_ context.Context, m *wizard.Model, _ io.Reader, _ io.Writer) error {
		cfg = m.Config()
		m.Update(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}) // the user quits at once
		return nil
	}
	cmd, opts := testCmd(t, "--demo")
	err := runWizard(cmd, opts, deps)
	if exitCode(err) != exitInterrupted {
		t.Fatalf("ctrl+c: err = %v (exit %d)", err, exitCode(err))
	}
	if !strings.Contains(stderr.String(), "Nothing was written") {
		t.Errorf("stderr: %q", stderr.String())
	}
	if !cfg.Demo || cfg.Console == nil || cfg.Answers.OrgURL != demo.OrgURL || cfg.Progress != nil {
		t.Fatalf("not a demo config: %+v", cfg)
	}
	if !strings.Contains(cfg.EnvFile, "tako-setup-demo-") || filepath.Base(cfg.EnvFile) != ".env" {
		t.Errorf("demo .env at %s, want a temporary directory", cfg.EnvFile)
	}
	if !cfg.Color {
		t.Error("colour off without NO_COLOR")
	}
}

func TestNoColorAndEnvFileFlagReachTheWizard(t *testing.T) {
	var stderr bytes.Buffer
	deps := testDeps(t, &stderr, map[string]string{"NO_COLOR": "1", "TERM": "xterm"})
	var cfg wizard.Config
	deps.runTUI = func(_ context.Context, m *wizard.Model, _ io.Reader, _ io.Writer) error {
		cfg = m.Config()
		m.Update(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl})
		return nil
	}
	path := filepath.Join(t.TempDir(), "tako.env")
	cmd, opts := testCmd(t, "--demo", "--env-file", path)
	_ = runWizard(cmd, opts, deps)
	if cfg.Color || cfg.EnvFile != path {
		t.Fatalf("color=%v envFile=%s", cfg.Color, cfg.EnvFile)
	}
}

func TestAnExistingEnvIsOfferedOnTheWelcomeScreen(t *testing.T) {
	var stderr bytes.Buffer
	deps := testDeps(t, &stderr, map[string]string{"TERM": "xterm"})
	path := filepath.Join(t.TempDir(), ".env")
	if err := os.WriteFile(path, []byte("OPENAI_API_KEY=x\nOKTA_CLIENT_ORGURL=https://acme.okta.com\nTOKEN_METHOD=API_TOKEN\nOKTA_API_TOKEN=00"+strings.Repeat("a", 40)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var cfg wizard.Config
	deps.runTUI = func(_ context.Context, m *wizard.Model, _ io.Reader, _ io.Writer) error {
		cfg = m.Config()
		m.Update(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl})
		return nil
	}
	cmd, opts := testCmd(t, "--env-file", path)
	_ = runWizard(cmd, opts, deps)
	e := cfg.Answers.Existing
	if e == nil || !e.HasToken || e.Unrelated != 1 || cfg.Answers.APIToken.IsZero() {
		t.Fatalf("existing = %+v", e)
	}
	if cfg.Resume != nil {
		t.Fatal("resume offered although the file exists (the welcome screen offers 'check it')")
	}
}

func TestAccessibleQuitWritesNothing(t *testing.T) {
	var stderr bytes.Buffer
	deps := testDeps(t, &stderr, map[string]string{"TERM": "dumb"})
	lp := &quitter{}
	deps.newLinePrompts = func() (wizard.LinePrompter, error) { return lp, nil }
	cmd, opts := testCmd(t, "--demo")
	err := runWizard(cmd, opts, deps)
	if exitCode(err) != exitInterrupted {
		t.Fatalf("err = %v", err)
	}
	if !strings.Contains(lp.said.String(), "Step 2 of 6–12") {
		t.Fatalf("line mode did not run:\n%s", lp.said.String())
	}
}

// quitter answers "quit" to the first question.
type quitter struct{ said strings.Builder }

func (q *quitter) Say(s string)                     { q.said.WriteString(s + "\n") }
func (q *quitter) Ask(string) (string, error)       { return "quit", nil }
func (q *quitter) AskSecret(string) (string, error) { return "quit", nil }
