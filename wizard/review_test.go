package wizard

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fctr-id/tako-setup/steps"
)

// toReview walks the API-token branch to the review.
func toReviewMachine(t *testing.T, m *Machine, f *fakeOrg) {
	t.Helper()
	settle(t, m, f, m.Start())
	cont(t, m, f)
	submit(t, m, f, map[string]string{"org-url": "acme.okta.com"})
	cont(t, m, f)
	submit(t, m, f, map[string]string{"method": "api-token"})
	submit(t, m, f, nil) // token created
	submit(t, m, f, map[string]string{"api-token": "00tokenTOKENtokenTOKENtokenTOKENtokenTOK"})
	for m.Current().ID != steps.Review {
		cont(t, m, f)
	}
}

func TestAStaleReviewSendsTheMachineBackToTheReview(t *testing.T) {
	f := newFakeOrg()
	env := f.env(t)
	writes := 0
	write := env.WriteEnv
	env.WriteEnv = func(a *steps.Answers) (steps.WriteResult, error) {
		writes++
		if writes == 1 {
			return steps.WriteResult{}, fmt.Errorf("nothing was written: %w", steps.ErrStaleReview)
		}
		return write(a)
	}
	m := New(steps.Setup(), steps.Answers{}, env)
	toReviewMachine(t, m, f)
	submit(t, m, f, map[string]string{"confirm": "yes"})
	expectAt(t, m, steps.Review, Pending)
	if m.Answers().Confirmed || m.Status(steps.Write) != Pending || m.Err(steps.Write) != nil || f.written != nil {
		t.Fatalf("confirmed=%v write=%s written=%v", m.Answers().Confirmed, m.Status(steps.Write), f.written != nil)
	}
	submit(t, m, f, map[string]string{"confirm": "yes"})
	expectAt(t, m, steps.Done, Passed)
	if f.written == nil {
		t.Fatal("not written after confirming the fresh review")
	}
}

func TestTheTUIWritesWhatItShowedOrReviewsAgain(t *testing.T) {
	dir := t.TempDir()
	envFile := filepath.Join(dir, ".env")
	if err := os.WriteFile(envFile, []byte("SLACK_CHANNEL=general\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	previews := 0
	h := newHarness(t, func(c *Config) {
		real := FileEnv(envFile, nil, nil)
		c.Env.Preview = func(a *steps.Answers) (string, error) {
			previews++
			return real.Preview(a)
		}
		c.Env.WriteEnv, c.Env.ReadBack = real.WriteEnv, real.ReadBack
		c.EnvFile = envFile
	})
	h.toMethod(1)
	h.key("enter") // token created
	h.typeText("00tokenTOKENtokenTOKENtokenTOKENtokenTOK")
	h.key("enter")
	for h.m.mach.Current().ID != steps.Review {
		h.key("enter")
	}
	h.expect("+ OKTA_API_TOKEN", "Write these changes?")
	// The preview is made once for the visit, not on every frame.
	h.key("tab", "tab", "f1", "esc")
	if previews != 1 {
		t.Fatalf("%d previews for one visit of the review", previews)
	}
	// Edited on disk after the preview: nothing is written, the wizard
	// says so and shows a fresh preview.
	edited := "SLACK_CHANNEL=general\nOKTA_CONCURRENT_LIMIT=7\n"
	if err := os.WriteFile(envFile, []byte(edited), 0o600); err != nil {
		t.Fatal(err)
	}
	h.key("enter")
	h.at(steps.Review)
	h.expect("Nothing was written: the file was changed on disk after", "Check this fresh preview and confirm again",
		"~ OKTA_CONCURRENT_LIMIT: 7 →")
	if previews != 2 {
		t.Fatalf("%d previews, want a fresh one", previews)
	}
	if b, _ := os.ReadFile(envFile); string(b) != edited {
		t.Fatalf("the edited file was replaced:\n%s", b)
	}
	// Confirming the fresh preview writes it.
	h.key("enter")
	h.at(steps.Done)
	b, err := os.ReadFile(envFile)
	if err != nil || !strings.HasPrefix(string(b), "SLACK_CHANNEL=general\n") || !strings.Contains(string(b), "OKTA_API_TOKEN=") || strings.Contains(string(b), "OKTA_CONCURRENT_LIMIT=7") {
		t.Fatalf("written (%v):\n%s", err, b)
	}
}
