package termtext

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// WrapWords wraps s at width columns, breaking at spaces only; each line
// of s is a paragraph of its own, and an empty one stays an empty line.
// ansi.Wordwrap and ansi.Wrap also break after every hyphen, which splits
// flags (--private-key-file) and host names (integrator-1234567.okta.com)
// and makes them wrong when copied: hence this one. A word wider than
// width is cut hard when cutLong is set (a screen that must not overflow),
// else left whole on a line of its own (help text, where a cut flag is
// worse than a long line). Widths count terminal cells.
func WrapWords(s string, width int, cutLong bool) []string {
	width = max(width, 1)
	var out []string
	for _, para := range strings.Split(s, "\n") {
		line := ""
		for _, word := range strings.Fields(para) {
			for cutLong && ansi.StringWidth(word) > width {
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
