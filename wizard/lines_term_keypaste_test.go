//go:build linux

package wizard_test

// TerminalPrompter.AskSecretLines in a real pty: a private key pasted in
// slow chunks, a line at a time, is read with echo off from before its
// first line until its last, none of it is echoed, and the terminal comes
// back as it was however the read ends.

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/fctr-id/tako-setup/wizard"
)

// echoWatch polls the terminal's echo flag as fast as it can until stopped,
// and reports whether it ever saw echo on. A per-line hidden read turns
// echo on between two lines for a few microseconds only, so the watch
// polls without sleeping.
func (p *ptyPrompter) echoWatch(t *testing.T) (stop func() (sawOn bool)) {
	t.Helper()
	var quit, on atomic.Bool
	done := make(chan struct{})
	fd := int(p.tty.Fd())
	go func() {
		defer close(done)
		for !quit.Load() {
			tio, err := unix.IoctlGetTermios(fd, unix.TCGETS)
			if err == nil && tio.Lflag&unix.ECHO != 0 {
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

// askLines starts AskSecretLines ending on an empty line.
func (p *ptyPrompter) askLines(ctx context.Context) <-chan struct {
	lines []string
	err   error
} {
	got := make(chan struct {
		lines []string
		err   error
	}, 1)
	go func() {
		lines, err := p.lp.AskSecretLines(ctx, "", func(lines []string) bool {
			return lines[len(lines)-1] == ""
		})
		got <- struct {
			lines []string
			err   error
		}{lines, err}
	}()
	return got
}

func TestTerminalSecretLinesKeepEchoOffForTheWholePaste(t *testing.T) {
	t.Parallel()
	pem := sharedPEMLines(t)
	p := newPtyPrompter(t)
	got := p.askLines(context.Background())
	p.waitEcho(t, false)
	stop := p.echoWatch(t)
	for _, line := range pem {
		p.send(t, line+"\r") // a chunk per line, as a slow SSH paste comes
		time.Sleep(3 * time.Millisecond)
	}
	time.Sleep(20 * time.Millisecond) // the last line is read
	if stop() {
		t.Error("the terminal's echo was on between two lines of the key")
	}
	p.send(t, "\r") // the empty line that ends the key
	var r struct {
		lines []string
		err   error
	}
	select {
	case r = <-got:
	case <-time.After(5 * time.Second):
		t.Fatal("the read still waits 5 s after the empty line")
	}
	if r.err != nil {
		t.Fatalf("AskSecretLines: %v", r.err)
	}
	if want := append(append([]string{}, pem...), ""); strings.Join(r.lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("read %d lines, want the key's %d and the empty one", len(r.lines), len(pem))
	}
	p.expectRestored(t)
	// A visible answer after it is echoed: once it shows, anything echoed
	// before it has been collected too.
	vis := p.ask(context.Background(), false)
	p.send(t, "visible-after-key\r")
	waitAnswer(t, vis, "Enter")
	for deadline := time.Now().Add(5 * time.Second); !strings.Contains(p.echo.String(), "visible-after-key"); {
		if time.Now().After(deadline) {
			t.Fatalf("the visible answer was not echoed: %q", p.echo.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
	echoed := p.echo.String()
	for i, line := range pem {
		if strings.Contains(echoed, line) {
			t.Fatalf("the terminal echoed line %d of the key", i+1)
		}
	}
}

// Interrupted in the middle of the key (ctrl+c cancels the context, ctrl+d
// ends the input): no line comes back and the terminal is as before.
func TestTerminalSecretLinesInterrupted(t *testing.T) {
	pem := sharedPEMLines(t)
	for _, c := range []struct {
		name string
		want error
		stop func(p *ptyPrompter, cancel context.CancelFunc)
	}{
		{"context ends", context.Canceled, func(_ *ptyPrompter, cancel context.CancelFunc) { cancel() }},
		{"ctrl+d", wizard.ErrEndOfInput, func(p *ptyPrompter, _ context.CancelFunc) { p.send(t, "\x04") }},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			p := newPtyPrompter(t)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			got := p.askLines(ctx)
			p.waitEcho(t, false)
			for _, line := range pem[:4] {
				p.send(t, line+"\r")
				time.Sleep(3 * time.Millisecond)
			}
			time.Sleep(20 * time.Millisecond)
			c.stop(p, cancel)
			select {
			case r := <-got:
				if !errors.Is(r.err, c.want) || r.lines != nil {
					t.Errorf("AskSecretLines returned (%d lines, %v), want no line and %v", len(r.lines), r.err, c.want)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("the read still waits 5 s after the interruption")
			}
			p.expectRestored(t)
			if out := p.out.String(); !strings.HasSuffix(out, "\n") {
				t.Errorf("after the interruption the cursor stays on the prompt's line: %q", out)
			}
		})
	}
}
