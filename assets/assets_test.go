package assets_test

import (
	"strings"
	"testing"

	"github.com/fctr-id/tako-setup/assets"
	"github.com/fctr-id/tako-setup/steps"
)

// TestEveryStepHasHelp fails when a step of the setup or rotation graph
// has no help page, or an empty or untitled one.
func TestEveryStepHasHelp(t *testing.T) {
	for _, s := range append(steps.Setup(), steps.Rotate()...) {
		h, ok := assets.ForStep(string(s.ID))
		if !ok {
			t.Errorf("step %s has no assets/steps/%s.md", s.ID, s.ID)
			continue
		}
		if h.Title == "" || len(h.Body) < 80 {
			t.Errorf("step %s: help page has no title or almost no text", s.ID)
		}
		for _, line := range strings.Split(h.Body, "\n") {
			if len([]rune(line)) > 76 {
				t.Errorf("step %s: help line longer than 76 columns (it must fit 80×24): %q", s.ID, line)
			}
		}
	}
}

// TestNoOrphanPages fails when a page explains a step that does not exist
// (a renamed step whose help was left behind).
func TestNoOrphanPages(t *testing.T) {
	known := map[string]bool{}
	for _, s := range append(steps.Setup(), steps.Rotate()...) {
		known[string(s.ID)] = true
	}
	for _, id := range assets.StepIDs() {
		if !known[id] {
			t.Errorf("assets/steps/%s.md explains no step", id)
		}
	}
}

func TestDeepLinkUsesTheAdminHost(t *testing.T) {
	app, _ := assets.ForStep(string(steps.OAuthApp))
	cases := []struct{ org, want string }{
		{"https://acme.okta.com", "https://acme-admin.okta.com/admin/apps/active"},
		{"https://acme.oktapreview.com/", "https://acme-admin.oktapreview.com/admin/apps/active"},
		{"https://acme-admin.okta.com", "https://acme-admin.okta.com/admin/apps/active"},
		{"https://127.0.0.1:8443", "https://127.0.0.1:8443/admin/apps/active"},
		{"", ""},
	}
	for _, c := range cases {
		if got := app.DeepLink(c.org, "", false); got != c.want {
			t.Errorf("%q: %q, want %q", c.org, got, c.want)
		}
	}
	key, _ := assets.ForStep(string(steps.PrivateKey))
	if got := key.DeepLink("https://acme.okta.com", "", false); got != "" {
		t.Errorf("a link needing the client ID was built without it: %q", got)
	}
	if got := key.DeepLink("https://acme.okta.com", "0oa1", false); got != "https://acme-admin.okta.com/admin/app/oidc_client/instance/0oa1/#tab-general" {
		t.Errorf("key link: %q", got)
	}
	rl, _ := assets.ForStep(string(steps.RateLimit))
	if rl.ConsoleFor(true) == rl.ConsoleFor(false) || !strings.Contains(rl.DeepLink("https://a.okta.com", "", true), "/api/tokens") {
		t.Error("rate-limit help does not switch to the token branch")
	}
}
