package checks

import (
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/fctr-id/tako-setup/checks/termtext"
)

// A finding quoting a hostile server string (a proxy's status line with
// raw C1 bytes, bidi overrides, zero-width characters, a BOM) reaches the
// terminal inert, also when the string has no ASCII control character.
func TestFindingsQuoteHostileStringsInert(t *testing.T) {
	r := &run{}
	for _, h := range append(termtext.Samples, "502 Bad\x9b2J Gateway", "proxy \u202eerror", "\ufeffnot found") {
		f := r.clean(Finding{Title: h, Detail: "Okta said: " + h, Fix: h})
		for _, s := range []string{f.Title, f.Detail, f.Fix} {
			if !utf8.ValidString(s) {
				t.Errorf("%q: invalid UTF-8 %q", h, s)
			}
			for _, c := range s {
				if unicode.IsControl(c) || unicode.Is(unicode.Cf, c) {
					t.Errorf("%q: %q holds %U", h, s, c)
				}
			}
		}
	}
}
