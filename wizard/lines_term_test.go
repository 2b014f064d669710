//go:build linux

package wizard_test

// TerminalPrompter in a real pty: a read waiting for Enter gives up as soon
// as its context ends (ctrl+c, SIGTERM, SIGHUP cancel it), ctrl+d ends the
// input, and a hidden read always gives the terminal back with echo on.

import (
	"bytes"
	"context"
	"errors"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"
	"golang.org/x/sys/unix"

	"github.com/fctr-id/tako-setup/wizard"
)

// ptyPrompter is a TerminalPrompter reading from a fresh pty. What the
// prompter prints goes to out; what the terminal echoes is collected from
// the pty's other side.
type ptyPrompter struct {
	lp     *wizard.TerminalPrompter
	ptmx   *os.File // the person's side: write keys here
	tty    *os.File // the program's side
	before unix.Termios
	out    syncBuffer // the prompts
	echo   syncBuffer // what the terminal echoed
}

func newPtyPrompter(t *testing.T) *ptyPrompter {
	t.Helper()
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Skipf("no pty on this machine: %v", err)
	}
	p := &ptyPrompter{ptmx: ptmx, tty: tty}
	before, err := unix.IoctlGetTermios(int(tty.Fd()), unix.TCGETS)
	if err != nil {
		t.Fatal(err)
	}
	if before.Lflag&unix.ECHO == 0 {
		t.Fatal("a new pty has echo off")
	}
	p.before = *before
	if p.lp, err = wizard.NewTerminalPrompter(tty, &p.out); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, _ = p.echo.ReadFrom(ptmx)
	}()
	t.Cleanup(func() {
		// The files are in blocking mode (Fd made them so), so closing
		// one does not end a read waiting on it. An Enter ends a read the
		// test abandoned; with the program's side closed, the terminal's
		// side then reads an error, which ends the echo collector.
		_, _ = ptmx.Write([]byte("\n"))
		_ = tty.Close()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Error("the pty's reader still runs 5 s after the test")
		}
		_ = ptmx.Close()
	})
	return p
}

func (p *ptyPrompter) termios(t *testing.T) unix.Termios {
	t.Helper()
	tio, err := unix.IoctlGetTermios(int(p.tty.Fd()), unix.TCGETS)
	if err != nil {
		t.Fatal(err)
	}
	return *tio
}

// waitEcho waits until the terminal's echo is on (want) or off.
func (p *ptyPrompter) waitEcho(t *testing.T, want bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); (p.termios(t).Lflag&unix.ECHO != 0) != want; {
		if time.Now().After(deadline) {
			t.Fatalf("the terminal's echo did not turn %v", map[bool]string{true: "on", false: "off"}[want])
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// expectRestored: the terminal's modes are as before the read.
func (p *ptyPrompter) expectRestored(t *testing.T) {
	t.Helper()
	after := p.termios(t)
	if after.Lflag != p.before.Lflag || after.Iflag != p.before.Iflag || after.Oflag != p.before.Oflag {
		t.Errorf("the terminal's modes changed: lflag %#x → %#x, iflag %#x → %#x, oflag %#x → %#x (echo on: %v)",
			p.before.Lflag, after.Lflag, p.before.Iflag, after.Iflag, p.before.Oflag, after.Oflag, after.Lflag&unix.ECHO != 0)
	}
}

func (p *ptyPrompter) send(t *testing.T, keys string) {
	t.Helper()
	if _, err := p.ptmx.Write([]byte(keys)); err != nil {
		t.Fatal(err)
	}
}

type askResult struct {
	v   string
	err error
}

// ask starts a read, hidden or not, and returns where its result comes.
func (p *ptyPrompter) ask(ctx context.Context, hidden bool) <-chan askResult {
	got := make(chan askResult, 1)
	go func() {
		var r askResult
		if hidden {
			r.v, r.err = p.lp.AskSecretContext(ctx, "Token: ")
		} else {
			r.v, r.err = p.lp.AskContext(ctx, "Org: ")
		}
		got <- r
	}()
	return got
}

func waitAnswer(t *testing.T, got <-chan askResult, what string) askResult {
	t.Helper()
	select {
	case r := <-got:
		return r
	case <-time.After(5 * time.Second):
		t.Fatalf("the read still waits 5 s after %s", what)
		return askResult{}
	}
}

// waitPrompt waits until the prompt is printed (the read comes next).
func (p *ptyPrompter) waitPrompt(t *testing.T, prompt string) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !strings.Contains(p.out.String(), prompt); {
		if time.Now().After(deadline) {
			t.Fatalf("no prompt %q; printed %q", prompt, p.out.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestTerminalPromptsEndWhenTheContextEnds(t *testing.T) {
	for _, hidden := range []bool{false, true} {
		name := map[bool]string{false: "visible", true: "hidden"}[hidden]
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			p := newPtyPrompter(t)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			got := p.ask(ctx, hidden)
			if hidden {
				p.waitEcho(t, false) // the read waits, typing hidden
			} else {
				p.waitPrompt(t, "Org: ")
			}
			p.send(t, "half an ans") // typed, no Enter
			time.Sleep(20 * time.Millisecond)
			cancel()
			r := waitAnswer(t, got, "the context ended")
			if !errors.Is(r.err, context.Canceled) {
				t.Errorf("the read returned (%q, %v), want context.Canceled", r.v, r.err)
			}
			if r.v != "" {
				t.Errorf("an interrupted read returned the half-typed %q", r.v)
			}
			p.expectRestored(t)
			if out := p.out.String(); !strings.HasSuffix(out, "\n") {
				t.Errorf("after the interruption the cursor stays on the prompt's line: %q", out)
			}
		})
	}
}

func TestTerminalPromptsEndOfInput(t *testing.T) {
	for _, hidden := range []bool{false, true} {
		name := map[bool]string{false: "visible", true: "hidden"}[hidden]
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			p := newPtyPrompter(t)
			got := p.ask(context.Background(), hidden)
			if hidden {
				p.waitEcho(t, false)
			} else {
				p.waitPrompt(t, "Org: ")
			}
			p.send(t, "\x04") // ctrl+d at the start of the line
			r := waitAnswer(t, got, "ctrl+d")
			if !errors.Is(r.err, wizard.ErrEndOfInput) || !errors.Is(r.err, wizard.ErrAborted) {
				t.Errorf("the read returned (%q, %v), want ErrEndOfInput (an ErrAborted)", r.v, r.err)
			}
			p.expectRestored(t)
		})
	}
}

// A hidden answer is read whole and never echoed; the next visible answer
// is echoed again.
func TestTerminalPromptsHideOnlyTheSecret(t *testing.T) {
	t.Parallel()
	p := newPtyPrompter(t)
	got := p.ask(context.Background(), true)
	p.waitEcho(t, false)
	p.send(t, "s3cr3t-t0ken\r")
	r := waitAnswer(t, got, "Enter")
	if r.err != nil || r.v != "s3cr3t-t0ken" {
		t.Fatalf("the hidden read returned (%q, %v)", r.v, r.err)
	}
	p.expectRestored(t)
	got = p.ask(context.Background(), false)
	p.send(t, "https://acme.okta.com\r")
	if r := waitAnswer(t, got, "Enter"); r.err != nil || r.v != "https://acme.okta.com" {
		t.Fatalf("the visible read returned (%q, %v)", r.v, r.err)
	}
	for deadline := time.Now().Add(5 * time.Second); !strings.Contains(p.echo.String(), "acme.okta.com"); {
		if time.Now().After(deadline) {
			t.Fatalf("the visible answer was not echoed: %q", p.echo.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
	if strings.Contains(p.echo.String(), "s3cr3t") {
		t.Errorf("the terminal echoed the hidden answer: %q", p.echo.String())
	}
}

// syncBuffer is a bytes.Buffer safe for one writer and one reader.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

// ReadFrom copies r into the buffer until r ends, a chunk at a time.
func (s *syncBuffer) ReadFrom(r *os.File) (int64, error) {
	var n int64
	buf := make([]byte, 4096)
	for {
		k, err := r.Read(buf)
		if k > 0 {
			_, _ = s.Write(buf[:k])
			n += int64(k)
		}
		if err != nil {
			return n, err
		}
	}
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
