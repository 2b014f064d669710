package wizard

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/steps"
)

// toWaitingKey walks, at w×h, to the private-key step with a key
// generated here and waiting to be added in Okta (the watch on).
func toWaitingKey(t *testing.T, w, hh int) *harness {
	t.Helper()
	h := newHarness(t, nil)
	h.send(tea.WindowSizeMsg{Width: w, Height: hh})
	h.toMethod(0)
	h.typeText("0oaTAKO123")
	h.key("enter", "enter")
	h.f.status[checks.IDOAuthKey] = checks.Fail // not added yet
	h.key("enter")                              // generate
	h.at(steps.PrivateKey)
	h.expect("Watching Okta")
	return h
}

// A watch check whose result shows the same thing keeps the result area
// where the user scrolled it (reading or copying the public JWK), at 60×20.
func TestWatchKeepsTheScrollPosition(t *testing.T) {
	h := toWaitingKey(t, 60, 20)
	if !h.m.scrollable {
		t.Fatalf("the result area does not scroll at 60×20:\n%s", h.screen())
	}
	h.send(tea.KeyPressMsg{Code: tea.KeyPgDown})
	before := h.screen()
	off := h.m.vp.YOffset()
	if off == 0 {
		t.Fatalf("pgdn did not scroll:\n%s", before)
	}
	for range 3 {
		drawn := len(h.screens)
		h.tick()
		// Every frame drawn during the check (Okta being asked) shows the
		// same step (only the progress strip marks the check): nothing
		// jumps while the user reads.
		for _, s := range h.screens[drawn:] {
			if belowStrip(s) != belowStrip(before) {
				t.Fatalf("a frame during the watch check differs:\n%s\nwas:\n%s", s, before)
			}
		}
		h.at(steps.PrivateKey)
		if got := h.m.vp.YOffset(); got != off {
			t.Fatalf("a watch check moved the scroll from %d to %d:\n%s\nwas:\n%s", off, got, h.screen(), before)
		}
		if after := h.screen(); after != before {
			t.Fatalf("the screen changed on a watch check:\n%s\nwas:\n%s", after, before)
		}
	}
}

// A watch check that changes the findings above the user's place (a longer
// reason) keeps the rows the user was reading on screen.
func TestWatchKeepsThePlaceWhenTheFindingsChange(t *testing.T) {
	h := toWaitingKey(t, 60, 20)
	h.key("enter") // check now: not added yet, a failure
	h.expect("✗ oauth.key")
	h.send(tea.KeyPressMsg{Code: tea.KeyPgDown})
	h.send(tea.KeyPressMsg{Code: tea.KeyPgDown})
	rows := func() []string { return strings.Split(paneOf(h.screen()), "\n") }
	before := rows()
	off := h.m.vp.YOffset()
	if off == 0 {
		t.Fatalf("pgdn did not scroll:\n%s", h.screen())
	}
	h.f.titles = map[string]string{checks.IDOAuthKey: strings.Repeat("Okta lists no key with this kid on the app ", 3)}
	h.tick()
	h.at(steps.PrivateKey)
	if got := h.m.vp.YOffset(); got <= off {
		t.Fatalf("the offset did not follow the longer findings: %d → %d:\n%s", off, got, h.screen())
	}
	if after := rows(); strings.Join(after, "\n") != strings.Join(before, "\n") {
		t.Fatalf("the rows being read moved:\n%s\nwas:\n%s", strings.Join(after, "\n"), strings.Join(before, "\n"))
	}
}

// paneOf is the result area's rows as drawn: from the first row of the
// key block to the scroll line.
func paneOf(screen string) string {
	lines := strings.Split(screen, "\n")
	for i, l := range lines {
		if strings.Contains(l, "lines above") || strings.Contains(l, "more lines") {
			return strings.Join(lines[max(0, i-6):i], "\n")
		}
	}
	return screen
}

// belowStrip is a 60-column screen without its header and progress strip.
func belowStrip(screen string) string {
	lines := strings.SplitN(screen, "\n", 3)
	return lines[len(lines)-1]
}
