package main

import (
	"strings"
	"testing"
	"time"
)

// Accessible mode walks the automatic branch too: the method's third
// choice, the admin token read without echo (the demo console supplies
// it), every API call as a line with its status in words, the summary,
// then the Done step's checks of the written file.
func TestAccessibleAutomaticBranchOnTheDemo(t *testing.T) {
	s := startSigTTY(t, t.TempDir(), t.TempDir(), "--demo", "--accessible", "--env-file", ".env")
	s.waitFor(t, "Okta org URL [")
	s.send(t, "\r")
	s.waitFor(t, "Choose 1-3")
	s.send(t, "3\r")
	s.waitFor(t, "Temporary Super Administrator API token")
	s.waitEchoOff(t)
	s.send(t, "console\r")
	s.waitFor(t, "Label of Tako's app in Okta")
	s.send(t, "\r")
	if code := s.waitExit(t, 30*time.Second); code != 0 {
		t.Errorf("exit %d", code)
	}
	out := s.output()
	for _, want := range []string{"DONE: Create the API Services app", "DONE: Grant okta.users.read",
		"WARNING: Okta made the app a Super Administrator", "DONE: Prove the admin token is dead",
		"Admin token revoked and proven dead", "System Log event types an auditor will see", "Wrote:", "The file was read back from disk and checked: 10 passed — Tako can use this file."} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in the output", want)
		}
	}
}
