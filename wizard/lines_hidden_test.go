package wizard_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/fctr-id/tako-setup/wizard"
)

// The line-mode commands work at hidden prompts as at visible ones: a
// token or key line is never "quit", so typing it there must stop the
// wizard, not be taken as the secret and re-asked for ever.
func TestLineModeCommandsAtHiddenPrompts(t *testing.T) {
	toToken := []string{"", "2", "console", ""} // org, API token, the console creates it, done
	const tokenPrompt = "API token (typing is hidden): "
	cases := []struct {
		name    string
		answers []string
		// prompts is how many times the hidden token prompt is shown.
		prompts int
		// says is in the transcript after the command.
		says string
	}{
		{"quit", append(toToken, "quit"), 1, ""},
		{"quit with capitals and spaces", append(toToken, "  QUIT "), 1, ""},
		{"help, then quit", append(toToken, "help", "quit"), 2, "Step 5 of 10: API token"},
		// Back shows the step before (creating the token), which waits
		// for Enter as it did the first time, then the token prompt again.
		{"back, then quit", append(toToken, "back", "", "quit"), 2, "Step 4 of 10: Create the API token"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg, _ := demoConfig(t)
			s := &script{t: t, answers: append([]string(nil), c.answers...)}
			_, _, err := wizard.RunLines(context.Background(), cfg, s)
			if !errors.Is(err, wizard.ErrAborted) {
				t.Fatalf("err = %v, want ErrAborted\n%s", err, s.tail())
			}
			out := s.out.String()
			if n := strings.Count(out, tokenPrompt); n != c.prompts {
				t.Errorf("the hidden token prompt was shown %d times, want %d\n%s", n, c.prompts, s.tail())
			}
			if strings.Contains(out, "Not accepted") {
				t.Errorf("a command was taken as the token:\n%s", s.tail())
			}
			if c.says != "" {
				after := out[strings.Index(out, tokenPrompt):]
				if !strings.Contains(after, c.says) {
					t.Errorf("after the command the transcript lacks %q:\n%s", c.says, s.tail())
				}
			}
			if len(s.answers) != 0 {
				t.Errorf("answers left unused: %q", s.answers)
			}
		})
	}
}

// At the private key prompt (hidden, line by line), "quit" stops at once.
func TestLineModeQuitAtThePrivateKeyPrompt(t *testing.T) {
	cfg, d := demoConfig(t)
	cid := d.Org.AddApp(&demoApp).ClientID
	s := &script{t: t, answers: []string{"", "1", cid, "2", "quit"}}
	_, _, err := wizard.RunLines(context.Background(), cfg, s)
	if !errors.Is(err, wizard.ErrAborted) {
		t.Fatalf("err = %v, want ErrAborted\n%s", err, s.tail())
	}
	if out := s.out.String(); !strings.Contains(out, "paste the whole key") || strings.Contains(out, "Received") {
		t.Errorf("quit at the key prompt was not the command:\n%s", s.tail())
	}
}
