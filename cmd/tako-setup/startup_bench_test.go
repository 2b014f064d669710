package main

import (
	"bytes"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// BenchmarkStartup measures the wall time of short commands of the built
// binary, from fork to exit, one run per iteration; it reports the median
// as ms-median (run it with -benchtime=20x for the 20 runs .ci/bench uses).
func BenchmarkStartup(b *testing.B) {
	cases := []struct {
		name string
		args []string
		// proof is text the output must contain, so that the figure belongs
		// to the command named (a missing subcommand would print the root's
		// help instead).
		proof string
	}{
		{"version", []string{"--version"}, ""},
		{"check-help", []string{"check", "--help"}, "--ca-file"},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			bin := benchBinary(b)
			if err := benchProveCommand(bin, c.args, c.proof); err != nil {
				b.Skipf("not measured: %v", err)
			}
			times := make([]time.Duration, 0, b.N)
			b.ResetTimer()
			for range b.N {
				cmd := exec.Command(bin, c.args...) // output to /dev/null
				start := time.Now()
				if err := cmd.Run(); err != nil {
					b.Fatalf("tako-setup %s: %v", strings.Join(c.args, " "), err)
				}
				times = append(times, time.Since(start))
			}
			b.ReportMetric(benchMs(benchMedian(times)), "ms-median")
		})
	}
}

// benchProveCommand runs the command once and checks that it succeeds and
// prints proof.
func benchProveCommand(bin string, args []string, proof string) error {
	var out bytes.Buffer
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return &benchCommandError{args: args, err: err.Error()}
	}
	if proof != "" && !strings.Contains(out.String(), proof) {
		return &benchCommandError{args: args, err: "output does not mention " + proof + " (command not there yet?)"}
	}
	return nil
}

// benchCommandError says which command could not be measured and why.
type benchCommandError struct {
	args []string
	err  string
}

func (e *benchCommandError) Error() string {
	return "tako-setup " + strings.Join(e.args, " ") + ": " + e.err
}
