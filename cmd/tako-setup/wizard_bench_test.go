//go:build linux

package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

const (
	// benchFrameTimeout bounds the wait for the first frame.
	benchFrameTimeout = 10 * time.Second
	// benchFlowTimeout bounds a whole demo flow.
	benchFlowTimeout = 60 * time.Second
	// benchQuiet is how long the screen must stay unchanged before the demo
	// flow driver reads it and presses the next key (checks against the
	// demo org take milliseconds; a spinner keeps the screen moving until
	// they end).
	benchQuiet = 250 * time.Millisecond
)

// BenchmarkWizardFirstFrame measures, in a pty, the time from starting
// the wizard to its first rendered frame, one start per iteration, and
// reports the median as ms-median: with --demo (which starts the simulated
// org first) and as a user starts it for a real org.
//
// A frame counts when the screen has text on it and the program has taken
// the terminal over as a TUI does (cursor hidden or alternate screen); a
// command that only prints help is not a wizard frame.
func BenchmarkWizardFirstFrame(b *testing.B) {
	b.Run("demo", func(b *testing.B) { benchFirstFrame(b, "--demo") })
	b.Run("real", func(b *testing.B) { benchFirstFrame(b) })
}

func benchFirstFrame(b *testing.B, args ...string) {
	bin := benchBinary(b)
	dir := b.TempDir() // the wizard's working directory and home: anything it writes lands here
	times := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for range b.N {
		t, err := benchStartTTY(benchCommand(dir, bin, args...), true)
		if err != nil {
			b.Fatal(err)
		}
		d, err := t.waitFrame(benchFrameTimeout)
		t.quit()
		if err != nil {
			b.Skipf("not measured: %v", err)
		}
		times = append(times, d)
	}
	b.ReportMetric(benchMs(benchMedian(times)), "ms-median")
}

// BenchmarkWizardDemoFlow drives `tako-setup --demo` in a pty through a
// whole OAuth 2.0 setup, as a person trying the demo would: on each step it
// lets the demo do the admin-console part (ctrl+o) once, then presses
// Enter, until the .env is written and the wizard exits. It reports the
// highest peak RSS of the runs (as GNU time reports it) as MB-peak-rss.
func BenchmarkWizardDemoFlow(b *testing.B) {
	bin := benchBinary(b)
	var peakKB int64
	b.ResetTimer()
	for range b.N {
		dir := b.TempDir()
		envPath := filepath.Join(dir, ".env")
		cmd, rss := benchRSSCommand(b, bin, "--demo", "--env-file", envPath)
		benchInDir(cmd, dir)
		t, err := benchStartTTY(cmd, true)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := t.waitFrame(benchFrameTimeout); err != nil {
			t.quit()
			b.Skipf("not measured: %v", err)
		}
		if err := benchDriveDemo(t); err != nil {
			t.quit()
			b.Skipf("not measured: the demo flow could not be driven: %v", err)
		}
		if err := t.waitExit(5 * time.Second); err != nil {
			b.Skipf("not measured: the wizard did not exit after its last screen: %v", err)
		}
		if env, err := os.ReadFile(envPath); err != nil || !strings.Contains(string(env), "TOKEN_METHOD=OAUTH2") {
			b.Fatalf("the demo flow ended without writing an OAuth 2.0 .env (%v)", err)
		}
		kb, err := rss()
		if err != nil {
			b.Fatal(err)
		}
		peakKB = max(peakKB, kb)
	}
	b.ReportMetric(float64(peakKB)/1024, "MB-peak-rss")
}

// benchStepRE finds the step counter in the wizard's header.
var benchStepRE = regexp.MustCompile(`step (\d+) of (\d+)`)

// benchDriveDemo presses keys until the wizard shows the written file and
// is told to exit. It relies only on the footer's key hints and the header's
// step counter, not on each step's wording.
func benchDriveDemo(t *benchTTY) error {
	deadline := time.Now().Add(benchFlowTimeout)
	step, consoleUsed := "", false
	for presses := 0; ; presses++ {
		if presses > 60 || time.Now().After(deadline) {
			return fmt.Errorf("no .env written after %d keys; screen ends: %q", presses, benchTail(t.emu.String()))
		}
		if err := t.waitQuiet(benchQuiet, 10*time.Second); err != nil {
			return err
		}
		screen := t.emu.String()
		if strings.Contains(screen, "Written:") {
			t.send("\r") // leave the wizard
			return nil
		}
		if m := benchStepRE.FindString(screen); m != step {
			step, consoleUsed = m, false
		}
		if benchFooter(screen, "ctrl+o") && !consoleUsed {
			consoleUsed = true
			t.send("\x0f") // ctrl+o: the demo does the admin-console part
			continue
		}
		t.send("\r")
	}
}

// benchFooter reports whether the last line of text on the screen (the
// wizard's key hints) mentions s.
func benchFooter(screen, s string) bool {
	lines := strings.Split(strings.TrimRight(screen, " \n"), "\n")
	return strings.Contains(lines[len(lines)-1], s)
}
