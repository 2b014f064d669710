package steps

import (
	"crypto/rsa"
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/go-jose/go-jose/v4"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/emulator/emutest"
	"github.com/fctr-id/tako-setup/checks/keys"
	"github.com/fctr-id/tako-setup/checks/secret"
	"github.com/fctr-id/tako-setup/checks/takoenv"
)

// privateJWK is k as a private JWK with the given kid.
func privateJWK(t *testing.T, k *rsa.PrivateKey, kid string) string {
	t.Helper()
	b, err := (&jose.JSONWebKey{Key: k, KeyID: kid, Algorithm: "RS256", Use: "sig"}).MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// oauthRotation is a rotation begun from a .env holding key A.
func oauthRotation(t *testing.T) Answers {
	t.Helper()
	old, err := ParseKey(emutest.PKCS8PEM(t, emutest.Key(0)))
	if err != nil {
		t.Fatal(err)
	}
	a, err := BeginRotation(Answers{Settings: takoenv.Settings{OrgURL: "https://acme.okta.com", Method: checks.OAuth2, ClientID: "0oaTako123", Scopes: []string{"okta.users.read"}}, Existing: &Existing{Path: "/srv/tako/.env", Method: checks.OAuth2, HasKey: true}, Key: old, KeySource: KeyKeep})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func tokenRotation(t *testing.T) Answers {
	t.Helper()
	a, err := BeginRotation(Answers{Settings: takoenv.Settings{OrgURL: "https://acme.okta.com", Method: checks.APIToken, APIToken: secret.New("00old-token-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")}, Existing: &Existing{Path: "/srv/tako/.env", Method: checks.APIToken, HasToken: true}})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func rotateInput(t *testing.T, id ID, key string) Input {
	t.Helper()
	return graphInput(t, Rotate(), id, key)
}

func TestRotatePathFollowsTheMethod(t *testing.T) {
	g := Rotate()
	oauth := oauthRotation(t)
	want := []ID{RotateCurrent, RotateKey, RotateReviewKey, Write, RotateDeactivate, RotateOldKey, RotateDone}
	if got := ids(g.Path(&oauth)); !reflect.DeepEqual(got, want) {
		t.Fatalf("oauth path = %v", got)
	}
	token := tokenRotation(t)
	want = []ID{RotateCurrent, RotateTokenCreate, RotateToken, RotateReviewToken, Write, RotateRevoke, RotateDone}
	if got := ids(g.Path(&token)); !reflect.DeepEqual(got, want) {
		t.Fatalf("token path = %v", got)
	}
	// Every proof of the flow is asked of the engine on its path.
	for _, c := range []struct {
		a    Answers
		want []string
	}{
		{oauth, []string{checks.IDRotateCurrent, checks.IDRotateNewKey, checks.IDRotateOneKey, checks.IDRotateOldKey}},
		{token, []string{checks.IDRotateCurrent, checks.IDTokenValid, checks.IDRotateOwner, checks.IDRotateRevoke, checks.IDRotateOldToken}},
	} {
		got := g.CheckIDs(&c.a)
		for _, id := range c.want {
			if !slices.Contains(got, id) {
				t.Errorf("%s path does not check %s", c.a.Method, id)
			}
		}
	}
}

func TestRotateStepsAreNamedAndInputsUniqueOnEachPath(t *testing.T) {
	for _, a := range []Answers{oauthRotation(t), tokenRotation(t)} {
		keys := map[string]bool{}
		for _, s := range Rotate().Path(&a) {
			if s.Title == "" {
				t.Fatalf("step %s has no title", s.ID)
			}
			for _, in := range s.Inputs {
				if keys[in.Key] || in.Set == nil || in.Value == nil || in.Label == "" {
					t.Fatalf("input %q of %s: duplicate key, or no setter/value/label", in.Key, s.ID)
				}
				keys[in.Key] = true
			}
		}
	}
}

func TestBeginRotationMovesTheCredentialAside(t *testing.T) {
	a := oauthRotation(t)
	if a.Key != nil || a.Rotation.OldKey == nil || a.KeySource != "" || a.Start != StartRotate {
		t.Fatalf("after BeginRotation: key %v, old %v, source %q", a.Key, a.Rotation.OldKey, a.KeySource)
	}
	in := a.CheckInput()
	if in.Retired == nil || in.Retired.PrivateKey != a.Rotation.OldKey.Private || in.Retired.KeyID != a.Rotation.OldKey.KID || in.PrivateKey != nil {
		t.Fatalf("check input = %+v", in)
	}
	tok := tokenRotation(t)
	if !tok.APIToken.IsZero() || tok.Rotation.OldToken.Reveal() != "00old-token-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" {
		t.Fatal("token not moved aside")
	}
	if r := tok.CheckInput().Retired; r == nil || r.APIToken.Reveal() != tok.Rotation.OldToken.Reveal() || r.Revoke {
		t.Fatalf("retired = %+v", r)
	}
	if (&Answers{Settings: takoenv.Settings{Method: checks.APIToken}}).CheckInput().Retired != nil {
		t.Fatal("setup answers carry a retired credential")
	}
}

func TestBeginRotationRefusesWhatCannotBeRotated(t *testing.T) {
	ex := func(m checks.Method) *Existing { return &Existing{Path: "x/.env", Method: m, HasKey: true} }
	cases := map[string]Answers{
		"no file":          {},
		"unreadable key":   {Existing: ex(checks.OAuth2), Settings: takoenv.Settings{Method: checks.OAuth2, OrgURL: "https://a.okta.com", ClientID: "0oa1"}},
		"no token":         {Existing: ex(checks.APIToken), Settings: takoenv.Settings{Method: checks.APIToken, OrgURL: "https://a.okta.com"}},
		"unknown method":   {Existing: ex("SAML"), Settings: takoenv.Settings{Method: "SAML", OrgURL: "https://a.okta.com"}},
		"no org for token": {Existing: ex(checks.APIToken), Settings: takoenv.Settings{Method: checks.APIToken, APIToken: secret.New("00tokentokentokentokentoken")}},
	}
	for name, a := range cases {
		_, err := BeginRotation(a)
		if !errors.Is(err, ErrNothingToRotate) {
			t.Errorf("%s: err = %v", name, err)
		}
	}
	_, err := BeginRotation(cases["unreadable key"])
	if err == nil || !strings.Contains(err.Error(), "cannot be read") {
		t.Fatalf("unreadable key: %v", err)
	}
}

func TestRotateKeyRefusesKeepAndTheOldKey(t *testing.T) {
	a := oauthRotation(t)
	src := rotateInput(t, RotateKey, "key-source")
	for _, o := range src.OptionsFor(&a) {
		if o.Value == string(KeyKeep) {
			t.Fatal("keep is offered in a rotation")
		}
	}
	if err := src.Set(Env{}, &a, "keep"); err == nil {
		t.Fatal("keep accepted")
	}
	if src.Proposed(&a) != string(KeyGenerate) {
		t.Fatalf("proposed source = %q", src.Proposed(&a))
	}
	if err := src.Set(Env{}, &a, "paste"); err != nil {
		t.Fatal(err)
	}

	paste := rotateInput(t, RotateKey, "private-key")
	if err := paste.Set(Env{}, &a, emutest.PKCS8PEM(t, emutest.Key(0))); !errors.Is(err, ErrSameKey) {
		t.Fatalf("old key again: %v", err)
	}
	if a.Key != nil {
		t.Fatal("the refused key was kept")
	}
	// The old key again, as a JWK under another kid: still the same key.
	if err := paste.Set(Env{}, &a, privateJWK(t, emutest.Key(0), "fresh-kid")); !errors.Is(err, ErrSameKey) {
		t.Fatalf("old key as JWK: %v", err)
	}
	// Another key under the old key's kid: Okta would refuse to add it.
	err := paste.Set(Env{}, &a, privateJWK(t, emutest.Key(1), a.Rotation.OldKey.KID))
	if err == nil || !strings.Contains(err.Error(), "kid") || a.Key != nil {
		t.Fatalf("kid clash: %v (key %v)", err, a.Key)
	}

	// A new JWK with its own kid: accepted, and its public JWK carries it.
	if err := paste.Set(Env{}, &a, privateJWK(t, emutest.Key(1), "tako-2026")); err != nil {
		t.Fatal(err)
	}
	var pub map[string]any
	if err := json.Unmarshal(a.Key.PublicJWK, &pub); err != nil {
		t.Fatal(err)
	}
	if pub["kid"] != "tako-2026" || a.Key.KID != "tako-2026" || pub["d"] != nil {
		t.Fatalf("public JWK = %s", a.Key.PublicJWK)
	}
	if in := a.CheckInput(); in.KeyID != "tako-2026" || in.Retired.PrivateKey == in.PrivateKey {
		t.Fatalf("check input kid %q", in.KeyID)
	}
}

func TestRotateKeyFileRefusesTheOldKey(t *testing.T) {
	a := oauthRotation(t)
	files := map[string]string{"old.pem": emutest.PKCS8PEM(t, emutest.Key(0)), "new.pem": emutest.PKCS8PEM(t, emutest.Key(1))}
	env := Env{ReadFile: func(name string) ([]byte, error) { return []byte(files[name]), nil }}
	if err := rotateInput(t, RotateKey, "key-source").Set(env, &a, "file"); err != nil {
		t.Fatal(err)
	}
	file := rotateInput(t, RotateKey, "private-key-file")
	if err := file.Set(env, &a, "old.pem"); !errors.Is(err, ErrSameKey) || a.Key != nil || a.KeyPath != "" {
		t.Fatalf("old key file: %v", err)
	}
	if err := file.Set(env, &a, "new.pem"); err != nil || a.KeyPath != "new.pem" || a.Key == nil {
		t.Fatalf("new key file: %v", err)
	}
}

func TestRotateGeneratesTheNewKeyInPrepare(t *testing.T) {
	a := oauthRotation(t)
	s, _ := Rotate().Step(RotateKey)
	if err := rotateInput(t, RotateKey, "key-source").Set(Env{}, &a, "generate"); err != nil {
		t.Fatal(err)
	}
	if !s.PrepareAlone(&a) {
		t.Fatal("a key to generate must be added in Okta before it is checked")
	}
	made := 0
	env := Env{GenerateKey: func(bits int) (*Key, error) {
		made++
		return KeyFromKeys(mustKeys(t, emutest.Key(1)), true), nil
	}}
	if err := s.Prepare(env, &a); err != nil || made != 1 || a.Key == nil || !a.Key.Generated {
		t.Fatalf("prepare: %v (made %d)", err, made)
	}
	if err := s.Prepare(env, &a); err != nil || made != 1 || s.PrepareAlone(&a) {
		t.Fatal("the generated key must be kept for the check")
	}
}

func TestRotateTokenRefusesTheOldToken(t *testing.T) {
	a := tokenRotation(t)
	in := rotateInput(t, RotateToken, "api-token")
	if err := in.Set(Env{}, &a, "SSWS 00old-token-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"); !errors.Is(err, ErrSameToken) || !a.APIToken.IsZero() {
		t.Fatalf("old token again: %v", err)
	}
	if err := in.Set(Env{}, &a, "00new-token-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"); err != nil {
		t.Fatal(err)
	}
	if in.Value(&a) == "" || strings.Contains(in.Value(&a), "bbbbbbbbbbbb") {
		t.Fatalf("value shows the token: %q", in.Value(&a))
	}
}

func TestRevokeNeedsExplicitConsent(t *testing.T) {
	a := tokenRotation(t)
	s, _ := Rotate().Step(RotateRevoke)
	how, confirm := s.Inputs[0], s.Inputs[1]
	if how.Proposed(&a) != string(RevokeInConsole) || confirm.AppliesTo(&a) {
		t.Fatal("revoking by API must not be proposed")
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(how.Set(Env{}, &a, "api"))
	if !confirm.AppliesTo(&a) || confirm.Proposed(&a) != "" || a.CheckInput().Retired.Revoke {
		t.Fatal("choosing the API way alone is not consent")
	}
	if opts := confirm.OptionsFor(&a); opts[0].Value != "no" {
		t.Fatal("the first (pre-selected) answer must be no")
	}
	must(confirm.Set(Env{}, &a, "no"))
	if a.Rotation.Revoke != RevokeInConsole || a.CheckInput().Retired.Revoke {
		t.Fatal("no consent must leave revoking to the console")
	}
	must(how.Set(Env{}, &a, "api"))
	must(confirm.Set(Env{}, &a, "yes"))
	if !a.CheckInput().Retired.Revoke {
		t.Fatal("consent not passed on")
	}
	// Changing the way drops the consent.
	must(how.Set(Env{}, &a, "manual"))
	must(how.Set(Env{}, &a, "api"))
	if a.CheckInput().Retired.Revoke {
		t.Fatal("consent survived a change of mind")
	}
}

func TestRotateDoneChecksEverythingAndTheOldCredential(t *testing.T) {
	s, _ := Rotate().Step(RotateDone)
	for _, m := range []checks.Method{checks.OAuth2, checks.APIToken} {
		for _, id := range checks.IDs(m) {
			if !slices.Contains(s.Checks, id) {
				t.Errorf("done does not check %s", id)
			}
		}
	}
	for _, id := range []string{checks.IDRotateOldKey, checks.IDRotateOldToken} {
		if !slices.Contains(s.Checks, id) {
			t.Errorf("done does not prove %s", id)
		}
	}
	if slices.Contains(s.Checks, checks.IDRotateRevoke) {
		t.Fatal("the summary must not revoke anything")
	}
}

func TestKeyStep(t *testing.T) {
	if !KeyStep(PrivateKey) || !KeyStep(RotateKey) || KeyStep(RotateToken) {
		t.Fatal("KeyStep")
	}
}

func mustKeys(t *testing.T, k *rsa.PrivateKey) *keys.Key {
	t.Helper()
	kk, err := keys.FromRSA(k)
	if err != nil {
		t.Fatal(err)
	}
	return kk
}
