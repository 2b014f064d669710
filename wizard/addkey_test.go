package wizard

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/steps"
)

// flat is a screen without line breaks and spaces, to find a JWK that the
// screen wrapped.
func flat(s string) string {
	return strings.NewReplacer("\n", "", " ", "", "│", "").Replace(s)
}

func TestAPastedKeyOktaLacksHasItsPublicKeyShownAndCopied(t *testing.T) {
	h := newHarness(t, nil)
	h.f.status[checks.IDOAuthKey] = checks.Fail
	h.f.titles = map[string]string{checks.IDOAuthKey: "The app has no public key"}
	// A long org name and a 20-character client ID, as Okta makes them:
	// the console link takes 3 lines.
	h.key("enter")
	h.typeText("integrator-1234567.okta.com")
	h.key("enter", "enter", "enter") // check, continue, OAuth 2.0
	h.at(steps.OAuthApp)
	h.typeText("0oaVRApjGu4w1xSBykTF")
	h.key("enter", "enter")
	h.at(steps.PrivateKey)
	h.send(tea.PasteMsg{Content: testKey(t).PEM.Reveal()})
	h.key("enter")
	h.expect("✗ The app has no public key", "Okta does not have this key. Add its public key in Okta:", "Add it in Okta (ctrl+y sends it to your terminal's")
	key := h.m.mach.Answers().Key
	if key == nil || key.Generated {
		t.Fatalf("the pasted key is held as %+v", key)
	}
	jwk := string(key.PublicJWK)
	// The JWK is on screen (wrapped), and in the clipboard.
	s := h.screen()
	if !strings.Contains(flat(s), flat(jwk[:40])) || !strings.Contains(s, "Add its public key") {
		t.Fatalf("the public key is not shown:\n%s", s)
	}
	if len(h.clip) != 1 || !strings.Contains(h.clip[0], jwk) {
		t.Fatalf("clipboard writes %d: %v", len(h.clip), h.clip)
	}
	// The whole screen still fits, and no private part is shown.
	for _, l := range strings.Split(s, "\n") {
		if ansi.StringWidth(l) > 80 {
			t.Fatalf("a line of %d columns: %q", ansi.StringWidth(l), l)
		}
	}
	if strings.Contains(s, `"d":`) || strings.Contains(s, "PRIVATE KEY") {
		t.Fatalf("the private key is on screen:\n%s", s)
	}
	// Checking again while it still fails does not copy again; ctrl+y does.
	h.key("enter")
	h.expect("✗ The app has no public key", "Okta does not have this key")
	if len(h.clip) != 1 {
		t.Fatalf("copied again on a re-check: %d", len(h.clip))
	}
	h.key("ctrl+y")
	if len(h.clip) != 2 {
		t.Fatal("ctrl+y did not copy the public key")
	}
	// Added in Okta: the check passes and the key is no longer shown.
	h.f.status[checks.IDOAuthKey] = checks.Pass
	h.key("ctrl+r")
	h.expect("✓ The app has no public key")
	if strings.Contains(h.screen(), "Okta does not have this key") {
		t.Fatalf("the public key is still offered after the key passed:\n%s", h.screen())
	}
}

func TestAPastedKeyThatFailsForAnotherReasonIsNotOfferedForAdding(t *testing.T) {
	h := newHarness(t, nil)
	h.f.status[checks.IDOAuthKey] = checks.Fail
	h.f.titles = map[string]string{checks.IDOAuthKey: "Okta refused the key"}
	h.toMethod(0)
	h.typeText("0oaTAKO123")
	h.key("enter", "enter")
	h.send(tea.PasteMsg{Content: testKey(t).PEM.Reveal()})
	h.key("enter")
	h.expect("✗ Okta refused the key")
	if strings.Contains(h.screen(), "Add its public key") || len(h.clip) != 0 {
		t.Fatalf("a key Okta did not say it lacks is offered for adding:\n%s", h.screen())
	}
}
