package wizard_test

import (
	"context"
	"crypto"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/steps"
	"github.com/fctr-id/tako-setup/wizard"
	"github.com/fctr-id/tako-setup/wizard/demo"
)

// script is a LinePrompter that answers from a list and records what was
// said, as a person using accessible mode would see it.
type script struct {
	t       *testing.T
	answers []string
	out     strings.Builder
}

func (s *script) Say(text string) { s.out.WriteString(text + "\n") }

func (s *script) next(prompt string, secret bool) (string, error) {
	s.out.WriteString(prompt)
	if len(s.answers) == 0 {
		s.t.Fatalf("the script ran out of answers at %q; transcript:\n%s", prompt, s.tail())
	}
	a := s.answers[0]
	s.answers = s.answers[1:]
	if secret {
		s.out.WriteString("\n") // typing is hidden
	} else {
		s.out.WriteString(a + "\n")
	}
	return a, nil
}

func (s *script) Ask(prompt string) (string, error)       { return s.next(prompt, false) }
func (s *script) AskSecret(prompt string) (string, error) { return s.next(prompt, true) }

func (s *script) tail() string {
	t := s.out.String()
	if len(t) > 3000 {
		t = t[len(t)-3000:]
	}
	return t
}

// demoConfig is the wizard's configuration on a fresh demo org.
func demoConfig(t *testing.T) (wizard.Config, *demo.Demo) {
	t.Helper()
	d, err := demo.Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(d.Close)
	envFile := filepath.Join(t.TempDir(), ".env")
	return wizard.Config{
		Answers: d.Answers(),
		Env:     testEnv(envFile),
		Check:   d.Check,
		Console: d.Console(),
		Demo:    true,
		EnvFile: envFile,
		Timeout: 20 * time.Second,
		// The flows drive every step by hand: no watch check may race them.
		WatchEvery: time.Hour,
	}, d
}

// testEnv is the real file Env with the shared test key for generation
// (RSA generation is slow; one key per package run).
func testEnv(envFile string) steps.Env {
	env := wizard.FileEnv(envFile, nil, time.Now)
	env.GenerateKey = func(int) (*steps.Key, error) { return sharedKey(), nil }
	return env
}

// checkWritten re-reads the .env and runs every check on it against the
// demo org, as `tako-setup check` would.
func checkWritten(t *testing.T, d *demo.Demo, path string) checks.Report {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatalf("no .env written: %v", err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf(".env mode %v, want 0600", st.Mode().Perm())
	}
	a, err := wizard.ReadBack(path)
	if err != nil {
		t.Fatal(err)
	}
	r := d.Check(context.Background(), a.CheckInput(), nil)
	for _, f := range r.Findings {
		if f.Status == checks.Fail {
			t.Errorf("the written .env fails %s: %s — %s", f.ID, f.Title, f.Detail)
		}
	}
	return r
}

func TestLineModeOAuthAgainstTheDemoOrg(t *testing.T) {
	cfg, d := demoConfig(t)
	s := &script{t: t, answers: []string{
		"",        // org URL: the proposed demo org
		"1",       // OAuth 2.0
		"console", // the console creates the app and fills its client ID
		"1",       // generate a key here
		"",        // check it before adding it: fails
		"console", // add the public key in Okta
		"console", // DPoP: untick it
		"console", // scopes: grant the missing one
		"",        // admin role: continue despite the warning
		"",        // rate limit: take the recommendation
		"1",       // review: yes
	}}
	outcome, a, err := wizard.RunLines(context.Background(), cfg, s)
	if err != nil {
		t.Fatalf("%v\n%s", err, s.tail())
	}
	if outcome != wizard.Finished || a.Written == nil {
		t.Fatalf("outcome %v, written %v\n%s", outcome, a.Written, s.tail())
	}
	out := s.out.String()
	// DPoP asks nothing, so its failure offers no answer to "edit".
	if i := strings.Index(out, "FAIL: The app requires DPoP"); i < 0 ||
		!strings.Contains(out[i:], "Fix it in Okta, then press Enter to check again: ") ||
		strings.Contains(out[i:i+strings.Index(out[i:], "Fix it in Okta")+80], `type "edit"`) {
		t.Errorf("the DPoP failure's prompt offers an answer to edit:\n%s", s.tail())
	}
	for _, want := range []string{
		// The count never jumps: both path lengths until the method is
		// chosen, as in the TUI's header.
		"Step 2 of 6–12: Your Okta org",
		"Step 4 of 12: Create the API Services app",
		"Step 5 of 12: Private key",
		"In Okta click Add key, paste this public key",
		`"kty":"RSA"`,
		"FAIL: The app requires DPoP",
		"PASS: DPoP not required",
		"FAIL: Scopes Tako needs are not granted",
		"Changes to this file:\n" + cfg.EnvFile,
		// The advice checks the file that was written, not ./.env.
		"to check the file again later, run:\ntako-setup check --env-file " + cfg.EnvFile,
		"+ OKTA_OAUTH2_PRIVATE_KEY_PEM = RSA 2048-bit key",
		"The file was read back from disk and checked: 9 passed, 1 warning — Tako can use this file; the warnings are worth fixing.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("transcript lacks %q", want)
		}
	}
	if strings.Contains(out, "PRIVATE KEY-----") || strings.Contains(out, sharedKey().PEM.Reveal()[40:90]) {
		t.Fatal("the transcript shows the private key")
	}
	checkWritten(t, d, cfg.EnvFile)
}

func TestLineModeAPITokenAgainstTheDemoOrg(t *testing.T) {
	cfg, d := demoConfig(t)
	s := &script{t: t, answers: []string{
		"",        // org URL
		"2",       // API token
		"console", // create the token in the console (shown once)
		"",        // done in Okta
		"console", // the console pastes it
		"again",   // network: ANYWHERE warns; check again (still a warning)
		"console", // restrict it to a zone
		"12",      // rate limit: a lower limit than recommended
		"1",       // review: yes
	}}
	outcome, a, err := wizard.RunLines(context.Background(), cfg, s)
	if err != nil {
		t.Fatalf("%v\n%s", err, s.tail())
	}
	if outcome != wizard.Finished {
		t.Fatalf("outcome %v\n%s", outcome, s.tail())
	}
	if a.ConcurrentLimit != 12 {
		t.Errorf("limit %d", a.ConcurrentLimit)
	}
	out := s.out.String()
	for _, want := range []string{"WARNING: The token works from any network", "+ OKTA_API_TOKEN = …", "TOKEN_METHOD = API_TOKEN"} {
		if !strings.Contains(out, want) {
			t.Errorf("transcript lacks %q", want)
		}
	}
	tok := a.APIToken.Reveal()
	if n := strings.Count(out, tok); n != 1 {
		t.Errorf("the token appears %d times; only the console's show-once may show it", n)
	}
	r := checkWritten(t, d, cfg.EnvFile)
	if f, _ := r.Find(checks.IDTokenNetwork); f.Status != checks.Pass {
		t.Errorf("network finding %s after the zone was set", f.Status)
	}
}

func TestLineModeBackAndQuit(t *testing.T) {
	cfg, _ := demoConfig(t)
	s := &script{t: t, answers: []string{
		"",     // org URL
		"back", // method: back to the org URL
		"https://acme-admin.okta.com/admin/dashboard", // re-answer: a different org (parked in the demo)
		"quit",
	}}
	_, _, err := wizard.RunLines(context.Background(), cfg, s)
	if err != wizard.ErrAborted {
		t.Fatalf("err = %v\n%s", err, s.tail())
	}
	out := s.out.String()
	if strings.Count(out, "Okta org URL [") != 2 {
		t.Errorf("back did not ask the org URL again:\n%s", s.tail())
	}
	if !strings.Contains(out, "Okta org URL [https://integrator-1234567.okta.com]") {
		t.Error("the previous answer was not proposed")
	}
	if !strings.Contains(out, "FAIL:") {
		t.Errorf("an org that is not the demo org should fail:\n%s", s.tail())
	}
	if _, err := os.Stat(cfg.EnvFile); err == nil {
		t.Fatal("quit wrote a file")
	}
}

func TestLineModePastedKeyIsReadWholeAndNeverEchoed(t *testing.T) {
	cfg, d := demoConfig(t)
	// The app exists, with the shared key registered (as if generated in Okta).
	cid := d.Org.AddApp(&demoApp).ClientID
	_ = d.Org.SetDPoP(cid, false)
	_ = d.Org.GrantScopes(cid, checks.DefaultScopes...)
	key := sharedKey()
	if _, err := d.Org.AddKey(cid, key.Private.(crypto.Signer).Public(), "k1", "ACTIVE"); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(key.PEM.Reveal()), "\n")
	answers := []string{"", "1", cid, "2"}
	answers = append(answers, lines[:3]...)
	answers = append(answers, "") // an empty line ends a key cut short
	answers = append(answers, lines...)
	answers = append(answers, "quit")
	s := &script{t: t, answers: answers}
	_, _, err := wizard.RunLines(context.Background(), cfg, s)
	if err != wizard.ErrAborted {
		t.Fatalf("err = %v\n%s", err, s.tail())
	}
	out := s.out.String()
	if !strings.Contains(out, "Not accepted:") {
		t.Errorf("a key cut short was not refused:\n%s", s.tail())
	}
	if !strings.Contains(out, "PASS: Key accepted") {
		t.Errorf("the whole key was not accepted:\n%s", s.tail())
	}
	for _, l := range lines[1 : len(lines)-1] {
		if strings.Contains(out, l) {
			t.Fatal("a line of the private key was echoed")
		}
	}
}

// A key generated in accessible mode and added in Okta is kept when the
// user quits; resuming uses it, and the key step passes against the org.
func TestLineModeResumeWithTheKeptKeyPasses(t *testing.T) {
	cfg, _ := demoConfig(t)
	state := filepath.Join(t.TempDir(), "state")
	progress := &wizard.ProgressStore{Path: filepath.Join(state, "progress.json")}
	keys := &wizard.KeyStore{Path: wizard.KeyPathBeside(progress.Path)}
	cfg.Progress, cfg.Keys = progress, keys
	s := &script{t: t, answers: []string{
		"",        // org URL
		"1",       // OAuth 2.0
		"console", // the console creates the app
		"1",       // generate a key here
		"console", // add the public key in Okta
		"quit",    // at DPoP
	}}
	if _, _, err := wizard.RunLines(context.Background(), cfg, s); err != wizard.ErrAborted {
		t.Fatalf("err = %v\n%s", err, s.tail())
	}
	if !strings.Contains(s.out.String(), "PASS: ") {
		t.Fatalf("the first run's key did not pass:\n%s", s.tail())
	}
	p, okP := progress.Load()
	kept, okK := keys.Load()
	if !okP || !okK || !kept.Added {
		t.Fatalf("progress %v, kept %v (%+v)", okP, okK, kept)
	}
	cfg.Resume, cfg.Kept = &p, &kept
	s2 := &script{t: t, answers: []string{
		"yes",  // resume
		"back", // DPoP: back to the key step
		"",     // generate: the kept key is kept
		"quit", // at DPoP
	}}
	if _, _, err := wizard.RunLines(context.Background(), cfg, s2); err != wizard.ErrAborted {
		t.Fatalf("err = %v\n%s", err, s2.tail())
	}
	out := s2.out.String()
	if strings.Contains(out, "No private key") || !strings.Contains(out, "PASS: Key accepted") {
		t.Fatalf("the kept key was not accepted on resume:\n%s", out)
	}
	question := strings.Index(out, "Resume where you left off?")
	if question < 0 || !strings.Contains(out[:question], "(kid "+kept.KID+") was kept: resuming uses it") {
		t.Fatalf("the resume question does not mention the kept key:\n%s", out)
	}
	// Back to the key step and forward: it says which key it checks, and
	// checks it.
	back := strings.LastIndex(out, "Where is the app's private key?")
	if back < 0 || strings.Count(out[back:], "Using the key generated before (kid "+kept.KID+")") != 1 || !strings.Contains(out[back:], "PASS: Key accepted") {
		t.Fatalf("going back to the key step and on does not say it uses the kept key:\n%s", out)
	}
}

// "help" at a prompt repeats the explanation and lists the words, as the
// intro says it does (the demo's "console" among them).
func TestLineModeHelpListsTheWords(t *testing.T) {
	cfg, _ := demoConfig(t)
	s := &script{t: t, answers: []string{"help", "quit"}}
	if _, _, err := wizard.RunLines(context.Background(), cfg, s); err != wizard.ErrAborted {
		t.Fatalf("err = %v\n%s", err, s.tail())
	}
	out := s.out.String()
	i := strings.LastIndex(out, "Step 2 of")
	if i < 0 || strings.Count(out, "At any prompt you may type:") != 2 || !strings.Contains(out[i:], "console: the simulated admin console does this step") {
		t.Fatalf("help did not list the words:\n%s", s.tail())
	}
}
