package main

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/fctr-id/tako-setup/steps"
	"github.com/fctr-id/tako-setup/wizard"
)

// keptKeyState saves, in a temporary state directory, the key an earlier
// run generated for env (its public half added to the app), and returns
// the deps pointing there.
func keptKeyState(t *testing.T, stderr *bytes.Buffer, env, term string) (wizardDeps, wizard.KeptKey) {
	t.Helper()
	progress := filepath.Join(t.TempDir(), "tako-setup", "progress.json")
	deps := testDeps(t, stderr, map[string]string{"TERM": term})
	deps.progressPath = func() (string, error) { return progress, nil }
	k := steps.KeyFromKeys(rotKeyB(), true)
	kept := wizard.KeptKey{EnvFile: env, OrgURL: "https://acme.okta.com", ClientID: "0oaKEPT123", KID: k.KID,
		Added: true, PEM: k.PEM.Reveal(), Saved: time.Now()}
	if err := (wizard.KeyStore{Path: wizard.KeyPathBeside(progress)}).Save(kept); err != nil {
		t.Fatal(err)
	}
	return deps, kept
}

// A key kept by an earlier run is offered on the next start, and quitting
// says what is left in Okta.
func TestKeptKeyIsOfferedAndQuittingSaysWhatIsLeftInOkta(t *testing.T) {
	var stderr bytes.Buffer
	env := filepath.Join(t.TempDir(), ".env")
	deps, kept := keptKeyState(t, &stderr, env, "xterm")
	var screen string
	deps.runTUI = func(_ context.Context, m *wizard.Model, _ io.Reader, _ io.Writer) error {
		screen = m.View().Content
		m.Update(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl})
		return nil
	}
	cmd, opts := testCmd(t, "--env-file", env)
	if err := runWizard(cmd, opts, deps); exitCode(err) != exitInterrupted {
		t.Fatalf("err = %v", err)
	}
	if !strings.Contains(screen, "Resume where you left off?") || !strings.Contains(screen, kept.KID) {
		t.Fatalf("the kept key was not offered:\n%s", screen)
	}
	out := stderr.String()
	for _, want := range []string{"Nothing was written.", "Left in Okta:", "Public key " + kept.KID + " was added to app 0oaKEPT123: resume to use it", "or delete it in the console"} {
		if !strings.Contains(out, want) {
			t.Errorf("stderr lacks %q:\n%s", want, out)
		}
	}
}

// The same in accessible mode: the kept key is offered, and quitting at
// that question lists it.
func TestKeptKeyInAccessibleMode(t *testing.T) {
	var stderr bytes.Buffer
	env := filepath.Join(t.TempDir(), ".env")
	deps, kept := keptKeyState(t, &stderr, env, "dumb")
	lp := &quitter{}
	deps.newLinePrompts = func() (wizard.LinePrompter, error) { return lp, nil }
	cmd, opts := testCmd(t, "--env-file", env)
	if err := runWizard(cmd, opts, deps); exitCode(err) != exitInterrupted {
		t.Fatalf("err = %v", err)
	}
	if !strings.Contains(lp.said.String(), "The key generated here before (kid "+kept.KID+") was kept") {
		t.Fatalf("the kept key was not offered:\n%s", lp.said.String())
	}
	if !strings.Contains(stderr.String(), "Left in Okta:") || !strings.Contains(stderr.String(), kept.KID) {
		t.Fatalf("stderr: %s", stderr.String())
	}
}
