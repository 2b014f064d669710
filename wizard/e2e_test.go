package wizard_test

import (
	"bytes"
	"context"
	"io"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"
	"github.com/charmbracelet/x/vt"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/wizard"
)

// vtScreen replays a program's output into a terminal emulator, so tests
// assert on what a person would see (v2 redraws by moving the cursor, so
// the raw bytes never hold whole lines).
type vtScreen struct {
	t    *testing.T
	mu   sync.Mutex
	emu  *vt.Emulator
	raw  bytes.Buffer
	stop chan struct{}
	done chan struct{}
}

func newVTScreen(t *testing.T, out io.Reader) *vtScreen {
	s := &vtScreen{t: t, emu: vt.NewEmulator(80, 24), stop: make(chan struct{}), done: make(chan struct{})}
	go func() { _, _ = io.Copy(io.Discard, s.emu) }() // the terminal's replies
	go func() {
		defer close(s.done)
		buf := make([]byte, 32<<10)
		for {
			n, _ := out.Read(buf)
			if n > 0 {
				s.mu.Lock()
				s.raw.Write(buf[:n])
				// A tty translates \n to \r\n (ONLCR); the renderer relies on it.
				_, _ = s.emu.Write(bytes.ReplaceAll(buf[:n], []byte("\n"), []byte("\r\n")))
				s.mu.Unlock()
				continue
			}
			select {
			case <-s.stop:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	t.Cleanup(func() {
		close(s.stop)
		<-s.done
		if c, ok := s.emu.InputPipe().(io.Closer); ok {
			_ = c.Close()
		}
	})
	return s
}

func (s *vtScreen) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.emu.String()
}

func (s *vtScreen) Raw() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.raw.String()
}

// waitFor waits until the screen shows every string.
func (s *vtScreen) waitFor(want ...string) {
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

func key(k rune, mod tea.KeyMod) tea.KeyPressMsg { return tea.KeyPressMsg{Code: k, Mod: mod} }

var (
	enter = key(tea.KeyEnter, 0)
	ctrlO = key('o', tea.ModCtrl)
)

// startTUI runs the wizard on the demo org as a Bubble Tea program.
func startTUI(t *testing.T) (*teatest.TestModel, *vtScreen, wizard.Config, func() checks.Report) {
	t.Helper()
	cfg, d := demoConfig(t)
	m := wizard.NewModel(context.Background(), cfg)
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(80, 24))
	scr := newVTScreen(t, tm.Output())
	return tm, scr, cfg, func() checks.Report { return checkWritten(t, d, cfg.EnvFile) }
}

func TestTUIOAuthFlowEndsInACheckedEnv(t *testing.T) {
	tm, scr, cfg, check := startTUI(t)
	scr.waitFor("Welcome", "ctrl+o does the admin-console part")
	tm.Send(enter)
	scr.waitFor("› https://integrator-1234567.okta.com")
	tm.Send(enter)
	scr.waitFor("✓ Okta org found", "Press Enter to continue.")
	tm.Send(enter)
	scr.waitFor("How should Tako sign in to Okta?")
	tm.Send(enter)
	scr.waitFor("Client ID", "ctrl+o create the app")
	tm.Send(ctrlO)
	scr.waitFor("▸✓ API Services app")
	tm.Send(enter)
	scr.waitFor("Where is the app's private key?", "› 1. Generate one here")
	tm.Send(enter)
	scr.waitFor("paste this public key:", `"kty":"RSA"`, "▸○ Private key")
	tm.Send(enter) // check before adding it in Okta: refused
	scr.waitFor("▸✗ Private key")
	tm.Send(ctrlO) // the console adds the public key
	scr.waitFor("▸✓ Private key", "✓ Key accepted")
	tm.Send(enter)
	scr.waitFor("▸✗ DPoP off", "untick")
	tm.Send(ctrlO)
	scr.waitFor("▸✓ DPoP off")
	tm.Send(enter)
	scr.waitFor("▸✗ API scopes", "okta.logs.read")
	tm.Send(ctrlO)
	scr.waitFor("▸✓ API scopes")
	tm.Send(enter)
	scr.waitFor("▸! Admin role")
	tm.Send(enter)
	scr.waitFor("▸✓ Rate limit", "OKTA_CONCURRENT_LIMIT=18")
	tm.Send(enter)
	scr.waitFor("as recommended")
	tm.Send(enter)
	scr.waitFor("Write these changes?", "+ OKTA_OAUTH2_PRIVATE_KEY_PEM = RSA 2048-bit key")
	tm.Send(enter)
	scr.waitFor("Written: ", "Re-read from disk and checked against the same demo org:", "✓ Key accepted", "tako-setup check")
	tm.Send(enter)
	tm.WaitFinished(t, teatest.WithFinalTimeout(10*time.Second))

	r := check()
	if !r.OK() {
		t.Fatal("the written .env does not pass every check")
	}
	assertNoKeyOnScreen(t, scr, cfg.EnvFile)
}

// assertNoKeyOnScreen: no line of the private key in the written .env ever
// reached the terminal (raw output included).
func assertNoKeyOnScreen(t *testing.T, scr *vtScreen, envFile string) {
	t.Helper()
	b, err := os.ReadFile(envFile)
	if err != nil {
		t.Fatal(err)
	}
	raw := scr.Raw()
	n := 0
	for _, l := range strings.Split(string(b), "\n") {
		l = strings.Trim(l, "\" ")
		if len(l) == 64 && !strings.Contains(l, " ") { // a base64 line of the PEM body
			n++
			if strings.Contains(raw, l[:32]) {
				t.Fatalf("the terminal output contains a line of the private key")
			}
		}
	}
	if n < 10 {
		t.Fatalf("found only %d key lines in the .env; the check proves nothing", n)
	}
}

func TestTUIAPITokenFlowEndsInACheckedEnv(t *testing.T) {
	tm, scr, cfg, check := startTUI(t)
	scr.waitFor("Welcome")
	tm.Send(enter)
	scr.waitFor("› https://integrator-1234567.okta.com")
	tm.Send(enter)
	scr.waitFor("✓ Okta org found")
	tm.Send(enter)
	scr.waitFor("How should Tako sign in to Okta?")
	tm.Send(key(tea.KeyDown, 0))
	tm.Send(enter)
	scr.waitFor("Create the API token", "ctrl+o create the token")
	tm.Send(ctrlO) // the console creates it, shows it once, and moves on
	scr.waitFor("Okta shows this token once", "▸· API token")
	tm.Send(ctrlO) // the console pastes it
	scr.waitFor("▸✓ API token", "kept: …")
	tm.Send(enter)
	scr.waitFor("▸! IP restriction", "works from any network")
	tm.Send(ctrlO)
	scr.waitFor("▸✓ IP restriction")
	tm.Send(enter)
	scr.waitFor("▸✓ Rate limit")
	tm.Send(enter)
	scr.waitFor("as recommended")
	tm.Send(enter)
	scr.waitFor("Write these changes?", "+ TOKEN_METHOD = API_TOKEN")
	tm.Send(enter)
	scr.waitFor("Re-read from disk and checked against the same demo org:", "✓ API token works")
	tm.Send(enter)
	tm.WaitFinished(t, teatest.WithFinalTimeout(10*time.Second))

	r := check()
	if f, _ := r.Find(checks.IDTokenNetwork); f.Status != checks.Pass {
		t.Errorf("network: %s", f.Status)
	}
	// The token was shown once by the demo console; after that step no
	// screen may show it again.
	a, err := wizard.ReadBack(cfg.EnvFile)
	if err != nil {
		t.Fatal(err)
	}
	if scr := scr.String(); strings.Contains(scr, a.APIToken.Reveal()) {
		t.Fatal("the final screen shows the token")
	}
}

func TestTUIBracketedPasteOfAKeyThroughTheTerminal(t *testing.T) {
	tm, scr, _, _ := startTUI(t)
	scr.waitFor("Welcome")
	tm.Send(enter)
	scr.waitFor("› https://integrator")
	tm.Send(enter)
	scr.waitFor("✓ Okta org found")
	tm.Send(enter)
	scr.waitFor("How should Tako sign in")
	tm.Send(enter)
	scr.waitFor("ctrl+o create the app")
	tm.Send(ctrlO)
	scr.waitFor("▸✓ API Services app")
	tm.Send(enter)
	scr.waitFor("Where is the app's private key?")
	pem := sharedKey().PEM.Reveal()
	tm.Send(tea.PasteMsg{Content: pem})
	scr.waitFor("✓ a whole private key")
	tm.Send(enter)
	scr.waitFor("▸✗ Private key") // a key Okta does not know: refused, with its fix
	if strings.Contains(scr.Raw(), strings.Split(pem, "\n")[3]) {
		t.Fatal("the pasted key reached the terminal")
	}
	tm.Send(key('c', tea.ModCtrl))
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
}
