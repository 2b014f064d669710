package wizard_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/fctr-id/tako-setup/wizard"
)

// "back" goes past a step that passes on its own (DPoP asks nothing):
// there it waits, and a second "back" reaches the key step.
func TestLineModeGoesBackPastAStepThatAsksNothing(t *testing.T) {
	cfg, _ := demoConfig(t)
	s := &script{t: t, answers: []string{
		"",        // org URL
		"1",       // OAuth 2.0
		"console", // the app
		"1",       // generate a key
		"console", // add it in Okta
		"console", // DPoP: untick it
		"back",    // at the failed scopes step: back to DPoP…
		"back",    // …which asks nothing: further back
		"quit",    // at the key step
	}}
	_, _, err := wizard.RunLines(context.Background(), cfg, s)
	if !errors.Is(err, wizard.ErrAborted) {
		t.Fatalf("%v\n%s", err, s.tail())
	}
	out := s.out.String()
	i := strings.Index(out, "This step asks nothing. Press Enter to check it again, or type \"back\" to go further back: back")
	if i < 0 {
		t.Fatalf("the step that asks nothing did not wait:\n%s", s.tail())
	}
	if !strings.Contains(out[i:], "Step 5 of 12: Private key") {
		t.Fatalf("back did not reach the key step:\n%s", s.tail())
	}
}
