package wizard_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/fctr-id/tako-setup/checks/termtext"
	"github.com/fctr-id/tako-setup/wizard"
)

// inertText reports whether s holds nothing a terminal acts on or that
// hides what it is (see checks/termtext): line breaks only.
func inertText(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if r != '\n' && (unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == '\u2028' || r == '\u2029') {
			return false
		}
	}
	return true
}

// oneLine is a hostile sample as it can stand in a .env value.
func oneLine(s string) string { return strings.NewReplacer("\n", " ", "\r", " ").Replace(s) }

// Values from a hostile .env and progress file reach accessible mode's
// welcome summary, its resume prompt and its change list (old values):
// none of them reaches the terminal as it is.
func TestLineModeShowsHostileValuesInert(t *testing.T) {
	for i, h := range termtext.Samples {
		h := oneLine(h)
		t.Run("sample"+string(rune('A'+i)), func(t *testing.T) {
			t.Run("welcome and change list", func(t *testing.T) {
				cfg, _ := demoConfig(t)
				org := cfg.Answers.OrgURL
				text := "TOKEN_METHOD=API_TOKEN" + h + "\nOKTA_CLIENT_ORGURL=https://acme.okta.com/" + h + "\nOKTA_CLIENT_ID=0oa" + h + "\n"
				if err := os.WriteFile(cfg.EnvFile, []byte(text), 0o600); err != nil {
					t.Fatal(err)
				}
				a, err := wizard.LoadExisting(cfg.EnvFile)
				if err != nil {
					t.Skipf("the .env is refused: %v", err)
				}
				cfg.Answers = a
				s := &script{t: t, answers: []string{
					"3", org, "2", "console", "", "console", "console", "",
					"2", // review: no
					"quit",
				}}
				_, _, _ = wizard.RunLines(context.Background(), cfg, s)
				out := s.out.String()
				if !strings.Contains(out, "Changes to ") {
					t.Fatalf("the review was not reached:\n%s", s.tail())
				}
				if !inertText(out) {
					t.Fatalf("a hostile value reached the transcript as it is: %q", out)
				}
			})
			t.Run("resume prompt", func(t *testing.T) {
				cfg, _ := demoConfig(t)
				cfg.Resume = &wizard.Progress{OrgURL: "https://acme.okta.com" + h, EnvFile: cfg.EnvFile}
				s := &script{t: t, answers: []string{"quit"}}
				_, _, _ = wizard.RunLines(context.Background(), cfg, s)
				out := s.out.String()
				if !strings.Contains(out, "Saved progress found for ") {
					t.Fatalf("no resume prompt:\n%s", out)
				}
				if !inertText(out) {
					t.Fatalf("the progress file's org URL reached the transcript as it is: %q", out)
				}
			})
		})
	}
}
