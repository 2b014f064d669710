package provision

import (
	"context"
	"slices"
	"sync"
	"testing"

	"github.com/fctr-id/tako-setup/checks/emulator"
	"github.com/fctr-id/tako-setup/checks/emulator/emutest"
	"github.com/fctr-id/tako-setup/checks/keys"
	"github.com/fctr-id/tako-setup/checks/secret"
)

// fixture is an emulated org with a Super Admin's and an Org Admin's token.
type fixture struct {
	org   *emulator.Org
	srv   *emulator.Server
	super *emulator.APIToken
	oa    *emulator.APIToken
	env   *envRecorder
	state State
	mu    sync.Mutex
	lines []Event
}

// envRecorder is an Env that keeps what it was asked to write.
type envRecorder struct {
	mu     sync.Mutex
	writes []EnvValues
	fail   error
}

func (e *envRecorder) WriteEnv(_ context.Context, v EnvValues) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.fail != nil {
		return e.fail
	}
	e.writes = append(e.writes, v)
	return nil
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	org := emulator.NewOrg()
	f := &fixture{org: org, env: &envRecorder{}}
	su := org.AddUser(&emulator.User{Login: "sam@example.com", FirstName: "Sam", LastName: "Super"})
	if _, err := org.AssignUserRole(su.ID, "SUPER_ADMIN"); err != nil {
		t.Fatal(err)
	}
	f.super = org.AddToken(&emulator.APIToken{Name: "tako-setup bootstrap", UserID: su.ID})
	oa := org.AddUser(&emulator.User{Login: "olga@example.com", FirstName: "Olga", LastName: "Org"})
	if _, err := org.AssignUserRole(oa.ID, "ORG_ADMIN"); err != nil {
		t.Fatal(err)
	}
	f.oa = org.AddToken(&emulator.APIToken{Name: "olga", UserID: oa.ID})
	f.srv = emutest.Start(t, org)
	return f
}

// key i of emutest's shared keys, as a keys.Key.
func testKey(t testing.TB, i int) *keys.Key {
	t.Helper()
	k, err := keys.FromRSA(emutest.Key(i))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// config is a setup with token, the fixture's env and progress.
func (f *fixture) config(t *testing.T, token string) Config {
	return Config{
		OrgURL: emutest.OrgURL, AdminToken: secret.New(token), HTTP: f.srv.Client(), Key: testKey(t, 0),
		Env: f.env, Store: MemStore{S: &f.state},
		OnEvent: func(e Event) {
			f.mu.Lock()
			f.lines = append(f.lines, e)
			f.mu.Unlock()
		},
	}
}

// tokenDead reports whether the token is revoked in the org.
func (f *fixture) tokenRevoked(id string) bool {
	return f.org.Token(id).Revoked
}

func sorted(s []string) []string {
	out := append([]string(nil), s...)
	slices.Sort(out)
	return out
}

// madeByTakoSetup is the profile of an app tako-setup created
// (docs/okta-automation.md §2.4).
func madeByTakoSetup() map[string]any { return map[string]any{"managedBy": "tako-setup"} }
