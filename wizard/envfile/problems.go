package envfile

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/fctr-id/tako-setup/checks"
)

// Severity says how much a Problem matters.
type Severity string

const (
	// Warning: Tako may still work, but something is off (a duplicate key, a
	// legacy name, a line some readers skip).
	Warning Severity = "warning"
	// Error: Tako will not read this setting (or the file) as intended.
	Error Severity = "error"
)

// Problem is something wrong with the file, found without contacting Okta.
// Messages name keys and lines, never values.
type Problem struct {
	Line     int // 1-based; 0 for the whole file
	Key      string
	Severity Severity
	Message  string
}

func (p Problem) String() string {
	if p.Line > 0 {
		return fmt.Sprintf("line %d: %s", p.Line, p.Message)
	}
	return p.Message
}

// composeKey is the key syntax docker compose and godotenv both accept.
var composeKey = regexp.MustCompile(`^[A-Za-z0-9_.]+$`)

// Problems lists what is wrong with the file as it stands: lines the
// readers cannot read (kept verbatim), keys set twice, legacy names, and Okta
// values Tako cannot use.
func (d *Doc) Problems() []Problem {
	var ps []Problem
	add := func(line int, key string, sev Severity, format string, args ...any) {
		ps = append(ps, Problem{Line: line, Key: key, Severity: sev, Message: fmt.Sprintf(format, args...)})
	}
	text := d.Bytes()
	if !utf8.Valid(text) {
		add(0, "", Error, "the file is not valid UTF-8 text; python-dotenv cannot read it, so Tako will not start. Save it as UTF-8.")
	}
	if strings.HasPrefix(string(text), "\ufeff") {
		add(1, "", Warning, "the file starts with a byte-order mark, which python-dotenv reads as part of the first key's name. Save the file as UTF-8 without BOM.")
	}
	cont := d.pemContinuations()
	for i, s := range d.segs {
		body := strings.TrimSpace(s.raw[s.lead:])
		switch {
		case cont[i]:
			// Reported once, below, with the key.
		case s.key == KeyPrivateKey && d.pemTail(i) > i:
			add(s.line, s.key, Error, "%s spans several lines without double quotes, so Tako reads only its first line (and docker compose refuses the file). Run tako-setup to write the key again, or put the whole key in double quotes.", s.key)
		case s.bad && unclosedQuote(body):
			add(s.line, "", Error, "a quote opens here and never closes; python-dotenv skips this line and docker compose refuses the whole file. Close the quote or delete the line.")
		case s.bad:
			add(s.line, "", Warning, "not a KEY=value line; python-dotenv skips it and docker compose may refuse the file. It is kept as is.")
		case s.key != "" && !s.hasValue && safeName(s.key):
			add(s.line, s.key, Warning, "%s has no '=': python-dotenv ignores it and godotenv refuses the file. Write %s=value or delete the line.", s.key, s.key)
		case s.key != "" && !s.hasValue:
			add(s.line, "", Warning, "this line has no '=' (it looks like part of a key or token that lost its quotes): python-dotenv ignores it and godotenv refuses the file.")
		case s.key != "" && !safeName(s.key):
			add(s.line, "", Warning, "this line's name looks like part of a key or token, not a variable name; check the line.")
		case s.key != "" && !composeKey.MatchString(s.key):
			add(s.line, s.key, Warning, "the name %q has characters docker compose or godotenv refuse; use letters, digits and underscores.", s.key)
		}
	}
	for _, key := range append(slices.Clone(oktaKeys), KeyOrgURLLegacy, KeyAPITokenLegacy) {
		occ := d.occurrences(key)
		if len(occ) > 1 {
			add(d.segs[occ[len(occ)-1]].line, key, Warning, "%s is set %d times (lines %s); Tako uses the last one. Delete the others.", key, len(occ), lineList(d, occ))
		}
	}
	for _, p := range []struct{ legacy, key string }{{KeyOrgURLLegacy, KeyOrgURL}, {KeyAPITokenLegacy, KeyAPIToken}} {
		if i := d.last(p.legacy); i >= 0 {
			// An alias standing alone stops Tako at start-up: that is a
			// finding of the check (takoenv.Contract), not a note.
			if d.last(p.key) >= 0 {
				add(d.segs[i].line, p.legacy, Warning, "%s is an old name for %s, which is also set; Tako uses %s. Delete %s.", p.legacy, p.key, p.key, p.legacy)
			}
		}
	}
	ps = append(ps, d.valueProblems()...)
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].Line < ps[j].Line })
	return ps
}

// valueProblems are Okta values Tako cannot use as written.
func (d *Doc) valueProblems() []Problem {
	var ps []Problem
	add := func(key string, sev Severity, format string, args ...any) {
		ps = append(ps, Problem{Line: d.lineOf(key), Key: key, Severity: sev, Message: fmt.Sprintf(format, args...)})
	}
	if v, ok := d.Get(KeyMethod); ok {
		if m := checks.Method(strings.ToUpper(strings.TrimSpace(v))); m != checks.OAuth2 && m != checks.APIToken {
			add(KeyMethod, Error, "%s must be OAUTH2 or API_TOKEN.", KeyMethod)
		}
	}
	if v, ok := d.Get(KeyConcurrentLimit); ok {
		if n, err := strconv.Atoi(strings.TrimSpace(v)); err != nil {
			add(KeyConcurrentLimit, Error, "%s must be a whole number (for example 18); Tako cannot read it as written.", KeyConcurrentLimit)
		} else if n < 1 {
			add(KeyConcurrentLimit, Error, "%s must be at least 1.", KeyConcurrentLimit)
		}
	}
	for _, key := range append(slices.Clone(oktaKeys), KeyOrgURLLegacy, KeyAPITokenLegacy) {
		if v, ok := d.Get(key); ok && strings.Contains(v, "${") {
			add(key, Warning, "%s contains ${…}, which python-dotenv and docker compose replace with another variable's value.", key)
		}
	}
	return ps
}

// lineOf is the line of the occurrence of key that counts (0 if none).
func (d *Doc) lineOf(key string) int {
	if i := d.last(key); i >= 0 {
		return d.segs[i].line
	}
	return 0
}

func lineList(d *Doc, idx []int) string {
	var parts []string
	for _, i := range idx {
		if d.segs[i].line > 0 {
			parts = append(parts, strconv.Itoa(d.segs[i].line))
		} else {
			parts = append(parts, "new")
		}
	}
	return strings.Join(parts, ", ")
}

// unclosedQuote reports whether an unreadable statement is KEY= followed by
// a quote that never closes (the usual cause).
func unclosedQuote(body string) bool {
	_, v, ok := strings.Cut(body, "=")
	v = strings.TrimLeft(v, " \t")
	switch {
	case !ok:
		return false
	case strings.HasPrefix(v, `"`):
		return !reDoubleQuotedValue.MatchString(v)
	case strings.HasPrefix(v, "'"):
		return !reSingleQuotedValue.MatchString(v)
	}
	return false
}
