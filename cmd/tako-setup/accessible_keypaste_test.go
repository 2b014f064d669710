//go:build linux

package main

// Pasting the app's private key in accessible mode: the key comes in slow
// chunks, a line at a time, as some SSH clients send a paste. Echo must
// stay off from its first line to its last, so that no fragment of the key
// shows on the screen, and be back on after it — also when ctrl+c stops
// the program in the middle of the key.

import (
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// reachKeyPaste brings the demo wizard to the hidden private key prompt
// and returns the test key's PEM, a line per entry.
func reachKeyPaste(t *testing.T) (*sigTTY, []string) {
	t.Helper()
	pem := strings.Split(strings.TrimSpace(rotKeyA().PEM().Reveal()), "\n")
	s := startSigTTY(t, t.TempDir(), t.TempDir(), "--demo", "--accessible", "--env-file", ".env")
	s.waitFor(t, "Okta org URL [")
	s.send(t, "\r") // the demo org
	s.waitFor(t, "Choose 1-3")
	s.send(t, "1\r") // OAuth 2.0
	s.waitFor(t, "Client ID:")
	s.send(t, "console\r") // the demo console creates the app
	s.waitFor(t, "Choose 1-3")
	s.send(t, "2\r") // paste the key
	s.waitFor(t, "paste the whole key")
	s.waitEchoOff(t)
	return s, pem
}

// pasteSlowly sends lines, each with its Enter, as chunks of their own
// with a pause between them.
func (s *sigTTY) pasteSlowly(t *testing.T, lines []string) {
	t.Helper()
	for _, line := range lines {
		s.send(t, line+"\r")
		time.Sleep(5 * time.Millisecond)
	}
}

// watchEcho polls the terminal's echo flag without sleeping (echo on
// between two hidden reads lasts microseconds) until stopped, and reports
// whether it was ever on.
func (s *sigTTY) watchEcho() (stop func() (sawOn bool)) {
	var quit, on atomic.Bool
	done := make(chan struct{})
	fd := int(s.tty.Fd())
	go func() {
		defer close(done)
		for !quit.Load() {
			if tio, err := unix.IoctlGetTermios(fd, unix.TCGETS); err == nil && tio.Lflag&unix.ECHO != 0 {
				on.Store(true)
			}
		}
	}()
	return func() bool {
		quit.Store(true)
		<-done
		return on.Load()
	}
}

// expectNoKeyShown: no line of the key's body is in what the terminal
// received (the program's output and the terminal's echo).
func (s *sigTTY) expectNoKeyShown(t *testing.T, pem []string) {
	t.Helper()
	out := s.output()
	for i, line := range pem {
		if strings.HasPrefix(line, "-----") {
			continue // the BEGIN and END lines are not secret
		}
		if strings.Contains(out, line) {
			t.Fatalf("line %d of the private key was shown on the terminal", i+1)
		}
	}
}

func TestAccessibleKeyPasteInChunksIsNeverEchoed(t *testing.T) {
	t.Parallel()
	s, pem := reachKeyPaste(t)
	stop := s.watchEcho()
	s.pasteSlowly(t, pem[:len(pem)-1])
	time.Sleep(50 * time.Millisecond) // the lines sent are read
	if stop() {
		t.Error("the terminal's echo was on between two lines of the key")
	}
	s.pasteSlowly(t, pem[len(pem)-1:]) // the key is whole: the read ends
	s.waitFor(t, "Received "+strconv.Itoa(len(pem))+" lines (not shown).")
	// The check runs next, at a visible prompt: echo is back on.
	s.waitFor(t, "press Enter to check again")
	if tio, err := unix.IoctlGetTermios(int(s.tty.Fd()), unix.TCGETS); err != nil || tio.Lflag&unix.ECHO == 0 {
		t.Errorf("echo is not back on after the key (%v)", err)
	}
	s.send(t, "quit\r")
	if code := s.waitExit(t, sigWait); code != exitInterrupted {
		t.Errorf("quit: exit status %d, want %d", code, exitInterrupted)
	}
	s.expectLineModes(t)
	s.expectNoKeyShown(t, pem)
}

func TestAccessibleCtrlCInTheMiddleOfTheKey(t *testing.T) {
	t.Parallel()
	s, pem := reachKeyPaste(t)
	s.pasteSlowly(t, pem[:5])
	time.Sleep(50 * time.Millisecond)
	s.send(t, pem[5][:20]+"\x03") // half a line, then ctrl+c
	code := s.waitExit(t, accessibleStop)
	if code != exitInterrupted {
		t.Errorf("exit status %d, want %d; screen:\n%s", code, exitInterrupted, s.screen())
	}
	s.expectLineModes(t)
	if out := s.output(); !strings.Contains(out, "Stopped. Nothing was written.") {
		t.Errorf("the program did not say it stopped; output ends %q", sigTail(out, 300))
	}
	s.expectNoKeyShown(t, pem)
	if strings.Contains(s.output(), pem[5][:20]) {
		t.Error("the half-pasted line was shown on the terminal")
	}
}
