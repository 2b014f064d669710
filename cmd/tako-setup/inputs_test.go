//go:build unix

package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/fctr-id/tako-setup/steps"
	"github.com/fctr-id/tako-setup/wizard"
)

// Inputs that are not regular files (a FIFO nobody writes to, /dev/zero)
// or far too large (a 100 MB .env) end the run at once with a message
// naming the file — no hang, no out-of-memory — through every flag that
// names a file and through check.
func TestInputsThatAreNotFilesOrTooLargeAreRefusedAtOnce(t *testing.T) {
	o := newNIOrg(t)
	fifo := filepath.Join(t.TempDir(), "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("no FIFO: %v", err)
	}
	huge := filepath.Join(t.TempDir(), "huge.env")
	f, err := os.Create(huge)
	niMust(t, err)
	niMust(t, f.Truncate(100<<20)) // sparse
	_ = f.Close()
	type run struct {
		name string
		do   func() (code int, out string)
		want string
	}
	var runs []run
	for _, bad := range []struct{ path, want string }{{fifo, "named pipe"}, {"/dev/zero", "device"}} {
		bad := bad
		runs = append(runs,
			run{"check --env-file " + bad.path, func() (int, string) {
				r := runCheckCmd(t, nil, checkScenario{env: bad.path})
				return r.code, r.stdout + r.stderr
			}, bad.want},
			run{"--private-key-file " + bad.path, func() (int, string) {
				args := o.oauthArgs()
				for i, a := range args {
					if a == "--private-key-file" {
						args[i+1] = bad.path
					}
				}
				r := runTakoSetup(t, niSetup{}, args...)
				return r.code, r.stdout + r.stderr
			}, bad.want},
			run{"--api-token-file " + bad.path, func() (int, string) {
				r := runTakoSetup(t, niSetup{}, "--non-interactive", "--org-url", o.srv.URL, "--method", "api-token", "--api-token-file", bad.path,
					"--ca-file", o.caFile, "--env-file", o.envPath())
				return r.code, r.stdout + r.stderr
			}, bad.want},
			run{"--ca-file " + bad.path, func() (int, string) {
				args := o.oauthArgs()
				for i, a := range args {
					if a == "--ca-file" {
						args[i+1] = bad.path
					}
				}
				r := runTakoSetup(t, niSetup{}, args...)
				return r.code, r.stdout + r.stderr
			}, bad.want},
		)
	}
	runs = append(runs, run{"check --env-file huge", func() (int, string) {
		r := runCheckCmd(t, nil, checkScenario{env: huge})
		return r.code, r.stdout + r.stderr
	}, "too large"})
	for _, r := range runs {
		start := time.Now()
		done := make(chan struct{})
		var code int
		var out string
		go func() { code, out = r.do(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: still running after 5 s", r.name)
		}
		if code == 0 || !strings.Contains(out, r.want) {
			t.Errorf("%s: exit %d, want a refusal saying %q:\n%s", r.name, code, r.want, out)
		}
		t.Logf("%s: refused in %v", r.name, time.Since(start).Round(time.Millisecond))
	}
}

// A .env that is a symlink out of its folder is not written through by
// --non-interactive, which says what to do; --force-env-file writes it.
// rotate and the wizard take the same flag.
func TestForceEnvFileWritesThroughALinkOutOfTheFolder(t *testing.T) {
	o := newNIOrg(t)
	other := t.TempDir()
	target := filepath.Join(other, "tako.env")
	niMust(t, os.WriteFile(target, []byte("SLACK_CHANNEL=general\n"), 0o600))
	niMust(t, os.Symlink(target, o.envPath()))
	r := runTakoSetup(t, niSetup{}, o.oauthArgs("--yes")...)
	if r.code != exitUsage || !strings.Contains(r.stderr, "--force-env-file") || !strings.Contains(r.stderr, "symbolic link") {
		t.Fatalf("written through the link: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if strings.Contains(r.stdout, "[ok]") {
		t.Errorf("the checks ran before the refusal:\n%s", r.stdout)
	}
	if b, _ := os.ReadFile(target); string(b) != "SLACK_CHANNEL=general\n" {
		t.Fatalf("the link's file was changed:\n%s", b)
	}
	r = runTakoSetup(t, niSetup{}, o.oauthArgs("--yes", "--force-env-file")...)
	if r.code != 0 {
		t.Fatalf("--force-env-file: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if b, _ := os.ReadFile(target); !strings.Contains(string(b), "TOKEN_METHOD=OAUTH2") {
		t.Fatalf("not written through the link:\n%s", b)
	}
	// rotate refuses before it makes a new credential in Okta.
	o2 := keyRotOrg(t)
	away := filepath.Join(t.TempDir(), "tako.env")
	b, err := os.ReadFile(o2.env)
	niMust(t, err)
	niMust(t, os.WriteFile(away, b, 0o600))
	niMust(t, os.Remove(o2.env))
	niMust(t, os.Symlink(away, o2.env))
	rr := runRotateCmd(t, context.Background(), &rotScript{t: t, o: o2}, "--env-file", o2.env, "--accessible")
	if exitCode(rr.err) != exitUsage || !strings.Contains(rr.err.Error(), "--force-env-file") {
		t.Errorf("rotate through a link out of the folder: %v\n%s", rr.err, rr.out)
	}
	for _, args := range [][]string{{"--help"}, {"rotate", "--help"}} {
		cmd := newRootCmd()
		var out strings.Builder
		cmd.SetOut(&out)
		cmd.SetArgs(args)
		niMust(t, cmd.Execute())
		if !strings.Contains(out.String(), "--force-env-file") {
			t.Errorf("%v does not list --force-env-file", args)
		}
	}
}

// The wizard refuses such a .env before its first question, and says how
// to only check it; with --force-env-file it starts.
func TestTheWizardRefusesAnUnusualEnvFileAtOnce(t *testing.T) {
	dir, other := t.TempDir(), t.TempDir()
	niMust(t, os.WriteFile(filepath.Join(other, "passwd"), []byte("root:x:0:0:root:/root:/bin/bash\n"), 0o644))
	env := filepath.Join(dir, ".env")
	niMust(t, os.Symlink(filepath.Join(other, "passwd"), env))
	for _, force := range []bool{false, true} {
		var stderr bytes.Buffer
		deps := testDeps(t, &stderr, map[string]string{"TERM": "xterm"})
		started := false
		deps.newLinePrompts = func() (wizard.LinePrompter, error) { return nil, nil }
		deps.runLines = func(context.Context, wizard.Config, wizard.LinePrompter) (wizard.Outcome, *steps.Answers, error) {
			started = true
			return wizard.Running, nil, wizard.ErrAborted
		}
		args := []string{"--env-file", env, "--accessible"}
		if force {
			args = append(args, "--force-env-file")
		}
		cmd, opts := rootCmdFor(t, args...)
		err := runWizard(cmd, opts, deps)
		switch {
		case !force && (started || exitCode(err) != exitUsage || !strings.Contains(err.Error(), "tako-setup check --env-file")):
			t.Errorf("without the flag: started=%v, %v", started, err)
		case force && !started:
			t.Errorf("with --force-env-file the wizard did not start: %v", err)
		}
	}
}
