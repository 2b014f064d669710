package main

import (
	"bytes"
	"context"
	"crypto/rsa"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fctr-id/tako-setup/checks/keys"
	"github.com/fctr-id/tako-setup/steps"
	"github.com/fctr-id/tako-setup/wizard"
	"github.com/fctr-id/tako-setup/wizard/tuitest"
)

// The demo's current key was made in the console ("Generate new key"), so
// Okta lists it under Okta's kid, not its thumbprint. Every rotation
// screen names it by Okta's kid: the current-key finding, the review of
// the .env change, and the deactivate step; the thumbprint appears nowhere.
func TestRotationNamesTheOldKeyByOktasKid(t *testing.T) {
	s := &rotScript{t: t}
	var stderr bytes.Buffer
	deps := rotDeps(s, &stderr)
	deps.isTerminal = func(uintptr) bool { return true }
	deps.tick = tuitest.InstantTick
	env := filepath.Join(t.TempDir(), ".env")
	deps.runTUI = func(ctx context.Context, m *wizard.Model, _ io.Reader, _ io.Writer) error {
		d := tuitest.NewDriver(t, m, 120, 40)
		rd := m.Config().Console.(*rotationDemo)
		app := rd.d.Org.App(rd.clientID)
		if len(app.Keys) != 1 {
			t.Fatalf("the demo app has %d keys", len(app.Keys))
		}
		okta := app.Keys[0].KID
		old := m.Machine().Answers().Rotation.OldKey
		thumb, err := keys.Thumbprint(&old.Private.(*rsa.PrivateKey).PublicKey)
		if err != nil {
			t.Fatal(err)
		}
		if okta == thumb {
			t.Fatal("the demo's key is listed under its thumbprint; the test proves nothing")
		}
		seen := map[steps.ID]string{}
		look := func() {
			id := m.Machine().Current().ID
			scr := tuitest.Squash(d.Reachable())
			seen[id] += scr
			if strings.Contains(scr, thumb) || strings.Contains(scr, thumb[:12]) {
				t.Errorf("%s names the old key by its thumbprint %s:\n%s", id, thumb, d.Screen())
			}
		}
		look()
		for i := 0; i < 30 && !d.Quit; i++ {
			id := m.Machine().Current().ID
			if id == steps.RotateKey || id == steps.RotateDeactivate {
				if st := m.Machine().Status(id); st == wizard.Waiting || st == wizard.Failed {
					d.Key("ctrl+o")
					look()
					continue
				}
			}
			d.Key("enter")
			look()
		}
		for _, c := range []struct {
			id   steps.ID
			want string
		}{
			{steps.RotateCurrent, "kid " + okta + " ("},
			{steps.RotateReviewKey, "kid " + okta + " →"},
			{steps.RotateDeactivate, "the old key is kid " + okta},
		} {
			if !strings.Contains(seen[c.id], tuitest.Squash(c.want)) {
				t.Errorf("%s never showed %q:\n%s", c.id, c.want, seen[c.id])
			}
		}
		return nil
	}
	cmd := newRotateCmdWith(deps)
	cmd.SetArgs([]string{"--demo", "--env-file", env})
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	if err := cmd.ExecuteContext(context.Background()); err != nil {
		t.Fatalf("%v\n%s", err, stderr.String())
	}
}
