package main

import (
	"strings"
	"testing"
)

// TestDurationFlagErrorsSayWhatToWrite: a duration flag given a bare number
// or a wrong unit says what to write instead, as a usage error (exit 2).
func TestDurationFlagErrorsSayWhatToWrite(t *testing.T) {
	cases := []struct{ value, want string }{
		{"5", "a duration needs a unit: write --timeout 5s for 5 seconds"},
		{"1.5", "write --timeout 1.5s"},
		{"5x", `--timeout "5x" is not a duration: write a number with a unit, such as 30s`},
	}
	for _, c := range cases {
		cmd := newCheckCmd()
		cmd.SetFlagErrorFunc(flagError)
		err := cmd.ParseFlags([]string{"--timeout", c.value})
		if err == nil {
			t.Fatalf("--timeout %s parsed", c.value)
		}
		err = cmd.FlagErrorFunc()(cmd, err)
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("--timeout %s: %q, want it to contain %q", c.value, err, c.want)
		}
		if exitCode(err) != exitUsage {
			t.Errorf("--timeout %s: exit code %d, want %d", c.value, exitCode(err), exitUsage)
		}
	}
}
