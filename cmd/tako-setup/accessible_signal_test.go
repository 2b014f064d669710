//go:build linux

package main

// Interruptions in accessible mode (accessible mode): SIGINT, SIGTERM, SIGHUP,
// ctrl+c and ctrl+d typed while the line-by-line wizard waits at a visible
// prompt and at the hidden API token prompt. Each must end the program at
// once with exit status 130, leave the terminal's modes as they were (echo
// on above all: the token prompt turned it off), and write nothing.

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// accessibleStop is how long the program may take to end after an
// interruption. Without the fix it never ends: reads waited for Enter.
const accessibleStop = 2 * time.Second

func TestInterruptingAccessibleMode(t *testing.T) {
	signal := func(sig syscall.Signal) func(t *testing.T, s *sigTTY) {
		return func(t *testing.T, s *sigTTY) {
			if err := s.cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
		}
	}
	typed := func(keys string) func(t *testing.T, s *sigTTY) {
		return func(t *testing.T, s *sigTTY) { s.send(t, keys) }
	}
	hows := []struct {
		name      string
		interrupt func(t *testing.T, s *sigTTY)
		// says is printed after the interruption, besides "Nothing was
		// written".
		says string
		// code is the exit status: 128 + the signal's number, 130 for a
		// person's ctrl+c or ctrl+d.
		code int
	}{
		{"SIGINT", signal(syscall.SIGINT), "", exitInterrupted},
		{"SIGTERM", signal(syscall.SIGTERM), "", exitTerminated},
		{"SIGHUP", signal(syscall.SIGHUP), "", exitHungUp},
		{"ctrl+c typed", typed("half typed\x03"), "", exitInterrupted},
		{"ctrl+d typed", typed("\x04"), "End of input (ctrl+d).", exitInterrupted},
	}
	const existing = "# Tako's settings\nLOG_LEVEL=debug\nOKTA_CLIENT_ORGURL=https://old.okta.com\n"
	whens := []struct {
		name string
		// env is the .env before the run ("": none).
		env string
		// reach brings the wizard to the prompt where it is interrupted.
		reach func(t *testing.T, s *sigTTY)
	}{
		{"at a visible prompt", existing, func(t *testing.T, s *sigTTY) {
			s.waitFor(t, "Choose 1-3 [1]:") // check, rotate or set up again
		}},
		{"at the hidden token prompt", "", func(t *testing.T, s *sigTTY) {
			s.waitFor(t, "Okta org URL [")
			s.send(t, "\r") // the demo org
			s.waitFor(t, "Choose 1-3")
			s.send(t, "2\r") // API token
			s.waitFor(t, "Press Enter when this is done in Okta:")
			s.send(t, "console\r") // the demo console creates it
			s.waitFor(t, "Okta shows this token once")
			s.send(t, "\r")
			s.waitFor(t, "API token (typing is hidden):")
			s.waitEchoOff(t)
		}},
	}
	for _, when := range whens {
		for _, h := range hows {
			t.Run(h.name+" "+when.name, func(t *testing.T) {
				t.Parallel()
				home, dir := t.TempDir(), t.TempDir()
				envPath := filepath.Join(dir, ".env")
				if when.env != "" {
					if err := os.WriteFile(envPath, []byte(when.env), 0o600); err != nil {
						t.Fatal(err)
					}
				}
				before := sigFiles(t, dir)
				s := startSigTTY(t, home, dir, "--demo", "--accessible", "--env-file", envPath)
				when.reach(t, s)
				sent := time.Now()
				h.interrupt(t, s)
				code := s.waitExit(t, accessibleStop)
				t.Logf("ended %s after the interruption, exit status %d", time.Since(sent).Round(time.Millisecond), code)
				if code != h.code {
					t.Errorf("exit status %d, want %d; screen:\n%s", code, h.code, s.screen())
				}
				s.expectLineModes(t)
				out := s.output()
				for _, want := range []string{"Stopped. Nothing was written.", h.says} {
					if !strings.Contains(out, want) {
						t.Errorf("the program did not say %q; output ends %q", want, sigTail(out, 300))
					}
				}
				after := sigFiles(t, dir)
				if len(after) != len(before) || after[".env"] != before[".env"] {
					t.Errorf("the .env's directory changed: before %d files %q, after %d files %q", len(before), sigKeys(before), len(after), sigKeys(after))
				}
				for name := range sigFiles(t, home) {
					if strings.HasSuffix(name, ".tmp") || strings.Contains(filepath.Base(name), ".progress-") {
						t.Errorf("a temporary file was left in the home: %s", name)
					}
				}
			})
		}
	}
}

// waitEchoOff waits until the program has turned the terminal's echo off:
// it waits at a hidden prompt.
func (s *sigTTY) waitEchoOff(t *testing.T) {
	t.Helper()
	for deadline := time.Now().Add(sigWait); ; time.Sleep(10 * time.Millisecond) {
		tio, err := unix.IoctlGetTermios(int(s.tty.Fd()), unix.TCGETS)
		if err != nil {
			t.Fatal(err)
		}
		if tio.Lflag&unix.ECHO == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("echo still on %s after the hidden prompt; screen:\n%s", sigWait, s.screen())
		}
	}
}

// expectLineModes checks that the terminal's modes after the program are
// those before it: echo, line editing, signal keys, input and output
// processing.
func (s *sigTTY) expectLineModes(t *testing.T) {
	t.Helper()
	after, err := unix.IoctlGetTermios(int(s.tty.Fd()), unix.TCGETS)
	if err != nil {
		t.Fatalf("reading the terminal's modes: %v", err)
	}
	if after.Lflag != s.before.Lflag || after.Iflag != s.before.Iflag || after.Oflag != s.before.Oflag {
		t.Errorf("the terminal's modes changed: lflag %#x → %#x, iflag %#x → %#x, oflag %#x → %#x (echo on: %v)",
			s.before.Lflag, after.Lflag, s.before.Iflag, after.Iflag, s.before.Oflag, after.Oflag, after.Lflag&unix.ECHO != 0)
	}
}
