//go:build linux

package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/charmbracelet/x/vt"
	"github.com/creack/pty"
)

// The terminal the pty benchmarks run in: a small SSH-sized window.
const (
	benchTermCols = 100
	benchTermRows = 30
)

// benchTTY is a program running in a pty whose output feeds a vt emulator
// that, unless told otherwise, answers the program's terminal queries like
// a real terminal. Only the benchmark goroutine touches emu until quit or
// waitExit hands it over.
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

// benchCommand is bin with args, run in dir with a home of its own there,
// so nothing the wizard saves (its resume state) lands in the real one.
func benchCommand(dir, bin string, args ...string) *exec.Cmd {
	cmd := exec.Command(bin, args...)
	benchInDir(cmd, dir)
	return cmd
}

// benchInDir sets cmd's directory and home to dir.
func benchInDir(cmd *exec.Cmd, dir string) {
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "TERM=xterm-256color", "COLUMNS=", "LINES=",
		"HOME="+dir, "XDG_STATE_HOME="+filepath.Join(dir, ".state"), "XDG_CONFIG_HOME="+filepath.Join(dir, ".config"))
}

// benchStartTTY starts cmd in a benchTermCols × benchTermRows pty, as the
// leader of a new session and process group. answer=false emulates a
// terminal that never answers queries (some SSH clients and CI ptys).
func benchStartTTY(cmd *exec.Cmd, answer bool) (*benchTTY, error) {
	t := &benchTTY{
		cmd:    cmd,
		emu:    vt.NewEmulator(benchTermCols, benchTermRows),
		chunks: make(chan []byte),
		exited: make(chan struct{}),
	}
	t.start = time.Now()
	tty, err := pty.StartWithSize(cmd, &pty.Winsize{Cols: benchTermCols, Rows: benchTermRows})
	if err != nil {
		return nil, fmt.Errorf("starting %s in a pty: %w", filepath.Base(cmd.Path), err)
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
				return 0, fmt.Errorf("tako-setup exited before drawing a wizard frame; screen: %q", benchTrim(t.emu.String()))
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
// running (it may ask to confirm), signals its process group with SIGTERM,
// then SIGKILL, and waits for it.
func (t *benchTTY) quit() {
	done := t.drain()
	t.send("\x03")
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGKILL} {
		select {
		case <-t.exited:
		case <-time.After(300 * time.Millisecond):
			_ = syscall.Kill(-t.cmd.Process.Pid, sig)
		}
	}
	<-t.exited
	_ = t.tty.Close()
	<-done
}

// waitExit waits for the program to exit by itself; after timeout it kills
// its process group and fails.
func (t *benchTTY) waitExit(timeout time.Duration) error {
	done := t.drain()
	var err error
	select {
	case <-t.exited:
	case <-time.After(timeout):
		_ = syscall.Kill(-t.cmd.Process.Pid, syscall.SIGKILL)
		<-t.exited
		err = fmt.Errorf("the program did not exit within %s", timeout)
	}
	_ = t.tty.Close()
	<-done
	return err
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
