package provision

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/emulator"
)

func TestSetupFromAnEmptyOrg(t *testing.T) {
	f := newFixture(t)
	res, err := Setup(context.Background(), f.config(t, f.super.Value))
	if err != nil {
		t.Fatalf("setup: %v\nlines: %v", err, f.lines)
	}
	apps := f.org.AppsByLabel("Tako")
	if len(apps) != 1 {
		t.Fatalf("apps labelled Tako: %d", len(apps))
	}
	a := apps[0]
	if a.ID != res.AppID || a.ClientID != res.ClientID || a.DPoPRequired || a.ApplicationType != "service" || a.TokenEndpointAuthMethod != "private_key_jwt" {
		t.Fatalf("app %+v", a)
	}
	if len(a.Keys) != 1 || a.Keys[0].Status != "ACTIVE" || a.Keys[0].KID != testKey(t, 0).KID || a.Keys[0].ID != res.KeyID {
		t.Fatalf("keys %+v", a.Keys)
	}
	if got, want := sorted(a.GrantedScopes), sorted(checks.DefaultScopes); !slices.Equal(got, want) {
		t.Fatalf("granted %v", got)
	}
	// Read-Only Administrator, and the custom role that reads admin roles.
	if len(a.Roles) != 2 || a.Roles[0].Type != "READ_ONLY_ADMIN" || a.Roles[1].Type != "CUSTOM" || a.Roles[1].Label != customRoleLabel {
		t.Fatalf("roles %+v", a.Roles)
	}
	if f, _ := res.Report.Find(checks.IDOAuthRoles); f.Status != checks.Pass {
		t.Fatalf("the app cannot read what Tako asks for: %+v", f)
	}
	if a.RateLimitPercent == nil || *a.RateLimitPercent != DefaultRateLimitPercent {
		t.Fatalf("rate limit %v", a.RateLimitPercent)
	}
	if !f.tokenRevoked(f.super.ID) || !res.TokenRevoked {
		t.Fatal("the admin token is still alive")
	}
	if len(f.env.writes) != 1 || f.env.writes[0].ClientID != a.ClientID || !f.env.writes[0].Key.Equal(testKey(t, 0)) {
		t.Fatalf("env writes %+v", f.env.writes)
	}
	if res.Report == nil || !res.Report.OK() {
		t.Fatalf("live check %+v", res.Report)
	}
	if len(res.Repeated) > 0 {
		t.Fatalf("writes repeated: %v", res.Repeated)
	}
	// One create, 48 grants, two roles (with the custom role and its
	// resource set), one rate limit, one revoke.
	if want := 1 + len(checks.DefaultScopes) + 4 + 1 + 1; res.WriteCalls != want {
		t.Fatalf("write calls %d, want %d", res.WriteCalls, want)
	}
	// The audit list matches what the org logged.
	logged := map[string]bool{}
	for _, e := range f.org.Events() {
		logged[e.Type] = true
	}
	for _, ev := range res.AuditEvents {
		if !logged[ev] && ev != "app.oauth2.token.grant.access_token" {
			t.Errorf("reported event %s was not logged", ev)
		}
	}
	if f.state.AppID != "" || f.state.RevokePending {
		t.Errorf("progress not cleared: %+v", f.state)
	}
	// Every call was reported as a line.
	var calls int
	for _, e := range f.lines {
		if e.Kind == CallDone && e.Method != "" {
			calls++
		}
	}
	if calls < 50 {
		t.Errorf("only %d call lines", calls)
	}
	for _, e := range f.lines {
		if e.Kind == CallDone && e.Err != "" {
			t.Errorf("a clean run marked a call failed: %s — %s", e.Label, e.Err)
		}
	}
}

func TestOrgAdminsTokenIsRefusedBeforeAnyWrite(t *testing.T) {
	f := newFixture(t)
	_, err := Setup(context.Background(), f.config(t, f.oa.Value))
	var re *RefusedError
	if !errors.Is(err, ErrRefused) || !errors.As(err, &re) || !strings.Contains(re.Reason, "Super Administrator") || !strings.Contains(re.Reason, "Organizational Administrator") {
		t.Fatalf("err %v", err)
	}
	if len(f.org.Apps) != 0 || len(f.org.Events()) != 0 || len(f.env.writes) != 0 || f.tokenRevoked(f.oa.ID) {
		t.Fatalf("something changed: apps %d events %v writes %d", len(f.org.Apps), f.org.Events(), len(f.env.writes))
	}
	for _, e := range f.lines {
		if e.Method != "" && e.Method != "GET" {
			t.Fatalf("write sent: %+v", e)
		}
	}
}

func TestSuperAdminTrapIsRemoved(t *testing.T) {
	f := newFixture(t)
	f.org.SetClientPrivileges(true)
	res, err := Setup(context.Background(), f.config(t, f.super.Value))
	if err != nil {
		t.Fatal(err)
	}
	a := f.org.App(res.ClientID)
	for _, r := range a.Roles {
		if r.Type == "SUPER_ADMIN" {
			t.Fatal("the app is still a Super Administrator")
		}
	}
	if !res.SuperAdminRemoved || len(a.Roles) != 2 {
		t.Fatalf("removed %v roles %+v", res.SuperAdminRemoved, a.Roles)
	}
	if !slices.Contains(res.AuditEvents, "app.oauth2.client.privilege.revoke") {
		t.Errorf("audit events %v", res.AuditEvents)
	}
}

func TestSetupFromAHalfDoneApp(t *testing.T) {
	f := newFixture(t)
	half := f.org.AddApp(&emulator.App{Label: "Tako", Profile: madeByTakoSetup()}) // console default: DPoP on
	if _, err := f.org.AddKey(half.ClientID, &testKey(t, 1).RSA.PublicKey, "old", "ACTIVE"); err != nil {
		t.Fatal(err)
	}
	if err := f.org.GrantScopes(half.ClientID, "okta.users.read", "okta.groups.read"); err != nil {
		t.Fatal(err)
	}
	res, err := Setup(context.Background(), f.config(t, f.super.Value))
	if err != nil {
		t.Fatalf("%v", err)
	}
	if res.CreatedApp || res.AppID != half.ID || len(f.org.Apps) != 1 {
		t.Fatalf("did not reuse the app: %+v", res)
	}
	a := f.org.App(half.ClientID)
	if a.DPoPRequired {
		t.Fatal("DPoP still on")
	}
	active := 0
	for _, k := range a.Keys {
		if k.Status == "ACTIVE" {
			active++
			if k.KID != testKey(t, 0).KID {
				t.Fatalf("active key %s", k.KID)
			}
		}
	}
	if active != 1 {
		t.Fatalf("%d active keys", active)
	}
	if len(res.ScopesGranted) != len(checks.DefaultScopes)-2 || slices.Contains(res.ScopesGranted, "okta.users.read") {
		t.Fatalf("granted again: %v", res.ScopesGranted)
	}
	if len(res.Repeated) > 0 {
		t.Fatal(res.Repeated)
	}
}
