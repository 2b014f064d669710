package wizard_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/fctr-id/tako-setup/checks/provision"
	"github.com/fctr-id/tako-setup/wizard"
	"github.com/fctr-id/tako-setup/wizard/tuitest"
)

// The TUI's automatic branch over an existing .env asks the person before
// anything changes: the change list, then yes; without the yes nothing
// runs and nothing is written.
func TestTUIAutomaticAsksBeforeReplacingTheEnv(t *testing.T) {
	cfg, d := demoConfig(t)
	before := "OKTA_CLIENT_ORGURL=" + d.Answers().OrgURL + "\nOKTA_API_TOKEN=00abcdefghijklmnopqrstuvwxyz0123456789AB\nLLM=keep\n"
	if err := os.WriteFile(cfg.EnvFile, []byte(before), 0o600); err != nil {
		t.Fatal(err)
	}
	existing, err := wizard.LoadExisting(cfg.EnvFile)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Answers = existing
	events := make(chan provision.Event, 4096)
	cfg.AutoEvents = events
	cfg.Env.Automate = wizard.Automate(wizard.AutoDeps{
		Ctx: context.Background(), HTTP: d.HTTP(), WriteEnv: cfg.Env.WriteEnv,
		OnEvent: func(e provision.Event) { events <- e },
	})
	m := wizard.NewModel(context.Background(), cfg)
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(100, 40))
	scr := tuitest.NewScreen(t, tm.Output(), 100, 40)
	down := key(tea.KeyDown, 0)
	scr.WaitFor("Set up again")
	tm.Send(down)
	tm.Send(down)
	tm.Send(enter)
	scr.WaitFor("› https://integrator-1234567.okta.com")
	tm.Send(enter)
	scr.WaitFor("✓ Okta org found", "Press Enter to continue.")
	tm.Send(enter)
	scr.WaitFor("3. Let tako-setup do the console steps")
	tm.Send(down) // from the .env's method, API token
	scr.WaitFor("› 3. Let tako-setup do the console steps")
	tm.Send(enter)
	scr.WaitFor("▸· Admin token")
	tm.Send(ctrlO)
	scr.WaitFor("Replace")
	tm.Send(key(tea.KeyTab, 0))
	scr.WaitFor("Label of Tako's app")
	tm.Send(key(tea.KeyTab, 0))
	scr.WaitFor("The API token is removed:", "OKTA_API_TOKEN= stays, empty")
	if len(d.Org.AppsByLabel("Tako")) != 0 {
		t.Fatal("Okta was changed before the person agreed")
	}
	// "Not yet": refused, nothing runs, nothing is written.
	tm.Send(key(tea.KeyDown, 0))
	scr.WaitFor("› 2. Not yet")
	tm.Send(enter)
	scr.WaitFor("nothing is changed without your yes")
	if len(d.Org.AppsByLabel("Tako")) != 0 {
		t.Fatal("Okta was changed after a no")
	}
	if b, _ := os.ReadFile(cfg.EnvFile); string(b) != before {
		t.Fatal("the .env changed after a no")
	}
	// Yes: the run goes and writes the file.
	tm.Send(key(tea.KeyUp, 0))
	scr.WaitFor("› 1. Yes, write it")
	tm.Send(enter)
	scr.WaitFor("▸✓ Console steps", "Press Enter to continue.")
	tm.Send(enter)
	scr.WaitFor("Re-read from disk and checked against the same demo org:", "✓ Key accepted")
	tm.Send(enter)
	tm.WaitFinished(t, teatest.WithFinalTimeout(10*time.Second))
	if b, _ := os.ReadFile(cfg.EnvFile); !strings.Contains(string(b), "OKTA_OAUTH2_CLIENT_ID=") || !strings.Contains(string(b), "LLM=keep") {
		t.Fatalf("not written after yes:\n%s", b)
	}
}
