package tuitest

import (
	"strings"
	"unicode"
)

// LogicalLines joins the rows of a screen the way a terminal joins a
// soft-wrapped line when it is copied: a row filled to the last column
// continues on the next one. w is the screen's width.
func LogicalLines(screen string, w int) []string {
	var out []string
	cur := ""
	for _, row := range strings.Split(screen, "\n") {
		cur += row
		if len([]rune(strings.TrimRight(row, " "))) >= w {
			continue
		}
		out = append(out, strings.TrimRight(cur, " "))
		cur = ""
	}
	if cur != "" {
		out = append(out, strings.TrimRight(cur, " "))
	}
	return out
}

// Pane is the wizard's main pane: each row without the sidebar before
// " │ " (rows without it, full-width ones and narrow screens, whole).
func Pane(screen string) string {
	var out []string
	for _, row := range strings.Split(screen, "\n") {
		if i := strings.Index(row, " │ "); i >= 0 && i <= 24 {
			row = row[i+len(" │ "):]
		} else if strings.HasSuffix(strings.TrimRight(row, " "), " │") {
			row = ""
		}
		out = append(out, row)
	}
	return strings.Join(out, "\n")
}

// Squash drops every space and line break, so that text wrapped (or cut
// at a long word) anywhere compares equal to the text it came from.
func Squash(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// scrollMore is how the wizard's result area says it has more below.
const scrollMore = "more lines: pgdn"

// Reachable is everything the main screen shows at any scroll position of
// its result area: the first screen, then each row that scrolling down
// one line at a time brings in. It scrolls back to the top afterwards.
func (d *Driver) Reachable() string {
	d.t.Helper()
	first := strings.Split(Pane(d.Screen()), "\n")
	at := -1
	for i, r := range first {
		if strings.Contains(r, scrollMore) {
			at = i
			break
		}
	}
	if at < 0 {
		return strings.Join(first, "\n")
	}
	// The area's rows, then each row scrolling brings in, then what comes
	// after the area on the first screen.
	out := append([]string{}, first[:at]...)
	n := 0
	for more := true; more && n < 400; n++ {
		d.Key("shift+down")
		rows := strings.Split(Pane(d.Screen()), "\n")
		more = false
		for i, r := range rows {
			if i > 0 && (strings.Contains(r, scrollMore) || strings.Contains(r, "lines above: pgup")) {
				out = append(out, rows[i-1])
				more = strings.Contains(r, scrollMore)
				break
			}
		}
	}
	for ; n > 0; n-- {
		d.Key("shift+up")
	}
	out = append(out, first[at+1:]...)
	return strings.Join(out, "\n")
}
