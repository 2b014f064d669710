//go:build linux

package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// benchGNUTime is GNU time, which reports the peak RSS of the command it
// runs. The benchmarks cannot read it from the rusage of their own child:
// Linux starts a child's ru_maxrss at the resident size of the process
// that forked it, so a child of a test binary (with an emulated org in it)
// would report the test binary's size. GNU time is small, so the floor it
// adds (about 1 MB) stays far below the figures measured.
const benchGNUTime = "/usr/bin/time"

// benchRSSCommand returns a command that runs bin with args under GNU time,
// and a function that reads, once the command has exited, the peak RSS of
// bin in KiB. It skips the benchmark when GNU time is missing.
func benchRSSCommand(b *testing.B, bin string, args ...string) (*exec.Cmd, func() (int64, error)) {
	b.Helper()
	if _, err := os.Stat(benchGNUTime); err != nil {
		b.Skipf("not measured: GNU time (%s) is not installed (.ci/bench installs the 'time' package)", benchGNUTime)
	}
	out := filepath.Join(b.TempDir(), "rss")
	cmd := exec.Command(benchGNUTime, append([]string{"-f", "%M", "-o", out, bin}, args...)...)
	return cmd, func() (int64, error) { return benchReadRSS(out) }
}

// benchReadRSS reads GNU time's -o file: the peak RSS in KiB on the last
// line (a line about a non-zero exit status may come first).
func benchReadRSS(path string) (int64, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0, fmt.Errorf("reading GNU time's report: %w", err)
	}
	lines := strings.Fields(strings.TrimSpace(string(data)))
	if len(lines) == 0 {
		return 0, errors.New("GNU time reported nothing")
	}
	kb, err := strconv.ParseInt(lines[len(lines)-1], 10, 64)
	if err != nil || kb <= 0 {
		return 0, fmt.Errorf("GNU time's report %q holds no peak RSS", data)
	}
	return kb, nil
}
