package provision

import (
	"context"
	"testing"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/emulator"
	"github.com/fctr-id/tako-setup/checks/secret"
)

func TestRotateACompleteSetup(t *testing.T) {
	f := newFixture(t)
	res, err := Setup(context.Background(), f.config(t, f.super.Value))
	if err != nil {
		t.Fatal(err)
	}
	// A second token for the rotation (the first was revoked).
	tok2 := f.org.AddToken(&emulator.APIToken{Name: "tako-setup rotation", UserID: f.super.UserID})
	rot, err := Rotate(context.Background(), RotateConfig{
		OrgURL: res.OrgURL, ClientID: res.ClientID, OldKey: testKey(t, 0), NewKey: testKey(t, 1),
		AdminToken: secret.New(tok2.Value), HTTP: f.srv.Client(), Env: f.env,
	})
	if err != nil {
		t.Fatal(err)
	}
	a := f.org.App(res.ClientID)
	if len(a.Keys) != 1 || a.Keys[0].KID != testKey(t, 1).KID || a.Keys[0].Status != "ACTIVE" {
		t.Fatalf("keys after rotation: %d, first %+v (want kid %s)", len(a.Keys), *a.Keys[0], testKey(t, 1).KID)
	}
	if !rot.OldKeyRefused || !rot.TokenRevoked || !f.tokenRevoked(tok2.ID) || len(rot.Deleted) != 1 {
		t.Fatalf("rotation %+v", rot)
	}
	last := f.env.writes[len(f.env.writes)-1]
	if !last.Key.Equal(testKey(t, 1)) || last.ClientID != res.ClientID {
		t.Fatalf("env %+v", last)
	}
	if f, ok := rot.Report.Find(checks.IDRotateOneKey); !ok || f.Status != checks.Pass {
		t.Fatalf("one-key %+v", f)
	}
}
