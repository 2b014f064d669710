package wizard

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/emulator/emutest"
	"github.com/fctr-id/tako-setup/checks/keys"
	"github.com/fctr-id/tako-setup/checks/secret"
	"github.com/fctr-id/tako-setup/checks/takoenv"
	"github.com/fctr-id/tako-setup/steps"
)

// testKey is emutest's first key (generated once per process; no key lives
// in the repo), as the wizard holds a generated one.
func testKey(t testing.TB) *steps.Key {
	t.Helper()
	k, err := keys.FromRSA(emutest.Key(0))
	if err != nil {
		t.Fatal(err)
	}
	return steps.KeyFromKeys(k, true)
}

// fakeOrg answers check requests from a table of statuses; tests flip
// entries to play the admin fixing things in the console.
type fakeOrg struct {
	status map[string]checks.Status
	// titles replace a finding's title (default: its ID).
	titles  map[string]string
	calls   [][]string
	written *steps.Answers
}

func newFakeOrg() *fakeOrg { return &fakeOrg{status: map[string]checks.Status{}} }

func (f *fakeOrg) report(only []string, all bool) checks.Report {
	f.calls = append(f.calls, only)
	ids := only
	if all {
		ids = []string{checks.IDOrg, checks.IDOAuthKey, checks.IDTokenValid}
		for id := range f.status {
			if !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
	}
	var r checks.Report
	for _, id := range ids {
		st, ok := f.status[id]
		if !ok {
			st = checks.Pass
		}
		title := id
		if t, ok := f.titles[id]; ok {
			title = t
		}
		r.Findings = append(r.Findings, checks.Finding{ID: id, Status: st, Title: title, Fix: "fix " + id})
	}
	r.Recommended.ConcurrentLimit = 26
	r.Recommended.Scopes = []string{"okta.users.read"}
	return r
}

func (f *fakeOrg) env(t testing.TB) steps.Env {
	return steps.Env{
		GenerateKey: func(int) (*steps.Key, error) { return testKey(t), nil },
		WriteEnv: func(a *steps.Answers) (steps.WriteResult, error) {
			cp := *a
			f.written = &cp
			return steps.WriteResult{Path: "/tmp/x/.env"}, nil
		},
		ReadBack: func(string) (*steps.Answers, error) {
			if f.written == nil {
				return nil, errors.New("no file")
			}
			cp := *f.written
			return &cp, nil
		},
	}
}

// run performs a request the way the TUI's command does.
func (f *fakeOrg) run(env steps.Env, req *Request) Result {
	a := req.Answers
	if req.Step.Prepare != nil {
		if err := req.Step.Prepare(env, &a); err != nil {
			return Result{Attempt: req.Attempt, Answers: a, Err: err}
		}
	}
	var r checks.Report
	if !req.SkipChecks {
		r = f.report(req.Only, req.All)
	}
	return Result{Attempt: req.Attempt, Answers: a, Report: r}
}

// settle feeds results until the machine asks for nothing more.
func settle(t *testing.T, m *Machine, f *fakeOrg, req *Request) {
	t.Helper()
	for i := 0; req != nil; i++ {
		if i > 40 {
			t.Fatal("machine does not settle")
		}
		ok, next := m.Result(f.run(m.Env(), req))
		if !ok {
			t.Fatal("current result dropped")
		}
		req = next
	}
}

func submit(t *testing.T, m *Machine, f *fakeOrg, v map[string]string) {
	t.Helper()
	req, err := m.Submit(v)
	if err != nil {
		t.Fatalf("%s: submit %v: %v", m.Current().ID, v, err)
	}
	settle(t, m, f, req)
}

func cont(t *testing.T, m *Machine, f *fakeOrg) {
	t.Helper()
	req, err := m.Continue()
	if err != nil {
		t.Fatalf("%s: continue: %v (status %s)", m.Current().ID, err, m.Status(m.Current().ID))
	}
	settle(t, m, f, req)
}

func expectAt(t *testing.T, m *Machine, id steps.ID, st Status) {
	t.Helper()
	if m.Current().ID != id || m.Status(id) != st {
		t.Fatalf("at %s (%s), want %s (%s)", m.Current().ID, m.Status(m.Current().ID), id, st)
	}
}

func TestOAuthPathWithFixesOnTheWay(t *testing.T) {
	f := newFakeOrg()
	f.status[checks.IDOAuthDPoP] = checks.Fail
	f.status[checks.IDOAuthScopes] = checks.Fail
	m := New(steps.Setup(), steps.Answers{}, f.env(t))
	settle(t, m, f, m.Start())
	expectAt(t, m, steps.Welcome, Pending)
	cont(t, m, f)
	expectAt(t, m, steps.OrgURL, Pending)

	submit(t, m, f, map[string]string{"org-url": "acme.okta.com"})
	expectAt(t, m, steps.OrgURL, Passed)
	if m.Answers().OrgURL != "https://acme.okta.com" {
		t.Fatalf("org url %q", m.Answers().OrgURL)
	}
	cont(t, m, f)
	submit(t, m, f, map[string]string{"method": "oauth2"}) // no checks: moves on
	expectAt(t, m, steps.OAuthApp, Pending)
	submit(t, m, f, map[string]string{"client-id": "0oaTAKO123"})
	expectAt(t, m, steps.OAuthApp, Passed)
	cont(t, m, f)

	// Generating runs Prepare alone and waits for the admin to add the key.
	submit(t, m, f, map[string]string{"key-source": "generate"})
	expectAt(t, m, steps.PrivateKey, Waiting)
	if m.Answers().Key == nil || !m.Answers().Key.Generated {
		t.Fatal("no generated key after Prepare")
	}
	if _, err := m.Continue(); !errors.Is(err, ErrNotDone) {
		t.Fatalf("continued past an unchecked key: %v", err)
	}
	settle(t, m, f, m.CheckAgain())
	expectAt(t, m, steps.PrivateKey, Passed)
	cont(t, m, f)

	// DPoP is checked on entry, fails, is fixed in the console, passes.
	expectAt(t, m, steps.DPoP, Failed)
	if fs := m.Findings(steps.DPoP); len(fs) != 1 || fs[0].Fix == "" {
		t.Fatalf("findings %v", fs)
	}
	f.status[checks.IDOAuthDPoP] = checks.Pass
	settle(t, m, f, m.CheckAgain())
	expectAt(t, m, steps.DPoP, Passed)
	cont(t, m, f)

	expectAt(t, m, steps.Scopes, Failed)
	f.status[checks.IDOAuthScopes] = checks.Pass
	settle(t, m, f, m.CheckAgain())
	if got := m.Answers().EnvScopes(); !reflect.DeepEqual(got, []string{"okta.users.read"}) {
		t.Fatalf("granted scopes not absorbed: %v", got)
	}
	cont(t, m, f)
	expectAt(t, m, steps.AdminRoles, Passed)
	cont(t, m, f)

	// Rate limit: checked on entry, the recommendation proposed, then one
	// Continue takes the proposal, checks it, and moves on when it passes.
	expectAt(t, m, steps.RateLimit, Passed)
	if m.Answers().RecommendedLimit != 26 || m.Answers().ConcurrentLimit != 0 {
		t.Fatalf("limit %d/%d", m.Answers().RecommendedLimit, m.Answers().ConcurrentLimit)
	}
	cont(t, m, f)
	if m.Answers().ConcurrentLimit != 26 {
		t.Fatalf("limit not taken: %d", m.Answers().ConcurrentLimit)
	}
	if m.Status(steps.RateLimit) != Passed {
		t.Fatalf("the proposal was not checked: %v", m.Status(steps.RateLimit))
	}

	expectAt(t, m, steps.Review, Pending)
	submit(t, m, f, map[string]string{"confirm": "yes"})
	// write runs on entry and moves on to Done, which re-reads and checks all.
	expectAt(t, m, steps.Done, Passed)
	if m.Outcome() != Finished || m.Answers().Final == nil {
		t.Fatal("not finished with a final report")
	}
	if f.written == nil || f.written.ClientID != "0oaTAKO123" || f.written.ConcurrentLimit != 26 {
		t.Fatalf("written %+v", f.written)
	}
	if last := f.calls[len(f.calls)-1]; last != nil {
		t.Fatalf("the final check ran only %v, want every check", last)
	}
	if m.Back() {
		t.Fatal("went back past a written file")
	}
}

func TestAPITokenPath(t *testing.T) {
	f := newFakeOrg()
	f.status[checks.IDTokenNetwork] = checks.Warn
	m := New(steps.Setup(), steps.Answers{}, f.env(t))
	settle(t, m, f, m.Start())
	cont(t, m, f)
	submit(t, m, f, map[string]string{"org-url": "https://acme.okta.com"})
	cont(t, m, f)
	submit(t, m, f, map[string]string{"method": "api-token"})
	expectAt(t, m, steps.TokenCreate, Pending)
	submit(t, m, f, nil)
	expectAt(t, m, steps.TokenValue, Pending)
	if _, err := m.Submit(map[string]string{"api-token": "short"}); err == nil {
		t.Fatal("short token accepted")
	} else if ie := (InputError{}); !errors.As(err, &ie) || ie.Key != "api-token" {
		t.Fatalf("error does not name the input: %v", err)
	}
	submit(t, m, f, map[string]string{"api-token": "00" + strings.Repeat("t", 40)})
	expectAt(t, m, steps.TokenValue, Passed)
	cont(t, m, f)
	expectAt(t, m, steps.TokenNetwork, Warned) // a warning may be accepted
	cont(t, m, f)
	expectAt(t, m, steps.RateLimit, Passed)
	submit(t, m, f, map[string]string{"concurrent-limit": "10"})
	cont(t, m, f)
	submit(t, m, f, map[string]string{"confirm": "yes"})
	expectAt(t, m, steps.Done, Warned)
	if f.written.APIToken.IsZero() || f.written.ConcurrentLimit != 10 || f.written.Key != nil {
		t.Fatalf("written %+v", f.written)
	}
}

func TestStaleResultsAreDropped(t *testing.T) {
	f := newFakeOrg()
	m := New(steps.Setup(), steps.Answers{}, f.env(t))
	m.Start()
	if _, err := m.Continue(); err != nil {
		t.Fatal(err)
	}
	first, _ := m.Submit(map[string]string{"org-url": "acme.okta.com"})
	second := m.CheckAgain()
	f.status[checks.IDOrg] = checks.Fail
	if ok, _ := m.Result(f.run(m.Env(), first)); ok {
		t.Fatal("an older attempt's result was taken")
	}
	if m.Status(steps.OrgURL) != Checking {
		t.Fatal("stale result changed the status")
	}
	if ok, _ := m.Result(f.run(m.Env(), second)); !ok || m.Status(steps.OrgURL) != Failed {
		t.Fatal("latest result not taken")
	}

	// Going back while a check runs drops it too.
	f.status[checks.IDOrg] = checks.Pass
	settle(t, m, f, m.CheckAgain())
	cont(t, m, f)
	submit(t, m, f, map[string]string{"method": "oauth2"})
	inflight, _ := m.Submit(map[string]string{"client-id": "0oaTAKO123"})
	if !m.Back() {
		t.Fatal("back refused")
	}
	if ok, _ := m.Result(f.run(m.Env(), inflight)); ok {
		t.Fatal("result of a step the user left was taken")
	}
	expectAt(t, m, steps.Method, Passed)
	if m.Busy() {
		t.Fatal("still busy after back")
	}
}

func TestBackEverywhereAndBranchChangeInvalidates(t *testing.T) {
	f := newFakeOrg()
	m := New(steps.Setup(), steps.Answers{}, f.env(t))
	settle(t, m, f, m.Start())
	if m.Back() {
		t.Fatal("back from the first step")
	}
	cont(t, m, f)
	submit(t, m, f, map[string]string{"org-url": "acme.okta.com"})
	cont(t, m, f)
	submit(t, m, f, map[string]string{"method": "oauth2"})
	submit(t, m, f, map[string]string{"client-id": "0oaTAKO123"})
	cont(t, m, f)
	expectAt(t, m, steps.PrivateKey, Pending)
	var visited []steps.ID
	for m.Back() {
		visited = append(visited, m.Current().ID)
	}
	if want := []steps.ID{steps.OAuthApp, steps.Method, steps.OrgURL, steps.Welcome}; !reflect.DeepEqual(visited, want) {
		t.Fatalf("back visited %v", visited)
	}
	// Changing the org URL re-opens every later step.
	cont(t, m, f)
	if err := m.Set("org-url", "other.okta.com"); err != nil {
		t.Fatal(err)
	}
	if m.Status(steps.OrgURL) != Pending || m.Status(steps.OAuthApp) != Pending {
		t.Fatal("a changed answer did not re-open later steps")
	}
	submit(t, m, f, nil)
	cont(t, m, f)
	submit(t, m, f, map[string]string{"method": "api-token"})
	expectAt(t, m, steps.TokenCreate, Pending)
	for _, e := range m.Sidebar() {
		if e.Step.ID == steps.OAuthApp {
			t.Fatal("the OAuth branch is still in the sidebar")
		}
	}
}

func TestResumeRechecksAndStopsAtTheFirstStepThatNeedsTheUser(t *testing.T) {
	p := Progress{Version: progressVersion, OrgURL: "https://acme.okta.com", Method: checks.OAuth2, ClientID: "0oaTAKO123",
		Passed: []steps.ID{steps.OrgURL, steps.Method, steps.OAuthApp, steps.PrivateKey}}
	cases := []struct {
		name   string
		fail   string
		wantAt steps.ID
		wantSt Status
	}{
		{"all pass: stops at the key (secrets are not saved)", "", steps.PrivateKey, Pending},
		{"org now fails", checks.IDOrg, steps.OrgURL, Failed},
		{"client now fails", checks.IDOAuthClient, steps.OAuthApp, Failed},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFakeOrg()
			if c.fail != "" {
				f.status[c.fail] = checks.Fail
			}
			m := New(steps.Setup(), steps.Answers{}, f.env(t))
			settle(t, m, f, m.Resume(p))
			expectAt(t, m, c.wantAt, c.wantSt)
			if m.Auto() {
				t.Fatal("still walking on its own")
			}
		})
	}
}

func TestWelcomeChoicesForAnExistingFile(t *testing.T) {
	existing := func() steps.Answers {
		a := steps.Answers{Settings: takoenv.Settings{OrgURL: "https://acme.okta.com", Method: checks.OAuth2, ClientID: "0oaTAKO123", ConcurrentLimit: 18}, Existing: &steps.Existing{Path: ".env", OrgURL: "https://acme.okta.com", Method: checks.OAuth2, ClientID: "0oaTAKO123", HasKey: true}, KeySource: steps.KeyKeep}
		a.SetKey(testKey(t))
		return a
	}
	t.Run("check walks to review when all pass", func(t *testing.T) {
		f := newFakeOrg()
		a := existing()
		a.Key.Generated = false
		m := New(steps.Setup(), a, f.env(t))
		settle(t, m, f, m.Start())
		submit(t, m, f, map[string]string{"start": "check"})
		expectAt(t, m, steps.Review, Pending)
		for _, id := range []steps.ID{steps.OrgURL, steps.PrivateKey, steps.DPoP, steps.Scopes, steps.RateLimit} {
			if !m.Status(id).Done() {
				t.Fatalf("%s not re-checked: %s", id, m.Status(id))
			}
		}
		if m.Answers().KeySource != steps.KeyKeep {
			t.Fatal("checking must not change the key source")
		}
	})
	t.Run("check stops at the first failure", func(t *testing.T) {
		f := newFakeOrg()
		f.status[checks.IDOAuthDPoP] = checks.Fail
		a := existing()
		m := New(steps.Setup(), a, f.env(t))
		settle(t, m, f, m.Start())
		submit(t, m, f, map[string]string{"start": "check"})
		expectAt(t, m, steps.DPoP, Failed)
	})
	t.Run("rotate ends the walk with Rotate", func(t *testing.T) {
		f := newFakeOrg()
		m := New(steps.Setup(), existing(), f.env(t))
		settle(t, m, f, m.Start())
		submit(t, m, f, map[string]string{"start": "rotate"})
		if m.Outcome() != Rotate {
			t.Fatal("rotate not reported")
		}
	})
	t.Run("review needs an explicit yes to replace", func(t *testing.T) {
		f := newFakeOrg()
		m := New(steps.Setup(), existing(), f.env(t))
		settle(t, m, f, m.Start())
		submit(t, m, f, map[string]string{"start": "check"})
		if _, err := m.Submit(nil); err == nil {
			t.Fatal("replaced an existing file without a yes")
		}
		if f.written != nil {
			t.Fatal("wrote without a yes")
		}
	})
}

func TestPrepareErrorIsAnErrorNotAFinding(t *testing.T) {
	f := newFakeOrg()
	env := f.env(t)
	env.WriteEnv = func(*steps.Answers) (steps.WriteResult, error) { return steps.WriteResult{}, errors.New("disk full") }
	a := steps.Answers{Settings: takoenv.Settings{OrgURL: "https://acme.okta.com", Method: checks.APIToken, APIToken: secret.New(strings.Repeat("t", 42)), ConcurrentLimit: 5}}
	m := New(steps.Setup(), a, env)
	settle(t, m, f, m.Recheck())
	expectAt(t, m, steps.Review, Pending)
	submit(t, m, f, map[string]string{"confirm": "yes"})
	expectAt(t, m, steps.Write, Errored)
	if m.Err(steps.Write) == nil || !strings.Contains(m.Err(steps.Write).Error(), "disk full") {
		t.Fatal("write error lost")
	}
	env.WriteEnv = f.env(t).WriteEnv
	m.env = env
	settle(t, m, f, m.CheckAgain())
	expectAt(t, m, steps.Done, Passed)
}

func TestProgressHoldsNoSecretAndIsPrivate(t *testing.T) {
	canary := "00CANARYTOKEN" + strings.Repeat("z", 30)
	f := newFakeOrg()
	a := steps.Answers{Settings: takoenv.Settings{OrgURL: "https://acme.okta.com", Method: checks.OAuth2, ClientID: "0oaTAKO123", APIToken: secret.New(canary)}}
	a.SetKey(testKey(t))
	m := New(steps.Setup(), a, f.env(t))
	settle(t, m, f, m.Recheck())
	p := m.Progress("/srv/tako/.env", time.Unix(0, 0))
	store := ProgressStore{Path: filepath.Join(t.TempDir(), "state", "tako-setup", "progress.json")}
	if err := store.Save(p); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(store.Path)
	pem := testKey(t).PEM.Reveal()
	if strings.Contains(string(b), canary) || strings.Contains(string(b), "PRIVATE KEY") || strings.Contains(string(b), pem[40:80]) {
		t.Fatalf("progress file holds a secret:\n%s", b)
	}
	st, _ := os.Stat(store.Path)
	if st.Mode().Perm() != 0o600 {
		t.Fatalf("progress mode %v", st.Mode().Perm())
	}
	got, ok := store.Load()
	if !ok || got.ClientID != "0oaTAKO123" || got.EnvFile != "/srv/tako/.env" || len(got.Passed) == 0 {
		t.Fatalf("loaded %+v %v", got, ok)
	}
	var raw map[string]any
	_ = json.Unmarshal(b, &raw)
	if _, ok := raw["passed"]; !ok {
		t.Fatal("passed steps not saved")
	}
	if err := store.Clear(); err != nil {
		t.Fatal(err)
	}
	if _, ok := store.Load(); ok {
		t.Fatal("progress survived Clear")
	}
	if err := store.Clear(); err != nil {
		t.Fatal("clearing twice failed")
	}
}

func TestDefaultProgressPathFollowsXDG(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", "/xdg/state")
	p, err := DefaultProgressPath()
	if err != nil {
		t.Fatal(err)
	}
	if p != "/xdg/state/tako-setup/progress.json" && !strings.Contains(p, "tako-setup") {
		t.Fatalf("path %q", p)
	}
}
