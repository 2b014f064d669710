//go:build linux

package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/charmbracelet/x/vt"
	"github.com/creack/pty"
)

// The terminal the wizard benchmarks run in: a small SSH-sized window.
const (
	benchTermCols = 100
	benchTermRows = 30
	// benchFrameTimeout bounds the wait for the first frame.
	benchFrameTimeout = 10 * time.Second
)

// BenchmarkWizardFirstFrame measures, in a pty, the time from starting
// `tako-setup --demo` to the first rendered wizard frame, one start per
// iteration, and reports the median as ms-median. It also reports the peak
// RSS of those runs (the wizard's first screen, then quit) as MB-peak-rss.
//
// A frame counts when the screen has text on it and the program has taken
// the terminal over as a TUI does (cursor hidden or alternate screen); a
// command that only prints help is not a wizard frame.
func BenchmarkWizardFirstFrame(b *testing.B) {
	bin := benchBinary(b)
	dir := b.TempDir() // the wizard's working directory: anything it writes lands here
	times := make([]time.Duration, 0, b.N)
	var peakKB int64
	b.ResetTimer()
	for range b.N {
		run, err := benchStartWizard(bin, dir, "--demo")
		if err != nil {
			b.Skipf("not measured: %v", err)
		}
		times = append(times, run.firstFrame)
		peakKB = max(peakKB, run.maxRSSKB)
	}
	b.ReportMetric(benchMs(benchMedian(times)), "ms-median")
	b.ReportMetric(float64(peakKB)/1024, "MB-peak-rss")
}

// benchWizardRun is what one start of the wizard measured.
type benchWizardRun struct {
	firstFrame time.Duration
	maxRSSKB   int64
	screen     string
}

// benchStartWizard starts bin with args in a pty that answers terminal
// queries like a real terminal (through a vt emulator), waits for the first
// frame, then ends the process and collects its peak RSS.
func benchStartWizard(bin, dir string, args ...string) (benchWizardRun, error) {
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "TERM=xterm-256color", "COLUMNS=", "LINES=")
	emu := vt.NewEmulator(benchTermCols, benchTermRows)
	defer emu.Close()

	start := time.Now()
	tty, err := pty.StartWithSize(cmd, &pty.Winsize{Cols: benchTermCols, Rows: benchTermRows})
	if err != nil {
		return benchWizardRun{}, fmt.Errorf("starting tako-setup in a pty: %w", err)
	}
	defer tty.Close()
	go func() { _, _ = io.Copy(tty, emu) }() // the terminal's answers to queries

	chunks := make(chan []byte)
	go func() {
		defer close(chunks)
		for {
			buf := make([]byte, 32*1024)
			n, err := tty.Read(buf)
			if n > 0 {
				chunks <- buf[:n]
			}
			if err != nil {
				return
			}
		}
	}()

	var run benchWizardRun
	timeout := time.After(benchFrameTimeout)
	for run.firstFrame == 0 {
		select {
		case chunk, ok := <-chunks:
			if !ok {
				_ = cmd.Wait()
				return run, fmt.Errorf("tako-setup %s exited before drawing a wizard frame; screen: %q",
					strings.Join(args, " "), benchTrim(emu.String()))
			}
			_, _ = emu.Write(chunk)
			if benchIsFrame(emu) {
				run.firstFrame = time.Since(start)
			}
		case <-timeout:
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
			return run, fmt.Errorf("no wizard frame within %s; screen: %q", benchFrameTimeout, benchTrim(emu.String()))
		}
	}
	run.screen = emu.String()

	done := make(chan struct{})
	go func() {
		// From here on only this goroutine touches emu: it keeps the pty
		// drained and keeps answering the program's terminal queries (it
		// may ask for the background colour as it exits).
		for chunk := range chunks {
			_, _ = emu.Write(chunk)
		}
		close(done)
	}()
	benchQuit(cmd, tty)
	_ = tty.Close()
	<-done
	run.maxRSSKB = benchMaxRSSKB(cmd.ProcessState)
	return run, nil
}

// benchQuit ends the program as a user would (Ctrl-C), then, if it is
// still running (it may ask to confirm), with SIGTERM, then SIGKILL; and
// waits for it, so that its rusage is known.
func benchQuit(cmd *exec.Cmd, tty *os.File) {
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	_, _ = tty.Write([]byte{3})
	for _, next := range []func(){
		func() { _ = cmd.Process.Signal(syscall.SIGTERM) },
		func() { _ = cmd.Process.Kill() },
	} {
		select {
		case <-exited:
			return
		case <-time.After(300 * time.Millisecond):
			next()
		}
	}
	<-exited
}

// benchIsFrame reports whether the emulated screen shows a TUI frame.
func benchIsFrame(emu *vt.Emulator) bool {
	return (emu.CursorHidden() || emu.IsAltScreen()) && strings.TrimSpace(emu.String()) != ""
}

// benchMaxRSSKB returns the exited process's peak resident set size in KiB
// (Linux reports ru_maxrss in KiB), or 0 when unknown.
func benchMaxRSSKB(ps *os.ProcessState) int64 {
	if ps == nil {
		return 0
	}
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		return ru.Maxrss
	}
	return 0
}

// benchTrim shortens a screen dump to its first line of text, for an error
// message.
func benchTrim(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i] + " …"
	}
	if len(s) > 100 {
		s = s[:100] + "…"
	}
	return s
}
