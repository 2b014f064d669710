//go:build linux

package main

import (
	"testing"
	"time"
)

// BenchmarkStartupTerminal measures `tako-setup check --help` as a user
// runs it: in a terminal (a pty whose emulator answers queries as a local
// terminal does), from start to exit, and reports the median as ms-median.
// Help in a terminal asks the terminal for its background colour, so this
// includes one terminal round trip, which BenchmarkStartup (output to
// /dev/null) does not.
func BenchmarkStartupTerminal(b *testing.B) {
	benchStartupInTerminal(b, true)
}

// BenchmarkStartupSilentTerminal is BenchmarkStartupTerminal in a terminal
// that never answers queries (some SSH clients and CI ptys do not): what
// the help costs when every query has to time out.
func BenchmarkStartupSilentTerminal(b *testing.B) {
	benchStartupInTerminal(b, false)
}

func benchStartupInTerminal(b *testing.B, answer bool) {
	bin := benchBinary(b)
	if err := benchProveCommand(bin, []string{"check", "--help"}, "--ca-file"); err != nil {
		b.Skipf("not measured: %v", err)
	}
	dir := b.TempDir()
	times := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for range b.N {
		t, err := benchStartTTY(benchCommand(dir, bin, "check", "--help"), answer)
		if err != nil {
			b.Fatal(err)
		}
		if err := t.waitExit(30 * time.Second); err != nil {
			b.Fatal(err)
		}
		if !t.cmd.ProcessState.Success() {
			b.Fatalf("tako-setup check --help in a terminal: %v", t.cmd.ProcessState)
		}
		times = append(times, t.exitedAt.Sub(t.start))
	}
	b.ReportMetric(benchMs(benchMedian(times)), "ms-median")
}
