package tuitest

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/fctr-id/tako-setup/assets"
	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/steps"
	"github.com/fctr-id/tako-setup/wizard"
)

// ScreenSizes are the terminals every wizard screen must work in: a small
// SSH window, the classic 80×24, and a roomy one.
var ScreenSizes = [][2]int{{60, 20}, {80, 24}, {120, 40}}

// CheckWizardScreen asserts what every wizard screen promises, at the driver's
// size: the step's console address whole on a line of its own (and an OSC
// 8 link); each path shown whole on a line of its own; the first failing
// or warning finding's title and first words of its reason on the first
// screen; and every finding's title and fix reachable by scrolling the
// main screen. It returns what it checked, for the test's log.
func CheckWizardScreen(t testing.TB, d *Driver, m *wizard.Model, paths ...string) string {
	t.Helper()
	mach := m.Machine()
	s := mach.Current()
	a := mach.Answers()
	scr := d.Screen()
	where := fmt.Sprintf("%dx%d %s (%s)", d.W, d.H, s.ID, mach.Status(s.ID))
	rows := strings.Split(strings.TrimRight(scr, "\n"), "\n")
	footer := rows[len(rows)-1]
	if !strings.Contains(footer, "f1 help") {
		t.Errorf("%s: the footer does not offer help: %q", where, footer)
	}
	// The footer's labels are whole, and offer what works on this screen:
	// scrolling only where the result area scrolls, the address's key
	// wherever an address is shown (from 100 columns; at 80 where the
	// console's label leaves room, as on the app step).
	if strings.Contains(footer, "…") {
		t.Errorf("%s: a footer label is cut: %q", where, footer)
	}
	scrolls := strings.Contains(scr, " more lines: pgdn") || strings.Contains(scr, " lines above: pgup")
	if strings.Contains(footer, "pgdn scroll") && !scrolls {
		t.Errorf("%s: the footer offers scrolling, nothing scrolls: %q\n%s", where, footer, scr)
	}
	// Never cut: no row of the screen between the header and the footer
	// ends at the right edge with a "…" cut mark (a summary, a choice, a
	// finding cut instead of wrapped).
	for i, r := range rows[1 : len(rows)-1] {
		if d.W < 72 && i == 0 {
			continue // the narrow progress strip: the title is whole below it
		}
		if strings.HasSuffix(r, "…") && ansi.StringWidth(r) >= d.W {
			t.Errorf("%s: a row is cut: %q\n%s", where, r, scr)
		}
	}
	lines := LogicalLines(scr, d.W)
	whole := func(what, want string) {
		t.Helper()
		for _, l := range lines {
			if strings.TrimSpace(l) == want {
				return
			}
		}
		t.Errorf("%s: the %s %q is not whole on a line of its own:\n%s", where, what, want, scr)
	}
	help, _ := assets.ForStep(string(s.ID))
	if link := help.DeepLink(a.OrgURL, a.ClientID, a.Token()); link != "" {
		whole("address", link)
		if (d.W >= 100 || (d.W >= 80 && s.ID == steps.OAuthApp)) && !strings.Contains(footer, "ctrl+l") {
			t.Errorf("%s: an address is shown, the footer does not offer ctrl+l: %q", where, footer)
		}
		if !strings.Contains(d.Frame(), "\x1b]8;;"+link) {
			t.Errorf("%s: the address is not an OSC 8 link", where)
		}
	}
	for _, p := range paths {
		whole("path", p)
	}
	var fs []checks.Finding
	if st := mach.Status(s.ID); st == wizard.Passed || st == wizard.Warned || st == wizard.Failed {
		fs = mach.Findings(s.ID)
	}
	first := Squash(Pane(scr))
	for _, f := range fs {
		if f.Status == checks.Fail || f.Status == checks.Warn {
			if !strings.Contains(first, Squash(f.Title)) {
				t.Errorf("%s: the first finding's title %q is not on the first screen:\n%s", where, f.Title, scr)
			}
			reason := []rune(Squash(f.Detail))
			if s.Role == steps.Final && f.Status == checks.Warn {
				reason = []rune(Squash(f.Fix)) // the Done list gives a warning's fix
			}
			if len(reason) > 40 {
				reason = reason[:40]
			}
			if !strings.Contains(first, string(reason)) {
				t.Errorf("%s: the first reason line of %q is not on the first screen:\n%s", where, f.Title, scr)
			}
			break
		}
	}
	all := Squash(d.Reachable())
	for _, f := range fs {
		if f.Status == checks.Skip && s.Role != steps.Final {
			continue // named on the f1 page
		}
		if !strings.Contains(all, Squash(f.Title)) {
			t.Errorf("%s: finding %q cannot be reached on the main screen:\n%s", where, f.Title, scr)
		}
		if f.Fix != "" && (f.Status == checks.Fail || f.Status == checks.Warn) && !strings.Contains(all, Squash(f.Fix)) {
			t.Errorf("%s: the fix of %q cannot be reached on the main screen:\n%s", where, f.Title, scr)
		}
	}
	return fmt.Sprintf("%s: %d findings", where, len(fs))
}

// WalkDemo drives the wizard through a demo org as a new user would:
// Enter, and the demo console (ctrl+o) wherever a step fails or waits,
// checking every screen on the way (CheckWizardScreen). keys are pressed
// once, on the first visit of their step, before Enter (a choice). It
// returns how many different screens it checked.
func WalkDemo(t testing.TB, d *Driver, m *wizard.Model, console wizard.Console, envFile string, keys map[steps.ID][]string) int {
	t.Helper()
	pressed, seen := map[steps.ID]bool{}, map[string]bool{}
	for i := 0; i < 80 && !d.Quit; i++ {
		mach := m.Machine()
		s := mach.Current()
		st := mach.Status(s.ID)
		var paths []string
		if s.Role == steps.ReviewRole {
			paths = append(paths, envFile)
		}
		if wr := mach.Answers().Written; wr != nil && s.Role == steps.Final {
			paths = append(paths, wr.Path)
			if wr.Backup != "" {
				paths = append(paths, wr.Backup)
			}
		}
		seen[CheckWizardScreen(t, d, m, paths...)] = true
		if t.Failed() {
			return len(seen)
		}
		switch {
		case mach.Outcome() == wizard.Finished:
			d.Key("enter")
		case len(keys[s.ID]) > 0 && !pressed[s.ID]:
			d.Key(keys[s.ID]...)
			d.Key("enter")
			pressed[s.ID] = true
		case st != wizard.Passed && st != wizard.Warned && offered(console, s.ID, mach.Answers()):
			d.Key("ctrl+o")
		default:
			d.Key("enter")
		}
	}
	if !d.Quit || m.Machine().Outcome() != wizard.Finished {
		t.Fatalf("the walk did not finish:\n%s", d.Screen())
	}
	return len(seen)
}

func offered(c wizard.Console, id steps.ID, a *steps.Answers) bool {
	if c == nil {
		return false
	}
	_, ok := c.Offer(id, a)
	return ok
}

// InstantTick is a clock whose ticks come at once: a Driver holds them
// until the test releases them, so no watch check races a walk.
func InstantTick(_ time.Duration, fn func(time.Time) tea.Msg) tea.Cmd {
	return func() tea.Msg { return fn(time.Time{}) }
}
