package wizard

import (
	"fmt"
	"strings"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/fctr-id/tako-setup/checks/provision"
	"github.com/fctr-id/tako-setup/checks/termtext"
	"github.com/fctr-id/tako-setup/steps"
)

// AutoLog is the automatic branch's checklist: one line per API call,
// updated as calls start and answer, plus notes, waits and the grants'
// progress. Front ends feed it provision events (Add) and draw Lines. It
// is safe for use from the flow's goroutine and the UI's.
type AutoLog struct {
	mu    sync.Mutex
	lines []autoLine
	byID  map[int]int // call id → index in lines
	calls int
}

type autoLine struct {
	mark string // "…", "✓", "✗", "!", " "
	text string
	// transient lines (a wait, the grants' progress) are replaced by the
	// next line of the same kind.
	kind provision.EventKind
}

// Add takes one event into the checklist.
func (l *AutoLog) Add(e provision.Event) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.byID == nil {
		l.byID = map[int]int{}
	}
	switch e.Kind {
	case provision.CallStart:
		l.calls++
		l.byID[e.ID] = len(l.lines)
		mark := "…"
		if e.Kind == provision.Progress && e.Total > 0 && e.Done == e.Total {
			mark = symPass
		}
		l.lines = append(l.lines, autoLine{mark: mark, text: e.Label, kind: e.Kind})
	case provision.CallDone:
		ln := autoLine{mark: symPass, text: e.Label, kind: e.Kind}
		if e.Err != "" {
			ln.mark, ln.text = symFail, e.Label+" — "+e.Err
		}
		if i, ok := l.byID[e.ID]; ok && e.ID != 0 {
			l.lines[i] = ln
			return
		}
		// Calls without an id (the live check, the .env write) replace
		// their own start line: the last one with the same label.
		for i := len(l.lines) - 1; i >= 0; i-- {
			if l.lines[i].mark == "…" && l.lines[i].text == e.Label {
				l.lines[i] = ln
				return
			}
		}
		l.lines = append(l.lines, ln)
	case provision.Waiting, provision.Progress:
		// One line of each kind, kept last: the newest replaces the older.
		for i := len(l.lines) - 1; i >= 0; i-- {
			if l.lines[i].kind == e.Kind {
				l.lines = append(l.lines[:i], l.lines[i+1:]...)
				for id, j := range l.byID {
					if j > i {
						l.byID[id] = j - 1
					}
				}
				break
			}
		}
		mark := "…"
		if e.Kind == provision.Progress && e.Total > 0 && e.Done == e.Total {
			mark = symPass
		}
		l.lines = append(l.lines, autoLine{mark: mark, text: e.Label, kind: e.Kind})
	default:
		mark := " "
		if e.Warn {
			mark = symWarn
		}
		l.lines = append(l.lines, autoLine{mark: mark, text: e.Label, kind: e.Kind})
	}
}

// Lines returns the checklist as plain lines ("✓ text"), the last max of
// them (0 = all), after a line counting the calls.
func (l *AutoLog) Lines(max int) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	for _, ln := range l.lines {
		out = append(out, ln.mark+" "+termtext.Line(ln.text)) // labels quote Okta's answers
	}
	if max > 0 && len(out) > max {
		out = append([]string{fmt.Sprintf("… %d earlier lines", len(out)-max+1)}, out[len(out)-max+1:]...)
	}
	return out
}

// AutoSummary says what an automatic setup did, for the end of the
// checklist. compact (the TUI at 80×24) counts the System Log event types
// instead of naming them; they are named when the wizard ends.
func AutoSummary(r *provision.Result, compact bool) []string {
	if r == nil {
		return nil
	}
	var out []string
	if r.AppID != "" && (r.EnvWritten || len(r.Remains) == 0) {
		verb := "Found"
		if r.CreatedApp {
			verb = "Created"
		}
		out = append(out, fmt.Sprintf("%s the app %s: key %s, %d scopes granted, roles assigned: %s.",
			verb, r.AppID, r.KeyID, len(r.ScopesGranted), noneIfEmpty(r.Roles)))
	}
	if r.SuperAdminRemoved {
		out = append(out, "Okta made the app a Super Administrator; that role was removed and proven gone.")
	}
	if len(r.RolledBack) > 0 {
		out = append(out, "Rolled back: "+strings.Join(r.RolledBack, ", ")+".")
	}
	if len(r.Remains) > 0 {
		out = append(out, "Left in Okta: "+strings.Join(r.Remains, "; ")+". A re-run for the same .env and label resumes from there.")
	}
	if r.TokenRevoked {
		out = append(out, "Admin token revoked and proven dead (401 E0000011).")
	} else {
		out = append(out, r.TokenLine())
	}
	switch {
	case len(r.AuditEvents) > 0 && compact:
		out = append(out, fmt.Sprintf("The System Log shows %d kinds of event for this (named when the wizard ends).", len(r.AuditEvents)))
	case len(r.AuditEvents) > 0:
		out = append(out, "System Log event types an auditor will see: "+strings.Join(r.AuditEvents, ", ")+".")
	}
	for i := range out {
		out[i] = termtext.Line(out[i]) // ids, roles and event types come from Okta
	}
	return out
}

func noneIfEmpty(s []string) string {
	if len(s) == 0 {
		return "none needed"
	}
	return strings.Join(s, ", ")
}

// autoEvents is how the TUI hears the flow: the Automate hook's OnEvent
// sends here, a command waits for the next event.
type autoEventMsg struct{}

// waitAuto returns a command that waits for the next event on ch.
func waitAuto(ch <-chan provision.Event, log *AutoLog) tea.Cmd {
	if ch == nil {
		return nil
	}
	return func() tea.Msg {
		e, ok := <-ch
		if !ok {
			return nil
		}
		log.Add(e)
		// Drain what else arrived, so a burst of grants is one redraw.
		deadline := time.After(30 * time.Millisecond)
		for {
			select {
			case e, ok := <-ch:
				if !ok {
					return autoEventMsg{}
				}
				log.Add(e)
			case <-deadline:
				return autoEventMsg{}
			}
		}
	}
}

// autoLines draws the checklist on the automatic step: the summary once
// the run ended (wrapped, first, so that it shows under the verdict), then
// one line per call, wrapped to the width, never cut. The result area
// scrolls them (mainView): it follows the newest call while the run goes
// on, and pgup reads the earlier ones.
func (m *Model) autoLines(a *steps.Answers, w int) []string {
	var out []string
	if sum := AutoSummary(a.Auto.Result, true); len(sum) > 0 {
		for _, l := range sum {
			out = append(out, wrapStyled(m.st.Bold, l, w)...)
		}
		out = append(out, "")
	}
	for _, l := range m.auto.Lines(0) {
		if strings.HasPrefix(l, "  ") {
			out = append(out, wrapPrefixed("  ", strings.TrimSpace(l), w)...)
			continue
		}
		mark, text, _ := strings.Cut(l, " ")
		out = append(out, wrapPrefixed(mark+" ", text, w)...) // wrapped, never cut
	}
	return out
}
