package takoenv

import (
	"regexp"
	"strings"
)

// namePattern is what an environment variable name usually looks like.
var namePattern = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_.\-]{0,47}$`)

// ShowableName reports whether a key name read from a .env can be shown in
// a message: it must look like a variable name, not like a line of base64
// (mixed case, no underscore), which in a .env is most likely a piece of a
// key or a token that lost its line break.
func ShowableName(key string) bool {
	if !namePattern.MatchString(key) {
		return false
	}
	if len(key) <= 16 {
		return true
	}
	// Upper and lower case mixed with digits is how a token or a base64
	// line reads (an API token that lost its line break: "x00aB3…_Kq"),
	// even with an underscore in it; variable names are not written so.
	if strings.ContainsAny(key, "0123456789") && key != strings.ToUpper(key) && key != strings.ToLower(key) {
		return false
	}
	return strings.Contains(key, "_") || key == strings.ToUpper(key) || key == strings.ToLower(key)
}
