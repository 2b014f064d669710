package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/fctr-id/tako-setup/checks/emulator"
	"github.com/fctr-id/tako-setup/checks/emulator/emutest"
	"github.com/fctr-id/tako-setup/checks/secret"
	"github.com/fctr-id/tako-setup/steps"
	"github.com/fctr-id/tako-setup/wizard"
)

// Quitting the TUI is a key, not a signal: the automatic run still going
// must be stopped, the token revoked, and the screen told what remains.
func TestQuittingTheWizardMidRunRevokesAndSaysWhatRemains(t *testing.T) {
	o := newAutoOrg(t)
	o.org.SetLatency(20 * time.Millisecond)
	cfg := wizard.Config{Env: wizard.FileEnv(o.env(), nil, time.Now)}
	r := wireAutomatic(context.Background(), &cfg, o.srv.Client(), 10*time.Second, false, nil, nil)
	a := steps.Answers{}
	a.OrgURL = emutest.OrgURL
	a.Auto.On, a.Auto.AdminToken = true, secret.New(o.superValue)
	done := make(chan error, 1)
	go func() { done <- cfg.Env.Automate(&a) }()
	// Quit once the grants have started.
	for deadline := time.Now().Add(20 * time.Second); ; {
		if len(o.org.AppsByLabel("Tako")) == 1 && len(o.org.AppsByLabel("Tako")[0].GrantedScopes) > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the run never reached the grants")
		}
		time.Sleep(5 * time.Millisecond)
	}
	var screen bytes.Buffer
	r.stop(&screen)
	if err := <-done; err == nil {
		t.Fatal("the run finished despite the quit")
	}
	if !o.org.Token(o.superID).Revoked {
		t.Fatal("the token is alive after quitting")
	}
	out := screen.String()
	if !strings.Contains(out, "Left in Okta") || !strings.Contains(out, o.org.AppsByLabel("Tako")[0].ID) || !strings.Contains(out, "revoked") {
		t.Fatalf("the screen says:\n%s", out)
	}
}

// Accessible mode asks which app to use when two carry the label.
func TestAccessibleAsksWhichAppWhenTwoCarryTheLabel(t *testing.T) {
	o := newAutoOrg(t)
	o.org.AddApp(&emulator.App{Label: "Tako", Profile: map[string]any{"managedBy": "tako-setup"}})
	second := o.org.AddApp(&emulator.App{Label: "Tako", Profile: map[string]any{"managedBy": "tako-setup"}})
	cfg := wizard.Config{Env: wizard.FileEnv(o.env(), nil, time.Now)}
	var said []string
	answers := []string{"9", "2"}
	ask := func(string) (string, error) {
		v := answers[0]
		answers = answers[1:]
		return v, nil
	}
	wireAutomatic(context.Background(), &cfg, o.srv.Client(), 10*time.Second, false, func(s string) { said = append(said, s) }, ask)
	a := steps.Answers{}
	a.OrgURL = emutest.OrgURL
	a.Auto.On, a.Auto.AdminToken = true, secret.New(o.superValue)
	if err := cfg.Env.Automate(&a); err != nil {
		t.Fatal(err)
	}
	all := strings.Join(said, "\n")
	if a.ClientID != second.ClientID || !strings.Contains(all, "2 apps carry this label") || !strings.Contains(all, "Not accepted") {
		t.Fatalf("used %s (want %s); said:\n%s", a.ClientID, second.ClientID, all)
	}
}
