// Package termtext makes any string safe to show on a terminal. Every
// writer of text in tako-setup passes what it did not write itself — values
// from a .env, the progress file, Okta's answers, a proxy's status line,
// file names — through it, whatever the string looks like: a terminal acts
// on escape sequences (a new window title, the clipboard through OSC 52, a
// live link through OSC 8, a cleared screen), a line break can forge a line
// of a report, and bidi overrides, zero-width characters and byte-order
// marks make a string read as something else than it is.
package termtext

import (
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Replacement stands in for whatever was not safe to print, so that
// something removed is seen to be there (a string with a hidden character
// does not read the same as one without).
const Replacement = '\uFFFD'

// Line makes s safe to print within one line: tabs and line breaks become
// spaces; C0 and C1 control characters (escape, the single-byte CSI 0x9B
// and OSC 0x9D, whether as UTF-8 runes or as raw bytes), DEL, invalid UTF-8,
// bidi controls (U+061C, U+200E/F, U+202A–U+202E, U+2066–U+2069), zero-width
// and other invisible format characters (U+200B–U+200D, U+2060–U+2064,
// U+FEFF byte-order marks, tag characters) and line/paragraph separators
// become U+FFFD. Nothing is skipped, whatever s holds; a string that needs
// none of this comes back unchanged.
func Line(s string) string { return clean(s, false) }

// Text is Line for text of several lines: line breaks ("\n", and "\r\n"
// read as one) are kept, everything else is treated as Line treats it.
func Text(s string) string { return clean(s, true) }

func clean(s string, lines bool) string {
	if safe(s, lines) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n <= 1:
			b.WriteRune(Replacement) // a byte that is not UTF-8 (0x9B, 0x9D…)
		case r == '\n' && lines:
			b.WriteByte('\n')
		case r == '\r' && lines && strings.HasPrefix(s[i+n:], "\n"):
			// "\r\n": the "\n" that follows is the line break
		case r == '\n' || r == '\r' || r == '\t' || r == '\u2028' || r == '\u2029':
			b.WriteByte(' ')
		case unsafeRune(r):
			b.WriteRune(Replacement)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// safe reports whether s needs no change.
func safe(s string, lines bool) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7f {
				if !(lines && c == '\n') {
					return false
				}
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && n <= 1) || unsafeRune(r) || r == '\u2028' || r == '\u2029' {
			return false
		}
		i += n
	}
	return true
}

// unsafeRune reports a rune a terminal may act on or that does not show
// as itself: control characters (C0, DEL, C1) and format characters
// (category Cf: bidi controls, zero-width characters, the BOM, tags).
func unsafeRune(r rune) bool {
	return unicode.IsControl(r) || unicode.Is(unicode.Cf, r)
}

// Safe reports whether s would print as it is within one line (Line(s)
// == s).
func Safe(s string) bool { return safe(s, false) }

// Writer is w with every write made safe as Text makes it: for a writer of
// plain text (no styling of ours) that prints what it did not write itself
// — ids, names and errors from Okta, file names. Each write must be whole
// text (one fmt.Fprint call is); a write reports len(p) on success.
func Writer(w io.Writer) io.Writer { return textWriter{w} }

type textWriter struct{ w io.Writer }

func (t textWriter) Write(p []byte) (int, error) {
	if _, err := io.WriteString(t.w, Text(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}
