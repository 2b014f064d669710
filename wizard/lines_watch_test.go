package wizard_test

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/steps"
	"github.com/fctr-id/tako-setup/wizard"
)

// watcher is the script with a watch: at its first AskWatching it lets a
// tick through (DPoP still on: the check fails), then unticks DPoP in the
// demo console, as the admin would, and lets the next tick through.
type watcher struct {
	*script
	fix     func()
	ticks   chan time.Time
	watched int
}

func (w *watcher) AskWatching(ctx context.Context, prompt string, ticks <-chan time.Time, check func() bool) (string, bool, error) {
	if len(w.answers) > 0 && w.answers[0] != watchHere {
		v, err := w.Ask(prompt) // answered at once: nothing watched
		return v, false, err
	}
	w.answers = w.answers[1:]
	w.watched++
	w.out.WriteString(prompt)
	for i := 0; i < 5; i++ {
		w.ticks <- time.Time{} // the injected clock ticks
		<-ticks
		if check() {
			w.out.WriteString("\n")
			return "", true, nil
		}
		if i == 0 {
			w.fix()
		}
	}
	w.t.Fatal("the step never passed while watched")
	return "", false, nil
}

// watchHere in a script's answers: wait, watching, instead of answering.
const watchHere = "<watch>"

// Accessible mode watches Okta while a step waits for the console: the
// DPoP step passes by itself once DPoP is off, without an answer.
func TestLineModeWatchesOkta(t *testing.T) {
	cfg, d := demoConfig(t)
	w := &watcher{script: &script{t: t, answers: []string{
		"",        // org URL
		"1",       // OAuth 2.0
		"console", // the app
		"1",       // generate a key
		"console", // add it in Okta
		watchHere, // DPoP fails: watched, no answer
		"quit",    // at the scopes step
	}}, ticks: make(chan time.Time, 1)}
	cfg.Ticks = func(time.Duration) (<-chan time.Time, func()) { return w.ticks, func() {} }
	w.fix = func() {
		// The app the console created, as the transcript names it.
		id := regexp.MustCompile(`client ID (0oa\w+)`).FindStringSubmatch(w.out.String())
		if id == nil {
			t.Fatalf("no client ID in the transcript:\n%s", w.tail())
		}
		a := cfg.Answers
		a.Method, a.ClientID = checks.OAuth2, id[1]
		if _, err := d.Console().Do(context.Background(), steps.DPoP, a); err != nil {
			t.Fatal(err)
		}
	}
	_, _, err := wizard.RunLines(context.Background(), cfg, w)
	if err == nil {
		t.Fatal("the run did not stop at quit")
	}
	out := w.out.String()
	if w.watched != 1 || !strings.Contains(out, "Watching Okta: checking again every 3600 s") {
		t.Fatalf("watched %d times:\n%s", w.watched, w.tail())
	}
	i := strings.Index(out, "Okta shows it done.")
	if i < 0 || !strings.Contains(out[i:], "PASS: DPoP not required") || !strings.Contains(out[i:], "Step 7 of 12: API scopes") {
		t.Fatalf("the step did not pass by itself:\n%s", w.tail())
	}
}
