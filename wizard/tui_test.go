package wizard

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/steps"
)

// harness drives a Model the way Bubble Tea would, running commands
// synchronously, and keeps every screen it drew (ANSI stripped).
type harness struct {
	t       *testing.T
	m       *Model
	f       *fakeOrg
	screens []string
	clip    []string
	quit    bool
	w, h    int
	// quiet skips screenshots (bulk typing in a test that does not read them).
	quiet bool
	// ticks are the watch ticks scheduled and not yet delivered (the
	// injected clock: a test fires them with tick()).
	ticks []tea.Msg
	every []time.Duration
}

func newHarness(t *testing.T, mod func(*Config)) *harness {
	t.Helper()
	f := newFakeOrg()
	env := f.env(t)
	env.Preview = func(a *steps.Answers) (string, error) {
		return fmt.Sprintf("+ TOKEN_METHOD = %s\n+ OKTA_CONCURRENT_LIMIT = %d", a.Method, a.ConcurrentLimit), nil
	}
	cfg := Config{
		Env: env,
		Check: func(_ context.Context, _ checks.Input, only []string) checks.Report {
			return f.report(only, only == nil)
		},
		EnvFile: "/srv/tako/.env",
		Color:   true,
	}
	h := &harness{t: t, f: f, w: 80, h: 24}
	cfg.Tick = func(d time.Duration, fn func(time.Time) tea.Msg) tea.Cmd {
		return func() tea.Msg {
			h.ticks = append(h.ticks, fn(time.Time{}))
			h.every = append(h.every, d)
			return nil
		}
	}
	if mod != nil {
		mod(&cfg)
	}
	h.m = NewModel(context.Background(), cfg)
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	h.run(h.m.Init())
	return h
}

// send delivers one message and everything it leads to.
func (h *harness) send(msg tea.Msg) {
	h.t.Helper()
	_, cmd := h.m.Update(msg)
	h.snap()
	h.run(cmd)
}

func (h *harness) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	switch msg := cmd().(type) {
	case nil, spinner.TickMsg:
	case tea.BatchMsg:
		for _, c := range msg {
			h.run(c)
		}
	case tea.QuitMsg:
		h.quit = true
	default:
		if fmt.Sprintf("%T", msg) == "tea.setClipboardMsg" {
			h.clip = append(h.clip, fmt.Sprint(msg))
			return
		}
		h.send(msg)
	}
}

func (h *harness) snap() {
	if !h.quiet {
		h.screens = append(h.screens, h.screen())
	}
}

// screen is the current screen without styling.
func (h *harness) screen() string { return ansi.Strip(h.m.render()) }

// tick delivers the watch ticks scheduled so far, as the clock would.
func (h *harness) tick() {
	h.t.Helper()
	ticks := h.ticks
	h.ticks = nil
	for _, msg := range ticks {
		h.send(msg)
	}
}

func (h *harness) key(keys ...string) {
	h.t.Helper()
	for _, k := range keys {
		h.send(keyMsg(k))
	}
}

func (h *harness) typeText(s string) {
	for _, r := range s {
		h.send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

func keyMsg(k string) tea.KeyPressMsg {
	switch k {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "f1":
		return tea.KeyPressMsg{Code: tea.KeyF1}
	case "backspace":
		return tea.KeyPressMsg{Code: tea.KeyBackspace}
	case "shift+down":
		return tea.KeyPressMsg{Code: tea.KeyDown, Mod: tea.ModShift}
	}
	if rest, ok := strings.CutPrefix(k, "ctrl+"); ok {
		return tea.KeyPressMsg{Code: rune(rest[0]), Mod: tea.ModCtrl}
	}
	return tea.KeyPressMsg{Code: rune(k[0]), Text: k}
}

func (h *harness) expect(want ...string) {
	h.t.Helper()
	s := h.screen()
	for _, w := range want {
		if !strings.Contains(s, w) {
			h.t.Fatalf("screen lacks %q:\n%s", w, s)
		}
	}
}

func (h *harness) at(id steps.ID) {
	h.t.Helper()
	if got := h.m.mach.Current().ID; got != id {
		h.t.Fatalf("at %s, want %s:\n%s", got, id, h.screen())
	}
}

// toMethod walks welcome → org URL → method (choosing the n-th method).
func (h *harness) toMethod(down int) {
	h.t.Helper()
	h.key("enter")
	h.at(steps.OrgURL)
	h.typeText("acme.okta.com")
	h.key("enter")
	h.expect("✓ org")
	h.key("enter")
	h.at(steps.Method)
	for range down {
		h.key("down")
	}
	h.key("enter")
}

func TestEveryScreenFits80x24(t *testing.T) {
	h := newHarness(t, nil)
	h.toMethod(0)
	h.typeText("0oaTAKO123")
	h.key("enter", "enter")
	h.at(steps.PrivateKey)
	h.key("enter") // generate
	h.key("enter") // check
	h.key("enter")
	for h.m.mach.Current().ID != steps.Review {
		h.key("enter")
	}
	h.key("enter")
	h.at(steps.Done)
	h.key("f1")
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	for i, s := range h.screens {
		lines := strings.Split(s, "\n")
		if len(lines) != 24 {
			t.Fatalf("screen %d has %d lines:\n%s", i, len(lines), s)
		}
		for _, l := range lines {
			if w := ansi.StringWidth(l); w > 80 {
				t.Fatalf("screen %d has a line of %d columns: %q", i, w, l)
			}
		}
		if footer := lines[23]; !strings.Contains(footer, "f1 help") && !strings.Contains(footer, "esc close help") {
			t.Fatalf("screen %d: the footer does not offer help: %q", i, footer)
		}
	}
}

func TestScopesStepShowsTheCoreChecklist(t *testing.T) {
	h := newHarness(t, nil)
	h.f.status[checks.IDOAuthScopes] = checks.Fail
	h.toMethod(0)
	h.typeText("0oaTAKO123")
	h.key("enter", "enter", "enter", "enter", "enter") // client, continue, generate, check, continue
	h.at(steps.DPoP)
	h.key("enter")
	h.at(steps.Scopes)
	// the fake org grants okta.users.read only
	h.expect("Granted 1 of 48 scopes. Tako's core:", "✓ users", "✗ groups", "✗ logs", "✗ roles")
	// Every scope to grant is listed, reachable by scrolling.
	seen := h.screen()
	for range 40 {
		h.key("shift+down")
		seen += h.screen()
	}
	for _, want := range append([]string{"The 48 scopes to grant (Okta API Scopes tab):"}, checks.DefaultScopes...) {
		if !strings.Contains(seen, want) {
			t.Fatalf("the scopes step never shows %q", want)
		}
	}
}

func TestSidebarAndHeaderShowEveryStepAndItsStatus(t *testing.T) {
	h := newHarness(t, nil)
	h.f.status[checks.IDOAuthClient] = checks.Fail
	h.toMethod(0)
	h.expect("tako-setup · OAuth 2.0", "step 4 of 12",
		" ✓ Welcome", " ✓ Okta org URL", " ✓ Sign-in method", "▸· API Services app", " · Private key", " · Done")
	h.typeText("0oaTAKO123")
	h.key("enter")
	h.expect("▸✗ API Services app", "✗ oauth.client", "Fix: fix oauth.client", "Correct your answer above, or do what the fix says, then")
	// The API-token branch replaces the OAuth steps in the sidebar.
	h.key("esc")
	h.at(steps.Method)
	h.key("down", "enter")
	h.expect("tako-setup · API token", " · Network zones")
	if strings.Contains(h.screen(), "Private key") {
		t.Fatal("the OAuth branch is still listed")
	}
}

func TestFailedCheckIsRetriedWithoutRetyping(t *testing.T) {
	h := newHarness(t, nil)
	h.f.status[checks.IDOrg] = checks.Fail
	h.key("enter")
	h.typeText("acme.okta.com")
	h.key("enter")
	h.expect("✗ org")
	calls := len(h.f.calls)
	h.f.status[checks.IDOrg] = checks.Pass // fixed in the console
	h.key("enter")                         // Enter on an unchanged failed step checks again
	if len(h.f.calls) != calls+1 {
		t.Fatalf("enter did not check again (%d calls)", len(h.f.calls))
	}
	h.expect("✓ org", "Press Enter to continue.", "› https://acme.okta.com")
	h.key("ctrl+r")
	if len(h.f.calls) != calls+2 {
		t.Fatal("ctrl+r did not check again")
	}
}

func TestTypingAnInvalidValueShowsWhyAndStays(t *testing.T) {
	h := newHarness(t, nil)
	h.key("enter")
	h.typeText("http://acme.okta.com")
	h.key("enter")
	h.at(steps.OrgURL)
	h.expect("✗ the org URL starts with http://")
	if len(h.f.calls) != 0 {
		t.Fatal("an invalid URL was sent to the engine")
	}
}

func TestBackWorksEverywhereAndKeepsAnswers(t *testing.T) {
	h := newHarness(t, nil)
	h.toMethod(1)
	h.at(steps.TokenCreate)
	h.key("esc")
	h.at(steps.Method)
	h.key("esc")
	h.at(steps.OrgURL)
	h.expect("› https://acme.okta.com", "✓ org")
	h.key("esc")
	h.at(steps.Welcome)
	h.key("esc") // nothing before the first step
	h.at(steps.Welcome)
}

func TestHelpKeyListsTheKeys(t *testing.T) {
	h := newHarness(t, nil)
	h.key("enter")
	h.key("f1")
	h.expect("Help — Okta org URL", "never opens a browser")
	h.key("down", "down", "down", "down", "down", "down")
	h.expect("Keys", "esc    back", "ctrl+c quit")
	h.key("esc")
	h.expect("Okta org URL", "enter check")
	// ? types into a text field, and opens help elsewhere.
	h.typeText("?")
	if strings.Contains(h.screen(), "Help —") {
		t.Fatal("? opened help while typing a URL")
	}
}

func TestBracketedPasteOfAKey(t *testing.T) {
	h := newHarness(t, nil)
	h.toMethod(0)
	h.typeText("0oaTAKO123")
	h.key("enter", "enter")
	h.at(steps.PrivateKey)
	// A key pasted while the source choice is focused selects "paste".
	h.send(tea.PasteMsg{Content: testKey(t).PEM.Reveal()})
	h.expect("✓ a whole private key", "Paste it")
	h.key("enter")
	h.expect("✓ oauth.key")
	if a := h.m.mach.Answers(); a.Key == nil || a.KeySource != steps.KeyPaste {
		t.Fatal("the pasted key was not taken")
	}
}

func TestUnbracketedPasteNeverSubmitsABrokenKey(t *testing.T) {
	h := newHarness(t, nil)
	h.toMethod(0)
	h.typeText("0oaTAKO123")
	h.key("enter", "enter")
	h.key("down") // 2. paste it
	h.key("enter")
	pem := testKey(t).PEM.Reveal()
	lines := strings.Split(strings.TrimSpace(pem), "\n")
	calls := len(h.f.calls)
	// Without bracketed paste the terminal types the key, Enter between
	// lines. Until the END line arrives, Enter is part of the key.
	for i, l := range lines[:len(lines)-1] {
		h.quiet = true
		h.typeText(l)
		h.quiet = false
		h.key("enter")
		if len(h.f.calls) != calls || h.m.mach.Answers().Key != nil {
			t.Fatalf("line %d of %d: a partial key was submitted (calls %d→%d, key %v)\n%s", i+1, len(lines), calls, len(h.f.calls), h.m.mach.Answers().Key != nil, h.screen())
		}
	}
	h.expect("receiving…")
	// A damaged key is refused as a whole, never submitted.
	h.typeText(strings.Replace(lines[len(lines)-1], "END", "EMD", 1))
	h.key("enter")
	if len(h.f.calls) != calls || h.m.mach.Answers().Key != nil {
		t.Fatal("a damaged key was submitted")
	}
	h.key("ctrl+u")
	h.send(tea.PasteMsg{Content: pem})
	h.key("enter")
	if h.m.mach.Answers().Key == nil || len(h.f.calls) != calls+1 {
		t.Fatal("the whole key was not submitted")
	}
}

func TestGeneratedKeyIsShownAndCopiedWithOSC52(t *testing.T) {
	h := newHarness(t, nil)
	h.toMethod(0)
	h.typeText("0oaTAKO123")
	h.key("enter", "enter")
	h.key("enter") // generate
	h.at(steps.PrivateKey)
	k := h.m.mach.Answers().Key
	if k == nil || len(h.clip) != 1 || h.clip[0] != string(k.PublicJWK) {
		t.Fatalf("the public JWK was not copied: %v", h.clip)
	}
	h.expect("In Okta click Add key and paste this public key", `"kty":"RSA"`, "Sent to your terminal's clipboard (OSC 52", "press Enter to check")
	h.key("ctrl+y")
	if len(h.clip) != 2 {
		t.Fatal("ctrl+y did not copy again")
	}
	if strings.Contains(strings.Join(h.screens, "\n"), "PRIVATE KEY") {
		t.Fatal("a screen shows the private key")
	}
}

func TestResizeAdapts(t *testing.T) {
	h := newHarness(t, nil)
	h.key("enter")
	h.send(tea.WindowSizeMsg{Width: 60, Height: 20})
	s := h.screen()
	lines := strings.Split(s, "\n")
	if len(lines) != 20 {
		t.Fatalf("%d lines at height 20", len(lines))
	}
	for _, l := range lines {
		if ansi.StringWidth(l) > 60 {
			t.Fatalf("line wider than 60: %q", l)
		}
	}
	if strings.Contains(s, "│") {
		t.Fatal("the sidebar is still drawn at 60 columns")
	}
	h.expect("Okta org URL", "✓▸·") // the one-line strip
	h.send(tea.WindowSizeMsg{Width: 100, Height: 30})
	h.expect("│ ", " ✓ Welcome")
}

func TestNoColorDrawsNoColour(t *testing.T) {
	for _, color := range []bool{true, false} {
		h := newHarness(t, func(c *Config) { c.Color = color })
		h.f.status[checks.IDOrg] = checks.Fail
		h.key("enter")
		h.typeText("acme.okta.com")
		h.key("enter")
		raw := h.m.render()
		hasColour := strings.Contains(raw, "\x1b[38") || strings.Contains(raw, "\x1b[3")
		if color != hasColour {
			t.Fatalf("color=%v but colour sequences present=%v", color, hasColour)
		}
		if !strings.Contains(ansi.Strip(raw), "✗ org") {
			t.Fatal("the status symbol is missing: meaning must not depend on colour")
		}
	}
}

func TestCtrlCQuitsAndWritesNothing(t *testing.T) {
	h := newHarness(t, nil)
	h.toMethod(1)
	h.key("ctrl+c")
	if !h.quit || !h.m.Aborted() || h.f.written != nil {
		t.Fatalf("quit=%v aborted=%v written=%v", h.quit, h.m.Aborted(), h.f.written != nil)
	}
}

func TestStaleResultIsDroppedByTheModel(t *testing.T) {
	h := newHarness(t, nil)
	h.key("enter")
	h.typeText("acme.okta.com")
	// Submit, but hold the command back as if the check were slow.
	_, slow := h.m.Update(keyMsg("enter"))
	if !h.m.mach.Busy() {
		t.Fatal("not checking")
	}
	h.key("esc") // the user leaves the step while it runs
	h.at(steps.Welcome)
	h.f.status[checks.IDOrg] = checks.Fail
	h.run(slow)
	if st := h.m.mach.Status(steps.OrgURL); st == Failed || st == Passed {
		t.Fatalf("a stale result changed the org step: %s", st)
	}
}

func TestCanaryTokenNeverOnScreen(t *testing.T) {
	canary := "00CANARY" + strings.Repeat("Q", 30) + "TAIL"
	h := newHarness(t, nil)
	h.toMethod(1)
	h.key("enter") // token created
	h.at(steps.TokenValue)
	h.typeText(canary[:20])
	h.send(tea.PasteMsg{Content: canary[20:] + "\n"})
	h.key("enter")
	h.expect("✓ token.valid")
	for h.m.mach.Current().ID != steps.Review {
		h.key("enter")
	}
	h.key("f1", "esc", "enter")
	h.at(steps.Done)
	if got := h.m.mach.Answers().APIToken.Reveal(); got != canary {
		t.Fatalf("token stored as %q", got)
	}
	for i, s := range h.screens {
		if strings.Contains(s, "CANARY") || strings.Contains(s, "QQQQ") {
			t.Fatalf("screen %d shows the token:\n%s", i, s)
		}
	}
}

func TestResumeOfferRechecksAndJumps(t *testing.T) {
	p := &Progress{Version: progressVersion, OrgURL: "https://acme.okta.com", Method: checks.OAuth2, ClientID: "0oaTAKO123", Passed: []steps.ID{steps.OrgURL}}
	h := newHarness(t, func(c *Config) { c.Resume = p })
	h.expect("Resume where you left off?", "1 steps had passed for https://acme.okta.com", "1. Resume", "2. Start over")
	h.key("enter")
	h.at(steps.PrivateKey) // org and client re-checked live; the key is never saved
	if h.m.mach.Status(steps.OrgURL) != Passed || h.m.mach.Status(steps.OAuthApp) != Passed {
		t.Fatal("resume did not re-check the earlier steps")
	}
	h2 := newHarness(t, func(c *Config) { c.Resume = p })
	h2.key("down", "enter")
	h2.at(steps.Welcome)
}

func TestCanaryKeyNeverOnScreen(t *testing.T) {
	dir := t.TempDir()
	envFile := dir + "/.env"
	key := testKey(t)
	pem := key.PEM.Reveal()
	h := newHarness(t, func(c *Config) {
		real := FileEnv(envFile, nil, nil) // the real preview, write and read-back
		real.GenerateKey = c.Env.GenerateKey
		c.Env = real
		c.EnvFile = envFile
	})
	h.toMethod(0)
	h.typeText("0oaTAKO123")
	h.key("enter", "enter")
	h.send(tea.PasteMsg{Content: pem})
	h.key("enter")
	h.expect("✓ oauth.key")
	h.key("f1", "esc") // the help screen too
	for h.m.mach.Current().ID != steps.Review {
		h.key("enter")
	}
	h.expect("+ OKTA_OAUTH2_PRIVATE_KEY_PEM = RSA 2048-bit key")
	h.key("enter")
	h.at(steps.Done)
	h.key("f1")
	written, err := os.ReadFile(envFile)
	if err != nil || !strings.Contains(string(written), strings.Split(pem, "\n")[2]) {
		t.Fatalf("the key was not written: %v", err)
	}
	body := strings.Join(strings.Split(strings.TrimSpace(pem), "\n")[1:], "")
	body = strings.TrimSuffix(body, "-----END PRIVATE KEY-----")
	for i, s := range h.screens {
		flat := strings.ReplaceAll(strings.ReplaceAll(s, "\n", ""), " ", "")
		for j := 0; j+16 <= len(body); j += 16 {
			if strings.Contains(flat, body[j:j+16]) {
				t.Fatalf("screen %d shows part of the private key:\n%s", i, s)
			}
		}
		if strings.Contains(s, "PRIVATE KEY-----") || strings.Contains(s, `"d":`) {
			t.Fatalf("screen %d shows a private key:\n%s", i, s)
		}
	}
}
