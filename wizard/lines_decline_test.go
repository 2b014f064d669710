package wizard_test

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/fctr-id/tako-setup/wizard"
)

// At "Write these changes? 1. Yes 2. No", every way of saying no writes
// nothing and is accepted: with no .env yet (where the proposal is yes),
// with a .env holding only other settings, and with a .env that already
// holds Okta settings (where there is no proposal).
func TestLineModeNoAtTheReviewWritesNothing(t *testing.T) {
	tokenFlow := []string{
		"",        // org URL
		"2",       // API token
		"console", // create the token in the console (shown once)
		"",        // done in Okta
		"console", // the console pastes it
		"console", // restrict it to a zone
		"",        // rate limit: the recommendation
	}
	for _, start := range []string{"none", "unrelated", "okta"} {
		for _, no := range []string{"2", "no", "n", " NO "} {
			t.Run(start+"/"+strings.TrimSpace(no), func(t *testing.T) {
				cfg, _ := demoConfig(t)
				answers := append([]string(nil), tokenFlow...)
				var before string
				switch start {
				case "unrelated":
					before = "SLACK_CHANNEL=general\n"
				case "okta":
					before = "SLACK_CHANNEL=general\nTOKEN_METHOD=API_TOKEN\nOKTA_CLIENT_ORGURL=" + cfg.Answers.OrgURL + "\n"
				}
				if before != "" {
					if err := os.WriteFile(cfg.EnvFile, []byte(before), 0o600); err != nil {
						t.Fatal(err)
					}
					a, err := wizard.LoadExisting(cfg.EnvFile)
					if err != nil {
						t.Fatal(err)
					}
					if a.Existing != nil { // Okta settings: the file's answers
						cfg.Answers = a
						answers = append([]string{"3"}, answers...) // set up again
					}
				}
				s := &script{t: t, answers: append(answers, no, "quit")}
				outcome, _, err := wizard.RunLines(context.Background(), cfg, s)
				if !errors.Is(err, wizard.ErrAborted) {
					t.Fatalf("the run did not end at the quit after %q: %v %v\n%s", no, outcome, err, s.tail())
				}
				out := s.out.String()
				if strings.Contains(out, "answer yes or no") {
					t.Errorf("%q was refused:\n%s", no, s.tail())
				}
				if !strings.Contains(out, "Nothing was written.") {
					t.Errorf("the transcript does not say nothing was written:\n%s", s.tail())
				}
				got, err := os.ReadFile(cfg.EnvFile)
				switch {
				case before == "" && !errors.Is(err, os.ErrNotExist):
					t.Fatalf("%q wrote %s:\n%s", no, cfg.EnvFile, got)
				case before != "" && string(got) != before:
					t.Fatalf("%q changed %s:\n%s", no, cfg.EnvFile, got)
				}
			})
		}
	}
}
