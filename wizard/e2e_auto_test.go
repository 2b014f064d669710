package wizard_test

import (
	"context"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/fctr-id/tako-setup/checks/emulator"
	"github.com/fctr-id/tako-setup/checks/provision"
	"github.com/fctr-id/tako-setup/wizard"
	"github.com/fctr-id/tako-setup/wizard/tuitest"
)

// The method step's third choice: tako-setup makes the console steps
// through Okta's API on the demo org, each call a checklist line, then the
// Done step re-reads the file and checks it.
func TestTUIAutomaticBranchOnTheDemo(t *testing.T) {
	cfg, d := demoConfig(t)
	events := make(chan provision.Event, 4096)
	cfg.AutoEvents = events
	cfg.Env.Automate = wizard.Automate(wizard.AutoDeps{
		Ctx: context.Background(), HTTP: d.HTTP(), WriteEnv: cfg.Env.WriteEnv,
		OnEvent: func(e provision.Event) { events <- e },
	})
	m := wizard.NewModel(context.Background(), cfg)
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(80, 24))
	scr := tuitest.NewScreen(t, tm.Output(), 80, 24)
	scr.WaitFor("Welcome")
	tm.Send(enter)
	scr.WaitFor("› https://integrator-1234567.okta.com")
	tm.Send(enter)
	scr.WaitFor("✓ Okta org found", "Press Enter to continue.")
	tm.Send(enter)
	scr.WaitFor("3. Let tako-setup do the console steps")
	down := key(tea.KeyDown, 0)
	tm.Send(down)
	tm.Send(down)
	scr.WaitFor("› 3. Let tako-setup do the console steps", "needs a temporary Super Administrator API token")
	tm.Send(enter)
	scr.WaitFor("▸· Admin token", "ctrl+o create a temporary Super Administrator token")
	tm.Send(ctrlO)
	scr.WaitFor("▸✓ Console steps", "Created the app", "System Log shows", "Press Enter to continue.")
	// The admin token is revoked and the .env written: esc does not go
	// back to a token step that can never pass again; it says why.
	tm.Send(key(tea.KeyEscape, 0))
	scr.WaitFor("▸✓ Console steps", "The automatic setup is done:")
	tm.Send(enter)
	scr.WaitFor("Written:", "Re-read from disk and checked against the same demo org:", "✓ Key accepted", "✓ DPoP not required")
	tm.Send(enter)
	tm.WaitFinished(t, teatest.WithFinalTimeout(10*time.Second))

	if r := checkWritten(t, d, cfg.EnvFile); !r.OK() {
		t.Fatal("the written .env does not pass every check")
	}
	apps := d.Org.AppsByLabel("Tako")
	if len(apps) != 1 || apps[0].DPoPRequired || len(apps[0].Keys) != 1 {
		t.Fatalf("apps %+v", apps)
	}
	for _, r := range apps[0].Roles {
		if r.Type == "SUPER_ADMIN" {
			t.Fatal("the app kept SUPER_ADMIN")
		}
	}
	for _, tok := range d.Org.Tokens {
		if tok.Name == "tako-setup" && !d.Org.Token(tok.ID).Revoked {
			t.Fatal("the admin token is alive")
		}
	}
}

// A token that is not a Super Administrator's is refused on the automatic
// step, naming the role it lacks; nothing changed in the org.
func TestTUIAutomaticBranchRefusesAReadOnlyAdminsToken(t *testing.T) {
	cfg, d := demoConfig(t)
	cfg.Env.Automate = wizard.Automate(wizard.AutoDeps{Ctx: context.Background(), HTTP: d.HTTP(), WriteEnv: cfg.Env.WriteEnv})
	reader := d.Org.AddToken(&emulator.APIToken{Name: "reader", UserID: d.AdminID})
	m := wizard.NewModel(context.Background(), cfg)
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(80, 24))
	scr := tuitest.NewScreen(t, tm.Output(), 80, 24)
	scr.WaitFor("Welcome")
	tm.Send(enter)
	scr.WaitFor("› https://integrator-1234567.okta.com")
	tm.Send(enter)
	scr.WaitFor("✓ Okta org found")
	tm.Send(enter)
	scr.WaitFor("3. Let tako-setup do the console steps")
	tm.Send(key(tea.KeyDown, 0))
	tm.Send(key(tea.KeyDown, 0))
	tm.Send(enter)
	scr.WaitFor("▸· Admin token")
	tm.Type(reader.Value)
	tm.Send(enter)
	tm.Send(enter)
	scr.WaitFor("▸✗ Console steps", "Read Only Administrator", "nothing was changed")
	if len(d.Org.Apps) != 0 || len(d.Org.Events()) != 0 || d.Org.Token(reader.ID).Revoked {
		t.Fatal("a refused token changed the org")
	}
	tm.Send(key('c', tea.ModCtrl))
	tm.WaitFinished(t, teatest.WithFinalTimeout(10*time.Second))
}
