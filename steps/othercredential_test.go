package steps

import (
	"testing"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/secret"
	"github.com/fctr-id/tako-setup/checks/takoenv"
)

func TestTheReviewAsksAboutTheOtherMethodsSecretOnlyWhenTheFileHoldsIt(t *testing.T) {
	review, _ := Setup().Step(Review)
	cases := []struct {
		name string
		a    Answers
		ask  bool
	}{
		{"no file", Answers{Settings: takoenv.Settings{Method: checks.OAuth2}}, false},
		{"OAuth 2.0, the file has a token", Answers{Settings: takoenv.Settings{Method: checks.OAuth2}, Existing: &Existing{HasToken: true}}, true},
		{"OAuth 2.0, the file has a key only", Answers{Settings: takoenv.Settings{Method: checks.OAuth2}, Existing: &Existing{HasKey: true}}, false},
		{"API token, the file has a key", Answers{Settings: takoenv.Settings{Method: checks.APIToken}, Existing: &Existing{HasKey: true, HasToken: true}}, true},
		{"API token, the file has a token only", Answers{Settings: takoenv.Settings{Method: checks.APIToken}, Existing: &Existing{HasToken: true}}, false},
		{"rotation", Answers{Settings: takoenv.Settings{Method: checks.APIToken}, Existing: &Existing{HasKey: true, HasToken: true}, Rotation: Rotation{OldToken: secret.New("00old")}}, false},
	}
	for _, c := range cases {
		var keys []string
		for _, in := range review.ActiveInputs(&c.a) {
			keys = append(keys, in.Key)
		}
		asked := len(keys) == 2 && keys[0] == "other-credential" && keys[1] == "confirm"
		if asked != c.ask || (!c.ask && (len(keys) != 1 || keys[0] != "confirm")) {
			t.Errorf("%s: review inputs %v", c.name, keys)
		}
	}
	// The rotation's reviews share the inputs and never ask either.
	for _, id := range []ID{RotateReviewKey, RotateReviewToken} {
		s, _ := Rotate().Step(id)
		a := Answers{Settings: takoenv.Settings{Method: checks.OAuth2}, Existing: &Existing{HasToken: true}, Rotation: Rotation{OldKey: &Key{}}}
		if ins := s.ActiveInputs(&a); len(ins) != 1 || ins[0].Key != "confirm" {
			t.Errorf("%s asks %d inputs", id, len(ins))
		}
	}
}

func TestTheOtherSecretIsRemovedUnlessKeepIsAnswered(t *testing.T) {
	in := input(t, Review, "other-credential")
	a := &Answers{Settings: takoenv.Settings{Method: checks.OAuth2}, Existing: &Existing{HasToken: true}}
	if in.Proposed(a) != "remove" || a.KeepOtherCredential() {
		t.Fatalf("proposed %q, keep %v before an answer", in.Proposed(a), a.KeepOtherCredential())
	}
	if got := in.LabelOf(a); got != "The .env still holds an API token (OKTA_API_TOKEN):" {
		t.Errorf("label %q", got)
	}
	if err := in.Set(Env{}, a, "KEEP"); err != nil || !a.KeepOtherCredential() || in.Value(a) != "keep" {
		t.Fatalf("keep: %v, %v", err, a.OtherCredential)
	}
	if err := in.Set(Env{}, a, "maybe"); err == nil || !a.KeepOtherCredential() {
		t.Fatal("an invalid answer was taken")
	}
	if err := in.Set(Env{}, a, "remove"); err != nil || a.KeepOtherCredential() {
		t.Fatalf("remove: %v", err)
	}
	// Keep answered on an earlier path no longer counts once the file has
	// nothing of the other method (the method was switched back).
	a.OtherCredential = OtherKeep
	a.Method = checks.APIToken
	if a.KeepOtherCredential() {
		t.Fatal("keep counted where the question does not apply")
	}
	var flagged bool
	for _, o := range in.Choices {
		if o.Value == "keep" && o.Flag == "keep-other-credentials" {
			flagged = true
		}
		if o.Value == "remove" && o.Flag != "" {
			t.Error("remove, the default, has a flag")
		}
	}
	if !flagged {
		t.Error("keep has no --keep-other-credentials flag")
	}
}
