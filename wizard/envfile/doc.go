// Package envfile reads and edits Tako's .env file without disturbing
// anything that is not Tako's Okta configuration, and writes it safely.
//
// A Doc keeps the file's bytes: comments, blank lines, order, export
// prefixes, quoting styles, unknown keys and even lines no parser can read
// survive an edit untouched, and an unedited Doc writes back byte for byte.
// Values are read with python-dotenv's grammar (Tako's own parser). When a
// key appears more than once, python-dotenv, docker compose (compose-go
// dotenv) and godotenv all use the last occurrence, and so does Doc.
//
// Apply edits the Okta keys and describes each edit for a review screen
// (secrets masked), and Write replaces the file atomically with a backup.
package envfile

import (
	"bytes"
	"strings"
)

// Doc is a parsed .env file that can be edited and written back.
type Doc struct {
	segs []segment
	// orig is the text the Doc was parsed from, to detect a file changed by
	// someone else before Write replaces it.
	orig []byte
	// onDisk is true when the Doc was read from a file that existed (Load,
	// or a successful Write), even an empty one: Write then refuses to
	// recreate that file if it has gone.
	onDisk bool
}

// Parse reads a .env file. It never fails: text that python-dotenv cannot
// read is kept verbatim and reported by Problems.
//
// Non-empty data counts as read from an existing file: Write refuses
// (ErrChangedOnDisk) if that file is gone. A new file starts from
// Parse(nil); Load also marks an existing empty file as read from disk.
func Parse(data []byte) *Doc {
	return &Doc{segs: parseSegments(string(data)), orig: bytes.Clone(data)}
}

// Bytes returns the file's text, identical to the parsed input if the Doc
// has not been edited.
func (d *Doc) Bytes() []byte {
	var b bytes.Buffer
	for _, s := range d.segs {
		b.WriteString(s.raw)
	}
	return b.Bytes()
}

// Clone returns an independent copy, e.g. to keep the file as it was before an edit.
func (d *Doc) Clone() *Doc {
	return &Doc{segs: append([]segment(nil), d.segs...), orig: bytes.Clone(d.orig), onDisk: d.onDisk}
}

// readFromFile reports whether the Doc stands for a file that existed when
// it was read.
func (d *Doc) readFromFile() bool { return d.onDisk || len(d.orig) > 0 }

// Edited reports whether Bytes differs from the text the Doc was parsed from.
func (d *Doc) Edited() bool { return !bytes.Equal(d.Bytes(), d.orig) }

// Get returns the value Tako would read for key: the last occurrence's
// value, quotes removed and escapes decoded as python-dotenv does (${VAR}
// references are not expanded). A KEY written without "=" counts as unset,
// as python-dotenv leaves it out of the environment.
func (d *Doc) Get(key string) (string, bool) {
	i := d.last(key)
	if i < 0 || !d.segs[i].hasValue {
		return "", false
	}
	return d.segs[i].value, true
}

// Keys returns every key set in the file, once each, in order of first
// appearance.
func (d *Doc) Keys() []string {
	seen := map[string]bool{}
	var keys []string
	for _, s := range d.segs {
		if s.key != "" && !seen[s.key] {
			seen[s.key] = true
			keys = append(keys, s.key)
		}
	}
	return keys
}

// last is the index of the segment that sets key, or -1.
func (d *Doc) last(key string) int {
	for i := len(d.segs) - 1; i >= 0; i-- {
		if d.segs[i].key == key {
			return i
		}
	}
	return -1
}

// occurrences are the indexes of every segment that sets key.
func (d *Doc) occurrences(key string) []int {
	var idx []int
	for i, s := range d.segs {
		if s.key == key {
			idx = append(idx, i)
		}
	}
	return idx
}

// eol is the file's usual line terminator ("\n" for a new file).
func (d *Doc) eol() string {
	text := string(d.orig)
	crlf := strings.Count(text, "\r\n")
	lf := strings.Count(text, "\n") - crlf
	cr := strings.Count(text, "\r") - crlf
	switch {
	case crlf > lf && crlf >= cr:
		return "\r\n"
	case cr > lf && cr > crlf:
		return "\r"
	}
	return "\n"
}
