package wizard

import (
	"context"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/fctr-id/tako-setup/steps"
)

// fillConsole is a demo console that fills inputs of one step, as the
// real demo does after "creating" the app or the token.
type fillConsole struct {
	step steps.ID
	fill map[string]string
}

func (c fillConsole) Offer(id steps.ID, _ *steps.Answers) (string, bool) {
	return "do it", id == c.step
}

func (c fillConsole) Do(context.Context, steps.ID, steps.Answers) (ConsoleResult, error) {
	return ConsoleResult{Message: "Created the app.", Fill: c.fill}, nil
}

func TestAValidationMessageGoesOnceTheValueChanges(t *testing.T) {
	const refused = "✗ paste the app's Client ID"
	cases := []struct {
		name   string
		change func(h *harness)
	}{
		{"demo console fill", func(h *harness) { h.key("ctrl+o") }},
		{"typing", func(h *harness) { h.typeText("0oa") }},
		{"bracketed paste", func(h *harness) { h.send(tea.PasteMsg{Content: "0oaTAKO123\n"}) }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t, func(cfg *Config) {
				cfg.Console = fillConsole{step: steps.OAuthApp, fill: map[string]string{"client-id": "0oaTAKO123"}}
			})
			h.toMethod(0)
			h.at(steps.OAuthApp)
			h.key("enter") // nothing typed yet
			h.expect(refused)
			c.change(h)
			if s := h.screen(); strings.Contains(s, refused) {
				t.Fatalf("the refusal of the empty value is still shown:\n%s", s)
			}
		})
	}
	// The console's fill is checked at once, and only the ✓ remains.
	h := newHarness(t, func(cfg *Config) {
		cfg.Console = fillConsole{step: steps.OAuthApp, fill: map[string]string{"client-id": "0oaTAKO123"}}
	})
	h.toMethod(0)
	h.key("enter")
	h.key("ctrl+o")
	h.expect("✓ oauth.client", "› 0oaTAKO123")
	if s := h.screen(); strings.Contains(s, refused) {
		t.Fatalf("a stale ✗ sits above the ✓:\n%s", s)
	}
}

func TestAValidationMessageStaysWhileTheValueIsTheSame(t *testing.T) {
	h := newHarness(t, nil)
	h.key("enter")
	h.typeText("http://acme.okta.com")
	h.key("enter")
	h.expect("✗ the org URL starts with http://")
	h.key("tab") // moving around does not change the value
	h.send(tea.WindowSizeMsg{Width: 90, Height: 30})
	h.expect("✗ the org URL starts with http://")
	h.key("backspace")
	if strings.Contains(h.screen(), "✗ the org URL") {
		t.Fatal("the message outlived the value it was about")
	}
}

func TestASecretFilledByTheConsoleClearsItsValidationMessage(t *testing.T) {
	// A secret's field stays empty when the console fills its answer (the
	// value is never put on screen): the message must still go.
	h := newHarness(t, func(cfg *Config) {
		cfg.Console = fillConsole{step: steps.TokenValue, fill: map[string]string{"api-token": "00tokenTOKENtokenTOKENtokenTOKENtokenTOK"}}
	})
	h.toMethod(1)
	h.key("enter") // token created
	h.at(steps.TokenValue)
	h.key("enter") // nothing pasted yet
	h.expect("✗ paste the token")
	h.key("ctrl+o")
	h.expect("✓ token.valid", "(kept: …nTOK")
	if s := h.screen(); strings.Contains(s, "✗ paste the token") {
		t.Fatalf("a stale ✗ sits above the ✓:\n%s", s)
	}
}
