package envfile

import (
	"fmt"
	"slices"
)

// The writer's half of Tako's start-up contract (docs/tako-env.md, "What
// makes Tako refuse to start"): Tako's settings require OKTA_CLIENT_ORGURL
// and OKTA_API_TOKEN whatever TOKEN_METHOD is, and do not read the legacy
// aliases. So a file Apply edits always ends with both canonical keys: an
// alias left alone is renamed, and OKTA_API_TOKEN is written empty when
// there is no token (OAuth 2.0).

// emptyStale empties key's value (every occurrence but the last is
// removed): the other method's secret goes, the line Tako needs stays.
func (a *applier) emptyStale(key, why string) {
	d := a.doc
	occ := d.occurrences(key)
	if len(occ) == 0 {
		return
	}
	a.removeAt(occ[:len(occ)-1], key, why)
	i := d.last(key)
	old := d.segs[i]
	if old.hasValue && old.value == "" {
		return
	}
	if tail := d.pemTail(i); tail > i {
		d.segs = append(d.segs[:i+1], d.segs[tail+1:]...)
	}
	d.segs[i] = rewrite(old, key, "", "")
	c := Change{Kind: Updated, Key: key, Old: display(key, old.value), New: "(empty)", Line: old.line, Note: why}
	if !old.hasValue {
		c = Change{Kind: Added, Key: key, New: "(empty)", Line: old.line, Note: why}
	}
	a.note(c)
}

// keepStartKeys makes sure the edited file sets both keys Tako's settings
// require: an alias that stands alone is renamed to its canonical name
// (value kept), and a missing OKTA_API_TOKEN is added empty. A missing org
// URL cannot be invented; Validate refuses such a file.
func (a *applier) keepStartKeys() {
	d := a.doc
	for _, key := range []string{KeyOrgURL, KeyAPIToken} {
		if len(d.occurrences(key)) > 0 || a.isPending(key) {
			continue
		}
		legacy := legacyOf[key]
		if lo := d.occurrences(legacy); len(lo) > 0 {
			i := lo[len(lo)-1]
			old := d.segs[i]
			encoded, err := encodeValue(key, old.value)
			if old.value == "" {
				encoded, err = "", nil
			}
			if err != nil {
				a.note(Change{Kind: Kept, Key: legacy, Line: old.line, Note: err.Error()})
				continue
			}
			d.segs[i] = rewrite(old, key, encoded, old.value)
			o, n := displayPair(key, old.value, old.value)
			a.note(Change{Kind: Renamed, Key: key, OldKey: legacy, Old: o, New: n, Line: old.line,
				Note: fmt.Sprintf("%s is an old name Tako's settings do not read; without %s Tako does not start", legacy, key)})
			a.removeAt(lo[:len(lo)-1], legacy, "an earlier copy of the old name")
			continue
		}
		if key == KeyAPIToken {
			a.addPending(keyValue{key, ""})
		}
	}
}

func (a *applier) isPending(key string) bool {
	for _, kv := range a.pending {
		if kv.key == key {
			return true
		}
	}
	return false
}

// addPending queues kv among the keys to insert, in the order of oktaKeys.
func (a *applier) addPending(kv keyValue) {
	at := len(a.pending)
	for i, p := range a.pending {
		if slices.Index(oktaKeys, p.key) > slices.Index(oktaKeys, kv.key) {
			at = i
			break
		}
	}
	a.pending = slices.Insert(a.pending, at, kv)
}
