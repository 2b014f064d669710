package steps

import (
	"reflect"
	"testing"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/takoenv"
)

func ids(ss []Step) []ID {
	out := make([]ID, len(ss))
	for i, s := range ss {
		out[i] = s.ID
	}
	return out
}

func TestPathFollowsTheMethodBranch(t *testing.T) {
	g := Setup()
	cases := []struct {
		name   string
		method checks.Method
		want   []ID
	}{
		{"undecided", "", []ID{Welcome, OrgURL, Method}},
		{"oauth", checks.OAuth2, []ID{Welcome, OrgURL, Method, OAuthApp, PrivateKey, DPoP, Scopes, AdminRoles, RateLimit, Review, Write, Done}},
		{"token", checks.APIToken, []ID{Welcome, OrgURL, Method, TokenCreate, TokenValue, TokenNetwork, RateLimit, Review, Write, Done}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := &Answers{Settings: takoenv.Settings{Method: c.method}}
			if got := ids(g.Path(a)); !reflect.DeepEqual(got, c.want) {
				t.Fatalf("path = %v, want %v", got, c.want)
			}
		})
	}
}

func TestNextAndPrevSkipTheOtherBranch(t *testing.T) {
	g := Setup()
	a := &Answers{Settings: takoenv.Settings{Method: checks.APIToken}}
	if s, _ := g.Next(a, Method); s.ID != TokenCreate {
		t.Fatalf("next after method = %s", s.ID)
	}
	if s, _ := g.Prev(a, RateLimit); s.ID != TokenNetwork {
		t.Fatalf("prev of rate limit = %s", s.ID)
	}
	a.Method = checks.OAuth2
	if s, _ := g.Prev(a, RateLimit); s.ID != AdminRoles {
		t.Fatalf("prev of rate limit (oauth) = %s", s.ID)
	}
	if _, ok := g.Next(a, Done); ok {
		t.Fatal("a step after Done")
	}
	if _, ok := g.Prev(a, Welcome); ok {
		t.Fatal("a step before Welcome")
	}
	if _, ok := g.Next(a, "nope"); ok {
		t.Fatal("Next of an unknown step")
	}
}

func TestEveryStepHasAUniqueIDAndEveryInputAUniqueKey(t *testing.T) {
	seen := map[ID]bool{}
	keys := map[string]bool{}
	for _, s := range Setup() {
		if seen[s.ID] || s.ID == "" || s.Title == "" {
			t.Fatalf("step %q: duplicate or unnamed", s.ID)
		}
		seen[s.ID] = true
		for _, in := range s.Inputs {
			if keys[in.Key] || in.Set == nil || in.Value == nil || in.Label == "" {
				t.Fatalf("input %q of %s: duplicate key, or no setter/value/label", in.Key, s.ID)
			}
			keys[in.Key] = true
			if in.Kind.IsSecret() && in.Flag != "" && !in.FlagIsFile {
				t.Fatalf("secret input %q accepts its value as a flag", in.Key)
			}
		}
	}
}

func TestCheckIDsOfEachBranch(t *testing.T) {
	g := Setup()
	oauth := g.CheckIDs(&Answers{Settings: takoenv.Settings{Method: checks.OAuth2}})
	want := []string{checks.IDOrg, checks.IDClock, checks.IDOAuthClient, checks.IDOAuthKey, checks.IDOAuthKid, checks.IDAge, checks.IDOAuthDPoP, checks.IDOAuthScopes, checks.IDOAuthRoles, checks.IDRateLimit}
	if !reflect.DeepEqual(oauth, want) {
		t.Fatalf("oauth checks = %v", oauth)
	}
	token := g.CheckIDs(&Answers{Settings: takoenv.Settings{Method: checks.APIToken}})
	want = []string{checks.IDOrg, checks.IDClock, checks.IDTokenValid, checks.IDTokenRoles, checks.IDAge, checks.IDTokenNetwork, checks.IDRateLimit}
	if !reflect.DeepEqual(token, want) {
		t.Fatalf("token checks = %v", token)
	}
}

// TestEveryEngineCheckBelongsToAStep fails when the engine gains a check
// that no step of a branch runs (it would only ever show on the Done screen).
func TestEveryEngineCheckBelongsToAStep(t *testing.T) {
	for _, m := range []checks.Method{checks.OAuth2, checks.APIToken} {
		have := map[string]bool{}
		for _, id := range Setup().CheckIDs(&Answers{Settings: takoenv.Settings{Method: m}}) {
			have[id] = true
		}
		for _, id := range checks.IDs(m) {
			if !have[id] {
				t.Errorf("%s: engine check %q is run by no step", m, id)
			}
		}
	}
}

func TestOutcomeFoldsTheStepsFindings(t *testing.T) {
	s, _ := Setup().Step(TokenValue)
	r := checks.Report{Findings: []checks.Finding{
		{ID: checks.IDOrg, Status: checks.Fail}, // not this step's
		{ID: checks.IDTokenValid, Status: checks.Pass},
		{ID: checks.IDTokenRoles, Status: checks.Warn},
	}}
	if got := s.Outcome(r); got != checks.Warn {
		t.Fatalf("outcome = %s, want warn", got)
	}
	if got := len(s.Findings(r)); got != 2 {
		t.Fatalf("findings = %d, want 2", got)
	}
	r.Findings[1].Status = checks.Fail
	if got := s.Outcome(r); got != checks.Fail {
		t.Fatalf("outcome = %s, want fail", got)
	}
	r.Findings[1].Status, r.Findings[2].Status = checks.Skip, checks.Pass
	if got := s.Outcome(r); got != checks.Pass {
		t.Fatalf("outcome = %s, want pass", got)
	}
}
