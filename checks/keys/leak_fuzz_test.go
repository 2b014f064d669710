package keys_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/fctr-id/tako-setup/checks/canary"
	"github.com/fctr-id/tako-setup/checks/keys"
)

// FuzzKeyErrorsNeverShowTheKey (the hardening suite, TESTING.md): a real private key, damaged the
// way pastes get damaged — cut short, a piece of it alone, a byte lost or
// changed, junk inserted, line breaks replaced — is refused or accepted,
// and whatever Normalize and Parse say about it never shows 16
// characters of the key.
//
// Seeds: testdata/fuzz/FuzzKeyErrorsNeverShowTheKey. Run longer with
//
//	go test ./checks/keys -run '^$' -fuzz '^FuzzKeyErrorsNeverShowTheKey$' -fuzztime 10m
func FuzzKeyErrorsNeverShowTheKey(f *testing.F) {
	for form := range uint8(4) {
		for op := range uint8(7) {
			f.Add(form, op, uint16(100+37*int(op)), uint16(64), "\\n")
		}
	}
	f.Fuzz(func(t *testing.T, form, op uint8, pos, n uint16, junk string) {
		s := canary.New(t)
		src := []string{s.PEM, s.PKCS1PEM, s.JWK, jwksOf(t, s.JWK)}[int(form)%4]
		in := damage(src, op, int(pos), int(n), junk)

		var said []string
		if _, err := keys.Normalize(in); err != nil {
			said = append(said, describe("Normalize", err))
		}
		if _, err := keys.Parse(in); err != nil {
			said = append(said, describe("Parse", err))
		}
		for _, text := range said {
			if l, ok := s.Find([]byte(text)); ok {
				where, _, _ := strings.Cut(text, ": ")
				t.Fatalf("%s's error shows %s (form %d, damage %d at %d, length %d, junk %q)", where, l, form%4, op%7, pos, n, junk)
			}
		}
	})
}

// damage applies one of the ways a pasted key gets damaged.
func damage(src string, op uint8, pos, n int, junk string) string {
	pos %= len(src) + 1
	switch op % 7 {
	case 0: // cut short
		return src[:pos]
	case 1: // a piece alone (a line copied on its own, a JWK member)
		end := min(pos+n, len(src))
		return src[pos:end]
	case 2: // a byte lost
		if pos < len(src) {
			return src[:pos] + src[pos+1:]
		}
		return src
	case 3: // junk inserted
		return src[:pos] + junk + src[pos:]
	case 4: // a byte changed
		if pos < len(src) && junk != "" {
			return src[:pos] + junk[:1] + src[pos+1:]
		}
		return src
	case 5: // line breaks replaced (a paste through a one-line field)
		return strings.ReplaceAll(src, "\n", junk)
	default: // wrapped in junk (quotes, a variable name, a shell prompt)
		return junk + src + junk
	}
}

// jwksOf wraps a JWK in a JWKS document ({"keys":[…]}), as Okta's
// "Generate new key" dialog offers it.
func jwksOf(t *testing.T, jwk string) string {
	var v map[string]any
	if err := json.Unmarshal([]byte(jwk), &v); err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(map[string]any{"keys": []any{v}})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// describe renders an error every way a caller might print it.
func describe(who string, err error) string {
	s := fmt.Sprintf("%s: %v | %+v", who, err, err)
	var ke *keys.KeyError
	if errors.As(err, &ke) {
		s += " | " + ke.Reason
	}
	return s
}
