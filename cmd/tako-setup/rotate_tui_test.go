package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/fctr-id/tako-setup/wizard"
	"github.com/fctr-id/tako-setup/wizard/tuitest"
)

// TestRotateDemoInTheTUI walks an OAuth 2.0 rotation in the Bubble Tea
// front end on the demo org, the console doing the admin's part.
func TestRotateDemoInTheTUI(t *testing.T) {
	enter := tea.KeyPressMsg{Code: tea.KeyEnter}
	ctrlO := tea.KeyPressMsg{Code: 'o', Mod: tea.ModCtrl}
	s := &rotScript{t: t}
	var stderr bytes.Buffer
	deps := rotDeps(s, &stderr)
	deps.isTerminal = func(uintptr) bool { return true }
	var raw string
	deps.runTUI = func(ctx context.Context, m *wizard.Model, _ io.Reader, _ io.Writer) error {
		tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(80, 24))
		scr := tuitest.NewScreen(t, tm.Output(), 80, 24)
		scr.WaitFor("The current key works", "Press Enter to continue.")
		tm.Send(enter)
		scr.WaitFor("Where is the app's private key?", "› 1. Generate one here")
		tm.Send(enter)
		scr.WaitFor("paste this public key:", `"kty":"RSA"`, "ctrl+o add the key in Okta")
		tm.Send(ctrlO)
		scr.WaitFor("Okta accepts the new key, named by its kid")
		tm.Send(enter)
		scr.WaitFor("Write these changes?", "~ OKTA_OAUTH2_PRIVATE_KEY_PEM")
		tm.Send(enter)
		// The step waits for the admin instead of failing at once.
		scr.WaitFor("▸○ Deactivate old", "keep only the new key (kid", "ctrl+o deactivate the old key")
		if strings.Contains(scr.String(), "✗") {
			t.Fatalf("the deactivate step failed before the admin could act:\n%s", scr.String())
		}
		tm.Send(ctrlO)
		scr.WaitFor("Okta accepts the new key as Tako sends it")
		tm.Send(enter)
		scr.WaitFor("Okta refuses the old key")
		tm.Send(enter)
		scr.WaitFor("Written:", "Re-read from disk", "Rotation done")
		tm.Send(enter)
		tm.WaitFinished(t, teatest.WithFinalTimeout(10*time.Second))
		raw = scr.Raw()
		return nil
	}
	env := filepath.Join(t.TempDir(), ".env")
	cmd := newRotateCmdWith(deps)
	cmd.SetArgs([]string{"--demo", "--env-file", env})
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	if err := cmd.ExecuteContext(context.Background()); err != nil {
		t.Fatalf("%v\n%s", err, stderr.String())
	}
	if !strings.Contains(stderr.String(), "Okta refuses the old key") {
		t.Fatalf("stderr = %q", stderr.String())
	}
	noKeyMaterial(t, raw)
}

// Every step of a rotation, both methods, at each size: addresses and
// paths whole on a line of their own, no finding cut.
func TestRotationScreensKeepAddressesWholeAndFindingsReachable(t *testing.T) {
	for _, size := range tuitest.ScreenSizes {
		for _, method := range []string{"oauth2", "api-token"} {
			t.Run(fmt.Sprintf("%s %dx%d", method, size[0], size[1]), func(t *testing.T) {
				s := &rotScript{t: t}
				var stderr bytes.Buffer
				deps := rotDeps(s, &stderr)
				deps.isTerminal = func(uintptr) bool { return true }
				deps.tick = tuitest.InstantTick
				env := filepath.Join(t.TempDir(), ".env")
				deps.runTUI = func(ctx context.Context, m *wizard.Model, _ io.Reader, _ io.Writer) error {
					d := tuitest.NewDriver(t, m, size[0], size[1])
					n := tuitest.WalkDemo(t, d, m, m.Config().Console, env, nil)
					if n < 6 {
						t.Errorf("only %d screens checked", n)
					}
					t.Logf("%d screens checked", n)
					return nil
				}
				cmd := newRotateCmdWith(deps)
				cmd.SetArgs([]string{"--demo", "--demo-method", method, "--env-file", env})
				cmd.SilenceUsage, cmd.SilenceErrors = true, true
				if err := cmd.ExecuteContext(context.Background()); err != nil {
					t.Fatalf("%v\n%s", err, stderr.String())
				}
			})
		}
	}
}
