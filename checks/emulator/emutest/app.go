package emutest

import (
	"crypto/rsa"
	"slices"
	"testing"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/emulator"
)

// appConfig is how AddOAuthApp sets the app up.
type appConfig struct {
	keys   []*rsa.PrivateKey
	dpop   bool
	scopes []string
	roles  []string
}

// AppOption changes one thing of AddOAuthApp's app.
type AppOption func(*appConfig)

// AppKeys registers these keys, active, under their RFC 7638 kids (KeyID),
// instead of Key(0). AppKeys() registers none.
func AppKeys(keys ...*rsa.PrivateKey) AppOption {
	return func(c *appConfig) { c.keys = slices.Clone(keys) }
}

// AppDPoP leaves "Require DPoP" as given (AddOAuthApp unticks it, as Tako
// needs).
func AppDPoP(required bool) AppOption {
	return func(c *appConfig) { c.dpop = required }
}

// AppScopes grants these scopes instead of checks.DefaultScopes. AppScopes()
// grants none.
func AppScopes(scopes ...string) AppOption {
	return func(c *appConfig) { c.scopes = slices.Clone(scopes) }
}

// AppRoles assigns these standard admin roles instead of READ_ONLY_ADMIN.
// AppRoles() assigns none.
func AppRoles(roleTypes ...string) AppOption {
	return func(c *appConfig) { c.roles = slices.Clone(roleTypes) }
}

func appConfigOf(opts []AppOption) appConfig {
	c := appConfig{
		keys:   []*rsa.PrivateKey{Key(0)},
		scopes: checks.DefaultScopes,
		roles:  []string{"READ_ONLY_ADMIN"},
	}
	for _, o := range opts {
		o(&c)
	}
	return c
}

// AddOAuthApp adds an API Services app labelled "Tako" to org, set up the
// way Tako needs it unless opts say otherwise: Key(0) registered and active
// under its RFC 7638 kid, DPoP off, every scope of checks.DefaultScopes
// granted, the Read-only Administrator role.
func AddOAuthApp(t testing.TB, org *emulator.Org, opts ...AppOption) *emulator.App {
	t.Helper()
	c := appConfigOf(opts)
	app := org.AddApp(&emulator.App{Label: "Tako"})
	if err := org.SetDPoP(app.ClientID, c.dpop); err != nil {
		t.Fatalf("setting DPoP: %v", err)
	}
	for _, k := range c.keys {
		if _, err := org.AddKey(app.ClientID, k.Public(), KeyID(t, k.Public()), "ACTIVE"); err != nil {
			t.Fatalf("adding the app's key: %v", err)
		}
	}
	if len(c.scopes) > 0 {
		if err := org.GrantScopes(app.ClientID, c.scopes...); err != nil {
			t.Fatalf("granting scopes: %v", err)
		}
	}
	for _, r := range c.roles {
		if _, err := org.AssignAppRole(app.ClientID, r); err != nil {
			t.Fatalf("assigning the app role %s: %v", r, err)
		}
	}
	return org.App(app.ClientID)
}
