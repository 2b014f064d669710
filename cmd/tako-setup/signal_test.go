//go:build linux

package main

// Interruptions (the hardening suite, TESTING.md): SIGINT, SIGTERM and SIGHUP — and ctrl+c typed,
// and the terminal going away — while the wizard's TUI runs in a pty, on
// its first screen and while a check is in flight. Each must end the
// program promptly with exit status 130, give the terminal back as it was
// (line mode and echo on, alternate screen left, cursor shown, every mode
// the program turned on turned off), and write nothing: the .env, if any,
// byte for byte as before, no temporary file, no backup.

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/charmbracelet/x/vt"
	"github.com/creack/pty"
	"golang.org/x/sys/unix"

	"github.com/fctr-id/tako-setup/checks/emulator/emutest"
)

const (
	sigCols, sigRows = 100, 30
	sigWait          = 15 * time.Second
)

// sigTTY is tako-setup running in a pty whose output feeds a vt emulator
// that answers terminal queries like a real terminal.
type sigTTY struct {
	cmd    *exec.Cmd
	ptmx   *os.File // the terminal's side
	tty    *os.File // the program's side, kept open to read its modes
	before unix.Termios

	mu   sync.Mutex
	raw  bytes.Buffer // everything the program wrote
	emu  *vt.Emulator
	done chan struct{} // the program exited
	err  error
}

func startSigTTY(t *testing.T, home, dir string, args ...string) *sigTTY {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Skipf("no pty on this machine: %v", err)
	}
	if err := pty.Setsize(ptmx, &pty.Winsize{Cols: sigCols, Rows: sigRows}); err != nil {
		t.Fatal(err)
	}
	s := &sigTTY{ptmx: ptmx, tty: tty, emu: vt.NewEmulator(sigCols, sigRows), done: make(chan struct{})}
	before, err := unix.IoctlGetTermios(int(tty.Fd()), unix.TCGETS)
	if err != nil {
		t.Fatal(err)
	}
	s.before = *before

	argJSON, err := json.Marshal(args)
	if err != nil {
		t.Fatal(err)
	}
	s.cmd = exec.Command(exe, "-test.run=^TestHardeningMainProcess$", "-test.count=1")
	s.cmd.Env = append(hardBaseEnv(home), hardMainEnv+"="+string(argJSON), "TERM=xterm-256color", "NO_COLOR=", "COLUMNS=", "LINES=")
	s.cmd.Dir = dir
	s.cmd.Stdin, s.cmd.Stdout, s.cmd.Stderr = tty, tty, tty
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true}
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { _, _ = io.Copy(ptmx, s.emu) }() // answers to the program's queries
	go func() {
		buf := make([]byte, 32<<10)
		for {
			n, err := ptmx.Read(buf)
			if n > 0 {
				s.mu.Lock()
				s.raw.Write(buf[:n])
				_, _ = s.emu.Write(buf[:n])
				s.mu.Unlock()
			}
			if err != nil {
				return
			}
		}
	}()
	go func() { s.err = s.cmd.Wait(); close(s.done) }()
	t.Cleanup(func() {
		select {
		case <-s.done:
		default:
			_ = s.cmd.Process.Kill()
			<-s.done
		}
		_ = ptmx.Close()
		_ = tty.Close()
		// The emulator is not closed: vt.Emulator's Close races with the
		// Read the answering goroutine is blocked in (a data race inside
		// the library); that goroutine ends with the test binary.
	})
	return s
}

// screen is the emulated terminal's text.
func (s *sigTTY) screen() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.emu.String()
}

func (s *sigTTY) output() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.raw.String()
}

// waitFor waits until the screen shows text.
func (s *sigTTY) waitFor(t *testing.T, text string) {
	t.Helper()
	deadline := time.Now().Add(sigWait)
	for !strings.Contains(s.screen(), text) {
		select {
		case <-s.done:
			t.Fatalf("tako-setup exited (%v) before showing %q; screen:\n%s", s.err, text, s.screen())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("no %q on the screen after %s; screen:\n%s", text, sigWait, s.screen())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (s *sigTTY) send(t *testing.T, keys string) {
	t.Helper()
	if _, err := s.ptmx.Write([]byte(keys)); err != nil {
		t.Fatal(err)
	}
}

// waitExit waits for the program to end and returns its exit status.
func (s *sigTTY) waitExit(t *testing.T, within time.Duration) int {
	t.Helper()
	select {
	case <-s.done:
	case <-time.After(within):
		t.Fatalf("tako-setup still runs %s after the interruption; screen:\n%s", within, s.screen())
	}
	time.Sleep(50 * time.Millisecond) // let the reader drain the last bytes
	if ws, ok := s.cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		t.Fatalf("tako-setup was killed by %v instead of handling it", ws.Signal())
	}
	return s.cmd.ProcessState.ExitCode()
}

// modePairs are the terminal modes a TUI turns on and must turn off again:
// the sequence that enables one, and those that disable it.
var modePairs = []struct {
	name string
	on   string
	off  []string
}{
	{"alternate screen", "\x1b[?1049h", []string{"\x1b[?1049l"}},
	{"hidden cursor", "\x1b[?25l", []string{"\x1b[?25h"}},
	{"bracketed paste", "\x1b[?2004h", []string{"\x1b[?2004l"}},
	{"focus reports", "\x1b[?1004h", []string{"\x1b[?1004l"}},
	{"mouse (all motion)", "\x1b[?1003h", []string{"\x1b[?1003l"}},
	{"mouse (cell motion)", "\x1b[?1002h", []string{"\x1b[?1002l"}},
	{"mouse (clicks)", "\x1b[?1000h", []string{"\x1b[?1000l"}},
	{"mouse (SGR)", "\x1b[?1006h", []string{"\x1b[?1006l"}},
	{"application cursor keys", "\x1b[?1h", []string{"\x1b[?1l"}},
	{"modifyOtherKeys", "\x1b[>4;1m", []string{"\x1b[>4m", "\x1b[>4;0m"}},
	{"modifyOtherKeys level 2", "\x1b[>4;2m", []string{"\x1b[>4m", "\x1b[>4;0m"}},
	{"kitty keyboard flags", "\x1b[>1u", []string{"\x1b[<1u", "\x1b[<u"}},
}

// expectRestored checks the terminal after the program ended: the pty's
// modes as before it started, and every mode it turned on turned off.
func (s *sigTTY) expectRestored(t *testing.T) {
	t.Helper()
	after, err := unix.IoctlGetTermios(int(s.tty.Fd()), unix.TCGETS)
	if err != nil {
		t.Fatalf("reading the terminal's modes: %v", err)
	}
	for _, f := range []struct {
		name       string
		flag       uint32
		before, at uint32
	}{
		{"ICANON (line editing)", unix.ICANON, s.before.Lflag, after.Lflag},
		{"ECHO", unix.ECHO, s.before.Lflag, after.Lflag},
		{"ISIG (ctrl+c sends SIGINT)", unix.ISIG, s.before.Lflag, after.Lflag},
		{"IEXTEN", unix.IEXTEN, s.before.Lflag, after.Lflag},
		{"ICRNL", unix.ICRNL, s.before.Iflag, after.Iflag},
		{"IXON", unix.IXON, s.before.Iflag, after.Iflag},
		{"OPOST", unix.OPOST, s.before.Oflag, after.Oflag},
	} {
		if f.before&f.flag != f.at&f.flag {
			t.Errorf("the terminal's %s is %v after the program, %v before", f.name, f.at&f.flag != 0, f.before&f.flag != 0)
		}
	}
	out := s.output()
	entered := false
	for _, m := range modePairs {
		on := strings.LastIndex(out, m.on)
		if on < 0 {
			continue
		}
		entered = true
		off := -1
		for _, seq := range m.off {
			off = max(off, strings.LastIndex(out, seq))
		}
		if off < on {
			t.Errorf("the program turned on %s and never turned it off (last on at byte %d, last off at %d of %d)", m.name, on, off, len(out))
		}
	}
	if !entered {
		t.Errorf("the program never took the terminal over (no alternate screen, no hidden cursor): not a TUI run?\nscreen:\n%s", s.screen())
	}
}

// sigFiles is what a directory holds, name → content.
func sigFiles(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		m[rel] = string(b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// silentServer accepts connections and never answers: a check against it
// stays in flight until the check's own timeout.
func silentServer(t *testing.T) string {
	t.Helper()
	return "https://" + emutest.SilentServer(t)
}

func TestInterruptingTheTUI(t *testing.T) {
	type how struct {
		name      string
		interrupt func(t *testing.T, s *sigTTY)
		// code is the exit status: 128 + the signal's number (143 for a
		// stop, 129 for a hang-up), 130 for ctrl+c.
		code int
	}
	signal := func(sig syscall.Signal) func(t *testing.T, s *sigTTY) {
		return func(t *testing.T, s *sigTTY) {
			if err := s.cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
		}
	}
	hows := []how{
		{"SIGINT", signal(syscall.SIGINT), exitInterrupted},
		{"SIGTERM", signal(syscall.SIGTERM), exitTerminated},
		{"SIGHUP", signal(syscall.SIGHUP), exitHungUp},
		{"ctrl+c typed", func(t *testing.T, s *sigTTY) { s.send(t, "\x03") }, exitInterrupted},
	}
	whens := []struct {
		name string
		// reach brings the wizard to the moment of the interruption.
		reach func(t *testing.T, s *sigTTY, org string)
	}{
		{"on the first screen", func(t *testing.T, s *sigTTY, _ string) { s.waitFor(t, "Welcome") }},
		{"while a check is in flight", func(t *testing.T, s *sigTTY, org string) {
			s.waitFor(t, "Welcome")
			s.send(t, "\r")
			s.waitFor(t, "Okta org URL")
			s.send(t, org+"\r")
			s.waitFor(t, "Checking")
			time.Sleep(200 * time.Millisecond)
		}},
	}
	const existing = "# Tako's settings\nLOG_LEVEL=debug\nOKTA_CLIENT_ORGURL=https://old.okta.com\n"
	for _, when := range whens {
		for _, h := range hows {
			t.Run(h.name+" "+when.name, func(t *testing.T) {
				t.Parallel()
				home, dir := t.TempDir(), t.TempDir()
				envPath := filepath.Join(dir, "tako.env")
				if when.name == "on the first screen" {
					// An existing file must come through untouched.
					if err := os.WriteFile(envPath, []byte(existing), 0o600); err != nil {
						t.Fatal(err)
					}
				}
				before := sigFiles(t, dir)
				s := startSigTTY(t, home, dir, "--env-file", envPath)
				when.reach(t, s, silentServer(t))
				sent := time.Now()
				h.interrupt(t, s)
				code := s.waitExit(t, 5*time.Second)
				t.Logf("ended %s after the interruption, exit status %d", time.Since(sent).Round(time.Millisecond), code)
				if code != h.code {
					t.Errorf("exit status %d, want %d; screen:\n%s", code, h.code, s.screen())
				}
				s.expectRestored(t)
				if !strings.Contains(s.output(), "Nothing was written") {
					t.Errorf("the program did not say that nothing was written; output ends %q", sigTail(s.output(), 300))
				}
				after := sigFiles(t, dir)
				if len(after) != len(before) || after["tako.env"] != before["tako.env"] {
					t.Errorf("the .env's directory changed: before %d files %q, after %d files %q", len(before), sigKeys(before), len(after), sigKeys(after))
				}
				// The resume state may record how far the wizard got; it
				// holds no secret and nothing half-written.
				for name := range sigFiles(t, home) {
					if strings.HasSuffix(name, ".tmp") || strings.Contains(filepath.Base(name), ".progress-") {
						t.Errorf("a temporary file was left in the home: %s", name)
					}
				}
			})
		}
	}
}

// TestTheTerminalGoingAway: the pty's other side closes (an SSH session
// dropped). The program gets SIGHUP from the kernel and must end without
// writing, and without being killed by a write to the dead terminal.
func TestTheTerminalGoingAway(t *testing.T) {
	t.Parallel()
	home, dir := t.TempDir(), t.TempDir()
	envPath := filepath.Join(dir, ".env")
	s := startSigTTY(t, home, dir, "--env-file", envPath)
	s.waitFor(t, "Welcome")
	s.send(t, "\r")
	s.waitFor(t, "Okta org URL")
	s.send(t, silentServer(t)+"\r")
	s.waitFor(t, "Checking")
	_ = s.ptmx.Close()
	select {
	case <-s.done:
	case <-time.After(5 * time.Second):
		t.Fatal("tako-setup still runs 5 s after its terminal went away")
	}
	if ws, ok := s.cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() && ws.Signal() != syscall.SIGHUP {
		t.Errorf("tako-setup died of %v", ws.Signal())
	}
	if files := sigFiles(t, dir); len(files) != 0 {
		t.Errorf("files written after the terminal went away: %q", sigKeys(files))
	}
}

func sigKeys(m map[string]string) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	return ks
}

func sigTail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}
