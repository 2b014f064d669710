package wizard

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/fctr-id/tako-setup/steps"
	"github.com/fctr-id/tako-setup/wizard/envfile/envfiletest"
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

// fakeToken is an API token made up at run time (never a real one).
func fakeToken(t *testing.T) string {
	t.Helper()
	b := make([]byte, 19)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return "00" + hex.EncodeToString(b) + "x"
}

// switchToOAuth walks the TUI from an existing API-token .env ("set up
// again") to the review of an OAuth 2.0 setup.
func switchToOAuth(t *testing.T, envFile string) *harness {
	t.Helper()
	start, err := LoadExisting(envFile)
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, func(c *Config) {
		real := FileEnv(envFile, nil, nil)
		c.Env.Preview, c.Env.WriteEnv, c.Env.ReadBack = real.Preview, real.WriteEnv, real.ReadBack
		c.Answers, c.EnvFile = start, envFile
	})
	h.expect("What would you like to do?")
	h.key("3", "enter") // set up again
	h.at(steps.OrgURL)
	h.key("enter", "enter") // the proposed org, checked; continue
	h.at(steps.Method)
	h.key("1", "enter") // OAuth 2.0 instead of the file's API token
	h.typeText("0oaTAKO123")
	h.key("enter", "enter")
	h.at(steps.PrivateKey)
	h.send(tea.PasteMsg{Content: testKey(t).PEM.Reveal()})
	h.key("enter")
	for h.m.mach.Current().ID != steps.Review {
		h.key("enter")
	}
	return h
}

func TestSwitchingMethodAsksBeforeRemovingTheOtherSecret(t *testing.T) {
	for _, keep := range []bool{false, true} {
		t.Run(map[bool]string{false: "remove (default)", true: "keep"}[keep], func(t *testing.T) {
			envFile := filepath.Join(t.TempDir(), ".env")
			token := fakeToken(t)
			before := "# Tako\nSLACK_CHANNEL=general\nTOKEN_METHOD=API_TOKEN\nOKTA_CLIENT_ORGURL=https://acme.okta.com\nOKTA_API_TOKEN=" + token + "\n"
			if err := os.WriteFile(envFile, []byte(before), 0o600); err != nil {
				t.Fatal(err)
			}
			h := switchToOAuth(t, envFile)
			if !strings.Contains(strings.Join(h.screens, "\n"), "token     set (hidden)") {
				t.Fatal("the welcome screen did not list the token")
			}
			h.expect("The .env still holds an API token (OKTA_API_TOKEN):", "› 1. Remove it", "2. Keep the other method's credential",
				"~ OKTA_API_TOKEN: …", "+ OKTA_OAUTH2_PRIVATE_KEY_PEM")
			if keep {
				h.key("down") // the preview follows the cursor
				h.expect("› 2. Keep the other method's credential", "+ OKTA_OAUTH2_PRIVATE_KEY_PEM")
				if strings.Contains(h.screen(), "~ OKTA_API_TOKEN: …") {
					t.Fatalf("the preview still removes the token:\n%s", h.screen())
				}
				h.key("up")
				h.expect("~ OKTA_API_TOKEN: …")
				h.key("down")
			}
			h.key("enter") // the choice; then the confirmation
			h.expect("Write these changes?")
			h.key("enter")
			h.at(steps.Done)
			b, err := os.ReadFile(envFile)
			if err != nil {
				t.Fatal(err)
			}
			got := string(b)
			if err := envfiletest.TakoStarts(b); err != nil {
				t.Fatalf("Tako would not start with the written file: %v", err)
			}
			if !strings.Contains(got, "TOKEN_METHOD=OAUTH2") || !strings.Contains(got, "SLACK_CHANNEL=general") {
				t.Fatalf("written:\n%s", got)
			}
			if kept := strings.Contains(got, "OKTA_API_TOKEN="+token); kept != keep {
				t.Fatalf("token kept = %v, want %v:\n%s", kept, keep, got)
			}
			for i, s := range h.screens {
				if strings.Contains(s, token) || strings.Contains(s, token[2:20]) {
					t.Fatalf("screen %d shows the token", i)
				}
			}
		})
	}
}

func TestNoQuestionWithoutAnotherSecret(t *testing.T) {
	envFile := filepath.Join(t.TempDir(), ".env")
	// An API-token file without its token: nothing to remove.
	if err := os.WriteFile(envFile, []byte("TOKEN_METHOD=API_TOKEN\nOKTA_CLIENT_ORGURL=https://acme.okta.com\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	h := switchToOAuth(t, envFile)
	if s := h.screen(); strings.Contains(s, "still holds") || strings.Contains(s, "~ OKTA_API_TOKEN: …") {
		t.Fatalf("asked about a secret the file does not hold:\n%s", s)
	}
	h.expect("Write these changes?")
}
