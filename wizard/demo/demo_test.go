package demo

import (
	"context"
	"testing"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/keys"
	"github.com/fctr-id/tako-setup/steps"
)

// TestConsoleFixesWhatTheChecksFind walks the OAuth steps the way the demo
// is meant to be seen: each check fails on the demo org as created, the
// console action fixes it, and the same check then passes.
func TestConsoleFixesWhatTheChecksFind(t *testing.T) {
	d, err := Start()
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	c := d.Console()
	ctx := context.Background()
	a := d.Answers()
	a.Method = checks.OAuth2

	res, err := c.Do(ctx, steps.OAuthApp, a)
	if err != nil || res.Fill["client-id"] == "" {
		t.Fatalf("create the app: %v %+v", err, res)
	}
	a.ClientID = res.Fill["client-id"]

	k, err := keys.Generate(2048)
	if err != nil {
		t.Fatal(err)
	}
	a.SetKey(steps.KeyFromKeys(k, true))
	a.KeySource = steps.KeyGenerate
	if label, _ := c.Offer(steps.PrivateKey, &a); label != "add the key in Okta" {
		t.Fatalf("offer for a generated key: %q", label)
	}
	check := func(id string) checks.Status {
		f, _ := d.Check(ctx, a.CheckInput(), []string{id}).Find(id)
		return f.Status
	}
	if st := check(checks.IDOAuthKey); st != checks.Fail {
		t.Fatalf("key before it is added: %s", st)
	}
	if _, err := c.Do(ctx, steps.PrivateKey, a); err != nil {
		t.Fatal(err)
	}
	if st := check(checks.IDOAuthKey); st != checks.Pass {
		t.Fatalf("key after it is added: %s", st)
	}

	// A second active key (generated in Okta) breaks Tako, which sends no
	// kid; the console offers to deactivate the other one.
	if _, _, err := d.Org.GenerateKey(a.ClientID); err != nil {
		t.Fatal(err)
	}
	if st := check(checks.IDOAuthKid); st != checks.Fail {
		t.Fatalf("kid with two active keys: %s", st)
	}
	if label, _ := c.Offer(steps.PrivateKey, &a); label != "deactivate the old keys" {
		t.Fatalf("offer with two keys: %q", label)
	}
	if _, err := c.Do(ctx, steps.PrivateKey, a); err != nil {
		t.Fatal(err)
	}
	if st := check(checks.IDOAuthKid); st != checks.Pass {
		t.Fatalf("kid after deactivating: %s", st)
	}

	for _, step := range []struct {
		id    steps.ID
		check string
	}{{steps.DPoP, checks.IDOAuthDPoP}, {steps.Scopes, checks.IDOAuthScopes}} {
		if st := check(step.check); st != checks.Fail {
			t.Fatalf("%s before the console: %s", step.id, st)
		}
		if _, err := c.Do(ctx, step.id, a); err != nil {
			t.Fatal(err)
		}
		if st := check(step.check); st != checks.Pass {
			t.Fatalf("%s after the console: %s", step.id, st)
		}
		if _, ok := c.Offer(step.id, &a); ok {
			t.Fatalf("%s: still offered after the fix", step.id)
		}
	}

	// Read-only Administrator cannot list role assignments, so the roles
	// check warns; the console's custom role reader makes it pass.
	if st := check(checks.IDOAuthRoles); st != checks.Warn {
		t.Fatalf("roles with read-only admin only: %s", st)
	}
	if label, _ := c.Offer(steps.AdminRoles, &a); label != "add a custom role that reads admin roles" {
		t.Fatalf("offer on the admin role step: %q", label)
	}
	if _, err := c.Do(ctx, steps.AdminRoles, a); err != nil {
		t.Fatal(err)
	}
	if st := check(checks.IDOAuthRoles); st != checks.Pass {
		t.Fatalf("roles after the custom role: %s", st)
	}
	if _, ok := c.Offer(steps.AdminRoles, &a); ok {
		t.Fatal("admin roles: still offered after the fix")
	}
}
