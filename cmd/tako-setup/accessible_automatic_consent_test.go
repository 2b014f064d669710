package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Accessible mode's automatic branch over an existing .env: the change
// list is shown and the person's yes is needed before anything is
// written; "no" writes nothing.
func TestAccessibleAutomaticAsksBeforeReplacingTheEnv(t *testing.T) {
	dir := t.TempDir()
	before := "OKTA_CLIENT_ORGURL=https://integrator-1234567.okta.com\nOKTA_API_TOKEN=00abcdefghijklmnopqrstuvwxyz0123456789AB\nLLM=keep\n"
	envPath := filepath.Join(dir, ".env")
	if err := os.WriteFile(envPath, []byte(before), 0o600); err != nil {
		t.Fatal(err)
	}
	s := startSigTTY(t, t.TempDir(), dir, "--demo", "--accessible", "--env-file", ".env")
	s.waitFor(t, "Choose 1-3 [1]")
	s.send(t, "3\r") // set up again
	s.waitFor(t, "Okta org URL [")
	s.send(t, "\r")
	s.waitFor(t, "Choose 1-3")
	s.send(t, "3\r") // let tako-setup do the console steps
	s.waitFor(t, "Temporary Super Administrator API token")
	s.waitEchoOff(t)
	s.send(t, "console\r")
	s.waitFor(t, "Label of Tako's app in Okta")
	s.send(t, "\r")
	s.waitFor(t, "Choose 1-2")
	out := s.output()
	for _, want := range []string{"Replace", "OKTA_OAUTH2_PRIVATE_KEY_PEM", "OKTA_API_TOKEN= stays, empty", "backup"} {
		if !strings.Contains(out, want) {
			t.Errorf("the question lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "DONE: Create the API Services app") {
		t.Fatal("Okta was changed before the question was answered")
	}
	s.send(t, "2\r") // no
	s.waitFor(t, "nothing is changed without your yes")
	if b, _ := os.ReadFile(envPath); string(b) != before {
		t.Fatal("the .env changed after a no")
	}
	s.send(t, "1\r") // yes
	if code := s.waitExit(t, 30*time.Second); code != 0 {
		t.Fatalf("exit %d:\n%s", code, s.output())
	}
	b, _ := os.ReadFile(envPath)
	if !strings.Contains(string(b), "OKTA_OAUTH2_CLIENT_ID=") || !strings.Contains(string(b), "LLM=keep") {
		t.Fatalf("not written after yes:\n%s", b)
	}
}
