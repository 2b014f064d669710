package main

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"
	"github.com/charmbracelet/x/vt"

	"github.com/fctr-id/tako-setup/wizard"
)

// rotScreen replays the program's output into a terminal emulator, so the
// test sees what a person would (the same approach as wizard's e2e tests).
type rotScreen struct {
	t   *testing.T
	mu  sync.Mutex
	emu *vt.Emulator
	raw bytes.Buffer
}

func newRotScreen(t *testing.T, out io.Reader) *rotScreen {
	s := &rotScreen{t: t, emu: vt.NewEmulator(80, 24)}
	stop, done := make(chan struct{}), make(chan struct{})
	go func() { _, _ = io.Copy(io.Discard, s.emu) }()
	go func() {
		defer close(done)
		buf := make([]byte, 32<<10)
		for {
			if n, _ := out.Read(buf); n > 0 {
				s.mu.Lock()
				s.raw.Write(buf[:n])
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
		if c, ok := s.emu.InputPipe().(io.Closer); ok {
			_ = c.Close()
		}
	})
	return s
}

func (s *rotScreen) waitFor(want ...string) {
	s.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		s.mu.Lock()
		scr := s.emu.String()
		s.mu.Unlock()
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

// TestRotateDemoInTheTUI walks an OAuth 2.0 rotation in the Bubble Tea
// front end on the demo org, the console doing the admin's part.
func TestRotateDemoInTheTUI(t *testing.T) {
	enter := tea.KeyPressMsg{Code: tea.KeyEnter}
	ctrlO := tea.KeyPressMsg{Code: 'o', Mod: tea.ModCtrl}
	s := &rotScript{t: t}
	var stderr bytes.Buffer
	deps := rotDeps(s, &stderr)
	deps.isTerminal = func(uintptr) bool { return true }
	var raw string
	deps.runTUI = func(ctx context.Context, m *wizard.Model, _ io.Reader, _ io.Writer) error {
		tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(80, 24))
		scr := newRotScreen(t, tm.Output())
		scr.waitFor("The current key works", "Press Enter to continue.")
		tm.Send(enter)
		scr.waitFor("Where is the app's private key?", "› 1. Generate one here")
		tm.Send(enter)
		scr.waitFor("paste this public key:", `"kty":"RSA"`, "ctrl+o add the key in Okta")
		tm.Send(ctrlO)
		scr.waitFor("Okta accepts the new key, named by its kid")
		tm.Send(enter)
		scr.waitFor("Write these changes?", "~ OKTA_OAUTH2_PRIVATE_KEY_PEM")
		tm.Send(enter)
		scr.waitFor("The old key is still active", "ctrl+o deactivate the old key")
		tm.Send(ctrlO)
		scr.waitFor("Okta accepts the new key as Tako sends it")
		tm.Send(enter)
		scr.waitFor("Okta refuses the old key")
		tm.Send(enter)
		scr.waitFor("Written: ", "Re-read from disk", "Rotation done")
		tm.Send(enter)
		tm.WaitFinished(t, teatest.WithFinalTimeout(10*time.Second))
		scr.mu.Lock()
		raw = scr.raw.String()
		scr.mu.Unlock()
		return nil
	}
	env := filepath.Join(t.TempDir(), ".env")
	cmd := newRotateCmdWith(deps)
	cmd.SetArgs([]string{"--demo", "--env-file", env})
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	if err := cmd.ExecuteContext(context.Background()); err != nil {
		t.Fatalf("%v\n%s", err, stderr.String())
	}
	if !strings.Contains(stderr.String(), "Okta refuses the old key") {
		t.Fatalf("stderr = %q", stderr.String())
	}
	noKeyMaterial(t, raw)
}
