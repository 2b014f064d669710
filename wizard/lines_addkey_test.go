package wizard_test

import (
	"context"
	"strings"
	"testing"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/wizard"
)

func TestLineModeShowsThePublicKeyOfAPastedKeyOktaLacks(t *testing.T) {
	cfg, d := demoConfig(t)
	// The app exists, without any public key.
	cid := d.Org.AddApp(&demoApp).ClientID
	_ = d.Org.SetDPoP(cid, false)
	_ = d.Org.GrantScopes(cid, checks.DefaultScopes...)
	key := sharedKey()
	lines := strings.Split(strings.TrimSpace(key.PEM.Reveal()), "\n")
	answers := append([]string{"", "1", cid, "2"}, lines...)
	answers = append(answers, "quit")
	s := &script{t: t, answers: answers}
	if _, _, err := wizard.RunLines(context.Background(), cfg, s); err != wizard.ErrAborted {
		t.Fatalf("err = %v\n%s", err, s.tail())
	}
	out := s.out.String()
	for _, want := range []string{"FAIL: The app has no public key", "Okta does not have this key. In Okta click Add key", string(key.PublicJWK)} {
		if !strings.Contains(out, want) {
			t.Errorf("the transcript lacks %q:\n%s", want, s.tail())
		}
	}
	for _, l := range lines[1 : len(lines)-1] {
		if strings.Contains(out, l) {
			t.Fatal("a line of the private key was echoed")
		}
	}
}
