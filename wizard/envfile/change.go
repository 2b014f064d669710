package envfile

import (
	"fmt"
	"strings"

	"github.com/fctr-id/tako-setup/checks/keys"
	"github.com/fctr-id/tako-setup/checks/secret"
)

// ChangeKind says what happened to a key.
type ChangeKind string

// The kinds of change.
const (
	Added   ChangeKind = "added"
	Updated ChangeKind = "changed"
	Removed ChangeKind = "removed"
	// Renamed: a legacy name (OldKey) replaced by its canonical name (Key).
	Renamed ChangeKind = "renamed"
	// Kept: Apply left the key alone, and Note says why (a value it cannot
	// write safely).
	Kept ChangeKind = "kept"
)

// Change is one edit to the file, for a review screen. Old and New are
// display forms: secrets appear only as a mask or a fingerprint (a private
// key as its size and kid).
type Change struct {
	Kind   ChangeKind
	Key    string
	OldKey string // Renamed only: the legacy name
	Old    string // display form of the old value ("" if none)
	New    string // display form of the new value ("" if removed)
	// Line is the line in the file before the edit (0 for an added key).
	Line int
	// Note tells the user something they should know about this change
	// (a duplicate, a legacy name, a removed credential).
	Note string
}

// String renders the change on one line, e.g.
//
//	~ OKTA_API_TOKEN: …abcd → …wxyz
func (c Change) String() string {
	var s string
	switch c.Kind {
	case Added:
		s = fmt.Sprintf("+ %s = %s", c.Key, c.New)
	case Updated:
		s = fmt.Sprintf("~ %s: %s → %s", c.Key, c.Old, c.New)
	case Removed:
		s = fmt.Sprintf("- %s (was %s)", c.Key, c.Old)
	case Renamed:
		s = fmt.Sprintf("~ %s → %s = %s", c.OldKey, c.Key, c.New)
		if c.Old != c.New {
			s = fmt.Sprintf("~ %s → %s: %s → %s", c.OldKey, c.Key, c.Old, c.New)
		}
	case Kept:
		s = fmt.Sprintf("! %s not changed", c.Key)
	default:
		s = fmt.Sprintf("? %s", c.Key)
	}
	if c.Note != "" {
		s += " (" + c.Note + ")"
	}
	return s
}

// plainKeys are the keys whose values are shown as written. Every other
// key, including every key that is not Tako's, is treated as a secret.
var plainKeys = map[string]bool{
	KeyOrgURL: true, KeyOrgURLLegacy: true, KeyMethod: true, KeyClientID: true, KeyScopes: true, KeyConcurrentLimit: true,
}

// display renders a value for a review screen.
func display(key, value string) string {
	switch {
	case key == KeyScopes:
		return describeScopes(value)
	case plainKeys[key]:
		if value == "" {
			return `""`
		}
		return value
	case key == KeyPrivateKey:
		if k, err := keys.Normalize(value); err == nil {
			return fmt.Sprintf("RSA %d-bit key, kid %s", k.Bits, k.KID) // whole: the kid the console shows
		}
		return "key " + secret.New(value).Fingerprint()
	default:
		return secret.New(value).Mask()
	}
}

// displayPair renders two secret values so that different ones never look
// the same (same last four characters: show fingerprints).
func displayPair(key, old, new string) (string, string) {
	o, n := display(key, old), display(key, new)
	if o == n && old != new {
		return secret.New(old).Fingerprint(), secret.New(new).Fingerprint()
	}
	return o, n
}

func describeScopes(v string) string {
	f := splitScopes(v)
	switch len(f) {
	case 0:
		return "no scopes"
	case 1:
		return "1 scope: " + f[0]
	}
	// Every scope: the screens wrap the line (and scroll), never cut it.
	return fmt.Sprintf("%d scopes: %s", len(f), strings.Join(f, " "))
}
