package main

import (
	"bytes"
	"testing"
)

func TestTrailingSpaceTrimmer(t *testing.T) {
	for _, c := range []struct {
		writes []string
		want   string
	}{
		{[]string{"  usage   \n", "    x  y   \n"}, "  usage\n    x  y\n"},
		{[]string{"a  ", "  b  ", " \n"}, "a    b\n"},
		{[]string{"Replace? [y/N] "}, "Replace? [y/N]"},
		{[]string{"Replace? [y/N] ", "yes\n"}, "Replace? [y/N] yes\n"},
		{[]string{"   \n\n  \n"}, "\n\n\n"},
		{[]string{"{\n  \"a\": 1\n}\n"}, "{\n  \"a\": 1\n}\n"},
	} {
		var b bytes.Buffer
		tw := &trailingSpaceTrimmer{w: &b}
		for _, w := range c.writes {
			if n, err := tw.Write([]byte(w)); n != len(w) || err != nil {
				t.Fatalf("Write(%q) = %d, %v", w, n, err)
			}
		}
		if b.String() != c.want {
			t.Errorf("%q: got %q, want %q", c.writes, b.String(), c.want)
		}
	}
}
