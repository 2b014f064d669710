package wizard_test

// Secret canaries through the wizard (the hardening suite, TESTING.md): the line-by-line wizard,
// driven like a person against an emulated org, with a canary API token and
// a canary RSA key pasted where it asks for them, on happy and failing
// paths. Nothing the wizard says, no prompt, and no file it leaves besides
// the .env and its backups (the resume file included) may hold 16
// characters of either canary. (The TUI's screens are covered by
// TestCanaryTokenNeverOnScreen; both front ends share the step machine.)

import (
	"context"
	"crypto/rsa"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/canary"
	"github.com/fctr-id/tako-setup/checks/emulator"
	"github.com/fctr-id/tako-setup/checks/emulator/emutest"
	"github.com/fctr-id/tako-setup/wizard"
)

// cyPerson answers the wizard from a list, then types "quit". It keeps a
// transcript of what the wizard printed (prompts and messages, not the
// answers: a terminal echoes those, not the wizard), and notes any canary
// it typed at a prompt that does not hide typing.
type cyPerson struct {
	t       *testing.T
	set     *canary.Set
	answers []string
	out     strings.Builder
	asked   int
	visible []string // prompts that showed a canary as it was typed
}

func (p *cyPerson) Say(text string) { p.out.WriteString(text + "\n") }

func (p *cyPerson) answer(prompt string, hidden bool) (string, error) {
	p.asked++
	if p.asked > 300 {
		p.t.Fatalf("the wizard keeps asking; last prompt %q", prompt)
	}
	p.out.WriteString(prompt + "\n")
	a := "quit"
	if len(p.answers) > 0 {
		a, p.answers = p.answers[0], p.answers[1:]
	}
	if _, leak := p.set.Find([]byte(a)); leak && !hidden {
		p.visible = append(p.visible, prompt)
	}
	return a, nil
}

func (p *cyPerson) Ask(prompt string) (string, error)       { return p.answer(prompt, false) }
func (p *cyPerson) AskSecret(prompt string) (string, error) { return p.answer(prompt, true) }

// cyOrg is an emulated org that knows the canaries, and a wizard
// configuration for it with a resume file of its own.
type cyOrg struct {
	set      *canary.Set
	org      *emulator.Org
	srv      *emulator.Server
	clientID string
	tokenID  string
	cfg      wizard.Config
	stateDir string
}

func newCYOrg(t *testing.T, withKey bool) *cyOrg {
	t.Helper()
	set := canary.New(t)
	org := emulator.NewOrg()
	_, tok := emutest.AddAdminToken(t, org, emutest.TokenValue(set.Token))
	var appKeys []*rsa.PrivateKey // none: Okta does not know the canary key
	if withKey {
		appKeys = append(appKeys, set.Key)
	}
	app := emutest.AddOAuthApp(t, org, emutest.AppKeys(appKeys...))
	srv := emutest.Start(t, org)
	envFile := filepath.Join(t.TempDir(), ".env")
	state := t.TempDir()
	return &cyOrg{set: set, org: org, srv: srv, clientID: app.ClientID, tokenID: tok.ID, stateDir: state, cfg: wizard.Config{
		Env:      wizard.FileEnv(envFile, nil, time.Now),
		EnvFile:  envFile,
		Timeout:  20 * time.Second,
		Progress: &wizard.ProgressStore{Path: filepath.Join(state, "tako-setup", "progress.json")},
		Check: func(ctx context.Context, in checks.Input, only []string) checks.Report {
			return checks.Run(ctx, in, checks.Options{HTTP: srv.Client(), Only: only, Timeout: 10 * time.Second})
		},
	}}
}

// run drives the wizard and checks the transcript and the files for the
// canaries; it returns the transcript and whether the .env was written.
// The person types each canary where the wizard asked for it, so every
// canary must go to a prompt that hides typing.
func (o *cyOrg) run(t *testing.T, answers ...string) (string, bool) {
	t.Helper()
	return o.runAs(t, false, answers...)
}

// runAs is run; typedInTheOpen says the person knowingly types a secret at
// a visible prompt (a key pasted as the client ID).
func (o *cyOrg) runAs(t *testing.T, typedInTheOpen bool, answers ...string) (string, bool) {
	t.Helper()
	p := &cyPerson{t: t, set: o.set, answers: answers}
	outcome, a, err := wizard.RunLines(context.Background(), o.cfg, p)
	if err != nil && !errors.Is(err, wizard.ErrAborted) {
		t.Fatalf("the wizard failed: %v\n%s", err, p.out.String())
	}
	transcript := p.out.String()
	o.set.CheckString(t, "the wizard's transcript", transcript)
	if len(p.visible) > 0 && !typedInTheOpen {
		t.Errorf("the wizard asked for a secret at prompts that show typing: %q", p.visible)
	}
	o.set.CheckTree(t, o.stateDir, nil)
	o.set.CheckTree(t, filepath.Dir(o.cfg.EnvFile), func(path string) bool {
		base := filepath.Base(path)
		return base == ".env" || strings.HasPrefix(base, ".env.bak-") || filepath.Ext(base) == ".pem"
	})
	written := outcome == wizard.Finished && a != nil && a.Written != nil
	return transcript, written
}

// pemLines is a PEM as the wizard reads a paste: one line at a time.
func pemLines(pem string) []string { return strings.Split(strings.TrimSpace(pem), "\n") }

func TestCanariesInTheWizardAPITokenPath(t *testing.T) {
	t.Parallel()
	t.Run("token that works, file written", func(t *testing.T) {
		o := newCYOrg(t, true)
		out, written := o.run(t, o.srv.URL, "2", "", o.set.Token, "", "", "1")
		if !written || !strings.Contains(out, "PASS: API token works") {
			t.Fatalf("the happy path did not write the file:\n%s", out)
		}
	})
	t.Run("revoked token, then quit", func(t *testing.T) {
		o := newCYOrg(t, true)
		if err := o.org.RevokeToken(o.tokenID); err != nil {
			t.Fatal(err)
		}
		out, written := o.run(t, o.srv.URL, "2", "", o.set.Token)
		if written || !strings.Contains(out, "FAIL:") {
			t.Fatalf("a revoked token passed:\n%s", out)
		}
	})
	t.Run("token pasted with stray characters, then back and quit", func(t *testing.T) {
		o := newCYOrg(t, true)
		// (At the hidden prompt "quit" is taken for a token; "back" works.)
		o.run(t, o.srv.URL, "2", "", "x"+o.set.Token+" y", "x"+o.set.Token, "back")
	})
}

func TestCanariesInTheWizardOAuthPath(t *testing.T) {
	t.Parallel()
	t.Run("PKCS#8 key that works, file written", func(t *testing.T) {
		o := newCYOrg(t, true)
		answers := append([]string{o.srv.URL, "1", o.clientID, "2"}, pemLines(o.set.PEM)...)
		out, written := o.run(t, append(answers, "", "", "", "", "", "1")...)
		if !written {
			t.Fatalf("the happy path did not write the file:\n%s", out)
		}
	})
	for name, paste := range map[string][]string{
		"PKCS#1 key":           pemLines(o0(t).PKCS1PEM),
		"JWK on one line":      {o0(t).JWK},
		"key cut short":        pemLines(o0(t).PEM)[:9],
		"key with a line lost": append(pemLines(o0(t).PEM)[:5], pemLines(o0(t).PEM)[6:]...),
	} {
		t.Run(name+", then quit", func(t *testing.T) {
			o := newCYOrg(t, true)
			answers := append([]string{o.srv.URL, "1", o.clientID, "2"}, paste...)
			o.run(t, append(answers, "")...)
		})
	}
	t.Run("key pasted as the client ID, then quit", func(t *testing.T) {
		o := newCYOrg(t, true)
		// The person's own mistake: the visible prompt shows what they type,
		// but nothing the wizard prints afterwards may repeat it.
		out, _ := o.runAs(t, true, o.srv.URL, "1", strings.Join(pemLines(o.set.PEM)[1:4], ""), pemLines(o.set.PEM)[5], o.set.Token)
		if strings.Count(out, "Not accepted") != 3 {
			t.Errorf("secrets typed as the client ID were not all refused:\n%s", out)
		}
	})
	t.Run("key Okta does not know, then quit", func(t *testing.T) {
		o := newCYOrg(t, false)
		answers := append([]string{o.srv.URL, "1", o.clientID, "2"}, pemLines(o.set.PEM)...)
		out, written := o.run(t, answers...)
		if written || !strings.Contains(out, "FAIL:") {
			t.Fatalf("an unknown key passed:\n%s", out)
		}
	})
	t.Run("key from a file", func(t *testing.T) {
		o := newCYOrg(t, true)
		path := filepath.Join(filepath.Dir(o.cfg.EnvFile), "tako-key.pem")
		if err := os.WriteFile(path, []byte(o.set.PEM), 0o600); err != nil {
			t.Fatal(err)
		}
		out, written := o.run(t, o.srv.URL, "1", o.clientID, "3", path, "", "", "", "", "", "1")
		if !written {
			t.Fatalf("the key file was not used:\n%s", out)
		}
	})
}

// o0 is a canary set for building inputs outside a case; every set shares
// the test binary's key, so its key pastes match each case's org.
func o0(t *testing.T) *canary.Set { return canary.New(t) }
