package wizard

import (
	"fmt"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/fctr-id/tako-setup/steps"
)

// Watching Okta: while a step waits for something the admin does in the
// console (Machine.Watchable), the TUI checks it again every few seconds,
// as `gh auth login` polls during its device flow, so the step turns ✓ by
// itself. One watch check is one run of the step's checks: one token
// request, or a handful of GETs for the scopes step — at the default
// interval, well under 1% of an org's per-minute limits (see
// docs/okta-behavior.md on rate limits). A watch stops after
// defaultWatchFor, when the step passes, when the user leaves the step, or
// on ctrl+w.
const (
	defaultWatchEvery = 5 * time.Second
	defaultWatchFor   = 10 * time.Minute
)

// watchState is the watch of the current step.
type watchState struct {
	// gen numbers the scheduled ticks; a tick of an older gen is dropped.
	gen int
	// step is the step being watched; checks counts its watch checks.
	step   steps.ID
	checks int
	// off lists the steps on which the user stopped the watch.
	off map[steps.ID]bool
	// gaveUp: the watch ran for the whole defaultWatchFor.
	gaveUp bool
}

// watchMsg is a watch tick.
type watchMsg struct {
	gen  int
	step steps.ID
}

// watchable reports whether the screen shows a step the watch may check.
func (m *Model) watchable() bool {
	return m.offer == nil && m.mach.Outcome() == Running && m.mach.Watchable()
}

// watchOn reports whether the current step is being watched.
func (m *Model) watchOn() bool {
	id := m.mach.Current().ID
	return !m.watch.off[id] && !(m.watch.gaveUp && m.watch.step == id)
}

// scheduleWatch starts the next tick when the current step may be watched.
func (m *Model) scheduleWatch() tea.Cmd {
	if !m.watchable() || !m.watchOn() {
		return nil
	}
	id := m.mach.Current().ID
	if m.watch.step != id {
		m.watch.step, m.watch.checks, m.watch.gaveUp = id, 0, false
	}
	every := m.cfg.WatchEvery
	if time.Duration(m.watch.checks)*every >= m.cfg.WatchFor {
		m.watch.gaveUp = true
		return nil
	}
	m.watch.gen++
	gen := m.watch.gen
	return m.cfg.Tick(every, func(time.Time) tea.Msg { return watchMsg{gen: gen, step: id} })
}

// onWatch is a tick: check the step again, unless the user is busy with it
// (typing, a check running, the help page open) — then wait for the next.
func (m *Model) onWatch(msg watchMsg) tea.Cmd {
	if msg.gen != m.watch.gen || msg.step != m.mach.Current().ID || !m.watchOn() {
		return nil
	}
	if m.mach.Busy() || m.consoleOn {
		return nil // the running check's result schedules the next tick
	}
	if m.dirty() || m.showHelp {
		return m.scheduleWatch()
	}
	from := m.mach.Status(m.mach.Current().ID)
	req := m.mach.Watch()
	if req == nil {
		return nil
	}
	m.watch.checks++
	cmd := m.run(req)
	m.watching, m.watchFrom = true, from
	return cmd
}

// toggleWatch stops the watch of the current step, or starts it again.
func (m *Model) toggleWatch() tea.Cmd {
	if !m.watchable() {
		return nil
	}
	id := m.mach.Current().ID
	if m.watch.off == nil {
		m.watch.off = map[steps.ID]bool{}
	}
	if m.watchOn() {
		m.watch.off[id] = true
		m.watch.gen++ // drop the pending tick
		m.notice = "Stopped watching Okta. Press Enter to check when it is done, or ctrl+w to watch again."
		return nil
	}
	delete(m.watch.off, id)
	m.watch.step, m.watch.checks, m.watch.gaveUp = id, 0, false
	m.notice = ""
	return m.scheduleWatch()
}

// watchLine is the visible "watching…" line under a watched step.
func (m *Model) watchLine() string {
	if !m.watchable() && !m.watching { // a watch check in flight keeps its line
		return ""
	}
	if m.offer != nil || m.mach.Outcome() != Running {
		return ""
	}
	every := int(m.cfg.WatchEvery / time.Second)
	switch {
	case m.watch.gaveUp && m.watch.step == m.mach.Current().ID:
		return fmt.Sprintf("Stopped watching after %d minutes: press Enter to check, or ctrl+w to watch again.", int(m.cfg.WatchFor/time.Minute))
	case !m.watchOn():
		return ""
	}
	return fmt.Sprintf("⟳ Watching Okta: checking again every %d s, so this turns ✓ by itself (ctrl+w stops).", max(every, 1))
}
