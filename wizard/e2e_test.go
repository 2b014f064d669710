package wizard_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/wizard"
	"github.com/fctr-id/tako-setup/wizard/tuitest"
)

func key(k rune, mod tea.KeyMod) tea.KeyPressMsg { return tea.KeyPressMsg{Code: k, Mod: mod} }

var (
	enter = key(tea.KeyEnter, 0)
	ctrlO = key('o', tea.ModCtrl)
)

// startTUI runs the wizard on the demo org as a Bubble Tea program.
func startTUI(t *testing.T) (*teatest.TestModel, *tuitest.Screen, wizard.Config, func() checks.Report) {
	t.Helper()
	cfg, d := demoConfig(t)
	m := wizard.NewModel(context.Background(), cfg)
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(80, 24))
	scr := tuitest.NewScreen(t, tm.Output(), 80, 24)
	return tm, scr, cfg, func() checks.Report { return checkWritten(t, d, cfg.EnvFile) }
}

func TestTUIOAuthFlowEndsInACheckedEnv(t *testing.T) {
	tm, scr, cfg, check := startTUI(t)
	scr.WaitFor("Welcome", "ctrl+o does the admin-console part")
	tm.Send(enter)
	scr.WaitFor("› https://integrator-1234567.okta.com")
	tm.Send(enter)
	scr.WaitFor("✓ Okta org found", "Press Enter to continue.")
	tm.Send(enter)
	scr.WaitFor("How should Tako sign in to Okta?")
	tm.Send(enter)
	scr.WaitFor("Client ID", "ctrl+o create the app")
	tm.Send(ctrlO)
	scr.WaitFor("▸✓ API Services app")
	tm.Send(enter)
	scr.WaitFor("Where is the app's private key?", "› 1. Generate one here")
	tm.Send(enter)
	scr.WaitFor("paste this public key:", `"kty":"RSA"`, "▸○ Private key")
	tm.Send(enter) // check before adding it in Okta: refused
	scr.WaitFor("▸✗ Private key")
	tm.Send(ctrlO) // the console adds the public key
	scr.WaitFor("▸✓ Private key", "✓ Key accepted")
	tm.Send(enter)
	scr.WaitFor("▸✗ DPoP off", "untick")
	tm.Send(ctrlO)
	scr.WaitFor("▸✓ DPoP off")
	tm.Send(enter)
	scr.WaitFor("▸✗ API scopes", "okta.logs.read")
	tm.Send(ctrlO)
	scr.WaitFor("▸✓ API scopes")
	tm.Send(enter)
	scr.WaitFor("▸! Admin role")
	tm.Send(enter)
	scr.WaitFor("▸✓ Rate limit", "OKTA_CONCURRENT_LIMIT=18")
	tm.Send(enter) // one Enter takes the recommendation and moves on
	scr.WaitFor("Write these changes?", "+ OKTA_OAUTH2_PRIVATE_KEY_PEM = RSA 2048-bit key")
	tm.Send(enter)
	scr.WaitFor("Written:", "Re-read from disk and checked against the same demo org:", "✓ Key accepted", "more lines: pgdn")
	tm.Send(key(tea.KeyPgDown, 0)) // the rest of the list, then what to run next
	scr.WaitFor("tako-setup check")
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
func assertNoKeyOnScreen(t *testing.T, scr *tuitest.Screen, envFile string) {
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
	scr.WaitFor("Welcome")
	tm.Send(enter)
	scr.WaitFor("› https://integrator-1234567.okta.com")
	tm.Send(enter)
	scr.WaitFor("✓ Okta org found")
	tm.Send(enter)
	scr.WaitFor("How should Tako sign in to Okta?")
	tm.Send(key(tea.KeyDown, 0))
	tm.Send(enter)
	scr.WaitFor("Create the API token", "ctrl+o create the token")
	tm.Send(ctrlO) // the console creates it, shows it once, and moves on
	scr.WaitFor("Okta shows this token once", "▸· API token")
	tm.Send(ctrlO) // the console pastes it
	scr.WaitFor("▸✓ API token", "kept: …")
	tm.Send(enter)
	scr.WaitFor("▸! Network zones", "works from any network")
	tm.Send(ctrlO)
	scr.WaitFor("▸✓ Network zones")
	tm.Send(enter)
	scr.WaitFor("▸✓ Rate limit")
	tm.Send(enter) // one Enter takes the recommendation and moves on
	scr.WaitFor("Write these changes?", "+ TOKEN_METHOD = API_TOKEN")
	tm.Send(enter)
	scr.WaitFor("Re-read from disk and checked against the same demo org:", "✓ API token works")
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
	scr.WaitFor("Welcome")
	tm.Send(enter)
	scr.WaitFor("› https://integrator")
	tm.Send(enter)
	scr.WaitFor("✓ Okta org found")
	tm.Send(enter)
	scr.WaitFor("How should Tako sign in")
	tm.Send(enter)
	scr.WaitFor("ctrl+o create the app")
	tm.Send(ctrlO)
	scr.WaitFor("▸✓ API Services app")
	tm.Send(enter)
	scr.WaitFor("Where is the app's private key?")
	pem := sharedKey().PEM.Reveal()
	tm.Send(tea.PasteMsg{Content: pem})
	scr.WaitFor("✓ a whole private key")
	tm.Send(enter)
	scr.WaitFor("▸✗ Private key") // a key Okta does not know: refused, with its fix
	if strings.Contains(scr.Raw(), strings.Split(pem, "\n")[3]) {
		t.Fatal("the pasted key reached the terminal")
	}
	tm.Send(key('c', tea.ModCtrl))
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
}
