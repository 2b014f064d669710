package main

// Tako's preflight as the README shows it — the built binary running
// `check --quiet --env-file FILE` with no terminal, as a one-shot compose
// service or a line before `python main.py` — against the emulated org; and
// `--version` from the ways of building the binary.

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fctr-id/tako-setup/checks/canary"
	"github.com/fctr-id/tako-setup/checks/emulator/emutest"
)

// buildTakoSetup builds tako-setup with the extra go build flags into a
// directory of the test and returns its path.
func buildTakoSetup(t *testing.T, flags ...string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "tako-setup")
	args := append(append([]string{"build", "-o", path}, flags...), ".")
	if out, err := exec.Command("go", args...).CombinedOutput(); err != nil {
		t.Fatalf("go build %s: %v\n%s", strings.Join(flags, " "), err, out)
	}
	return path
}

// preflightRun is one run of the preflight command line.
type preflightRun struct {
	stdout, stderr string
	code           int
}

// runPreflight runs bin with args as a compose service does: no terminal
// (stdin empty, stdout and stderr pipes), a clean environment of its own.
func runPreflight(t *testing.T, bin string, args ...string) preflightRun {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second) // a hang, not a speed target
	defer cancel()
	home := t.TempDir()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = hardBaseEnv(home)
	cmd.Dir = home
	var stdout, stderr bytes.Buffer
	cmd.Stdin = strings.NewReader("")
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("tako-setup %s did not end", strings.Join(args, " "))
	}
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return preflightRun{stdout: stdout.String(), stderr: stderr.String(), code: code}
}

func oauthEnvText(orgURL, clientID, keyPEM string) string {
	return "OKTA_CLIENT_ORGURL=" + orgURL + "\nTOKEN_METHOD=OAUTH2\nOKTA_OAUTH2_CLIENT_ID=" + clientID +
		"\nOKTA_OAUTH2_PRIVATE_KEY_PEM=\"" + strings.TrimSpace(keyPEM) + "\"\nOKTA_API_TOKEN=\n"
}

// TestComposePreflight: the preflight passes silently on a good file and
// fails with one line per failed check on a bad one; a file it cannot read
// is a usage error; and --timeout bounds the whole run, not only each
// answer.
func TestComposePreflight(t *testing.T) {
	t.Parallel()
	bin := buildTakoSetup(t)
	good := emutest.StartOAuthOrg(t, emutest.AppKeys(emutest.Key(0)))
	dpop := emutest.StartOAuthOrg(t, emutest.AppKeys(emutest.Key(0)), emutest.AppDPoP(true))
	dir := t.TempDir()
	keyPEM := emutest.PKCS8PEM(t, emutest.Key(0))
	goodCA := emutest.WriteFile(t, dir, "good-ca.pem", string(good.Server.CAPEM()))
	dpopCA := emutest.WriteFile(t, dir, "dpop-ca.pem", string(dpop.Server.CAPEM()))
	goodEnv := emutest.WriteFile(t, dir, "good.env", oauthEnvText(good.Server.URL, good.App.ClientID, keyPEM))
	dpopEnv := emutest.WriteFile(t, dir, "dpop.env", oauthEnvText(dpop.Server.URL, dpop.App.ClientID, keyPEM))

	t.Run("passing file", func(t *testing.T) {
		r := runPreflight(t, bin, "check", "--quiet", "--env-file", goodEnv, "--ca-file", goodCA)
		if r.code != 0 || r.stdout != "" || r.stderr != "" {
			t.Fatalf("exit %d, stdout %q, stderr %q; want 0 and no output", r.code, r.stdout, r.stderr)
		}
	})
	t.Run("failing file", func(t *testing.T) {
		r := runPreflight(t, bin, "check", "--quiet", "--env-file", dpopEnv, "--ca-file", dpopCA)
		if r.code != 1 {
			t.Fatalf("exit %d, want 1; stderr:\n%s", r.code, r.stderr)
		}
		if r.stdout != "" {
			t.Errorf("stdout %q, want nothing", r.stdout)
		}
		lines := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n")
		var sawDPoP bool
		for _, l := range lines {
			if !strings.HasPrefix(l, "FAIL ") {
				t.Errorf("a line that is not a failure: %q", l)
			}
			if strings.HasPrefix(l, "FAIL oauth.dpop: ") && strings.Contains(l, " — fix: ") {
				sawDPoP = true
			}
		}
		if !sawDPoP {
			t.Errorf("no one-line failure for oauth.dpop with its fix:\n%s", r.stderr)
		}
	})
	t.Run("missing file", func(t *testing.T) {
		r := runPreflight(t, bin, "check", "--quiet", "--env-file", filepath.Join(dir, "absent.env"))
		if r.code != 2 || r.stdout != "" {
			t.Fatalf("exit %d, stdout %q; want 2 and nothing on stdout", r.code, r.stdout)
		}
		if lines := strings.Split(strings.TrimSpace(r.stderr), "\n"); len(lines) != 1 || !strings.HasPrefix(lines[0], "tako-setup: ") {
			t.Errorf("stderr %q, want one line starting with \"tako-setup: \"", r.stderr)
		}
	})
	t.Run("timeout bounds the whole run", func(t *testing.T) {
		slow := emutest.StartOAuthOrg(t, emutest.AppKeys(emutest.Key(0)))
		// Every answer comes within --timeout, but the check's two round
		// trips do not.
		slow.Org.SetLatency(700 * time.Millisecond)
		ca := emutest.WriteFile(t, t.TempDir(), "ca.pem", string(slow.Server.CAPEM()))
		env := emutest.WriteFile(t, t.TempDir(), ".env", oauthEnvText(slow.Server.URL, slow.App.ClientID, keyPEM))
		r := runPreflight(t, bin, "check", "--quiet", "--timeout", "1s", "--env-file", env, "--ca-file", ca)
		if r.code != 1 || !strings.Contains(r.stderr, "FAIL timeout: The check did not finish within 1s") {
			t.Fatalf("exit %d, stderr %q; want 1 and the timeout failure", r.code, r.stderr)
		}
	})
	t.Run("json and quiet", func(t *testing.T) {
		r := runPreflight(t, bin, "check", "--quiet", "--json", "--env-file", goodEnv)
		if r.code != 2 || !strings.Contains(r.stderr, "--json and --quiet do not go together") {
			t.Fatalf("exit %d, stderr %q; want 2 (usage) and why", r.code, r.stderr)
		}
	})
}

// TestVersionOfBuiltBinaries: --version from a release build (ldflags, as
// GoReleaser stamps it), a build without VCS information (what `go run`
// and -buildvcs=false make) and, in a git checkout, a plain `go build`
// that records the revision.
func TestVersionOfBuiltBinaries(t *testing.T) {
	t.Parallel()
	version := func(bin string) string {
		r := runPreflight(t, bin, "--version")
		if r.code != 0 {
			t.Fatalf("%s --version: exit %d, stderr %q", bin, r.code, r.stderr)
		}
		if strings.Contains(r.stdout, "unknown") {
			t.Errorf("--version says unknown: %q", r.stdout)
		}
		return strings.TrimSpace(r.stdout)
	}
	rel := buildTakoSetup(t, "-ldflags", "-X main.version=1.2.3 -X main.commit=0123456789abcdef0123 -X main.date=2026-12-06T00:00:00Z")
	if got, want := version(rel), "tako-setup version 1.2.3 (commit 0123456789ab, 2026-12-06T00:00:00Z)"; got != want {
		t.Errorf("release build: %q, want %q", got, want)
	}
	dev := buildTakoSetup(t, "-buildvcs=false")
	if got, want := version(dev), "tako-setup version "+nextRelease+"-dev (built from source"; !strings.HasPrefix(got, want) {
		t.Errorf("build without VCS information: %q, want it to start %q", got, want)
	}

	root := canary.RepoRoot(t)
	if fi, err := os.Stat(filepath.Join(root, ".git")); err != nil || !fi.IsDir() {
		// Go finds a revision only in a repository's own working tree: not
		// in a `git worktree` (.git is a file there) or an unpacked archive.
		t.Skip("not a git clone: Go records no revision here")
	}
	head, err := exec.Command("git", "-C", root, "rev-parse", "HEAD").Output()
	if err != nil {
		t.Skipf("git rev-parse HEAD: %v", err)
	}
	vcs := buildTakoSetup(t, "-buildvcs=true")
	if got, rev := version(vcs), strings.TrimSpace(string(head))[:12]; !strings.Contains(got, "commit "+rev) {
		t.Errorf("go build in a checkout: %q, want the revision %s", got, rev)
	}
}
