package main

import (
	"context"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fctr-id/tako-setup/checks/emulator"
	"github.com/fctr-id/tako-setup/checks/emulator/emutest"
)

// The probe's case: A.env works; an automatic setup for B.env reuses A's
// app and is interrupted just after it deactivated A's key. A.env must
// still work, and the screen must not offer a key no run can use.
func TestAutomaticSetupInterruptedAfterTheKeySwapKeepsTheOtherEnvWorking(t *testing.T) {
	o := newAutoOrg(t)
	if r := runAuto(t, "", o.args(o.superFile, "--yes")...); r.code != 0 {
		t.Fatalf("setup A: %d %s", r.code, r.stderr)
	}
	app := o.org.AppsByLabel("Tako")[0]
	kidA := app.Keys[0].KID
	su := o.org.Token(o.superID).UserID
	tok := o.org.AddToken(&emulator.APIToken{UserID: su, Name: "b"})
	file := emutest.WriteFile(t, o.dir, "b.token", tok.Value)
	o.org.SetLatency(20 * time.Millisecond)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		for ctx.Err() == nil {
			if a := o.org.App(app.ClientID); a != nil && len(a.Keys) > 0 && a.Keys[0].Status == "INACTIVE" {
				cancel() // ctrl+c just after "Deactivate the other active key"
				return
			}
			time.Sleep(time.Millisecond)
		}
	}()
	r := runAutoCtx(t, ctx, "", "--non-interactive", "--org-url", o.srv.URL, "--admin-token-file", file,
		"--env-file", filepath.Join(o.dir, "b.env"), "--ca-file", o.caFile, "--yes")
	if r.code != 130 {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	a := o.org.App(app.ClientID)
	active := 0
	for _, k := range a.Keys {
		if k.Status == "ACTIVE" {
			active++
			if k.KID != kidA {
				t.Errorf("active key %s is not A.env's", k.KID)
			}
		}
	}
	if active != 1 {
		t.Fatalf("%d active keys: A.env no longer works\n%s", active, r.stderr)
	}
	if r := runAuto(t, "", "check", "--env-file", o.env(), "--ca-file", o.caFile); r.code != 0 {
		t.Fatalf("A.env fails its check after the interrupted run: %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if strings.Contains(r.stderr, "its key") {
		t.Errorf("the screen offers a key that was removed:\n%s", r.stderr)
	}
}

// Messages of the automatic paths are sentences that say true things.
func TestAutomaticMessages(t *testing.T) {
	o := newAutoOrg(t)
	r := runAuto(t, "", o.args(o.superFile, "--yes")...)
	if r.code != 0 {
		t.Fatalf("setup: %d %s", r.code, r.stderr)
	}
	if app := o.org.AppsByLabel("Tako")[0]; !strings.Contains(r.stdout, "Created the app "+app.ID+"; key") {
		t.Errorf("the app id is said twice or not at all:\n%s", r.stdout)
	}
	// An Org Admin's token for rotation: refused, and not called undeletable.
	r = runAuto(t, "", "rotate", "--non-interactive", "--admin-token-file", o.oaFile, "--env-file", o.env(), "--ca-file", o.caFile, "--yes")
	if r.code != 2 || strings.Contains(r.stdout+r.stderr, "could NOT be revoked") || strings.Contains(r.stdout+r.stderr, "then delete this token") ||
		!strings.Contains(r.stdout+r.stderr, "made no change") {
		t.Errorf("rotate with an Org Admin's token: %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// The token already revoked: it is dead, nothing to delete.
	r = runAuto(t, "", "rotate", "--non-interactive", "--admin-token-file", o.superFile, "--env-file", o.env(), "--ca-file", o.caFile, "--yes")
	if strings.Contains(r.stdout+r.stderr, "could NOT be revoked") {
		t.Errorf("rotate with a revoked token: %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// An API-token .env: the explanation is a sentence.
	emutest.WriteFile(t, o.dir, "tok.env", "OKTA_CLIENT_ORGURL="+o.srv.URL+"\nTOKEN_METHOD=API_TOKEN\nOKTA_API_TOKEN=00abcdefghijklmnopqrstuvwxyz0123456789AB\n")
	r = runAuto(t, "", "rotate", "--non-interactive", "--admin-token-file", o.oaFile, "--env-file", filepath.Join(o.dir, "tok.env"), "--ca-file", o.caFile, "--yes")
	if !strings.Contains(r.stderr, "Okta has no API to create API tokens") {
		t.Errorf("%s", r.stderr)
	}
}

// The org cannot be reached: the still-live token is mentioned.
func TestAutomaticSetupUnreachableOrgMentionsTheToken(t *testing.T) {
	o := newAutoOrg(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing answers there now
	r := runAuto(t, "", "--non-interactive", "--org-url", "https://"+addr, "--admin-token-file", o.superFile,
		"--env-file", o.env(), "--ca-file", o.caFile, "--yes")
	if r.code == 0 || !strings.Contains(r.stderr, "admin token was not revoked") {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
}

// --app-label with control or bidirectional characters is refused before
// anything is sent.
func TestAutomaticSetupRefusesALabelWithControlCharacters(t *testing.T) {
	o := newAutoOrg(t)
	for _, l := range []string{"Tako\x1b[31m", "Tako\u202eorp"} {
		r := runAuto(t, "", o.args(o.superFile, "--yes", "--app-label", l)...)
		if r.code != 2 || !strings.Contains(r.stderr, "--app-label") {
			t.Errorf("%q: exit %d\n%s", l, r.code, r.stderr)
		}
	}
	if len(o.org.Apps) != 0 || len(o.org.Events()) != 0 || o.org.Token(o.superID).Revoked {
		t.Fatal("something was sent to Okta")
	}
}
