package emutest

import (
	"testing"

	"github.com/fctr-id/tako-setup/checks/emulator"
)

// tokenConfig is how AddAdminToken sets the admin and token up.
type tokenConfig struct {
	value string
	zone  string
}

// TokenOption changes one thing of AddAdminToken's token.
type TokenOption func(*tokenConfig)

// TokenValue makes the token's secret value v (a canary) instead of a
// random one.
func TokenValue(v string) TokenOption {
	return func(c *tokenConfig) { c.value = v }
}

// TokenZone restricts the token to the network zone zoneID, one that
// includes this host (AddAdminToken leaves it usable from anywhere).
func TokenZone(zoneID string) TokenOption {
	return func(c *tokenConfig) { c.zone = zoneID }
}

// RoleReaderLabel is the custom role AddAdminToken gives the admin so that
// role assignments can be read.
const RoleReaderLabel = "Role reader"

// AddAdminToken adds Ann Admin (ann@example.com) to org, with the roles
// Tako needs — Read-only Administrator plus a custom role that reads admin
// role assignments (RoleReaderLabel; Read-only Administrator cannot, and
// Tako's questions about admins need it) — and an API token of hers named
// "tako".
func AddAdminToken(t testing.TB, org *emulator.Org, opts ...TokenOption) (*emulator.User, *emulator.APIToken) {
	t.Helper()
	var c tokenConfig
	for _, o := range opts {
		o(&c)
	}
	u := org.AddUser(&emulator.User{Login: "ann@example.com", FirstName: "Ann", LastName: "Admin"})
	if _, err := org.AssignUserRole(u.ID, "READ_ONLY_ADMIN"); err != nil {
		t.Fatalf("assigning the admin role: %v", err)
	}
	if _, err := org.AssignUserCustomRole(u.ID, RoleReaderLabel, "okta.roles.read"); err != nil {
		t.Fatalf("assigning the role reader: %v", err)
	}
	tok := org.AddToken(&emulator.APIToken{Name: "tako", UserID: u.ID, Value: c.value})
	if c.zone != "" {
		if err := org.SetTokenNetwork(tok.ID, "ZONE", []string{c.zone}, true); err != nil {
			t.Fatalf("restricting the token to a zone: %v", err)
		}
		tok = org.Token(tok.ID)
	}
	return org.User(u.ID), tok
}
