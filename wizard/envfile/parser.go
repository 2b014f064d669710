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
	text, offsets := data, []int(nil)
	if strings.IndexByte(data, '\r') >= 0 {
		// Without a "\r" the translation changes nothing, and offsets in
		// text are offsets in data: no table of one int per byte.
		text, offsets = universalNewlines(data)
	}
	at := func(i int) int {
		if offsets == nil {
			return i
		}
		return offsets[i]
	}
	segs := make([]segment, 0, strings.Count(text, "\n")+1)
	line := 1
	for pos := 0; pos < len(text); {
		seg, end := parseBinding(text, pos)
		seg.line = line + strings.Count(text[pos:pos+seg.lead], "\n")
		line += strings.Count(text[pos:end], "\n")
		// Map the segment back onto the original bytes.
		seg.lead = at(pos+seg.lead) - at(pos)
		seg.raw = data[at(pos):at(end)]
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

// window is the part of rest (the text from the parser's position on)
// that re's match can lie in: the rest of the line for a pattern that
// cannot cross a line end, the run of blank space for the leading-space
// pattern, up to the closing quote for a quoted key or value. The regexp
// engine's set-up grows with the length of its input, so running each
// pattern on the rest of the file made parsing a long .env slow; on the
// window the match is the same, since it cannot reach past it.
func window(re *regexp.Regexp, rest string) string {
	switch re {
	case reMultilineWhitespace:
		for i, r := range rest {
			if !isPySpace(r) {
				return rest[:i]
			}
		}
		return rest
	case reSingleQuotedKey:
		if i := strings.IndexByte(rest[min(1, len(rest)):], '\''); i >= 0 {
			return rest[:i+2]
		}
		return rest
	case reSingleQuotedValue:
		return quotedWindow(rest, '\'')
	case reDoubleQuotedValue:
		return quotedWindow(rest, '"')
	}
	if i := strings.IndexByte(rest, '\n'); i >= 0 {
		return rest[:i+1]
	}
	return rest
}

// quotedWindow is rest up to the quote that closes the value opened by
// its first byte, as `^q((?:\\q|[^q])*)q` reads it: a backslash and a
// quote are a pair; the first quote not in a pair closes. With no such
// quote the pattern may still match by backtracking: the whole rest.
func quotedWindow(rest string, q byte) string {
	for i := 1; i < len(rest); i++ {
		switch {
		case rest[i] == '\\' && i+1 < len(rest) && rest[i+1] == q:
			i++
		case rest[i] == q:
			return rest[:i+1]
		}
	}
	return rest
}

// parseBinding is python-dotenv's parse_binding: it reads one statement
// starting at pos and returns it with the position after it.
func parseBinding(text string, start int) (segment, int) {
	return parseBindingWith(text, start, true)
}

// parseBindingWith is parseBinding, with or without plainBinding's shortcut
// (a test compares the two).
func parseBindingWith(text string, start int, shortcut bool) (segment, int) {
	pos := start
	match := func(re *regexp.Regexp) ([]string, bool) {
		// A pattern that cannot cross a line end runs on the rest of the
		// line (with its "\n"), not on the rest of the file: the regexp
		// engine's set-up grows with its input, which made parsing a long
		// file slow. The match is the same: none of these patterns can
		// reach past the line end.
		m := re.FindStringSubmatchIndex(window(re, text[pos:]))
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
	if simple, end, ok := plainBinding(text, pos); ok && shortcut {
		simple.lead = seg.lead
		return simple, end
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

// plainBinding reads the statement at pos when it is one of the common
// plain forms, without the regular expressions: a comment line, or
// [export ]NAME=value where NAME is ASCII letters, digits, "_", "." or "-",
// and value is printable ASCII with no space or "#" (then maybe spaces and
// a "# comment"), or is quoted with no backslash, no line break and
// nothing after the closing quote. ok is false for anything else, which
// parseBinding reads the long way; the result is what the long way gives
// (TestPlainBindingMatchesTheGrammar compares them).
func plainBinding(text string, pos int) (segment, int, bool) {
	nl := strings.IndexByte(text[pos:], '\n')
	line, end := text[pos:], len(text)
	if nl >= 0 {
		line, end = text[pos:pos+nl], pos+nl+1
	}
	if strings.HasPrefix(line, "#") {
		return segment{comment: line}, end, true
	}
	var seg segment
	if rest, ok := strings.CutPrefix(line, "export"); ok && rest != "" && (rest[0] == ' ' || rest[0] == '\t') {
		seg.export = true
		line = strings.TrimLeft(rest, " \t")
	}
	i := 0
	for i < len(line) && isPlainNameByte(line[i]) {
		i++
	}
	if i == 0 || i == len(line) || line[i] != '=' {
		return segment{}, 0, false
	}
	seg.key, seg.sep, seg.hasValue = line[:i], "=", true
	v := line[i+1:]
	if v != "" && (v[0] == '\'' || v[0] == '"') {
		q := v[0]
		inner, after, found := strings.Cut(v[1:], string(q))
		if !found || after != "" || strings.IndexByte(inner, '\\') >= 0 {
			return segment{}, 0, false
		}
		seg.quote, seg.value = q, inner
		return seg, end, true
	}
	j := 0
	for j < len(v) && v[j] > ' ' && v[j] < 0x7f && v[j] != '#' {
		j++
	}
	if j == 0 && v != "" {
		return segment{}, 0, false // spaces after "=", a "#" or non-ASCII first
	}
	seg.value = v[:j]
	if j == len(v) {
		return seg, end, true
	}
	k := j
	for k < len(v) && (v[k] == ' ' || v[k] == '\t') {
		k++
	}
	if k == j || k == len(v) || v[k] != '#' {
		return segment{}, 0, false
	}
	seg.comment = v[j:]
	return seg, end, true
}

// isPlainNameByte: the bytes plainBinding accepts in a name.
func isPlainNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-'
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
