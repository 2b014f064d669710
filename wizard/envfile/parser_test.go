package envfile

import (
	"bytes"
	"testing"
)

func TestParseRoundTripsBytes(t *testing.T) {
	for name, text := range trickyFiles {
		t.Run(name, func(t *testing.T) {
			if got := Parse([]byte(text)).Bytes(); !bytes.Equal(got, []byte(text)) {
				t.Fatalf("Bytes() = %q, want %q", got, text)
			}
		})
	}
}

// TestGet pins down python-dotenv's reading of the corner cases (the
// comparison with the real python-dotenv is in readers_test.go).
func TestGet(t *testing.T) {
	type want struct {
		key   string
		value string
		ok    bool
	}
	cases := []struct {
		file string
		want []want
	}{
		{"export", []want{{"A", "1", true}, {"B", "2", true}, {"export", "3", true}, {"C", "4", true}}},
		{"spaces around equal", []want{{"A", "1", true}, {"B", "2", true}, {"C", "", true}}},
		{"quotes", []want{{"A", "single", true}, {"B", "double", true}, {"C", "", true}, {"D", "", true}, {"E", "", true}}},
		{"double escapes", []want{{"A", "l1\nl2\tt\\b\"q's", true}, {"B", "\a\b\f\v\r\\x41\\u0041", true}}},
		{"single escapes", []want{{"A", `it's \ \n`, true}}},
		{"inline comments", []want{{"A", "value", true}, {"B", "value#not comment", true}, {"C", "quoted", true}, {"D", "x", true}, {"E", "#x", true}, {"F", "#x", true}, {"G", "a", true}}},
		{"multiline", []want{{"A", "line1\nline2\n  line3", true}, {"B", "x\ny", true}, {"C", "after", true}}},
		{"unterminated double", []want{{"A", "1", true}, {"B", "", false}, {"C", "3", true}}},
		{"junk after quote", []want{{"A", "", false}, {"B", "", false}, {"C", "3", true}}},
		{"bare key", []want{{"A", "", false}, {"B", "2", true}, {"C", "", false}}},
		{"duplicates", []want{{"A", "2", true}, {"B", "", false}}},
		{"crlf", []want{{"A", "1", true}, {"B", "x\ny", true}, {"C", "3", true}}},
		{"lone cr", []want{{"A", "1", true}, {"B", "2", true}, {"C", "x\ny", true}}},
		{"no trailing newline", []want{{"B", "2", true}}},
		{"bom", []want{{"A", "", false}, {"\ufeffA", "1", true}}},
		{"unicode spaces", []want{{"A", "x", true}, {"B", "y", true}, {"C", "3", true}, {"D", "v\u2028w", true}}},
		{"odd keys", []want{{"a.b", "1", true}, {"quoted key", "3", true}, {"KÉY", "4", true}}},
		{"trailing backslash", []want{{"A", `x\`, true}, {"B", "", false}, {"C", "", false}}},
		{"interpolation", []want{{"A", "${HOME}", true}, {"C", "${A}", true}}},
		{"hash in key", []want{{"A", "", false}, {"C", "2", true}}},
		{"tako", []want{{"TOKEN_METHOD", "oauth2", true}, {"OKTA_OAUTH2_SCOPES", "okta.users.read okta.groups.read", true}}},
	}
	for _, tc := range cases {
		d := Parse([]byte(trickyFiles[tc.file]))
		for _, w := range tc.want {
			v, ok := d.Get(w.key)
			if v != w.value || ok != w.ok {
				t.Errorf("%s: Get(%q) = %q, %v; want %q, %v", tc.file, w.key, v, ok, w.value, w.ok)
			}
		}
	}
}

func TestKeysInFirstAppearanceOrder(t *testing.T) {
	d := Parse([]byte(trickyFiles["duplicates"] + "C=1\n"))
	got := d.Keys()
	if len(got) != 3 || got[0] != "A" || got[1] != "B" || got[2] != "C" {
		t.Fatalf("Keys() = %q", got)
	}
}

func TestLineNumbers(t *testing.T) {
	d := Parse([]byte("# c\n\nA=\"x\ny\"\r\n\r\nB=1\rC=2\n"))
	for key, line := range map[string]int{"A": 3, "B": 6, "C": 7} {
		if got := d.lineOf(key); got != line {
			t.Errorf("line of %s = %d, want %d", key, got, line)
		}
	}
}
