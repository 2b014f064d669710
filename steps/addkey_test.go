package steps

import (
	"context"
	"crypto/rsa"
	"testing"
	"time"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/emulator/emutest"
	"github.com/fctr-id/tako-setup/checks/keys"
	"github.com/fctr-id/tako-setup/checks/takoenv"
)

// keyOf wraps an RSA key as the wizard holds a pasted one.
func keyOf(t *testing.T, k *rsa.PrivateKey) *Key {
	t.Helper()
	kk, err := keys.FromRSA(k)
	if err != nil {
		t.Fatal(err)
	}
	return KeyFromKeys(kk, false)
}

// keyFindings runs the private-key step's checks against an emulated org
// whose app holds the public halves of onApp (under their RFC 7638 kids,
// as tako-setup registers keys), signing with key.
func keyFindings(t *testing.T, key *Key, onApp ...*rsa.PrivateKey) []checks.Finding {
	t.Helper()
	o := emutest.StartOAuthOrg(t, emutest.AppKeys(onApp...), emutest.AppRoles())
	a := &Answers{Settings: takoenv.Settings{OrgURL: emutest.OrgURL, Method: checks.OAuth2, ClientID: o.App.ClientID}}
	a.SetKey(key)
	s, _ := Setup().Step(PrivateKey)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	r := checks.Run(ctx, a.CheckInput(), checks.Options{HTTP: o.Server.Client(), Timeout: 5 * time.Second, Only: s.Checks})
	return s.Findings(r)
}

func TestAPastedKeyOktaDoesNotKnowHasItsPublicKeyShown(t *testing.T) {
	pasted := keyOf(t, emutest.Key(0))
	cases := []struct {
		name string
		app  []*rsa.PrivateKey
		show bool
	}{
		{"the app has no public key", nil, true},
		{"the app has another key", []*rsa.PrivateKey{emutest.Key(1)}, true},
		{"the app has two other keys", []*rsa.PrivateKey{emutest.Key(1), emutest.Key(2)}, true},
		{"the app has this key", []*rsa.PrivateKey{emutest.Key(0)}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fs := keyFindings(t, pasted, c.app...)
			for _, f := range fs {
				t.Logf("%s %s: %s", f.Status, f.ID, f.Title)
			}
			if got := KeyNotOnApp(fs); got != c.show {
				t.Fatalf("KeyNotOnApp = %v for %v", got, fs)
			}
			passed := !c.show
			a := &Answers{Key: pasted}
			jwk := PublicKeyToAdd(a, fs, passed)
			if c.show && string(jwk) != string(pasted.PublicJWK) {
				t.Fatalf("public key to add = %q", jwk)
			}
			if !c.show && jwk != nil {
				t.Fatal("a key Okta accepted is offered for adding")
			}
		})
	}
}

func TestPublicKeyToAddOnlyForAKeyOktaLacks(t *testing.T) {
	pasted := keyOf(t, emutest.Key(0))
	gen := *pasted
	gen.Generated = true
	fail := func(title string) []checks.Finding {
		return []checks.Finding{{ID: checks.IDOAuthKey, Status: checks.Fail, Title: title}}
	}
	cases := []struct {
		name     string
		key      *Key
		findings []checks.Finding
		passed   bool
		want     bool
	}{
		{"no key", nil, fail("The app has no public key"), false, false},
		{"generated, not checked yet", &gen, nil, false, true},
		{"generated, passed", &gen, nil, true, false},
		{"pasted, not checked yet", pasted, nil, false, false},
		{"pasted, too small", pasted, fail("The RSA key is too small"), false, false},
		{"pasted, the client refused", pasted, []checks.Finding{{ID: checks.IDOAuthClient, Status: checks.Fail, Title: "The app has no public key"}}, false, false},
		{"pasted, no public key on the app", pasted, fail("The app has no public key"), false, true},
		{"pasted, does not match", pasted, fail("The key does not match the app's public key"), false, true},
	}
	for _, c := range cases {
		got := PublicKeyToAdd(&Answers{Key: c.key}, c.findings, c.passed) != nil
		if got != c.want {
			t.Errorf("%s: shown = %v, want %v", c.name, got, c.want)
		}
	}
}
