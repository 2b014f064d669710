package wizard_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"strings"
	"testing"

	"github.com/fctr-id/tako-setup/wizard"
)

// editingScript is a script that, the first time the review asks for the
// confirmation, edits the .env behind the wizard's back.
type editingScript struct {
	*script
	path, extra string
	done        bool
}

func (s *editingScript) Ask(prompt string) (string, error) {
	if !s.done && strings.HasSuffix(strings.TrimRight(s.out.String(), "\n"), "2. No") {
		s.done = true
		f, err := os.OpenFile(s.path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
		if err != nil {
			s.t.Fatal(err)
		}
		if _, err := f.WriteString(s.extra); err != nil {
			s.t.Fatal(err)
		}
		_ = f.Close()
	}
	return s.script.Ask(prompt)
}

func TestLineModeReviewsAgainWhenTheFileChangesBeforeTheWrite(t *testing.T) {
	cfg, _ := demoConfig(t)
	s := &editingScript{script: &script{t: t, answers: []string{
		"",        // org URL
		"2",       // API token
		"console", // create the token in the console (shown once)
		"",        // done in Okta
		"console", // the console pastes it
		"console", // restrict it to a zone
		"",        // rate limit: the recommendation
		"1",       // review: yes — but the file changes meanwhile
		"1",       // the fresh review: yes
	}}, path: cfg.EnvFile, extra: "SLACK_CHANNEL=general\n"}
	outcome, _, err := wizard.RunLines(context.Background(), cfg, s)
	if err != nil || outcome != wizard.Finished {
		t.Fatalf("%v %v\n%s", outcome, err, s.tail())
	}
	out := s.out.String()
	i := strings.Index(out, "Nothing was written: the file was changed on disk after the preview. Check this fresh preview and confirm again.")
	if i < 0 {
		t.Fatalf("the transcript does not say the file changed:\n%s", s.tail())
	}
	if !strings.Contains(out[i:], "Changes to this file:\n"+cfg.EnvFile) {
		t.Fatalf("no fresh preview after the refusal:\n%s", out[i:])
	}
	b, err := os.ReadFile(cfg.EnvFile)
	if err != nil || !strings.HasPrefix(string(b), "SLACK_CHANNEL=general\n") || !strings.Contains(string(b), "OKTA_API_TOKEN=") {
		t.Fatalf("written (%v):\n%s", err, b)
	}
}

func TestLineModeAsksBeforeRemovingTheOtherMethodsSecret(t *testing.T) {
	cfg, d := demoConfig(t)
	b := make([]byte, 19)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	token := "00" + hex.EncodeToString(b) + "q" // made up at run time
	text := "SLACK_CHANNEL=general\nTOKEN_METHOD=API_TOKEN\nOKTA_CLIENT_ORGURL=" + cfg.Answers.OrgURL + "\nOKTA_API_TOKEN=" + token + "\n"
	if err := os.WriteFile(cfg.EnvFile, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	start, err := wizard.LoadExisting(cfg.EnvFile)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Answers = start
	s := &script{t: t, answers: []string{
		"3",       // set up again
		"",        // org URL: the file's
		"1",       // OAuth 2.0 instead of the file's API token
		"console", // the console creates the app and fills its client ID
		"1",       // generate a key here
		"console", // add the public key in Okta
		"console", // DPoP: untick it
		"console", // scopes: grant the missing one
		"",        // admin role: continue despite the warning
		"",        // rate limit: take the recommendation
		"2",       // the API token: keep it
		"1",       // write: yes
	}}
	outcome, _, err := wizard.RunLines(context.Background(), cfg, s)
	if err != nil || outcome != wizard.Finished {
		t.Fatalf("%v %v\n%s", outcome, err, s.tail())
	}
	out := s.out.String()
	ask := strings.Index(out, "The .env still holds an API token (OKTA_API_TOKEN):\n  1. Remove it")
	if ask < 0 || !strings.Contains(out[:ask], "~ OKTA_API_TOKEN: …") {
		t.Fatalf("the question, after a preview that removes the token, is missing:\n%s", s.tail())
	}
	// After "keep", the preview shown again no longer removes it.
	after := out[ask:]
	j := strings.Index(after, "Changes to this file:\n"+cfg.EnvFile)
	if j < 0 || strings.Contains(after[j:], "~ OKTA_API_TOKEN: …") {
		t.Fatalf("no preview that keeps the token:\n%s", after)
	}
	got, err := os.ReadFile(cfg.EnvFile)
	if err != nil || !strings.Contains(string(got), "OKTA_API_TOKEN="+token) || !strings.Contains(string(got), "TOKEN_METHOD=OAUTH2") {
		t.Fatalf("written (%v):\n%s", err, got)
	}
	if strings.Count(out, token) != 0 {
		t.Fatal("the transcript shows the token")
	}
	checkWritten(t, d, cfg.EnvFile)
}
