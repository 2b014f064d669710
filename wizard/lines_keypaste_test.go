package wizard_test

// askKeyText with a prompter that reads the pasted key under one echo-off
// section (SecretLinesPrompter): the whole key is one read, the line
// commands still work as its first line, and "quit" stops on any line.

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/fctr-id/tako-setup/wizard"
)

// linesScript is a script whose hidden multi-line reads take answers until
// the wizard's done says the key is whole. Single hidden reads still count,
// so that a test sees which way the key was read.
type linesScript struct {
	script
	multi, single int
}

func (s *linesScript) AskSecret(prompt string) (string, error) {
	s.single++
	return s.script.AskSecret(prompt)
}

func (s *linesScript) AskSecretLines(_ context.Context, prompt string, done func([]string) bool) ([]string, error) {
	s.multi++
	s.out.WriteString(prompt)
	var lines []string
	for {
		if len(s.answers) == 0 {
			s.t.Fatalf("the script ran out of answers inside the key; transcript:\n%s", s.tail())
		}
		lines = append(lines, s.answers[0])
		s.answers = s.answers[1:]
		if done(lines) {
			s.out.WriteString("\n")
			return lines, nil
		}
	}
}

// sharedPEMLines is the shared test key as PEM, one entry per line.
func sharedPEMLines(t *testing.T) []string {
	t.Helper()
	sharedKey()
	lines := strings.Split(strings.TrimSpace(sharedK.PEM().Reveal()), "\n")
	if len(lines) < 10 {
		t.Fatalf("the test key's PEM has %d lines", len(lines))
	}
	return lines
}

func TestLineModeKeyPasteIsOneHiddenRead(t *testing.T) {
	pem := sharedPEMLines(t)
	cases := []struct {
		name string
		// key is what is typed at the key prompt, a line per entry.
		key     []string
		wantErr error
		// says is printed after the key prompt.
		says string
		// multi is how many multi-line reads there were.
		multi int
	}{
		// The key ends itself when whole: no empty line needed. Then the
		// demo app has no public key: the check fails, and quit stops.
		{"a whole key", append(append([]string{}, pem...), "quit"), wizard.ErrAborted, "Received " + strconv.Itoa(len(pem)) + " lines (not shown).", 1},
		// Two lines are no key: not accepted, the key is asked again.
		{"an empty line ends it", []string{pem[0], pem[1], "", "quit"}, wizard.ErrAborted, "Received 2 lines (not shown).\nNot accepted", 2},
		{"back as the first line", []string{"BACK", "quit"}, wizard.ErrAborted, "Step 4 of 12", 1},
		{"help as the first line", []string{" help ", "quit"}, wizard.ErrAborted, "Tako proves it is the app", 2},
		{"quit in the middle", []string{pem[0], pem[1], "quit"}, wizard.ErrAborted, "", 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg, d := demoConfig(t)
			cid := d.Org.AddApp(&demoApp).ClientID
			s := &linesScript{script: script{t: t, answers: append([]string{"", "1", cid, "2"}, c.key...)}}
			_, _, err := wizard.RunLines(context.Background(), cfg, s)
			if !errors.Is(err, c.wantErr) {
				t.Fatalf("err = %v, want %v\n%s", err, c.wantErr, s.tail())
			}
			if s.single != 0 || s.multi != c.multi {
				t.Errorf("the key was read with %d multi-line and %d single hidden reads, want %d and 0", s.multi, s.single, c.multi)
			}
			out := s.out.String()
			i := strings.Index(out, "paste the whole key")
			if i < 0 {
				t.Fatalf("no key prompt:\n%s", s.tail())
			}
			if !strings.Contains(out[i:], c.says) {
				t.Errorf("after the key prompt the transcript lacks %q:\n%s", c.says, s.tail())
			}
			if c.name == "quit in the middle" && strings.Contains(out, "Received") {
				t.Errorf("quit inside the key was taken as key text:\n%s", s.tail())
			}
			for _, line := range pem[1 : len(pem)-1] {
				if strings.Contains(out, line) {
					t.Fatalf("the transcript shows a line of the key:\n%s", s.tail())
				}
			}
			if len(s.answers) != 0 {
				t.Errorf("answers left unused: %d", len(s.answers))
			}
		})
	}
}
