package checks

import (
	"strings"
	"unicode/utf8"
)

// NormalizeToken returns an SSWS API token as a person gives it — pasted,
// or read from a file an editor may have saved with a UTF-8 byte-order mark
// — without the spaces and line breaks around it, a leading byte-order mark
// or an "SSWS " prefix. Characters inside the token are left for
// TokenProblem to judge.
func NormalizeToken(v string) string {
	v = strings.TrimSpace(v)
	v = strings.TrimPrefix(v, "\uFEFF")
	v = strings.TrimSpace(v)
	return strings.TrimPrefix(v, "SSWS ")
}

// TokenProblem says why token cannot be an Okta API token because of the
// characters in it, worded to follow "the API token" (", so …" is the
// caller's), or "" when every character could be one. A control character
// — an escape sequence pasted from a terminal — cannot go in the
// Authorization header (docs/okta-behavior.md §4), and Go's HTTP client
// reports such a header as a failed request, which reads like a network
// fault. Okta does not document the tokens' alphabet [unconfirmed]: every
// one seen is plain ASCII letters, digits, - and _, so any other non-ASCII
// character (a byte-order mark, a typographic dash) is refused too. The
// token itself is never quoted.
func TokenProblem(token string) string {
	for i, r := range token {
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(token[i:], "\uFFFD"):
			return "holds bytes that are not text (invalid UTF-8); copy the token again"
		case r == '\uFEFF':
			return "holds a byte-order mark (U+FEFF, an invisible character some editors add); copy the token again, or save the file without it"
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			return "holds a control character (such as an escape sequence); copy the token again from where you saved it"
		case r > 0x7e:
			return "holds a character that is not plain ASCII, which no Okta API token has (they are letters, digits, - and _); copy the token again"
		}
	}
	return ""
}
