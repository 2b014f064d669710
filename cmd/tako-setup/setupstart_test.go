package main

import (
	"os"
	"runtime"
	"strings"
	"testing"
)

// TestScriptedSetupsRefuseAnUnwritableEnvBeforeChecking: a .env with a
// quote that never closes was refused only after every check ran (and,
// in the automatic setup, after the changes in Okta); both scripted setups
// refuse it at once now, naming the file once.
func TestScriptedSetupsRefuseAnUnwritableEnvBeforeChecking(t *testing.T) {
	const bad = "OPENAI=1\nSLACK=\"never closed\nOTHER=1\n"

	o := newNIOrg(t)
	env := o.file(t, ".env", bad)
	r := runTakoSetup(t, niSetup{}, o.oauthArgs("--yes")...)
	if r.code != 2 || !strings.Contains(r.stderr, "never closes") || strings.Contains(r.stdout+r.stderr, "Checking https") {
		t.Fatalf("non-interactive: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	if n := strings.Count(r.stderr, env); n != 1 {
		t.Errorf("the path appears %d times:\n%s", n, r.stderr)
	}

	a := newAutoOrg(t)
	if err := os.WriteFile(a.env(), []byte(bad), 0o600); err != nil {
		t.Fatal(err)
	}
	r = runAuto(t, "", a.args(a.superFile, "--yes")...)
	if r.code != 2 || !strings.Contains(r.stderr, "never closes") {
		t.Fatalf("automatic: exit %d\n%s", r.code, r.stderr)
	}
	if len(a.org.Events()) != 0 || a.org.Token(a.superID).Revoked {
		t.Fatal("the automatic setup changed Okta before refusing the .env")
	}
	if b, _ := os.ReadFile(a.env()); string(b) != bad {
		t.Fatal("the .env changed")
	}
}

// TestSecretInputFilesReadableByOthersAreNoted: a token or key file that
// others may read is read, and noted with the command that closes it.
func TestSecretInputFilesReadableByOthersAreNoted(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no Unix modes")
	}
	o := newNIOrg(t)
	tok := o.file(t, "token", o.token)
	args := []string{"--non-interactive", "--org-url", o.srv.URL, "--method", "api-token", "--api-token-file", tok,
		"--ca-file", o.caFile, "--env-file", o.envPath(), "--json"}
	r := runTakoSetup(t, niSetup{}, args...)
	if r.code != 0 || strings.Contains(r.stderr, "may read it") {
		t.Fatalf("a private token file: exit %d\n%s", r.code, r.stderr)
	}
	for mode, who := range map[os.FileMode]string{0o644: "every user of this machine", 0o640: "the file's group"} {
		if err := os.Chmod(tok, mode); err != nil {
			t.Fatal(err)
		}
		r = runTakoSetup(t, niSetup{}, append(args, "--yes")...)
		if r.code != 0 || !strings.Contains(r.stderr, "note: "+tok+" holds a secret and "+who+" may read it: chmod 600 "+tok) {
			t.Fatalf("mode %v: exit %d\n%s", mode, r.code, r.stderr)
		}
		if strings.Contains(r.stdout+r.stderr, o.token) {
			t.Fatal("the token leaked")
		}
	}
}
