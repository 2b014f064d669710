package wizard

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/fctr-id/tako-setup/checks/termtext"
)

// wrapText wraps plain text at spaces only. ansi.Wrap also breaks at
// hyphens, which splits host names such as integrator-1234567.okta.com and
// makes them wrong when copied; a word longer than the line is cut hard.
//
// s is made safe for the terminal first (termtext.Text): what is wrapped
// quotes the .env, the progress file, Okta and file names.
func wrapText(s string, width int) []string {
	s = termtext.Text(s)
	width = max(width, 1)
	var out []string
	for _, para := range strings.Split(s, "\n") {
		line := ""
		for _, word := range strings.Fields(para) {
			for ansi.StringWidth(word) > width {
				if line != "" {
					out = append(out, line)
					line = ""
				}
				cut := ansi.Truncate(word, width, "")
				out = append(out, cut)
				word = word[len(cut):]
			}
			switch {
			case line == "":
				line = word
			case ansi.StringWidth(line)+1+ansi.StringWidth(word) <= width:
				line += " " + word
			default:
				out = append(out, line)
				line = word
			}
		}
		out = append(out, line)
	}
	return out
}
