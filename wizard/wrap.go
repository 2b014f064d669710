package wizard

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/fctr-id/tako-setup/checks/termtext"
)

// wrapText wraps plain text at spaces only (termtext.WrapWords: ansi.Wrap
// also breaks at hyphens, which splits host names such as
// integrator-1234567.okta.com); a word longer than the line is cut hard.
//
// s is made safe for the terminal first (termtext.Text): what is wrapped
// quotes the .env, the progress file, Okta and file names.
func wrapText(s string, width int) []string {
	return termtext.WrapWords(termtext.Text(s), width, true)
}

// styledText is a run of text drawn in one style.
type styledText struct {
	text  string
	style interface{ Render(...string) string }
}

// wrapRuns wraps runs of differently styled text at spaces, as wrapText
// does, keeping each word in its run's style: a line such as a choice's
// label, the chosen option and "(↑↓ to change)" wraps instead of being cut.
// Continuation rows start with indent.
func wrapRuns(runs []styledText, width int, indent string) []string {
	type word struct {
		text  string
		style interface{ Render(...string) string }
	}
	var words []word
	for _, r := range runs {
		for _, f := range strings.Fields(termtext.Text(r.text)) {
			words = append(words, word{f, r.style})
		}
	}
	width = max(width, ansi.StringWidth(indent)+1)
	var out []string
	line, lw := "", 0
	for _, wd := range words {
		ww := ansi.StringWidth(wd.text)
		switch {
		case lw == 0:
		case lw+1+ww <= width:
			line += wd.style.Render(" ")
			lw++
		default:
			out = append(out, line)
			line, lw = indent, ansi.StringWidth(indent)
		}
		for lw+ww > width {
			cut := ansi.Truncate(wd.text, width-lw, "")
			if cut == "" {
				cut = string([]rune(wd.text)[:1])
			}
			out = append(out, line+wd.style.Render(cut))
			line, lw = indent, ansi.StringWidth(indent)
			wd.text = wd.text[len(cut):]
			ww = ansi.StringWidth(wd.text)
		}
		line += wd.style.Render(wd.text)
		lw += ww
	}
	return append(out, line)
}
