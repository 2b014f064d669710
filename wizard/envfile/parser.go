package envfile

import (
	"regexp"
	"strings"
)

// The grammar below is python-dotenv's (dotenv/parser.py), the parser Tako
// itself uses, ported regex for regex so that Doc reads a file exactly as Tako
// does. Python's \s (Unicode whitespace) is spelled out because RE2's \s is
// ASCII only. Go's regexp picks the same match as Python's backtracking engine
// for these patterns (leftmost-first, no backreferences).
const (
	pySpace  = `\t\n\v\f\r\x1c-\x1f \x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}`
	pyHSpace = `\t\v\f\x1c-\x1f \x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}` // [^\S\r\n]
)

var (
	reMultilineWhitespace = regexp.MustCompile(`^[` + pySpace + `]*`)
	reExport              = regexp.MustCompile(`^(?:export[` + pyHSpace + `]+)?`)
	reSingleQuotedKey     = regexp.MustCompile(`^'([^']+)'`)
	reUnquotedKey         = regexp.MustCompile(`^([^=#` + pySpace + `]+)`)
	reWhitespace          = regexp.MustCompile(`^[` + pyHSpace + `]*`)
	reEqualSign           = regexp.MustCompile(`^=[` + pyHSpace + `]*`)
	reSingleQuotedValue   = regexp.MustCompile(`^'((?:\\'|[^'])*)'`)
	reDoubleQuotedValue   = regexp.MustCompile(`^"((?:\\"|[^"])*)"`)
	reUnquotedValue       = regexp.MustCompile(`^[^\r\n]*`)
	reComment             = regexp.MustCompile(`^(?:[` + pyHSpace + `]*#[^\r\n]*)?`)
	reEndOfLine           = regexp.MustCompile(`^[` + pyHSpace + `]*(?:\r\n|\n|\r|$)`)
	reRestOfLine          = regexp.MustCompile(`^[^\r\n]*(?:\r|\n|\r\n)?`)
	reInlineComment       = regexp.MustCompile(`[` + pySpace + `]+#.*`)
	reDoubleQuoteEscapes  = regexp.MustCompile(`\\[\\'"abfnrtv]`)
	reSingleQuoteEscapes  = regexp.MustCompile(`\\[\\']`)
)

// segment is one statement of the file as python-dotenv splits it: a
// binding, a comment, trailing blank space, or text it cannot read. Its raw
// bytes are kept exactly, so an unedited segment is written back unchanged.
type segment struct {
	raw  string // exact bytes, including leading blank lines and the line end
	lead int    // length of the leading whitespace (blank lines, indent) in raw

	key      string // "" for comments, blank space and unreadable text
	hasValue bool   // false for a bare KEY without "="
	value    string // the value python-dotenv reads (escapes decoded, no ${} interpolation)
	quote    byte   // '\'', '"' or 0 (unquoted)
	export   bool   // written with an "export " prefix
	sep      string // the "=" with the spaces around it, as written
	comment  string // an inline comment after the value, with its leading spaces
	bad      bool   // python-dotenv cannot read it (it warns and skips it)

	line int // 1-based line of the statement in the parsed file; 0 if added by an edit
}

// eol returns the segment's line terminator ("" at the end of the file).
func (s segment) eol() string {
	switch {
	case strings.HasSuffix(s.raw, "\r\n"):
		return "\r\n"
	case strings.HasSuffix(s.raw, "\n"):
		return "\n"
	case strings.HasSuffix(s.raw, "\r"):
		return "\r"
	}
	return ""
}

// leadLines is the whole blank lines at the start of the segment; indent is
// the spaces before its first character.
func (s segment) leadLines() (lines, indent string) {
	lead := s.raw[:s.lead]
	i := strings.LastIndexAny(lead, "\r\n")
	return lead[:i+1], lead[i+1:]
}

// parseSegments splits data into segments. Python reads the file in text
// mode, where "\r\n" and "\r" become "\n" before parsing; the parse runs on
// that translated text and the segments are cut from the original bytes.
func parseSegments(data string) []segment {
	text, offsets := universalNewlines(data)
	var segs []segment
	line := 1
	for pos := 0; pos < len(text); {
		seg, end := parseBinding(text, pos)
		seg.line = line + strings.Count(text[pos:pos+seg.lead], "\n")
		line += strings.Count(text[pos:end], "\n")
		// Map the segment back onto the original bytes.
		seg.lead = offsets[pos+seg.lead] - offsets[pos]
		seg.raw = data[offsets[pos]:offsets[end]]
		segs = append(segs, seg)
		pos = end
	}
	return segs
}

// universalNewlines translates line ends like Python's text mode and returns
// the byte offset in data of every byte of the result (plus its end).
func universalNewlines(data string) (string, []int) {
	var b strings.Builder
	b.Grow(len(data))
	offsets := make([]int, 0, len(data)+1)
	for i := 0; i < len(data); i++ {
		offsets = append(offsets, i)
		if data[i] == '\r' {
			if i+1 < len(data) && data[i+1] == '\n' {
				i++
			}
			b.WriteByte('\n')
			continue
		}
		b.WriteByte(data[i])
	}
	offsets = append(offsets, len(data))
	return b.String(), offsets
}

// parseBinding is python-dotenv's parse_binding: it reads one statement
// starting at pos and returns it with the position after it.
func parseBinding(text string, start int) (segment, int) {
	pos := start
	match := func(re *regexp.Regexp) ([]string, bool) {
		m := re.FindStringSubmatchIndex(text[pos:])
		if m == nil {
			return nil, false
		}
		groups := make([]string, len(m)/2)
		for i := range groups {
			if m[2*i] >= 0 {
				groups[i] = text[pos+m[2*i] : pos+m[2*i+1]]
			}
		}
		pos += m[1]
		return groups, true
	}
	fail := func(seg segment) (segment, int) {
		match(reRestOfLine)
		return segment{lead: seg.lead, bad: true}, pos
	}

	var seg segment
	ws, _ := match(reMultilineWhitespace)
	seg.lead = len(ws[0])
	if pos == len(text) {
		return seg, pos // trailing blank space
	}
	if m, _ := match(reExport); m[0] != "" {
		seg.export = true
	}
	switch {
	case strings.HasPrefix(text[pos:], "#"):
		// A comment: no key.
	case strings.HasPrefix(text[pos:], "'"):
		m, ok := match(reSingleQuotedKey)
		if !ok {
			return fail(seg)
		}
		seg.key = m[1]
	default:
		m, ok := match(reUnquotedKey)
		if !ok {
			return fail(seg)
		}
		seg.key = m[1]
	}
	sepStart := pos
	match(reWhitespace)
	if strings.HasPrefix(text[pos:], "=") {
		match(reEqualSign)
		seg.sep = text[sepStart:pos]
		seg.hasValue = true
		switch {
		case strings.HasPrefix(text[pos:], "'"):
			m, ok := match(reSingleQuotedValue)
			if !ok {
				return fail(seg)
			}
			seg.quote = '\''
			seg.value = decodeEscapes(reSingleQuoteEscapes, m[1])
		case strings.HasPrefix(text[pos:], `"`):
			m, ok := match(reDoubleQuotedValue)
			if !ok {
				return fail(seg)
			}
			seg.quote = '"'
			seg.value = decodeEscapes(reDoubleQuoteEscapes, m[1])
		case pos == len(text) || text[pos] == '\n' || text[pos] == '\r':
			seg.value = ""
		default:
			m, _ := match(reUnquotedValue)
			part := m[0]
			if loc := reInlineComment.FindStringIndex(part); loc != nil {
				seg.comment = part[loc[0]:]
				part = part[:loc[0]]
			}
			seg.value = strings.TrimRightFunc(part, isPySpace)
		}
	}
	if m, _ := match(reComment); m[0] != "" {
		seg.comment = m[0]
	}
	if _, ok := match(reEndOfLine); !ok {
		return fail(seg)
	}
	return seg, pos
}

var pyEscapes = map[string]string{
	`\\`: `\`, `\'`: `'`, `\"`: `"`, `\a`: "\a", `\b`: "\b", `\f`: "\f", `\n`: "\n", `\r`: "\r", `\t`: "\t", `\v`: "\v",
}

func decodeEscapes(re *regexp.Regexp, s string) string {
	return re.ReplaceAllStringFunc(s, func(m string) string { return pyEscapes[m] })
}

// isPySpace is Python's str.isspace.
func isPySpace(r rune) bool {
	switch r {
	case '\t', '\n', '\v', '\f', '\r', 0x1c, 0x1d, 0x1e, 0x1f, ' ', 0x85, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000:
		return true
	}
	return r >= 0x2000 && r <= 0x200a
}
