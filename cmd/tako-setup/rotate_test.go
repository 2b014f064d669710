package main

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/spf13/cobra"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/emulator"
	"github.com/fctr-id/tako-setup/checks/keys"
	"github.com/fctr-id/tako-setup/checks/secret"
	"github.com/fctr-id/tako-setup/checks/takoenv"
	"github.com/fctr-id/tako-setup/steps"
	"github.com/fctr-id/tako-setup/wizard"
	"github.com/fctr-id/tako-setup/wizard/envfile"
)

// The old (A) and new (B) keys, made once per test binary.
var (
	rotKeyA = sync.OnceValue(func() *keys.Key { return rotMustKey() })
	rotKeyB = sync.OnceValue(func() *keys.Key { return rotMustKey() })
)

func rotMustKey() *keys.Key {
	k, err := keys.Generate(2048)
	if err != nil {
		panic(err)
	}
	return k
}

const rotOrgURL = "https://acme.okta.com"

// rotOrg is an emulated org where Tako is set up, and the .env that holds
// its credential, in a directory of its own.
type rotOrg struct {
	org    *emulator.Org
	srv    *emulator.Server
	cid    string
	admin  *emulator.User
	oldTok *emulator.APIToken
	dir    string
	env    string
	orig   []byte
	// newTok is the token the test "created in the console".
	newTok *emulator.APIToken
}

// rotSetup starts the org, points rotate's engine at it, and writes the
// .env with a line that is not Okta's, to prove it survives.
func rotSetup(t *testing.T, org *emulator.Org, a steps.Answers) *rotOrg {
	t.Helper()
	srv, err := emulator.Start(org)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	saved := rotateHTTPClient
	rotateHTTPClient = func(checks.HTTPConfig) (*http.Client, error) { return srv.Client(), nil }
	t.Cleanup(func() { rotateHTTPClient = saved })
	dir := t.TempDir()
	env := filepath.Join(dir, ".env")
	if err := os.WriteFile(env, []byte("# my settings\nLLM_PROVIDER=openai\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	a.OrgURL, a.ConcurrentLimit = rotOrgURL, 18
	if _, err := wizard.FileEnv(env, nil, time.Now).WriteEnv(&a); err != nil {
		t.Fatal(err)
	}
	orig, err := os.ReadFile(env)
	if err != nil {
		t.Fatal(err)
	}
	// Writing the Okta settings kept a backup of the first file: the
	// rotation starts from a directory with the .env alone.
	baks, _ := filepath.Glob(env + ".bak-*")
	for _, b := range baks {
		rotMust(t, os.Remove(b))
	}
	return &rotOrg{org: org, srv: srv, dir: dir, env: env, orig: orig}
}

// keyRotOrg: an app with key A (its kid the thumbprint), DPoP off, every
// default scope, read-only admin; the .env holds key A.
func keyRotOrg(t *testing.T) *rotOrg {
	t.Helper()
	org := emulator.NewOrg()
	app := org.AddApp(&emulator.App{Label: "Tako"})
	rotMust(t, org.SetDPoP(app.ClientID, false))
	rotMust(t, org.GrantScopes(app.ClientID, checks.DefaultScopes...))
	_, err := org.AssignAppRole(app.ClientID, "READ_ONLY_ADMIN")
	rotMust(t, err)
	_, err = org.AddKey(app.ClientID, &rotKeyA().RSA.PublicKey, rotKeyA().KID, "ACTIVE")
	rotMust(t, err)
	a := steps.Answers{Settings: takoenv.Settings{Method: checks.OAuth2, ClientID: app.ClientID, Scopes: checks.DefaultScopes}}
	a.SetKey(steps.KeyFromKeys(rotKeyA(), false))
	o := rotSetup(t, org, a)
	o.cid = app.ClientID
	return o
}

// tokenRotOrg: Ann, a read-only admin, and her token limited to a zone
// that holds this machine; the .env holds that token.
func tokenRotOrg(t *testing.T) *rotOrg {
	t.Helper()
	org := emulator.NewOrg()
	ann := org.AddUser(&emulator.User{Login: "ann@example.com", FirstName: "Ann", LastName: "Admin"})
	_, err := org.AssignUserRole(ann.ID, "READ_ONLY_ADMIN")
	rotMust(t, err)
	_, err = org.AssignUserCustomRole(ann.ID, "Role reader", "okta.roles.read")
	rotMust(t, err)
	tok := org.AddToken(&emulator.APIToken{Name: "tako-old", UserID: ann.ID, Network: "ZONE", Zones: []string{"nzoTako"}, AllowedFromHere: true})
	o := rotSetup(t, org, steps.Answers{Settings: takoenv.Settings{Method: checks.APIToken, APIToken: secret.New(tok.Value)}})
	o.admin, o.oldTok = ann, tok
	return o
}

// createToken is the admin creating a token in the console.
func (o *rotOrg) createToken(user *emulator.User) *emulator.APIToken {
	o.newTok = o.org.AddToken(&emulator.APIToken{Name: "tako-new", UserID: user.ID, Network: "ZONE", Zones: []string{"nzoTako"}, AllowedFromHere: true})
	return o.newTok
}

func (o *rotOrg) keyID(t *testing.T, kid string) string {
	t.Helper()
	for _, k := range o.org.App(o.cid).Keys {
		if k.KID == kid {
			return k.ID
		}
	}
	t.Fatalf("no key with kid %s", kid)
	return ""
}

func (o *rotOrg) addKey(t *testing.T, k *keys.Key) {
	t.Helper()
	_, err := o.org.AddKey(o.cid, &k.RSA.PublicKey, k.KID, "ACTIVE")
	rotMust(t, err)
}

func (o *rotOrg) deactivate(t *testing.T, k *keys.Key) {
	t.Helper()
	rotMust(t, o.org.DeactivateKey(o.cid, o.keyID(t, k.KID)))
}

// invariant is the rotation's promise, checked at every prompt: the .env
// is byte for byte the old file, or it is a file Tako accepts that differs
// only in the credential, which is the new one, proven before the write.
func (o *rotOrg) invariant(t *testing.T, transcript string) {
	t.Helper()
	temps, _ := filepath.Glob(filepath.Join(o.dir, ".env.tako-setup-*"))
	if len(temps) > 0 {
		t.Errorf("temporary files left: %v", temps)
	}
	now, err := os.ReadFile(o.env)
	if err != nil {
		t.Fatalf("the .env is gone: %v", err)
	}
	if bytes.Equal(now, o.orig) {
		return
	}
	before := envfile.Parse(o.orig).Settings()
	after := envfile.Parse(now).Settings()
	if err := envfile.Validate(after); err != nil {
		t.Fatalf("the .env is broken: %v", err)
	}
	if !strings.Contains(string(now), "# my settings\nLLM_PROVIDER=openai\n") {
		t.Error("a line that is not Okta's changed")
	}
	if after.OrgURL != before.OrgURL || after.Method != before.Method || after.ClientID != before.ClientID ||
		!slices.Equal(after.Scopes, before.Scopes) || after.ConcurrentLimit != before.ConcurrentLimit {
		t.Errorf("more than the credential changed: %+v → %+v", before, after)
	}
	switch after.Method {
	case checks.OAuth2:
		k, err := keys.Normalize(after.PrivateKeyPEM.Reveal())
		if err != nil || !k.Equal(rotKeyB()) {
			t.Fatalf("the .env holds neither the old nor the new key (%v)", err)
		}
		if !strings.Contains(transcript, "PASS: Okta accepts the new key") {
			t.Fatal("the new key was written before Okta accepted it")
		}
	case checks.APIToken:
		if o.newTok == nil || after.APIToken.Reveal() != o.newTok.Value {
			t.Fatal("the .env holds neither the old nor the new token")
		}
		if !strings.Contains(transcript, "PASS: API token works") {
			t.Fatal("the new token was written before it was checked")
		}
	}
}

func rotMust(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// turn is one prompt of accessible mode: what it must ask, what the admin
// does in Okta first, and the answer typed.
type turn struct {
	want   string
	do     func()
	answer string
}

// rotScript is accessible mode's terminal, answering turn by turn and
// checking the .env invariant at every prompt.
type rotScript struct {
	t     *testing.T
	o     *rotOrg
	turns []turn
	out   strings.Builder
}

func (s *rotScript) Say(text string) { s.out.WriteString(text + "\n") }

func (s *rotScript) next(prompt string, hidden bool) (string, error) {
	s.t.Helper()
	s.out.WriteString(prompt)
	if s.o != nil {
		s.o.invariant(s.t, s.out.String())
	}
	if len(s.turns) == 0 {
		s.t.Fatalf("no answer left for %q; transcript:\n%s", prompt, s.tail())
	}
	tn := s.turns[0]
	s.turns = s.turns[1:]
	if !strings.Contains(prompt, tn.want) {
		s.t.Fatalf("prompt %q, want one with %q; transcript:\n%s", prompt, tn.want, s.tail())
	}
	if tn.do != nil {
		tn.do()
	}
	if hidden {
		s.out.WriteString("\n")
	} else {
		s.out.WriteString(tn.answer + "\n")
	}
	return tn.answer, nil
}

func (s *rotScript) Ask(p string) (string, error)       { return s.next(p, false) }
func (s *rotScript) AskSecret(p string) (string, error) { return s.next(p, true) }

func (s *rotScript) tail() string {
	t := s.out.String()
	if len(t) > 4000 {
		t = t[len(t)-4000:]
	}
	return t
}

// rotDeps are the command's dependencies: accessible mode on the script,
// the cached new key B for "generate".
func rotDeps(s *rotScript, stderr io.Writer) rotateDeps {
	return rotateDeps{
		wizardDeps: wizardDeps{
			stderr:         stderr,
			getenv:         func(string) string { return "" },
			isTerminal:     func(uintptr) bool { return false },
			runLines:       wizard.RunLines,
			newLinePrompts: func() (wizard.LinePrompter, error) { return s, nil },
			progressPath:   func() (string, error) { return filepath.Join(s.t.TempDir(), "progress.json"), nil },
		},
		genKey:  func(int) (*steps.Key, error) { return steps.KeyFromKeys(rotKeyB(), true), nil },
		seedKey: func(int) (*steps.Key, error) { return steps.KeyFromKeys(rotKeyA(), true), nil },
		now:     time.Now,
	}
}

type rotRun struct {
	err    error
	stderr string
	out    string
}

func runRotateCmd(t *testing.T, ctx context.Context, s *rotScript, args ...string) rotRun {
	t.Helper()
	return runRotateCmdWith(t, ctx, s, args...)
}

func (r rotRun) mustSay(t *testing.T, words ...string) {
	t.Helper()
	for _, w := range words {
		if !strings.Contains(r.out, w) {
			t.Errorf("the transcript lacks %q", w)
		}
	}
}

// noKeyMaterial: neither private key appears in what was shown.
func noKeyMaterial(t *testing.T, text string) {
	t.Helper()
	for _, k := range []*keys.Key{rotKeyA(), rotKeyB()} {
		pem := k.PEM().Reveal()
		if strings.Contains(text, "PRIVATE KEY-----") || strings.Contains(text, pem[100:160]) {
			t.Fatal("a private key was shown")
		}
	}
}

func TestRotateKeyEndToEnd(t *testing.T) {
	o := keyRotOrg(t)
	s := &rotScript{t: t, o: o}
	s.turns = []turn{
		{want: "Choose 1-3 [1]", answer: ""}, // generate the new key here
		{want: "When the key is added in Okta", do: func() { o.addKey(t, rotKeyB()) }, answer: ""},
		{want: "Choose 1-2", answer: "1"},             // write it
		{want: "When it is done in Okta", answer: ""}, // waits for the admin; checked: still failing
		{want: "Fix it in Okta", do: func() { o.deactivate(t, rotKeyA()) }, answer: ""},
	}
	r := runRotateCmd(t, context.Background(), s, "--env-file", o.env, "--accessible")
	if r.err != nil {
		t.Fatalf("%v\n%s\n%s", r.err, r.stderr, s.tail())
	}
	r.mustSay(t,
		"PASS: The current key works",
		`"kid":"`+rotKeyB().KID+`"`,
		"PASS: Okta accepts the new key, named by its kid",
		"Tako is not working right now",
		"Changes to this file:\n"+o.env,
		"~ OKTA_OAUTH2_PRIVATE_KEY_PEM",
		"(nothing else in the file changes)",
		"FAIL: The old key is still active",
		"kid "+rotKeyA().KID,
		"PASS: Okta accepts the new key as Tako sends it",
		"PASS: Okta refuses the old key",
	)
	noKeyMaterial(t, r.out+r.stderr)
	if !strings.Contains(r.stderr, "Okta refuses the old key") {
		t.Errorf("stderr = %q", r.stderr)
	}
	o.invariant(t, r.out)
	// The backup is the old file, byte for byte.
	backups, _ := filepath.Glob(filepath.Join(o.dir, ".env.bak-*"))
	if len(backups) != 1 {
		t.Fatalf("backups = %v", backups)
	}
	if b, _ := os.ReadFile(backups[0]); !bytes.Equal(b, o.orig) {
		t.Fatal("the backup is not the old file")
	}
	// What `tako-setup check` would say about the file: everything passes.
	a, err := wizard.ReadBack(o.env)
	rotMust(t, err)
	rep := checks.Run(context.Background(), a.CheckInput(), checks.Options{HTTP: o.srv.Client()})
	if !rep.OK() {
		t.Fatalf("the rotated file fails its check: %+v", rep.Findings)
	}
}

func TestRotateKeyBadInputs(t *testing.T) {
	o := keyRotOrg(t)
	// Another key of the app already uses the kid the admin's JWK carries.
	ec, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	rotMust(t, err)
	_, err = o.org.AddKey(o.cid, &ec.PublicKey, "tako-2025", "INACTIVE")
	rotMust(t, err)
	clash, err := (&jose.JSONWebKey{Key: rotKeyB().RSA, KeyID: "tako-2025", Algorithm: "RS256", Use: "sig"}).MarshalJSON()
	rotMust(t, err)

	s := &rotScript{t: t, o: o}
	s.turns = []turn{
		{want: "Choose 1-3 [1]", answer: "2"},         // paste a key
		{want: "", answer: rotKeyA().PEM().Reveal()},  // the old key again: refused
		{want: "", answer: string(clash)},             // the new key under a kid in use
		{want: "Correct your answer", answer: "edit"}, // FAIL: kid clash
		{want: "Choose 1-3 [2]", answer: "1"},         // generate instead
		{want: "When the key is added in Okta", do: func() { o.addKey(t, rotKeyB()) }, answer: ""},
		{want: "Choose 1-2", answer: "1"},
		{want: "When it is done in Okta", do: func() { o.deactivate(t, rotKeyA()) }, answer: ""},
	}
	r := runRotateCmd(t, context.Background(), s, "--env-file", o.env, "--accessible")
	if r.err != nil {
		t.Fatalf("%v\n%s", r.err, s.tail())
	}
	r.mustSay(t,
		"Not accepted: this is the key the .env already holds",
		"FAIL: Another key of the app already has this kid",
		"tako-2025",
		"PASS: Okta refuses the old key",
	)
	noKeyMaterial(t, r.out)
}

func TestRotateTokenEndToEndRevokedByTakoSetup(t *testing.T) {
	o := tokenRotOrg(t)
	s := &rotScript{t: t, o: o}
	s.turns = []turn{
		{want: "Press Enter when this is done in Okta", do: func() { o.createToken(o.admin) }, answer: ""},
		{want: "New API token", answer: "#new"},
		{want: "Choose 1-2", answer: "1"},     // write it
		{want: "Choose 1-2 [1]", answer: "2"}, // tako-setup revokes it
		{want: "Choose 1-2", answer: "2"},     // yes, now
	}
	r := runRotateCmdWith(t, context.Background(), &tokenAnswer{rotScript: s, o: o}, "--env-file", o.env, "--accessible")
	if r.err != nil {
		t.Fatalf("%v\n%s\n%s", r.err, r.stderr, s.tail())
	}
	r.mustSay(t,
		"PASS: The current token works",
		"Ann Admin",
		"PASS: Same admin as the old token",
		"~ OKTA_API_TOKEN",
		"PASS: The old token was revoked",
		"PASS: Okta refuses the old token",
		"401 E0000011",
	)
	if !o.org.Token(o.oldTok.ID).Revoked || o.org.Token(o.newTok.ID).Revoked {
		t.Fatal("the wrong token was revoked")
	}
	for _, v := range []string{o.oldTok.Value, o.newTok.Value} {
		if strings.Contains(r.out+r.stderr, v) {
			t.Fatal("a token was shown")
		}
	}
	o.invariant(t, r.out)
}

func TestRotateTokenBadInputsAndConsoleRevocation(t *testing.T) {
	o := tokenRotOrg(t)
	bob := o.org.AddUser(&emulator.User{Login: "bob@example.com", FirstName: "Bob", LastName: "Boss"})
	_, err := o.org.AssignUserRole(bob.ID, "SUPER_ADMIN")
	rotMust(t, err)
	s := &rotScript{t: t, o: o}
	s.turns = []turn{
		{want: "Press Enter when this is done in Okta", answer: ""},
		{want: "New API token", answer: "#old"},                                    // the old token again: refused
		{want: "New API token", do: func() { o.createToken(bob) }, answer: "#new"}, // Bob's
		{want: "Continue despite the warning?", answer: "edit"},                    // another admin: paste another
		{want: "New API token", do: func() { o.createToken(o.admin) }, answer: "#new"},
		{want: "Choose 1-2", answer: "1"},             // write it
		{want: "Choose 1-2 [1]", answer: ""},          // I revoke it in the console…
		{want: "When it is done in Okta", answer: ""}, // …but have not yet
		{want: "Fix it in Okta", do: func() { rotMust(t, o.org.RevokeToken(o.oldTok.ID)) }, answer: ""},
	}
	r := runRotateCmdWith(t, context.Background(), &tokenAnswer{rotScript: s, o: o}, "--env-file", o.env, "--accessible")
	if r.err != nil {
		t.Fatalf("%v\n%s", r.err, s.tail())
	}
	r.mustSay(t,
		"Not accepted: this is the token the .env already holds",
		"WARNING: The new token belongs to another admin",
		"Bob Boss", "Ann Admin",
		"FAIL: The old token still works",
		`"tako-old"`,
		"PASS: Okta refuses the old token",
	)
	o.invariant(t, r.out)
}

// tokenAnswer replaces "#old" and "#new" by the token values, which exist
// only once the test has "created" them.
type tokenAnswer struct {
	*rotScript
	o *rotOrg
}

func (s *tokenAnswer) AskSecret(p string) (string, error) {
	v, err := s.rotScript.AskSecret(p)
	switch v {
	case "#old":
		return s.o.oldTok.Value, err
	case "#new":
		return s.o.newTok.Value, err
	}
	return v, err
}

func runRotateCmdWith(t *testing.T, ctx context.Context, lp wizard.LinePrompter, args ...string) rotRun {
	t.Helper()
	var s *rotScript
	switch v := lp.(type) {
	case *rotScript:
		s = v
	case *tokenAnswer:
		s = v.rotScript
	}
	var stderr bytes.Buffer
	deps := rotDeps(s, &stderr)
	deps.newLinePrompts = func() (wizard.LinePrompter, error) { return lp, nil }
	cmd := newRotateCmdWith(deps)
	cmd.SetArgs(args)
	cmd.SetOut(io.Discard)
	cmd.SetErr(&stderr)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	err := cmd.ExecuteContext(ctx)
	if len(s.turns) > 0 && err == nil {
		t.Errorf("%d answers left over; transcript:\n%s", len(s.turns), s.tail())
	}
	return rotRun{err: err, stderr: stderr.String(), out: s.out.String()}
}

func TestRotateQuitBeforeTheWriteLeavesTheFile(t *testing.T) {
	o := keyRotOrg(t)
	s := &rotScript{t: t, o: o}
	s.turns = []turn{
		{want: "Choose 1-3 [1]", answer: ""},
		{want: "When the key is added in Okta", do: func() { o.addKey(t, rotKeyB()) }, answer: ""},
		{want: "Choose 1-2", answer: "quit"},
	}
	r := runRotateCmd(t, context.Background(), s, "--env-file", o.env, "--accessible")
	if !errors.Is(r.err, errInterrupted) || exitCode(r.err) != exitInterrupted {
		t.Fatalf("err = %v", r.err)
	}
	if b, _ := os.ReadFile(o.env); !bytes.Equal(b, o.orig) {
		t.Fatal("the .env changed")
	}
	entries, _ := os.ReadDir(o.dir)
	if len(entries) != 1 {
		t.Fatalf("files beside the .env: %v", entries)
	}
	if !strings.Contains(r.stderr, "was not changed: it still holds the old key") {
		t.Errorf("stderr = %q", r.stderr)
	}
}

func TestRotateInterruptedAfterTheWriteKeepsNewFileAndBackup(t *testing.T) {
	o := keyRotOrg(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s := &rotScript{t: t, o: o}
	s.turns = []turn{
		{want: "Choose 1-3 [1]", answer: ""},
		{want: "When the key is added in Okta", do: func() { o.addKey(t, rotKeyB()) }, answer: ""},
		{want: "Choose 1-2", answer: "1"},
		{want: "When it is done in Okta", do: cancel, answer: ""}, // the terminal hangs up
	}
	r := runRotateCmd(t, ctx, s, "--env-file", o.env, "--accessible")
	if exitCode(r.err) != exitInterrupted {
		t.Fatalf("err = %v", r.err)
	}
	o.invariant(t, r.out)
	backups, _ := filepath.Glob(filepath.Join(o.dir, ".env.bak-*"))
	if len(backups) != 1 {
		t.Fatalf("backups = %v", backups)
	}
	if b, _ := os.ReadFile(backups[0]); !bytes.Equal(b, o.orig) {
		t.Fatal("the backup is not the old file")
	}
	if !strings.Contains(r.stderr, "holds the new, verified key. Deactivate the old key") {
		t.Errorf("stderr = %q", r.stderr)
	}
}

// A .env changed between the review and the write is not written: the
// rotation goes back to its review with a fresh preview (the new token is
// already in Okta, so ending would waste it), and writes only what that
// preview shows.
func TestRotateRefusesAFileChangedMeanwhile(t *testing.T) {
	type edit func(o *rotOrg, other *emulator.APIToken)
	swapToken := func(o *rotOrg, other *emulator.APIToken) {
		b, _ := os.ReadFile(o.env)
		rotMust(t, os.WriteFile(o.env, bytes.Replace(b, []byte(o.oldTok.Value), []byte(other.Value), 1), 0o600))
	}
	putBack := func(o *rotOrg, _ *emulator.APIToken) { rotMust(t, os.WriteFile(o.env, o.orig, 0o600)) }
	addLine := func(o *rotOrg, _ *emulator.APIToken) {
		b, _ := os.ReadFile(o.env)
		rotMust(t, os.WriteFile(o.env, append(b, "ADDED_MEANWHILE=1\n"...), 0o600))
	}
	cases := []struct {
		name string
		// meanwhile is done while the review is on screen; then, on the
		// review shown again, again (nil: quit there).
		meanwhile, again edit
		// freshPreview is what the second review shows.
		freshPreview string
		written      bool
		addsLine     bool // the file the second review read has one more line
	}{
		{name: "someone else's token, then quit", meanwhile: swapToken,
			freshPreview: "no longer holds the token this rotation started from (someone changed it meanwhile), so nothing is written"},
		{name: "someone else's token, put back", meanwhile: swapToken, again: putBack,
			freshPreview: "no longer holds the token this rotation started from", written: true},
		{name: "another line added", meanwhile: addLine, again: func(*rotOrg, *emulator.APIToken) {},
			freshPreview: "~ OKTA_API_TOKEN", written: true, addsLine: true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o := tokenRotOrg(t)
			other := o.org.AddToken(&emulator.APIToken{Name: "someone else's", UserID: o.admin.ID})
			s := &rotScript{t: t} // no invariant: this test changes the file itself
			s.turns = []turn{
				{want: "Press Enter when this is done in Okta", do: func() { o.createToken(o.admin) }, answer: ""},
				{want: "New API token", answer: "#new"},
				{want: "Choose 1-2", do: func() { c.meanwhile(o, other) }, answer: "1"},
			}
			if c.again == nil {
				s.turns = append(s.turns, turn{want: "Choose 1-2", answer: "quit"})
			} else {
				s.turns = append(s.turns,
					turn{want: "Choose 1-2", do: func() { c.again(o, other) }, answer: "1"},
					turn{want: "Choose 1-2 [1]", answer: "quit"}) // how to revoke the old token: later
			}
			before, _ := os.ReadFile(o.env)
			r := runRotateCmdWith(t, context.Background(), &tokenAnswer{rotScript: s, o: o}, "--env-file", o.env, "--accessible")
			if exitCode(r.err) != exitInterrupted {
				t.Fatalf("err = %v\n%s", r.err, s.tail())
			}
			r.mustSay(t, "Nothing was written: "+o.env+" was changed or removed after the preview. Check this fresh preview", c.freshPreview)
			if strings.Count(r.out, "Write these changes?") != 2 {
				t.Errorf("the review was not shown again:\n%s", s.tail())
			}
			b, _ := os.ReadFile(o.env)
			backups, _ := filepath.Glob(filepath.Join(o.dir, ".env.bak-*"))
			if !c.written {
				if !bytes.Contains(b, []byte(other.Value)) || bytes.Contains(b, []byte(o.newTok.Value)) {
					t.Fatal("the file someone else changed was overwritten")
				}
				if len(backups) != 0 {
					t.Fatalf("backups = %v", backups)
				}
				if !strings.Contains(r.stderr, "Nothing was written: "+o.env+" was changed during the rotation by something other than tako-setup") {
					t.Errorf("stderr = %q", r.stderr)
				}
				return
			}
			after := envfile.Parse(b).Settings()
			if after.APIToken.Reveal() != o.newTok.Value {
				t.Fatal("the new token was not written after the second review")
			}
			if len(backups) != 1 {
				t.Fatalf("backups = %v", backups)
			}
			// The backup is the file as the second review read it.
			reviewed := before
			if c.addsLine {
				reviewed = append(bytes.Clone(before), "ADDED_MEANWHILE=1\n"...)
				if !bytes.Contains(b, []byte("ADDED_MEANWHILE=1\n")) {
					t.Errorf("the line added meanwhile was lost:\n%s", b)
				}
			}
			if bak, _ := os.ReadFile(backups[0]); !bytes.Equal(bak, reviewed) {
				t.Errorf("the backup is not the file the second review showed:\n%s", bak)
			}
		})
	}
}

func TestRotateUsageErrors(t *testing.T) {
	dir := t.TempDir()
	none := filepath.Join(dir, "missing.env")
	empty := filepath.Join(dir, "other.env")
	rotMust(t, os.WriteFile(empty, []byte("LLM_PROVIDER=openai\n"), 0o600))
	for _, args := range [][]string{
		{"--env-file", none},
		{"--env-file", empty},
		{"--demo", "--demo-method", "saml"},
		{"--demo", "--env-file", empty},
		{"extra"},
	} {
		s := &rotScript{t: t}
		r := runRotateCmd(t, context.Background(), s, append(args, "--accessible")...)
		if exitCode(r.err) != exitUsage {
			t.Errorf("%v: exit %d (%v)", args, exitCode(r.err), r.err)
		}
	}
}

func TestRotateDemoWithItsConsole(t *testing.T) {
	for _, c := range []struct {
		method string
		turns  []turn
		proof  string
	}{
		{"oauth2", []turn{
			{want: "Choose 1-3 [1]", answer: ""},
			{want: "When the key is added in Okta", answer: "console"},
			{want: "Choose 1-2", answer: "1"},
			{want: "When it is done in Okta", answer: "console"},
		}, "PASS: Okta refuses the old key"},
		{"api-token", []turn{
			{want: "Press Enter when this is done in Okta", answer: "console"},
			{want: "Press Enter when this is done in Okta", answer: ""},
			{want: "New API token", answer: "console"},
			{want: "Choose 1-2", answer: "1"},
			{want: "Choose 1-2 [1]", answer: "console"},
		}, "PASS: Okta refuses the old token"},
	} {
		t.Run(c.method, func(t *testing.T) {
			s := &rotScript{t: t, turns: c.turns}
			env := filepath.Join(t.TempDir(), ".env")
			r := runRotateCmd(t, context.Background(), s, "--demo", "--demo-method", c.method, "--env-file", env, "--accessible")
			if r.err != nil {
				t.Fatalf("%v\n%s\n%s", r.err, r.stderr, s.tail())
			}
			r.mustSay(t, "Demo console:", c.proof)
		})
	}
}

// TestWelcomeScreenRotateRunsTheRotation: in the bare command's accessible
// mode, choosing "rotate" on the welcome screen rotates the same file.
func TestWelcomeScreenRotateRunsTheRotation(t *testing.T) {
	o := tokenRotOrg(t)
	s := &rotScript{t: t, o: o}
	s.turns = []turn{
		{want: "Choose 1-3", answer: "2"}, // Rotate its credential
		{want: "Press Enter when this is done in Okta", do: func() { o.createToken(o.admin) }, answer: ""},
		{want: "New API token", answer: "#new"},
		{want: "Choose 1-2", answer: "1"},
		{want: "Choose 1-2 [1]", answer: "2"},
		{want: "Choose 1-2", answer: "2"},
	}
	lp := &tokenAnswer{rotScript: s, o: o}
	var stderr bytes.Buffer
	deps := rotDeps(s, &stderr).wizardDeps
	deps.newLinePrompts = func() (wizard.LinePrompter, error) { return lp, nil }
	cmd := &cobra.Command{}
	cmd.SetContext(context.Background())
	err := runWizard(cmd, &rootOptions{envFile: o.env, accessible: true}, deps)
	if err != nil {
		t.Fatalf("%v\n%s", err, s.tail())
	}
	if !o.org.Token(o.oldTok.ID).Revoked {
		t.Fatal("the old token was not revoked")
	}
	if !strings.Contains(s.out.String(), "Rotate: the current credential") {
		t.Fatal("the rotation did not start")
	}
}

// TestRotateIsRegistered: the wizard's TUI finds "rotate" by name when the
// welcome screen's rotate choice is taken, and passes --env-file.
func TestRotateIsRegistered(t *testing.T) {
	root := newRootCmd()
	rot, _, err := root.Find([]string{"rotate"})
	if err != nil || rot == root || rot.RunE == nil {
		t.Fatalf("rotate not registered: %v", err)
	}
	if err := rot.ParseFlags([]string{"--env-file", "/srv/tako/.env"}); err != nil {
		t.Fatal(err)
	}
	if v, _ := rot.Flags().GetString("env-file"); v != "/srv/tako/.env" {
		t.Fatalf("env-file = %q", v)
	}
}
