//go:build linux

package wizard_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/creack/pty"
	"golang.org/x/sys/unix"

	"github.com/fctr-id/tako-setup/wizard"
)

// echoProbe is the prompter's output: when the hidden prompt is printed it
// notes whether the terminal's echo was on at that moment. A secret sent as
// soon as the prompt appears (a paste, a script answering prompts) would be
// echoed if it was.
type echoProbe struct {
	tty    int
	prompt string
	mu     sync.Mutex
	seen   bool
	echoOn bool
}

func (p *echoProbe) Write(b []byte) (int, error) {
	if strings.Contains(string(b), p.prompt) {
		tio, err := unix.IoctlGetTermios(p.tty, unix.TCGETS)
		p.mu.Lock()
		p.seen = true
		p.echoOn = err != nil || tio.Lflag&unix.ECHO != 0
		p.mu.Unlock()
	}
	return len(b), nil
}

func TestEchoIsOffBeforeTheSecretPromptIsPrinted(t *testing.T) {
	for _, lines := range []bool{false, true} {
		t.Run(map[bool]string{false: "token", true: "key"}[lines], func(t *testing.T) {
			ptmx, tty, err := pty.Open()
			if err != nil {
				t.Skipf("no pty on this machine: %v", err)
			}
			defer ptmx.Close()
			defer tty.Close()
			go func() { _, _ = ptmx.Read(make([]byte, 4096)) }() // what the terminal echoes
			probe := &echoProbe{tty: int(tty.Fd()), prompt: "API token (typing is hidden): "}
			lp, err := wizard.NewTerminalPrompter(tty, probe)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := ptmx.Write([]byte("answer\n")); err != nil {
				t.Fatal(err)
			}
			if lines {
				_, err = lp.AskSecretLines(context.Background(), probe.prompt, func([]string) bool { return true })
			} else {
				_, err = lp.AskSecretContext(context.Background(), probe.prompt)
			}
			if err != nil {
				t.Fatal(err)
			}
			probe.mu.Lock()
			defer probe.mu.Unlock()
			if !probe.seen {
				t.Fatal("the prompt was not printed")
			}
			if probe.echoOn {
				t.Error("the terminal's echo was still on when the secret's prompt was printed")
			}
		})
	}
}
