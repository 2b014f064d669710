package wizard_test

import (
	"context"
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
	if !strings.Contains(out[i:], "Changes to "+cfg.EnvFile) {
		t.Fatalf("no fresh preview after the refusal:\n%s", out[i:])
	}
	b, err := os.ReadFile(cfg.EnvFile)
	if err != nil || !strings.HasPrefix(string(b), "SLACK_CHANNEL=general\n") || !strings.Contains(string(b), "OKTA_API_TOKEN=") {
		t.Fatalf("written (%v):\n%s", err, b)
	}
}
