//go:build linux

package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
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
// org first) and as a user starts it for a real org. It also reports the
// peak RSS of those runs (the first screen, then Ctrl-C) as MB-peak-rss.
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
	var peakKB int64
	b.ResetTimer()
	for range b.N {
		t, err := benchStartTTY(bin, dir, args...)
		if err != nil {
			b.Fatal(err)
		}
		d, err := t.waitFrame(benchFrameTimeout)
		if err != nil {
			t.quit()
			b.Skipf("not measured: %v", err)
		}
		times = append(times, d)
		peakKB = max(peakKB, t.quit())
	}
	b.ReportMetric(benchMs(benchMedian(times)), "ms-median")
	b.ReportMetric(float64(peakKB)/1024, "MB-peak-rss")
}

// BenchmarkWizardDemoFlow drives `tako-setup --demo` in a pty through a
// whole OAuth 2.0 setup, as a person trying the demo would: on each step it
// lets the demo do the admin-console part (ctrl+o) once, then presses
// Enter, until the .env is written and the wizard exits. It reports the
// highest peak RSS of the runs as MB-peak-rss.
func BenchmarkWizardDemoFlow(b *testing.B) {
	bin := benchBinary(b)
	var peakKB int64
	b.ResetTimer()
	for range b.N {
		dir := b.TempDir()
		envPath := filepath.Join(dir, ".env")
		t, err := benchStartTTY(bin, dir, "--demo", "--env-file", envPath)
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
		kb, err := t.waitExit(5 * time.Second)
		if err != nil {
			b.Skipf("not measured: %v", err)
		}
		if env, err := os.ReadFile(envPath); err != nil || !strings.Contains(string(env), "TOKEN_METHOD=OAUTH2") {
			b.Fatalf("the demo flow ended without writing an OAuth 2.0 .env (%v)", err)
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

// benchTTY is a program running in a pty whose output feeds a vt emulator
// that answers the program's terminal queries like a real terminal. Only the
// benchmark goroutine touches emu until quit or waitExit hands it over.
type benchTTY struct {
	cmd    *exec.Cmd
	tty    *os.File
	emu    *vt.Emulator
	start  time.Time
	chunks chan []byte
	exited chan struct{}
	// exitedAt is when the program exited; read it after exited is closed.
	exitedAt time.Time
	closed   bool // chunks was closed: the program closed the pty
}

// benchStartTTY starts bin with args in dir, in a benchTermCols ×
// benchTermRows pty whose terminal answers queries.
func benchStartTTY(bin, dir string, args ...string) (*benchTTY, error) {
	return benchStartTerminal(bin, dir, true, args...)
}

// benchStartTerminal is benchStartTTY with a choice: answer=false emulates
// a terminal that never answers queries (some SSH clients and CI ptys).
func benchStartTerminal(bin, dir string, answer bool, args ...string) (*benchTTY, error) {
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	// A home of its own, so nothing the wizard saves (its resume state)
	// lands in the real one.
	cmd.Env = append(os.Environ(), "TERM=xterm-256color", "COLUMNS=", "LINES=",
		"HOME="+dir, "XDG_STATE_HOME="+filepath.Join(dir, ".state"), "XDG_CONFIG_HOME="+filepath.Join(dir, ".config"))
	t := &benchTTY{
		cmd:    cmd,
		emu:    vt.NewEmulator(benchTermCols, benchTermRows),
		chunks: make(chan []byte),
		exited: make(chan struct{}),
	}
	t.start = time.Now()
	tty, err := pty.StartWithSize(cmd, &pty.Winsize{Cols: benchTermCols, Rows: benchTermRows})
	if err != nil {
		return nil, fmt.Errorf("starting tako-setup in a pty: %w", err)
	}
	t.tty = tty
	if answer {
		go func() { _, _ = io.Copy(tty, t.emu) }() // the terminal's answers to queries
	} else {
		go func() { _, _ = io.Copy(io.Discard, t.emu) }() // answers are lost
	}
	go func() {
		defer close(t.chunks)
		for {
			buf := make([]byte, 32*1024)
			n, err := tty.Read(buf)
			if n > 0 {
				t.chunks <- buf[:n]
			}
			if err != nil {
				return
			}
		}
	}()
	go func() { _ = cmd.Wait(); t.exitedAt = time.Now(); close(t.exited) }()
	return t, nil
}

// waitFrame waits for the first TUI frame and returns the time since start.
func (t *benchTTY) waitFrame(timeout time.Duration) (time.Duration, error) {
	limit := time.After(timeout)
	for {
		select {
		case chunk, ok := <-t.chunks:
			if !ok {
				t.closed = true
				return 0, fmt.Errorf("tako-setup %s exited before drawing a wizard frame; screen: %q",
					strings.Join(t.cmd.Args[1:], " "), benchTrim(t.emu.String()))
			}
			_, _ = t.emu.Write(chunk)
			if benchIsFrame(t.emu) {
				return time.Since(t.start), nil
			}
		case <-limit:
			return 0, fmt.Errorf("no wizard frame within %s; screen: %q", timeout, benchTrim(t.emu.String()))
		}
	}
}

// waitQuiet feeds output to the emulator until none has come for quiet,
// or fails after max.
func (t *benchTTY) waitQuiet(quiet, max time.Duration) error {
	limit := time.After(max)
	for {
		select {
		case chunk, ok := <-t.chunks:
			if !ok {
				t.closed = true
				return fmt.Errorf("the wizard exited early; screen ends: %q", benchTail(t.emu.String()))
			}
			_, _ = t.emu.Write(chunk)
		case <-time.After(quiet):
			return nil
		case <-limit:
			return fmt.Errorf("the screen kept changing for %s", max)
		}
	}
}

// send types s into the terminal.
func (t *benchTTY) send(s string) { _, _ = t.tty.Write([]byte(s)) }

// quit ends the program as a user would (Ctrl-C), then, if it is still
// running (it may ask to confirm), with SIGTERM, then SIGKILL, and returns
// its peak RSS in KiB.
func (t *benchTTY) quit() int64 {
	done := t.drain()
	t.send("\x03")
	for _, next := range []func(){
		func() { _ = t.cmd.Process.Signal(syscall.SIGTERM) },
		func() { _ = t.cmd.Process.Kill() },
	} {
		select {
		case <-t.exited:
		case <-time.After(300 * time.Millisecond):
			next()
			continue
		}
		break
	}
	<-t.exited
	_ = t.tty.Close()
	<-done
	return benchMaxRSSKB(t.cmd.ProcessState)
}

// waitExit waits for the program to exit by itself and returns its peak
// RSS in KiB; after timeout it kills it and fails.
func (t *benchTTY) waitExit(timeout time.Duration) (int64, error) {
	done := t.drain()
	var err error
	select {
	case <-t.exited:
	case <-time.After(timeout):
		_ = t.cmd.Process.Kill()
		<-t.exited
		err = fmt.Errorf("the wizard did not exit within %s after its last screen", timeout)
	}
	_ = t.tty.Close()
	<-done
	return benchMaxRSSKB(t.cmd.ProcessState), err
}

// drain hands the emulator to a goroutine that keeps the pty drained and
// keeps answering the program's terminal queries (it may ask for the
// background colour as it exits) until the pty closes.
func (t *benchTTY) drain() <-chan struct{} {
	done := make(chan struct{})
	go func() {
		defer close(done)
		if t.closed {
			return
		}
		for chunk := range t.chunks {
			_, _ = t.emu.Write(chunk)
		}
	}()
	return done
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

// benchTail returns the last three lines of text on a screen (the wizard's
// latest message and key hints), for an error message.
func benchTail(screen string) string {
	var lines []string
	for _, l := range strings.Split(screen, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	return strings.Join(lines[max(len(lines)-3, 0):], " / ")
}
