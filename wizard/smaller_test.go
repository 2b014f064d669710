package wizard

import (
	"strings"
	"testing"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/steps"
)

// The address key sends the step's console address through OSC 52, and
// says "sent", never "copied": whether the terminal took it is unknown.
func TestAddressKeySendsTheAddress(t *testing.T) {
	h := newHarness(t, nil)
	h.toMethod(0)
	h.at(steps.OAuthApp)
	h.key("ctrl+l")
	if len(h.clip) != 1 || !strings.Contains(h.clip[0], "https://acme-admin.okta.com/admin/apps/active") {
		t.Fatalf("clipboard: %q", h.clip)
	}
	h.expect("Sent the address to your terminal's clipboard")
	for _, s := range h.screens {
		if strings.Contains(strings.ToLower(s), "copied") {
			t.Fatalf("a screen claims a copy:\n%s", s)
		}
	}
}

// Before the method is chosen, the header gives both path lengths instead
// of a count that jumps.
func TestStepCountBeforeTheMethodIsChosen(t *testing.T) {
	h := newHarness(t, nil)
	h.expect("step 1 of 6–12")
	h.toMethod(0)
	h.expect("step 4 of 12")
}

// The footer, the f1 page and line mode come from one keymap: every key
// the footer offers is on the f1 page, with its one-letter alias, and
// line mode lists the keymap's words.
func TestOneKeymapForFooterHelpAndLines(t *testing.T) {
	h := newHarness(t, nil)
	h.toMethod(0)
	h.typeText("0oaTAKO123")
	h.key("enter", "enter")
	h.key("enter") // generate: the key and watch keys appear
	footer := footerOf(h.screen())
	h.key("f1")
	for range 40 {
		h.key("down")
	}
	page := h.screen()
	for _, b := range h.m.keys().footerKeys(h.w, 3) {
		if !strings.Contains(footer, b.Help().Key+" "+b.Help().Desc) {
			continue // dropped for room
		}
		if !strings.Contains(page, b.Help().Key) || !strings.Contains(page, b.Help().Desc) {
			t.Errorf("footer key %q (%s) is not on the f1 page:\n%s", b.Help().Key, b.Help().Desc, page)
		}
	}
	for _, alias := range []string{"ctrl+r r", "ctrl+y y", "ctrl+l l", "ctrl+w w", "f1 ?"} {
		if !strings.Contains(page, alias) {
			t.Errorf("the f1 page lacks %q:\n%s", alias, page)
		}
	}
	intro := lineIntro()
	for _, w := range newKeyMap().lineWords() {
		if !strings.Contains(intro, w.word+": "+w.desc) {
			t.Errorf("line mode's intro lacks %q", w.word)
		}
	}
}

// A skipped check is named by what it would have shown.
func TestSkippedCheckIsNamed(t *testing.T) {
	f := checks.Finding{ID: checks.IDOAuthScopes, Status: checks.Skip, Title: "Not checked", Detail: "The key must work first."}
	got := findingText(f)
	if !strings.Contains(got, "SKIPPED: Not checked: the granted scopes") || !strings.Contains(got, "The key must work first.") {
		t.Fatalf("%q", got)
	}
}

// The Done words: a file that needed no change is not "written", and a
// warning is never followed by "every check passed".
func TestDoneWordsForAnUnchangedFileAndWarnings(t *testing.T) {
	var out strings.Builder
	f := newFakeOrg()
	m := New(steps.Setup(), steps.Answers{}, f.env(t))
	m.answers.Written = &steps.WriteResult{Path: "/srv/tako/.env", Unchanged: true}
	m.answers.Final = &checks.Report{Findings: []checks.Finding{{ID: "org", Status: checks.Pass}, {ID: "age", Status: checks.Warn}}}
	l := &lineRun{cfg: &Config{}, lp: sayTo{&out}, m: m}
	l.final()
	got := out.String()
	for _, want := range []string{"Nothing to change, so nothing was written", "\n/srv/tako/.env\n", "1 passed, 1 warning"} {
		if !strings.Contains(got, want) {
			t.Errorf("the Done words lack %q:\n%s", want, got)
		}
	}
	for _, bad := range []string{"Wrote", "every check passed"} {
		if strings.Contains(got, bad) {
			t.Errorf("the Done words say %q:\n%s", bad, got)
		}
	}
}

type sayTo struct{ b *strings.Builder }

func (s sayTo) Say(text string)                  { s.b.WriteString(text + "\n") }
func (s sayTo) Ask(string) (string, error)       { return "", nil }
func (s sayTo) AskSecret(string) (string, error) { return "", nil }

// The f1 page shows the public key to add whole, on full-width rows (a
// row filled to the last column continues on the next, as a terminal
// joins a soft-wrapped line).
func TestHelpPageShowsThePublicKeyWhole(t *testing.T) {
	h := newHarness(t, nil)
	h.toMethod(0)
	h.typeText("0oaTAKO123")
	h.key("enter", "enter")
	h.key("enter") // generate
	jwk := string(h.m.mach.Answers().Key.PublicJWK)
	h.key("f1")
	for range 60 {
		cur := ""
		for _, row := range strings.Split(h.screen(), "\n") {
			cur += row
			if len([]rune(row)) >= h.w {
				continue
			}
			if strings.TrimSpace(cur) == jwk {
				return
			}
			cur = ""
		}
		h.key("down")
	}
	t.Fatalf("the f1 page never shows the key whole on one logical line")
}

// The Done screen says nothing was written when the file already held it.
func TestDoneScreenForAnUnchangedFile(t *testing.T) {
	h := newHarness(t, func(c *Config) {
		c.Env.WriteEnv = func(*steps.Answers) (steps.WriteResult, error) {
			return steps.WriteResult{Path: "/srv/tako/.env", Unchanged: true}, nil
		}
	})
	h.toMethod(1)
	h.key("enter") // token created
	h.typeText("00tokenTOKENtokenTOKENtokenTOKENtokenTOK")
	h.key("enter")
	for h.m.mach.Current().ID != steps.Review {
		h.key("enter")
	}
	h.key("enter")
	h.at(steps.Done)
	h.expect("Nothing to change; not written (no backup needed):", "/srv/tako/.env")
	if strings.Contains(h.screen(), "Written:") {
		t.Fatalf("an unchanged file is called written:\n%s", h.screen())
	}
}
