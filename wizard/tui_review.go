package wizard

import (
	"errors"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/fctr-id/tako-setup/steps"
)

// reviewState is the preview on the review screen. It is made once per
// visit of a review step (and again when one of its answers changes), off
// the UI goroutine, never on every frame: the Env keeps the edit the
// preview describes and writes exactly that, so what is on screen must be
// the last preview made.
type reviewState struct {
	// at is the review step the preview was made for ("" = none yet, or
	// the screen is not a review).
	at steps.ID
	// gen numbers the previews; a result of an older one is dropped.
	gen int
	// busy: a preview is being made. again: another is due when it ends
	// (one at a time, so the Env's last preview is the one shown).
	busy, again bool
	ready       bool
	text        string
	err         error
}

// previewMsg carries a finished preview.
type previewMsg struct {
	gen  int
	text string
	err  error
}

// syncPreview starts the preview when a review step has just been
// entered, and forgets it when the screen is not a review any more.
func (m *Model) syncPreview() tea.Cmd {
	s := m.mach.Current()
	if s.Role != steps.ReviewRole || m.offer != nil {
		m.review.at = ""
		return nil
	}
	if m.review.at == s.ID {
		return nil
	}
	m.review.at = s.ID
	return m.refreshPreview()
}

// refreshPreview makes the preview again from the current answers.
func (m *Model) refreshPreview() tea.Cmd {
	preview := m.cfg.Env.Preview
	if preview == nil {
		return nil
	}
	m.review.ready = false
	if m.review.busy {
		m.review.again = true
		return nil
	}
	m.review.busy = true
	m.review.gen++
	gen, a := m.review.gen, *m.mach.Answers()
	return func() tea.Msg {
		text, err := preview(&a)
		return previewMsg{gen: gen, text: text, err: err}
	}
}

// onPreview shows a finished preview, unless a newer one is due.
func (m *Model) onPreview(msg previewMsg) tea.Cmd {
	if msg.gen != m.review.gen {
		return nil
	}
	m.review.busy = false
	if m.review.again {
		m.review.again = false
		return m.refreshPreview()
	}
	m.review.ready, m.review.text, m.review.err = true, msg.text, msg.err
	return nil
}

// previewPending reports whether the review screen still waits for its
// preview: confirming is not possible until the changes are on screen.
func (m *Model) previewPending() bool {
	return m.cfg.Env.Preview != nil && m.mach.Current().Role == steps.ReviewRole && !m.review.ready
}

// staleReviewNotice says why the wizard is back on the review.
func staleReviewNotice(err error) string {
	msg := err.Error()
	if msg != "" {
		msg = strings.ToUpper(msg[:1]) + msg[1:]
	}
	return msg + ". Check this fresh preview and confirm again."
}

// isStaleReview reports whether a result is a write refused because the
// review no longer shows what would be written.
func isStaleReview(r Result) bool { return errors.Is(r.Err, steps.ErrStaleReview) }
