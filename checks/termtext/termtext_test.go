package termtext

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestSamplesStringsComeOutInert(t *testing.T) {
	for _, h := range Samples {
		for _, got := range []string{Line(h), Text(h)} {
			if !inert(got, got == Text(h)) {
				t.Errorf("%q came out as %q", h, got)
			}
			if !utf8.ValidString(got) {
				t.Errorf("%q came out as invalid UTF-8 %q", h, got)
			}
		}
		if strings.ContainsAny(Line(h), "\n\r") {
			t.Errorf("Line(%q) = %q keeps a line break", h, Line(h))
		}
	}
}

func inert(s string, lines bool) bool {
	for _, r := range s {
		if r == '\n' && lines {
			continue
		}
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == '\u2028' || r == '\u2029' {
			return false
		}
	}
	return true
}

func TestSafeStringsAreUnchanged(t *testing.T) {
	for _, s := range []string{"", "https://acme.okta.com", "Ünïcødé — «ok» 日本語 🙂", "a b"} {
		if Line(s) != s || Text(s) != s || !Safe(s) {
			t.Errorf("%q was changed: %q %q", s, Line(s), Text(s))
		}
	}
	if got := Text("one\r\ntwo\nthree"); got != "one\ntwo\nthree" {
		t.Errorf("Text kept %q", got)
	}
	if got := Line("a\tb\nc"); got != "a b c" {
		t.Errorf("Line made %q", got)
	}
}

func FuzzLine(f *testing.F) {
	for _, h := range Samples {
		f.Add(h)
	}
	f.Add("https://acme.okta.com")
	f.Fuzz(func(t *testing.T, s string) {
		for i, got := range []string{Line(s), Text(s)} {
			lines := i == 1
			if !utf8.ValidString(got) {
				t.Fatalf("%q: invalid UTF-8 %q", s, got)
			}
			if !inert(got, lines) {
				t.Fatalf("%q: %q is not inert", s, got)
			}
			if again := clean(got, lines); again != got {
				t.Fatalf("%q: not idempotent: %q then %q", s, got, again)
			}
			if inert(s, lines) && utf8.ValidString(s) && !strings.ContainsAny(s, "\t\r") && got != s {
				if lines || !strings.Contains(s, "\n") {
					t.Fatalf("%q: a safe string was changed to %q", s, got)
				}
			}
		}
		if Safe(s) != (Line(s) == s) {
			t.Fatalf("%q: Safe=%v but Line gives %q", s, Safe(s), Line(s))
		}
	})
}

func TestWriterMakesEachWriteInert(t *testing.T) {
	var b strings.Builder
	w := Writer(&b)
	for _, h := range Samples {
		if n, err := w.Write([]byte(h + "\n")); err != nil || n != len(h)+1 {
			t.Fatalf("%q: %d %v", h, n, err)
		}
	}
	if !inert(b.String(), true) {
		t.Fatalf("not inert: %q", b.String())
	}
}
