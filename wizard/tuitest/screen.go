// Package tuitest replays a Bubble Tea program's output into a terminal
// emulator, so tests assert on what a person would see. Bubble Tea v2
// redraws by moving the cursor, so the raw bytes never hold whole lines;
// the emulator's screen does.
package tuitest

import (
	"bytes"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/vt"
)

// Screen is an 80×24 (or any size) terminal fed by a program's output.
type Screen struct {
	t   testing.TB
	mu  sync.Mutex
	emu *vt.Emulator
	raw bytes.Buffer
}

// NewScreen starts copying out (e.g. teatest's TestModel.Output()) into a
// w×h emulator until the test ends.
func NewScreen(t testing.TB, out io.Reader, w, h int) *Screen {
	s := &Screen{t: t, emu: vt.NewEmulator(w, h)}
	stop, done := make(chan struct{}), make(chan struct{})
	// Something must read the emulator's replies or its Write blocks.
	go func() { _, _ = io.Copy(io.Discard, s.emu) }()
	go func() {
		defer close(done)
		buf := make([]byte, 32<<10)
		for {
			if n, _ := out.Read(buf); n > 0 {
				s.mu.Lock()
				s.raw.Write(buf[:n])
				// A tty translates \n to \r\n (ONLCR); the renderer relies on it.
				_, _ = s.emu.Write(bytes.ReplaceAll(buf[:n], []byte("\n"), []byte("\r\n")))
				s.mu.Unlock()
				continue
			}
			select {
			case <-stop:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	t.Cleanup(func() {
		close(stop)
		<-done
		// Closing the input pipe, not the emulator: Close races in vt v0.1.0.
		if c, ok := s.emu.InputPipe().(io.Closer); ok {
			_ = c.Close()
		}
	})
	return s
}

// String is the screen as text.
func (s *Screen) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.emu.String()
}

// Raw is every byte the program wrote so far.
func (s *Screen) Raw() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.raw.String()
}

// WaitFor waits (up to 20 s) until the screen shows every string at once,
// and fails the test with the screen otherwise.
func (s *Screen) WaitFor(want ...string) {
	s.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		scr := s.String()
		ok := true
		for _, w := range want {
			ok = ok && strings.Contains(scr, w)
		}
		if ok {
			return
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("the screen never showed %q:\n%s", want, scr)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
