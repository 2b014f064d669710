package wizard

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/fctr-id/tako-setup/checks/provision"
	"github.com/fctr-id/tako-setup/steps"
)

// toAutomaticRun walks, at w×h, the automatic branch to its run, whose
// fake Automate adds calls checklist lines; half and mid are the screens drawn
// while the run was still going, after half its calls and after the last.
func toAutomaticRun(t *testing.T, w, hh, calls int) (h *harness, half, mid string) {
	t.Helper()
	h = newHarness(t, func(c *Config) {
		c.Env.Automate = func(a *steps.Answers) error {
			for i := 1; i <= calls; i++ {
				h.m.auto.Add(provision.Event{Kind: provision.CallStart, ID: i, Label: fmt.Sprintf("Call number %d to Okta", i)})
				h.m.auto.Add(provision.Event{Kind: provision.CallDone, ID: i, Label: fmt.Sprintf("Call number %d to Okta", i)})
				if i == calls/2 {
					half = h.screen()
				}
			}
			mid = h.screen()
			a.Auto.Result = &provision.Result{AppID: "0oaAUTO123", CreatedApp: true, EnvWritten: true, TokenRevoked: true}
			a.Written = &steps.WriteResult{Path: "/srv/tako/.env"}
			return nil
		}
	})
	h.send(tea.WindowSizeMsg{Width: w, Height: hh})
	h.toMethod(2)
	h.at(steps.AdminToken)
	h.typeText("00" + strings.Repeat("xQ7", 14))
	h.key("enter", "enter") // the token, the label: the run starts
	h.at(steps.Automatic)
	return h, half, mid
}

// The automatic checklist scrolls like the result area: it follows the
// newest call while the run goes on, the summary shows under the verdict
// once it ended, and pgdn/pgup read every call, at 60×20 and 120×40.
func TestAutomaticChecklistScrolls(t *testing.T) {
	for _, size := range [][2]int{{60, 20}, {120, 40}} {
		h, half, mid := toAutomaticRun(t, size[0], size[1], 80)
		if !strings.Contains(half, "Call number 40 to Okta") || !strings.Contains(mid, "Call number 80 to Okta") {
			t.Fatalf("%v: the running checklist does not show its newest call:\n%s\n%s", size, half, mid)
		}
		scr := h.screen()
		if !strings.Contains(scr, "Created the app 0oaAUTO123") || strings.Contains(scr, "earlier lines") {
			t.Fatalf("%v: the finished run's summary is not shown:\n%s", size, scr)
		}
		if !h.m.scrollable {
			t.Fatalf("%v: the checklist does not scroll:\n%s", size, scr)
		}
		seen := map[int]bool{}
		for range 200 {
			for i := 1; i <= 80; i++ {
				if strings.Contains(h.screen(), fmt.Sprintf("Call number %d to Okta", i)) {
					seen[i] = true
				}
			}
			if h.m.vp.AtBottom() {
				break
			}
			h.key("pgdown")
		}
		if len(seen) != 80 {
			t.Fatalf("%v: pgdn showed %d of 80 calls", size, len(seen))
		}
		h.key("pgup")
		if h.m.vp.AtBottom() {
			t.Fatalf("%v: pgup did not scroll back", size)
		}
		// f1 has everything too, as the scroll line says.
		h.key("f1")
		var help strings.Builder
		for range 60 {
			help.WriteString(h.screen())
			h.key("pgdown")
		}
		for i := 1; i <= 80; i++ {
			if !strings.Contains(help.String(), fmt.Sprintf("Call number %d to Okta", i)) {
				t.Fatalf("%v: f1 lacks call %d", size, i)
			}
		}
		h.key("esc")
	}
}
