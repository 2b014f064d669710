package main

// Secret canaries through `tako-setup rotate` (the hardening suite, TESTING.md): the rotation
// scripts of rotate_test.go, with both credentials — the old and the new
// key, the old and the new token — turned into canaries (checks/canary).
// No 16-character piece of any of them may appear in what accessible mode
// showed, on stderr, or in a file beside the .env other than the .env and
// its backup. (Not parallel: rotSetup points rotate's engine at the
// emulator through a package variable.)

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fctr-id/tako-setup/checks/canary"
)

// rotCanaryCheck checks a rotation's transcript, stderr and directory for
// every set.
func rotCanaryCheck(t *testing.T, o *rotOrg, r rotRun, sets ...*canary.Set) {
	t.Helper()
	for _, s := range sets {
		s.CheckString(t, "rotate's transcript", r.out)
		s.CheckString(t, "rotate's stderr", r.stderr)
		s.CheckTree(t, o.dir, func(p string) bool {
			base := filepath.Base(p)
			return base == ".env" || strings.HasPrefix(base, ".env.bak-")
		})
	}
}

func TestCanariesInKeyRotation(t *testing.T) {
	oldKey, newKey := canary.Of(t, "", rotKeyA().RSA), canary.Of(t, "", rotKeyB().RSA)
	t.Run("generated here, old key deactivated", func(t *testing.T) {
		o := keyRotOrg(t)
		s := &rotScript{t: t, o: o}
		s.turns = []turn{
			{want: "Choose 1-3 [1]", answer: ""},
			{want: "When the key is added in Okta", do: func() { o.addKey(t, rotKeyB()) }, answer: ""},
			{want: "Choose 1-2", answer: "1"},
			{want: "When it is done in Okta", do: func() { o.deactivate(t, rotKeyA()) }, answer: ""},
		}
		r := runRotateCmd(t, context.Background(), s, "--env-file", o.env, "--accessible")
		if r.err != nil {
			t.Fatalf("%v\n%s", r.err, s.tail())
		}
		rotCanaryCheck(t, o, r, oldKey, newKey)
	})
	t.Run("pasted: the old key again, the new one as PKCS#1, then quit", func(t *testing.T) {
		o := keyRotOrg(t)
		s := &rotScript{t: t, o: o}
		s.turns = []turn{
			{want: "Choose 1-3 [1]", answer: "2"},
			{want: "", answer: oldKey.PEM},      // refused: the key the .env holds
			{want: "", answer: newKey.PKCS1PEM}, // a new key, PKCS#1
			{want: "", answer: "quit"},
		}
		r := runRotateCmd(t, context.Background(), s, "--env-file", o.env, "--accessible")
		rotCanaryCheck(t, o, r, oldKey, newKey)
		if !strings.Contains(r.out, "Not accepted") {
			t.Errorf("the old key pasted again was not refused:\n%s", s.tail())
		}
	})
}

func TestCanariesInTokenRotation(t *testing.T) {
	o := tokenRotOrg(t)
	s := &rotScript{t: t, o: o}
	s.turns = []turn{
		{want: "Press Enter when this is done in Okta", do: func() { o.createToken(o.admin) }, answer: ""},
		{want: "New API token", answer: "#old"}, // the old token again: refused
		{want: "New API token", answer: "#new"},
		{want: "Choose 1-2", answer: "1"},
		{want: "Choose 1-2 [1]", answer: "2"},
		{want: "Choose 1-2", answer: "2"},
	}
	r := runRotateCmdWith(t, context.Background(), &tokenAnswer{rotScript: s, o: o}, "--env-file", o.env, "--accessible")
	if r.err != nil {
		t.Fatalf("%v\n%s", r.err, s.tail())
	}
	oldTok, newTok := canary.Of(t, o.oldTok.Value, rotKeyA().RSA), canary.Of(t, o.newTok.Value, rotKeyA().RSA)
	rotCanaryCheck(t, o, r, oldTok, newTok)
}
