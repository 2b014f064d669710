package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// TestFlagUsageHasNoBackticks: pflag takes a `quoted` word of a flag's
// usage as its argument's name, so --json showed as "--json check --json"
// in cobra's usage. No flag of any command may hold one.
func TestFlagUsageHasNoBackticks(t *testing.T) {
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		c.Flags().VisitAll(func(f *pflag.Flag) {
			if strings.Contains(f.Usage, "`") {
				t.Errorf("%s --%s: usage holds a backtick: %q", c.CommandPath(), f.Name, f.Usage)
			}
			if name, _ := pflag.UnquoteUsage(f); name != "" && name != "string" && name != "duration" && name != "int" {
				t.Errorf("%s --%s shows as taking %q", c.CommandPath(), f.Name, name)
			}
		})
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(newRootCmd())
}

// TestHelpAboutAnUnknownTopicIsAUsageError: `help nonsense` printed the
// usage and exited 0; it is a usage error naming the commands there are.
func TestHelpAboutAnUnknownTopicIsAUsageError(t *testing.T) {
	for _, args := range [][]string{{"help", "nonsense"}, {"help", "check", "extra"}} {
		root := newRootCmd()
		var out, errb strings.Builder
		root.SetOut(&out)
		root.SetErr(&errb)
		root.SetArgs(args)
		root.SilenceErrors, root.SilenceUsage = true, true
		err := root.Execute()
		if exitCode(err) != exitUsage || !strings.Contains(err.Error(), "the commands are check") {
			t.Errorf("%v: err = %v (exit %d)", args, err, exitCode(err))
		}
	}
	root := newRootCmd()
	var out strings.Builder
	root.SetOut(&out)
	root.SetArgs([]string{"help", "check"})
	if err := root.Execute(); err != nil || !strings.Contains(out.String(), "--quiet") {
		t.Fatalf("help check: %v\n%s", err, out.String())
	}
}

// TestEnvFileDashIsRefused: `--env-file -` in a setup wrote a file named
// "-"; every command that writes the .env refuses it, saying why.
func TestEnvFileDashIsRefused(t *testing.T) {
	o := newNIOrg(t)
	t.Chdir(o.dir)
	r := runTakoSetup(t, niSetup{}, "--non-interactive", "--org-url", o.srv.URL, "--method", "api-token",
		"--api-token-file", o.file(t, "tok", o.token), "--ca-file", o.caFile, "--env-file", "-", "--yes")
	if r.code != exitUsage || !strings.Contains(r.stderr, "--env-file - would be standard input") {
		t.Fatalf("non-interactive: exit %d\n%s", r.code, r.stderr)
	}
	a := newAutoOrg(t)
	r = runAuto(t, "", "--non-interactive", "--org-url", a.srv.URL, "--admin-token-file", a.superFile, "--ca-file", a.caFile, "--env-file", "-", "--yes")
	if r.code != exitUsage || !strings.Contains(r.stderr, "--env-file - would be standard input") || len(a.org.Events()) != 0 {
		t.Fatalf("automatic: exit %d\n%s", r.code, r.stderr)
	}
	for _, args := range [][]string{{"--env-file", "-"}, {"rotate", "--env-file", "-"}} {
		root := newRootCmd()
		root.SetArgs(args)
		root.SetOut(new(strings.Builder))
		root.SetErr(new(strings.Builder))
		root.SilenceErrors, root.SilenceUsage = true, true
		if err := root.Execute(); exitCode(err) != exitUsage || !strings.Contains(err.Error(), "must be a file") {
			t.Errorf("%v: %v", args, err)
		}
	}
	if _, err := os.Stat(filepath.Join(o.dir, "-")); err == nil {
		t.Fatal("a file named - was written")
	}
}

// TestOnlyInputsThatTakeStdinOfferDash: --ca-file's errors offered "- for
// standard input", which --ca-file does not take; a token file's still
// does.
func TestOnlyInputsThatTakeStdinOfferDash(t *testing.T) {
	o := newNIOrg(t)
	dir := t.TempDir()
	r := runTakoSetup(t, niSetup{}, "--non-interactive", "--org-url", o.srv.URL, "--method", "api-token",
		"--api-token-file", o.file(t, "tok", o.token), "--ca-file", dir, "--env-file", o.envPath(), "--yes")
	if r.code != exitUsage || !strings.Contains(r.stderr, "it is a directory") || strings.Contains(r.stderr, "standard input") {
		t.Fatalf("--ca-file: exit %d\n%s", r.code, r.stderr)
	}
	r = runTakoSetup(t, niSetup{}, "--non-interactive", "--org-url", o.srv.URL, "--method", "api-token",
		"--api-token-file", dir, "--ca-file", o.caFile, "--env-file", o.envPath(), "--yes")
	if r.code != exitUsage || !strings.Contains(r.stderr, "it is a directory") || !strings.Contains(r.stderr, "- to read standard input") {
		t.Fatalf("--api-token-file: exit %d\n%s", r.code, r.stderr)
	}
}
