package emutest

import (
	"crypto"
	"crypto/rsa"
	"testing"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/emulator"
	"github.com/fctr-id/tako-setup/checks/secret"
)

// OrgURL is the org URL tests use: the emulator's client routes every host
// name to its loopback server, so this name is never resolved.
const OrgURL = "https://acme.okta.com"

// Start serves org over HTTPS on loopback until the test ends.
func Start(t testing.TB, org *emulator.Org, opts ...emulator.Option) *emulator.Server {
	t.Helper()
	srv, err := emulator.Start(org, opts...)
	if err != nil {
		t.Fatalf("starting the emulated org: %v", err)
	}
	t.Cleanup(srv.Close)
	return srv
}

// OAuthInput is what the engine checks for a service app: clientID signing
// with key (any type: the engine explains why a non-RSA key cannot work),
// at OrgURL.
func OAuthInput(clientID string, key crypto.PrivateKey) checks.Input {
	return checks.Input{OrgURL: OrgURL, Method: checks.OAuth2, ClientID: clientID, PrivateKey: key}
}

// TokenInput is what the engine checks for an SSWS API token, at OrgURL.
func TokenInput(token string) checks.Input {
	return checks.Input{OrgURL: OrgURL, Method: checks.APIToken, APIToken: secret.New(token)}
}

// OAuthOrg is a running emulated org with one service app (AddOAuthApp).
type OAuthOrg struct {
	Org    *emulator.Org
	Server *emulator.Server
	App    *emulator.App
	// Key is the app's first key, the one Tako signs with (nil when the
	// app was given none).
	Key *rsa.PrivateKey
	// Input is the matching check: App's client ID and Key at OrgURL.
	Input checks.Input
}

// StartOAuthOrg starts an org whose service app is set up as AddOAuthApp
// does with opts.
func StartOAuthOrg(t testing.TB, opts ...AppOption) *OAuthOrg {
	t.Helper()
	org := emulator.NewOrg()
	app := AddOAuthApp(t, org, opts...)
	o := &OAuthOrg{Org: org, App: app, Server: Start(t, org), Input: OAuthInput(app.ClientID, nil)}
	if keys := appConfigOf(opts).keys; len(keys) > 0 {
		o.Key = keys[0]
		o.Input.PrivateKey = o.Key
	}
	return o
}

// TokenOrg is a running emulated org with an admin and their API token
// (AddAdminToken).
type TokenOrg struct {
	Org    *emulator.Org
	Server *emulator.Server
	User   *emulator.User
	Token  *emulator.APIToken
	// Input is the matching check: Token at OrgURL.
	Input checks.Input
}

// StartTokenOrg starts an org with an admin and an API token of theirs, as
// AddAdminToken makes them with opts.
func StartTokenOrg(t testing.TB, opts ...TokenOption) *TokenOrg {
	t.Helper()
	org := emulator.NewOrg()
	u, tok := AddAdminToken(t, org, opts...)
	return &TokenOrg{Org: org, Server: Start(t, org), User: u, Token: tok, Input: TokenInput(tok.Value)}
}
