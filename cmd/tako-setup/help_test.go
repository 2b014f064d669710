//go:build linux

package main

// Help and usage errors in a terminal: they never ask the terminal anything
// (a terminal that never answers made them wait 4 s), and every command's
// help fits an 80-column terminal. Speed itself is measured by
// BenchmarkStartupSilentTerminal (.ci/bench), not here.

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/creack/pty"
)

// silentRun is one run of tako-setup in a pty that never answers.
type silentRun struct {
	out  string // everything the program wrote to the terminal
	code int
}

// runInSilentTerminal runs tako-setup (this test binary as its main) with
// args in a cols × 24 pty that reads what the program writes and never
// answers a query, as some SSH clients and CI ptys do.
func runInSilentTerminal(t *testing.T, cols int, env []string, args ...string) silentRun {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Skipf("no pty on this machine: %v", err)
	}
	defer ptmx.Close()
	if err := pty.Setsize(ptmx, &pty.Winsize{Cols: uint16(cols), Rows: 24}); err != nil {
		t.Fatal(err)
	}
	argJSON, err := json.Marshal(args)
	if err != nil {
		t.Fatal(err)
	}
	home := t.TempDir()
	cmd := exec.Command(exe, "-test.run=^TestHardeningMainProcess$", "-test.count=1")
	cmd.Env = append(hardBaseEnv(home), hardMainEnv+"="+string(argJSON), "TERM=xterm-256color", "NO_COLOR=", "COLUMNS=", "LINES=", "COLORFGBG=")
	cmd.Env = append(cmd.Env, env...)
	cmd.Dir = home
	cmd.Stdin, cmd.Stdout, cmd.Stderr = tty, tty, tty
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	tty.Close()
	var (
		mu  sync.Mutex
		buf bytes.Buffer
	)
	read := make(chan struct{})
	go func() {
		defer close(read)
		chunk := make([]byte, 32<<10)
		for {
			n, err := ptmx.Read(chunk)
			mu.Lock()
			buf.Write(chunk[:n])
			mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var werr error
	select {
	case werr = <-done:
	case <-time.After(30 * time.Second): // a hang, not a speed target
		_ = cmd.Process.Kill()
		t.Fatalf("tako-setup %s did not end", strings.Join(args, " "))
	}
	select {
	case <-read:
	case <-time.After(2 * time.Second):
	}
	code := 0
	if ee, ok := werr.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if werr != nil {
		t.Fatal(werr)
	}
	mu.Lock()
	defer mu.Unlock()
	return silentRun{out: buf.String(), code: code}
}

// terminalQueries are the questions a program asks a terminal: its
// background colour (OSC 11) and its primary device attributes (DA1).
var terminalQueries = []string{ansi.RequestBackgroundColor, ansi.RequestPrimaryDeviceAttributes, "\x1b]11;?"}

func assertAsksNothing(t *testing.T, what string, r silentRun) {
	t.Helper()
	for _, q := range terminalQueries {
		if strings.Contains(r.out, q) {
			t.Errorf("%s asked the terminal %q; output:\n%s", what, q, r.out)
		}
	}
}

// TestHelpAndUsageErrorsNeverAskTheTerminal: --help, a command's --help, a
// mistyped flag and command, and --version print at once in a terminal
// that never answers, asking nothing.
func TestHelpAndUsageErrorsNeverAskTheTerminal(t *testing.T) {
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--help"}, 0, "tako-setup walks you through"},
		{[]string{"check", "--help"}, 0, "--quiet"},
		{[]string{"help", "check"}, 0, "--quiet"},
		{[]string{"help", "nonsense"}, 2, "no help about"},
		{[]string{"check", "--bogus"}, 2, "unknown flag: --bogus"},
		{[]string{"chekc"}, 2, "Did you mean this?"},
		{[]string{"check", "--timeout", "5"}, 2, "write --timeout 5s"},
		{[]string{"--version"}, 0, "tako-setup version "},
	}
	for _, c := range cases {
		name := strings.Join(c.args, " ")
		t.Run(name, func(t *testing.T) {
			r := runInSilentTerminal(t, 80, nil, c.args...)
			assertAsksNothing(t, "tako-setup "+name, r)
			if r.code != c.code {
				t.Errorf("exit status %d, want %d; output:\n%s", r.code, c.code, r.out)
			}
			if !strings.Contains(ansi.Strip(r.out), c.want) {
				t.Errorf("output lacks %q:\n%s", c.want, ansi.Strip(r.out))
			}
		})
	}
}

// TestHelpFitsEightyColumns: in an 80-column terminal no line of any
// command's help is wider than 80 columns, and every example is shown
// whole (fang cuts an example that does not fit with "…").
func TestHelpFitsEightyColumns(t *testing.T) {
	root := newRootCmd()
	prepareHelp(root, 80)
	commands := [][]string{nil}
	for _, sub := range root.Commands() {
		if !sub.Hidden && sub.Name() != "help" {
			commands = append(commands, []string{sub.Name()})
		}
	}
	for _, path := range commands {
		cmd, _, err := root.Find(path)
		if err != nil {
			t.Fatal(err)
		}
		name := strings.TrimSpace("tako-setup " + strings.Join(path, " ") + " --help")
		t.Run(name, func(t *testing.T) {
			r := runInSilentTerminal(t, 80, nil, append(path, "--help")...)
			if r.code != 0 {
				t.Fatalf("exit status %d; output:\n%s", r.code, r.out)
			}
			text := strings.ReplaceAll(ansi.Strip(r.out), "\r", "")
			for _, line := range strings.Split(text, "\n") {
				line = strings.TrimRight(line, " ")
				if w := ansi.StringWidth(line); w > 80 {
					t.Errorf("a line %d columns wide: %q", w, line)
				}
			}
			// fang lays the long description out 78 columns wide (80 less
			// its margin): a longer source line would wrap raggedly.
			for _, line := range strings.Split(cmd.Long, "\n") {
				if w := ansi.StringWidth(line); w > 78 {
					t.Errorf("a line of the long description is %d columns wide: %q", w, line)
				}
			}
			flat := strings.Join(strings.Fields(text), " ")
			for _, ex := range strings.Split(cmd.Example, "\n") {
				ex = strings.Join(strings.Fields(ex), " ")
				if ex != "" && !strings.Contains(flat, ex) {
					t.Errorf("the example %q is not shown whole", ex)
				}
			}
		})
	}
}

// TestFlagHelpIsWrapped: wrapWords keeps every line within the width and
// leaves room for fang's " (default)" on the last one.
func TestFlagHelpIsWrapped(t *testing.T) {
	in := "how long the whole check may take; no single answer from Okta is waited for longer"
	got := wrapWords(in, 30, len(" (15s)"))
	lines := strings.Split(got, "\n")
	for i, l := range lines {
		limit := 30
		if i == len(lines)-1 {
			limit -= len(" (15s)")
		}
		if ansi.StringWidth(l) > limit {
			t.Errorf("line %q is wider than %d", l, limit)
		}
	}
	if strings.Join(strings.Fields(got), " ") != in {
		t.Errorf("wrapping changed the words: %q", got)
	}
}
