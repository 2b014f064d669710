package provision

import (
	"context"
	"errors"
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

func TestRotateRefusesAnOrgAdminAndRollsBackAFailedWrite(t *testing.T) {
	f := newFixture(t)
	res, err := Setup(context.Background(), f.config(t, f.super.Value))
	if err != nil {
		t.Fatal(err)
	}
	rot := func(token string, env Env) (*RotateResult, error) {
		return Rotate(context.Background(), RotateConfig{OrgURL: res.OrgURL, ClientID: res.ClientID, OldKey: testKey(t, 0),
			NewKey: testKey(t, 1), AdminToken: secret.New(token), HTTP: f.srv.Client(), Env: env})
	}
	// An Org Admin's token: refused before any change.
	if _, err := rot(f.oa.Value, f.env); !errors.Is(err, ErrRefused) {
		t.Fatalf("org admin: %v", err)
	}
	if k := f.org.App(res.ClientID).Keys; len(k) != 1 || f.org.Token(f.oa.ID).Revoked {
		t.Fatal("an Org Admin's token changed the org")
	}
	// The .env cannot be written: the new key is removed, the old one kept.
	tok := f.org.AddToken(&emulator.APIToken{Name: "rot", UserID: f.super.UserID})
	out, err := rot(tok.Value, EnvFunc(func(context.Context, EnvValues) error { return errors.New("disk full") }))
	if err == nil || out.EnvWritten || !out.TokenRevoked {
		t.Fatalf("failed write: %v %+v", err, out)
	}
	if k := f.org.App(res.ClientID).Keys; len(k) != 1 || k[0].KID != testKey(t, 0).KID || k[0].Status != "ACTIVE" {
		t.Fatalf("keys after a failed rotation: %d", len(k))
	}
}
