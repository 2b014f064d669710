//go:build linux

package main

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// TestHelpInANarrowTerminalIsReflowed: at 60 columns each hand-broken line
// of a long description used to be wrapped again on its own ("…tests them
// live against" / "your Okta org…" as two short lines). The paragraphs are
// reflowed: no line wider than the terminal, and no paragraph line so short
// that the next word would have fitted on it.
func TestHelpInANarrowTerminalIsReflowed(t *testing.T) {
	const cols = 60
	r := runInSilentTerminal(t, cols, nil, "check", "--help")
	if r.code != 0 {
		t.Fatalf("exit status %d:\n%s", r.code, r.out)
	}
	text := strings.ReplaceAll(ansi.Strip(r.out), "\r", "")
	long, _, _ := strings.Cut(text, "USAGE")
	lines := strings.Split(long, "\n")
	for i, line := range lines {
		line = strings.TrimRight(line, " ")
		if w := ansi.StringWidth(line); w > cols {
			t.Errorf("a line %d columns wide: %q", w, line)
		}
		if i+1 >= len(lines) || strings.TrimSpace(line) == "" {
			continue
		}
		next := strings.Fields(lines[i+1])
		if len(next) > 0 && ansi.StringWidth(line)+1+ansi.StringWidth(next[0]) <= cols-2 {
			t.Errorf("ragged: %q ends where %q would have fitted", line, next[0])
		}
	}
	if !strings.Contains(strings.Join(strings.Fields(long), " "), "check reads Tako's Okta settings from a .env file and tests them live against your Okta org") {
		t.Errorf("the description's words changed:\n%s", long)
	}
}

// TestPipedHelpHasNoTrailingSpaces: help piped to a file or pager was
// padded with spaces to 120 columns.
func TestPipedHelpHasNoTrailingSpaces(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"check", "--help"}, {"help", "rotate"}} {
		out := hardRunMain(t, t.TempDir(), hardProc{args: args})
		if out.code != 0 || !strings.Contains(out.stdout, "USAGE") {
			t.Fatalf("%v: exit %d\n%s%s", args, out.code, out.stdout, out.stderr)
		}
		for _, line := range strings.Split(out.stdout, "\n") {
			if strings.HasSuffix(line, " ") {
				t.Errorf("%v: a line ends in spaces: %q", args, line)
				break
			}
		}
	}
}

// TestVersionTakesNoArguments: `--version extra` printed the version and
// exited 0; an argument after it is an unknown command (exit 2).
func TestVersionTakesNoArguments(t *testing.T) {
	out := hardRunMain(t, t.TempDir(), hardProc{args: []string{"--version", "extra"}})
	if out.code != exitUsage || !strings.Contains(out.stderr, `unknown command "extra"`) {
		t.Fatalf("exit %d\n%s%s", out.code, out.stdout, out.stderr)
	}
	out = hardRunMain(t, t.TempDir(), hardProc{args: []string{"--version"}})
	if out.code != 0 || !strings.HasPrefix(out.stdout, "tako-setup version ") {
		t.Fatalf("--version: exit %d\n%s%s", out.code, out.stdout, out.stderr)
	}
}
