package envfile

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/fctr-id/tako-setup/checks"
)

// ApplyOptions tune Apply.
type ApplyOptions struct {
	// RemoveOtherMethod removes the other method's credential when Settings
	// names a method: OKTA_API_TOKEN (and SSWS_API_KEY) for OAuth 2.0,
	// OKTA_OAUTH2_PRIVATE_KEY_PEM for an API token, so no stale secret
	// lingers. Callers should default it to true (the wizard asks).
	RemoveOtherMethod bool
}

// blockHeader introduces the keys Apply appends to a file that has none.
const blockHeader = "# Okta settings for Tako, written by tako-setup (https://github.com/fctr-id/tako-setup)"

// Apply writes the non-zero fields of s into doc, touching only Tako's Okta
// keys, and returns what it changed:
//   - a key that exists is updated in place (keeping its line, export prefix
//     and inline comment); if it is set more than once, the last occurrence
//     (the one every reader uses) is updated and the Change says so;
//   - a legacy name (OKTA_ORG_URL, SSWS_API_KEY) is replaced by the canonical
//     name; if both are set, the legacy line is removed;
//   - a missing key is inserted after the file's last Okta key, or, in a file
//     without any, appended in a commented block at the end;
//   - with opts.RemoveOtherMethod, the other method's credential is removed.
//
// A value that cannot be written so that every .env reader sees the same
// string (see Validate) is left alone and reported as a Kept change.
// Every other line of the file stays byte for byte as it was.
func Apply(doc *Doc, s Settings, opts ApplyOptions) []Change {
	a := applier{doc: doc}
	for _, kv := range wanted(s) {
		a.set(kv.key, kv.value)
	}
	if opts.RemoveOtherMethod {
		switch s.Method {
		case checks.OAuth2:
			if s.APIToken.IsZero() {
				// Emptied, not removed: Tako's settings require the line.
				a.emptyStale(KeyAPIToken, "not used with OAuth 2.0: emptied so no stale credential lingers, the line kept as Tako needs it")
				a.remove(KeyAPITokenLegacy, "not used with OAuth 2.0; removed so no stale credential lingers")
			}
		case checks.APIToken:
			if s.PrivateKeyPEM.IsZero() {
				a.remove(KeyPrivateKey, "not used with an API token; removed so no stale credential lingers")
			}
		}
	}
	if s.Method != "" && s.OrgURL != "" {
		a.keepStartKeys() // a whole setup: the file must start Tako
	}
	a.insertPending()
	return a.changes
}

type keyValue struct{ key, value string }

// wanted lists the keys s sets, in the order new keys are written.
func wanted(s Settings) []keyValue {
	var kv []keyValue
	add := func(key, value string) {
		if value != "" {
			kv = append(kv, keyValue{key, value})
		}
	}
	add(KeyOrgURL, strings.TrimSpace(s.OrgURL))
	add(KeyMethod, string(s.Method))
	add(KeyClientID, strings.TrimSpace(s.ClientID))
	add(KeyScopes, strings.Join(s.Scopes, " "))
	add(KeyPrivateKey, pemValue(s.PrivateKeyPEM.Reveal()))
	add(KeyAPIToken, strings.TrimSpace(s.APIToken.Reveal()))
	if s.ConcurrentLimit != 0 {
		add(KeyConcurrentLimit, strconv.Itoa(s.ConcurrentLimit))
	}
	return kv
}

// pemValue is the PEM as written in the .env: "\n" line ends, no trailing
// newline (the closing quote follows the END line).
func pemValue(p string) string {
	p = strings.ReplaceAll(p, "\r\n", "\n")
	return strings.TrimSpace(p)
}

type applier struct {
	doc     *Doc
	changes []Change
	pending []keyValue // keys to insert
}

func (a *applier) note(c Change) { a.changes = append(a.changes, c) }

// set gives key the value, as described on Apply.
func (a *applier) set(key, value string) {
	d := a.doc
	encoded, err := encodeValue(key, value)
	if err != nil {
		a.note(Change{Kind: Kept, Key: key, Line: d.lineOf(key), Note: err.Error()})
		return
	}
	legacy := legacyOf[key]
	occ := d.occurrences(key)
	if len(occ) == 0 && legacy != "" {
		if lo := d.occurrences(legacy); len(lo) > 0 {
			// Rename the legacy line that counts; drop older copies.
			i := lo[len(lo)-1]
			old := d.segs[i]
			d.segs[i] = rewrite(old, key, encoded, value)
			o, n := displayPair(key, old.value, value)
			a.note(Change{Kind: Renamed, Key: key, OldKey: legacy, Old: o, New: n, Line: old.line,
				Note: fmt.Sprintf("%s is the old name; Tako now reads %s", legacy, key)})
			a.removeAt(lo[:len(lo)-1], legacy, "an earlier copy of the old name")
			return
		}
	}
	if len(occ) == 0 {
		a.pending = append(a.pending, keyValue{key, value})
		return
	}
	i := occ[len(occ)-1]
	old := d.segs[i]
	var note string
	if len(occ) > 1 {
		note = fmt.Sprintf("set %d times in the file (lines %s); the last one is what Tako reads, so that one was changed", len(occ), lineList(d, occ))
	}
	if tail := d.pemTail(i); tail > i {
		// An unquoted multi-line key: its other lines go with it.
		d.segs = append(d.segs[:i+1], d.segs[tail+1:]...)
		note = joinNotes(note, "the old key was not in quotes, so Tako read only its first line; all its lines were replaced")
	}
	if !old.hasValue || old.value != value {
		d.segs[i] = rewrite(old, key, encoded, value)
		if old.hasValue {
			o, n := displayPair(key, old.value, value)
			a.note(Change{Kind: Updated, Key: key, Old: o, New: n, Line: old.line, Note: note})
		} else {
			a.note(Change{Kind: Added, Key: key, New: display(key, value), Line: old.line, Note: note})
		}
	}
	if legacy != "" {
		a.removeAt(d.occurrences(legacy), legacy, fmt.Sprintf("old name for %s, which is set", key))
	}
}

// remove deletes every occurrence of key.
func (a *applier) remove(key, why string) {
	a.removeAt(a.doc.occurrences(key), key, why)
}

// removeAt deletes the segments at idx (all setting key), keeping the
// file's spacing.
func (a *applier) removeAt(idx []int, key, why string) {
	if len(idx) == 0 {
		return
	}
	d := a.doc
	if v, ok := d.Get(key); ok {
		a.note(Change{Kind: Removed, Key: key, Old: display(key, v), Line: d.lineOf(key), Note: why})
	} else {
		a.note(Change{Kind: Removed, Key: key, Line: d.lineOf(key), Note: why})
	}
	drop := map[int]bool{}
	for _, i := range idx {
		for j := i; j <= d.pemTail(i); j++ {
			drop[j] = true
		}
	}
	var kept []segment
	for i, s := range d.segs {
		if !drop[i] {
			kept = append(kept, s)
			continue
		}
		// Keep the blank lines before a removed line, unless what follows
		// starts with blank lines of its own (or nothing follows): the gap
		// stays one gap instead of doubling or trailing.
		lines, _ := s.leadLines()
		if lines == "" {
			continue
		}
		j := i + 1
		for j < len(d.segs) && drop[j] {
			j++
		}
		if j < len(d.segs) {
			if next, _ := d.segs[j].leadLines(); next == "" {
				kept = append(kept, segment{raw: lines, lead: len(lines)})
			}
		}
	}
	d.segs = kept
}

// rewrite returns seg with a new key and value, keeping its leading blank
// lines, indent, export prefix, spacing around "=", inline comment and line
// end.
func rewrite(seg segment, key, encoded, value string) segment {
	lines, indent := seg.leadLines()
	var b strings.Builder
	b.WriteString(lines)
	b.WriteString(indent)
	if seg.export {
		b.WriteString("export ")
	}
	b.WriteString(key)
	sep := seg.sep
	if sep == "" {
		sep = "="
	}
	b.WriteString(sep)
	b.WriteString(encoded)
	comment := seg.comment
	if comment != "" && !strings.HasPrefix(comment, " ") && !strings.HasPrefix(comment, "\t") {
		comment = " " + comment
	}
	b.WriteString(comment)
	b.WriteString(seg.eol())
	return segment{
		raw: b.String(), lead: len(lines) + len(indent), key: key, hasValue: true, value: value,
		quote: quoteOf(encoded), export: seg.export, sep: sep, comment: comment, line: seg.line,
	}
}

func joinNotes(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

func quoteOf(encoded string) byte {
	if strings.HasPrefix(encoded, `"`) {
		return '"'
	}
	return 0
}

// insertPending adds the keys that were not in the file: after the last Okta
// key if there is one, else as a commented block at the end.
func (a *applier) insertPending() {
	if len(a.pending) == 0 {
		return
	}
	d := a.doc
	eol := d.eol()
	at := -1
	for i, s := range d.segs {
		if IsOktaKey(s.key) {
			at = i
		}
	}
	var add []segment
	if at < 0 {
		at = len(d.segs) - 1
		text := string(d.Bytes())
		switch {
		case text == "":
		case !endsWithEOL(text):
			add = append(add, segment{raw: eol + eol, lead: 2 * len(eol)})
		case !endsWithBlankLine(text):
			add = append(add, segment{raw: eol, lead: len(eol)})
		}
		add = append(add, segment{raw: blockHeader + eol, comment: blockHeader})
	} else if s := d.segs[at]; s.eol() == "" {
		// The last Okta key ends the file without a newline: give it one.
		s.raw += eol
		d.segs[at] = s
	}
	for _, kv := range a.pending {
		encoded, _ := encodeValue(kv.key, kv.value) // checked in set
		seg := rewrite(segment{raw: eol}, kv.key, encoded, kv.value)
		seg.line = 0
		add = append(add, seg)
		a.note(Change{Kind: Added, Key: kv.key, New: display(kv.key, kv.value)})
	}
	segs := append([]segment(nil), d.segs[:at+1]...)
	segs = append(segs, add...)
	d.segs = append(segs, d.segs[at+1:]...)
	a.pending = nil
}

func endsWithEOL(s string) bool { return strings.HasSuffix(s, "\n") || strings.HasSuffix(s, "\r") }

func endsWithBlankLine(s string) bool {
	t := strings.TrimRight(s, " \t")
	t = strings.TrimSuffix(strings.TrimSuffix(t, "\n"), "\r")
	return t == "" || strings.HasSuffix(t, "\n") || strings.HasSuffix(t, "\r")
}
