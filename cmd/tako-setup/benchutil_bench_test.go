package main

// Helpers shared by the benchmarks in this package (*_bench_test.go). They
// measure the BUILT binary, as a user runs it, not the code in-process. The
// benchmarks only report figures; targets and regressions are judged by
// .ci/bench, never by `go test`.

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// benchBinaryEnv names the variable through which .ci/bench hands the
// benchmarks the binary it built once for the whole run.
const benchBinaryEnv = "TAKO_BENCH_BIN"

// benchBinary returns the path of a built tako-setup: $TAKO_BENCH_BIN, or a
// fresh `go build` of this package into a temporary directory when the
// benchmark is run by hand.
func benchBinary(b *testing.B) string {
	b.Helper()
	if p := os.Getenv(benchBinaryEnv); p != "" {
		if _, err := os.Stat(p); err != nil {
			b.Fatalf("%s: %v", benchBinaryEnv, err)
		}
		return p
	}
	out := filepath.Join(b.TempDir(), "tako-setup")
	build := exec.Command("go", "build", "-o", out, ".")
	if msg, err := build.CombinedOutput(); err != nil {
		b.Fatalf("building tako-setup: %v\n%s", err, msg)
	}
	return out
}

// benchMedian returns the median of the durations (the mean of the middle
// two for an even count). It sorts a copy.
func benchMedian(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	mid := len(s) / 2
	if len(s)%2 == 1 {
		return s[mid]
	}
	return (s[mid-1] + s[mid]) / 2
}

// benchMs converts a duration to milliseconds, the unit every time figure
// is reported in.
func benchMs(d time.Duration) float64 {
	return float64(d) / float64(time.Millisecond)
}
