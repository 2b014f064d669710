package wizard

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/fctr-id/tako-setup/steps"
)

// f1 on Review lists the changes, every value whole (wrapped), and does
// not point at an address the page does not show; pgdn there moves a page.
func TestHelpOnReviewListsTheChangesAndPagesDown(t *testing.T) {
	var scopes []string
	for i := range 48 {
		scopes = append(scopes, fmt.Sprintf("okta.thing%02d.read", i))
	}
	h := newHarness(t, func(c *Config) {
		c.Env.Preview = func(*steps.Answers) (string, error) {
			return "+ TOKEN_METHOD = OAUTH2\n+ OKTA_OAUTH2_SCOPES = 48 scopes: " + strings.Join(scopes, " "), nil
		}
	})
	h.send(tea.WindowSizeMsg{Width: 60, Height: 20})
	h.toMethod(0)
	h.typeText("0oaTAKO123")
	h.key("enter", "enter")
	h.key("enter", "enter") // generate, check
	for i := 0; h.m.mach.Current().ID != steps.Review; i++ {
		if i > 20 {
			t.Fatalf("stuck at %s", h.m.mach.Current().ID)
		}
		h.key("enter")
	}
	h.key("f1")
	first := h.screen()
	if strings.Contains(first, "address below") {
		t.Fatalf("f1 points at an address it does not show:\n%s", first)
	}
	var all strings.Builder
	all.WriteString(first)
	prev := h.m.helpScroll
	h.key("pgdown")
	if got := h.m.helpScroll - prev; got < 5 {
		t.Fatalf("pgdn in f1 moved %d rows at 60×20", got)
	}
	for range 30 {
		all.WriteString(h.screen())
		h.key("pgdown")
	}
	text := squash(all.String())
	for _, s := range append([]string{"Changes to this file:", "TOKEN_METHOD = OAUTH2"}, scopes...) {
		if !strings.Contains(text, s) {
			t.Fatalf("f1 on Review lacks %q", s)
		}
	}
}

// f1 on the private-key step at 60 columns: the public key's heading
// wraps, never cut.
func TestHelpKeyHeadingWrapsAt60(t *testing.T) {
	h := toWaitingKey(t, 60, 20)
	h.key("f1")
	var all strings.Builder
	for range 10 {
		all.WriteString(h.screen())
		h.key("pgdown")
	}
	if strings.Contains(all.String(), "term…") || !strings.Contains(squash(all.String()), "ctrl+y sends it to your terminal's clipboard):") {
		t.Fatalf("the key's heading is cut:\n%s", all.String())
	}
}
