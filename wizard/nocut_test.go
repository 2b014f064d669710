package wizard

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/fctr-id/tako-setup/checks/provision"
)

// The private-key step's choice summary wraps instead of being cut
// ("Generate one here (↑↓ to ch…") at 60 and 80 columns.
func TestChoiceSummaryWrapsNotCut(t *testing.T) {
	for _, size := range [][2]int{{60, 20}, {80, 24}} {
		h := toWaitingKey(t, size[0], size[1])
		scr := h.screen()
		if strings.Contains(scr, "ch…") || !strings.Contains(squash(scr), "Generate one here (↑↓ to change)") {
			t.Fatalf("%dx%d: the choice summary is cut:\n%s", size[0], size[1], scr)
		}
	}
}

// squash joins a screen's rows into one line of single spaces, without
// the sidebar.
func squash(screen string) string {
	var words []string
	for _, row := range strings.Split(screen, "\n") {
		if _, pane, ok := strings.Cut(row, " │ "); ok {
			row = pane
		}
		words = append(words, strings.Fields(row)...)
	}
	return strings.Join(words, " ")
}

// The automatic step's call lines wrap at the pane's width, never cut.
func TestAutoLinesWrapNotCut(t *testing.T) {
	h := newHarness(t, nil)
	label := "Grant okta.logStreams.read to the app 0oaTAKO123 (the scope Tako reads the System Log streams with)"
	h.m.auto.Add(provision.Event{Kind: provision.CallStart, ID: 1, Label: label})
	got := h.m.autoLines(h.m.mach.Answers(), 40)
	joined := ansi.Strip(strings.Join(got, " "))
	if strings.HasSuffix(strings.TrimSpace(ansi.Strip(got[len(got)-1])), "…") || !strings.Contains(strings.Join(strings.Fields(joined), " "), label) {
		t.Fatalf("a call line is cut:\n%s", strings.Join(got, "\n"))
	}
	for _, l := range got {
		if ansi.StringWidth(l) > 40 {
			t.Fatalf("a row is wider than the pane: %q", l)
		}
	}
}
