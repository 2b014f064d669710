package checks

import (
	"fmt"
	"regexp"
	"strings"
)

// scopeName is the form of every Okta API scope: "okta." and dot-separated
// names of letters and digits (okta.users.read, okta.enduser.dashboard.read,
// okta.myAccount.email.read).
var scopeName = regexp.MustCompile(`^okta(\.[A-Za-z][A-Za-z0-9]*)+$`)

// ScopeNamesProblem says which of names are not Okta scope names, in one
// sentence ("" when all are). It is the one test of a scope list, asked of
// --scopes, the wizard's answer and a .env's OKTA_OAUTH2_SCOPES: a name
// such as `INJECT=1` or `#` can only be a typing or quoting mistake, and
// Okta would refuse the whole token request for it. The names are quoted
// with Go's escapes, so none can carry a control character to a terminal.
func ScopeNamesProblem(names []string) string {
	var bad []string
	for _, n := range names {
		if !scopeName.MatchString(n) {
			bad = append(bad, fmt.Sprintf("%q", n))
		}
	}
	switch len(bad) {
	case 0:
		return ""
	case 1:
		return bad[0] + " is not an Okta scope name (they look like okta.users.read)"
	}
	return strings.Join(bad, ", ") + " are not Okta scope names (they look like okta.users.read)"
}
