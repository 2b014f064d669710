package main

// The hardening tests (the hardening suite, TESTING.md) run tako-setup as a user does — its own
// process, its own stdin, stdout, stderr, environment and exit code — by
// re-executing this test binary as the program: TestHardeningMainProcess
// calls main() when hardMainEnv holds the arguments. No `go build` needed.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// hardMainEnv carries the program's arguments (a JSON array) to the helper.
const hardMainEnv = "TAKO_SETUP_HARDENING_MAIN_ARGS"

// TestHardeningMainProcess is tako-setup itself, run only as a helper.
func TestHardeningMainProcess(t *testing.T) {
	raw := os.Getenv(hardMainEnv)
	if raw == "" {
		t.Skip("tako-setup's main for the hardening tests; runs only as their helper process")
	}
	var args []string
	if err := json.Unmarshal([]byte(raw), &args); err != nil {
		os.Stderr.WriteString("bad " + hardMainEnv + ": " + err.Error() + "\n")
		os.Exit(99)
	}
	os.Args = append([]string{"tako-setup"}, args...)
	main()
}

// hardProc describes one run of the program.
type hardProc struct {
	args  []string
	env   []string // added to a clean environment (see hardBaseEnv)
	stdin string
	dir   string
	// timeout ends a run that hangs (the test fails).
	timeout time.Duration
}

// hardOut is what one run printed and how it ended.
type hardOut struct {
	stdout, stderr string
	code           int
}

// hardBaseEnv is the environment every run starts from: this one without
// variables that would change tako-setup's behaviour, plus a home and a
// state directory of the test's own (the resume file lands there).
func hardBaseEnv(home string) []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		switch {
		case strings.HasPrefix(name, "TAKO_SETUP_"), strings.HasPrefix(name, "SSL_CERT_"),
			name == "HOME", name == "XDG_STATE_HOME", name == "XDG_CONFIG_HOME",
			name == "HTTPS_PROXY", name == "https_proxy", name == "HTTP_PROXY", name == "http_proxy",
			name == "NO_COLOR", name == "ACCESSIBLE", name == "TERM":
			continue
		}
		env = append(env, kv)
	}
	return append(env, "HOME="+home, "XDG_STATE_HOME="+filepath.Join(home, ".local", "state"), "TERM=dumb", "NO_COLOR=1")
}

// hardRunMain runs tako-setup with p and returns its output and exit code.
func hardRunMain(t *testing.T, home string, p hardProc) hardOut {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	if p.timeout == 0 {
		p.timeout = 60 * time.Second
	}
	ctx, cancel := context.WithTimeout(context.Background(), p.timeout)
	defer cancel()
	args, _ := json.Marshal(p.args)
	cmd := exec.CommandContext(ctx, exe, "-test.run=^TestHardeningMainProcess$", "-test.count=1")
	cmd.Env = append(append(hardBaseEnv(home), hardMainEnv+"="+string(args)), p.env...)
	cmd.Dir = p.dir
	cmd.Stdin = strings.NewReader(p.stdin)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("tako-setup %s hung (killed after %s)\nstdout:\n%s\nstderr:\n%s", strings.Join(p.args, " "), p.timeout, stdout.String(), stderr.String())
	}
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("running tako-setup: %v", err)
	}
	return hardOut{stdout: stdout.String(), stderr: stderr.String(), code: code}
}
