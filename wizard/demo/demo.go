// Package demo is `tako-setup --demo`: an emulated Okta org started in this
// process (real HTTPS on loopback, checks/emulator) and a pretend admin
// console that changes it when the user presses a key, so the wizard's live
// checks can be seen failing and then passing. Nothing leaves the machine.
package demo

import (
	"context"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/emulator"
	"github.com/fctr-id/tako-setup/checks/takoenv"
	"github.com/fctr-id/tako-setup/steps"
	"github.com/fctr-id/tako-setup/wizard"
)

// OrgURL is the demo org's address. The "integrator-" prefix is what Okta
// gives free Integrator orgs, so the rate-limit step shows the 35-request
// ceiling. Requests to it never leave the process: the emulator's client
// routes every host to the loopback server.
const OrgURL = "https://integrator-1234567.okta.com"

// missingScope is the one core scope the demo app is not granted, so the
// scopes step has something to fix.
const missingScope = "okta.logs.read"

// Demo is a running demo org and its console.
type Demo struct {
	Server *emulator.Server
	Org    *emulator.Org
	// AdminID is the read-only administrator who "creates" API tokens.
	AdminID string

	mu       sync.Mutex
	clientID string            // the app the console created
	tokens   map[string]string // token value → token id, for tokens the console made
	last     string            // value of the newest token the console made
}

// Start builds the demo org and serves it.
func Start() (*Demo, error) {
	org := emulator.NewOrg()
	org.CompanyName = "Acme (demo)"
	org.Subdomain = "integrator-1234567"
	org.Hosts = []string{"integrator-1234567.okta.com"}
	admin := org.AddUser(&emulator.User{
		Login: "tako.reader@acme.example", FirstName: "Tako", LastName: "Reader",
		// Read-only Administrator, plus a custom role that reads admin role
		// assignments (Tako's questions about admins need it).
		Roles: []emulator.Role{{Type: "READ_ONLY_ADMIN"}, {Type: "CUSTOM", Label: "Role reader", Permissions: []string{"okta.roles.read"}}},
	})
	srv, err := emulator.Start(org)
	if err != nil {
		return nil, fmt.Errorf("starting the demo org: %w", err)
	}
	return &Demo{Server: srv, Org: org, AdminID: admin.ID, tokens: map[string]string{}}, nil
}

// Close stops the server.
func (d *Demo) Close() { d.Server.Close() }

// HTTP is the client the engine uses: it trusts the demo org's CA and
// reaches the demo org whatever the host name.
func (d *Demo) HTTP() *http.Client { return d.Server.Client() }

// Check is the engine bound to the demo org.
func (d *Demo) Check(ctx context.Context, in checks.Input, only []string) checks.Report {
	return checks.Run(ctx, in, checks.Options{HTTP: d.HTTP(), Only: only})
}

// Answers are the demo's starting answers: the org URL is proposed.
func (d *Demo) Answers() steps.Answers {
	return steps.Answers{Settings: takoenv.Settings{OrgURL: OrgURL}}
}

// Console returns the pretend admin console.
func (d *Demo) Console() wizard.Console { return console{d} }

type console struct{ d *Demo }

// Offer says what the console can do on a step, given the answers.
func (c console) Offer(step steps.ID, a *steps.Answers) (string, bool) {
	d := c.d
	app := d.app(a.ClientID)
	switch step {
	case steps.OAuthApp:
		if d.createdApp() == "" {
			return "create the app", true
		}
		if a.ClientID != d.createdApp() {
			return "fill in the client ID", true
		}
	case steps.PrivateKey:
		if app == nil {
			return "", false
		}
		switch {
		case a.Key != nil && a.Key.Generated && !registered(app, a.Key):
			return "add the key in Okta", true
		case a.Key != nil && registered(app, a.Key) && activeKeys(app) > 1:
			return "deactivate the old keys", true
		case a.Key == nil || !registered(app, a.Key):
			return "generate a key in Okta", true
		}
	case steps.DPoP:
		if app != nil && app.DPoPRequired {
			return "untick DPoP", true
		}
	case steps.Scopes:
		if app != nil && len(missing(app)) > 0 {
			return "grant the missing scopes", true
		}
	case steps.AdminRoles:
		switch {
		case app == nil:
		case len(app.Roles) == 0:
			return "assign read-only admin", true
		case !hasCustomRole(app):
			return "add a custom role that reads admin roles", true
		}
	case steps.AdminToken:
		if a.Auto.AdminToken.IsZero() {
			return "create a temporary Super Administrator token", true
		}
	case steps.TokenCreate:
		return "create the token", true
	case steps.TokenValue:
		if a.APIToken.IsZero() {
			return "paste the token", true
		}
	case steps.TokenNetwork:
		if id := d.tokenID(a); id != "" {
			if t := d.Org.Token(id); t != nil && t.Network != "ZONE" {
				return "restrict it to a zone", true
			}
		}
	}
	return "", false
}

// Do performs the console action.
func (c console) Do(_ context.Context, step steps.ID, a steps.Answers) (wizard.ConsoleResult, error) {
	d := c.d
	label, ok := c.Offer(step, &a)
	if !ok {
		return wizard.ConsoleResult{}, errors.New("nothing to do in the console here")
	}
	switch step {
	case steps.OAuthApp:
		id := d.createdApp()
		if id == "" {
			id = d.createApp()
			return wizard.ConsoleResult{
				Message: "Console: Applications › Create App Integration › API Services › “Tako” › Save. Its client ID is filled in.",
				Fill:    map[string]string{"client-id": id},
			}, nil
		}
		return wizard.ConsoleResult{Message: "Console: copied the client ID from the General tab.", Fill: map[string]string{"client-id": id}}, nil
	case steps.PrivateKey:
		app := d.app(a.ClientID)
		switch label {
		case "add the key in Okta":
			if _, err := d.Org.AddKey(a.ClientID, a.Key.Private.(*rsa.PrivateKey).Public(), a.Key.KID, "ACTIVE"); err != nil {
				return wizard.ConsoleResult{}, err
			}
			return wizard.ConsoleResult{Message: "Console: Client Credentials › Add key › pasted the public key › Save."}, nil
		case "deactivate the old keys":
			for _, k := range app.Keys {
				if k.Status == "ACTIVE" && !samePublic(k, a.Key) {
					if err := d.Org.DeactivateKey(a.ClientID, k.ID); err != nil {
						return wizard.ConsoleResult{}, err
					}
				}
			}
			return wizard.ConsoleResult{Message: "Console: deactivated every other key, so Okta needs no kid to pick yours."}, nil
		default:
			priv, _, err := d.Org.GenerateKey(a.ClientID)
			if err != nil {
				return wizard.ConsoleResult{}, err
			}
			der, err := x509.MarshalPKCS8PrivateKey(priv)
			if err != nil {
				return wizard.ConsoleResult{}, err
			}
			pemText := string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
			return wizard.ConsoleResult{
				Message: "Console: Add key › Generate new key › PEM. The demo pasted the private key for you (it is never shown).",
				Fill:    map[string]string{"key-source": string(steps.KeyPaste), "private-key": pemText},
			}, nil
		}
	case steps.DPoP:
		if err := d.Org.SetDPoP(a.ClientID, false); err != nil {
			return wizard.ConsoleResult{}, err
		}
		return wizard.ConsoleResult{Message: "Console: General Settings › Edit › unticked “Require DPoP header in token requests” › Save."}, nil
	case steps.Scopes:
		app := d.app(a.ClientID)
		if err := d.Org.GrantScopes(a.ClientID, missing(app)...); err != nil {
			return wizard.ConsoleResult{}, err
		}
		return wizard.ConsoleResult{Message: "Console: Okta API Scopes › Grant on each missing scope."}, nil
	case steps.AdminRoles:
		if label == "add a custom role that reads admin roles" {
			// The guide's answer for "listing Okta administrators": a custom
			// role with the view-roles permission over a resource set of the
			// admin roles, next to Read-only Administrator.
			if _, err := d.Org.AssignAppCustomRole(a.ClientID, "Tako role reader", "okta.roles.read"); err != nil {
				return wizard.ConsoleResult{}, err
			}
			return wizard.ConsoleResult{Message: "Console: Security › Administrators › Roles › Create role “Tako role reader” (view roles, resources and admin assignments) with a resource set of all admin roles › assigned to the app."}, nil
		}
		if _, err := d.Org.AssignAppRole(a.ClientID, "READ_ONLY_ADMIN"); err != nil {
			return wizard.ConsoleResult{}, err
		}
		return wizard.ConsoleResult{Message: "Console: Admin roles › Edit assignments › Read-only Administrator › Save."}, nil
	case steps.AdminToken:
		return wizard.ConsoleResult{
			Message: "Console: signed in as a Super Administrator › Security › API › Tokens › Create token “tako-setup”; pasted for you. This demo org has “Public client app admins” on, so watch tako-setup remove the Super Administrator role Okta adds.",
			Fill:    map[string]string{"admin-token": d.createSuperToken()},
		}, nil
	case steps.TokenCreate:
		t := d.createToken()
		return wizard.ConsoleResult{
			Message:  "Console: signed in as Tako Reader (read-only admin) › Security › API › Tokens › Create token “Tako”. On the next step the demo console can paste it for you.",
			ShowOnce: t.Value,
		}, nil
	case steps.TokenValue:
		if d.lastToken() == "" {
			d.createToken()
		}
		return wizard.ConsoleResult{Message: "Console: pasted the token you created.", Fill: map[string]string{"api-token": d.lastToken()}}, nil
	case steps.TokenNetwork:
		if err := d.Org.SetTokenNetwork(d.tokenID(&a), "ZONE", []string{"nzoTakoServer"}, true); err != nil {
			return wizard.ConsoleResult{}, err
		}
		return wizard.ConsoleResult{Message: "Console: token › Edit › Network › In any of the following zones › “Tako server” (this machine) › Save."}, nil
	}
	return wizard.ConsoleResult{}, errors.New("nothing to do in the console here")
}

// createApp is "Create App Integration › API Services": DPoP on (the
// console's default), every default scope granted but one core scope, the
// read-only administrator role, the implicit 50 % rate limit.
func (d *Demo) createApp() string {
	app := d.Org.AddApp(&emulator.App{Label: "Tako"})
	grant := slices.DeleteFunc(slices.Clone(checks.DefaultScopes), func(s string) bool { return s == missingScope })
	_ = d.Org.GrantScopes(app.ClientID, grant...)
	_, _ = d.Org.AssignAppRole(app.ClientID, "READ_ONLY_ADMIN")
	d.mu.Lock()
	d.clientID = app.ClientID
	d.mu.Unlock()
	return app.ClientID
}

// createToken is "Create token" signed in as the read-only admin: it works
// from anywhere until restricted (so the network step warns first).
func (d *Demo) createToken() *emulator.APIToken {
	t := d.Org.AddToken(&emulator.APIToken{Name: "Tako", UserID: d.AdminID, Network: "ANYWHERE", AllowedFromHere: true})
	d.mu.Lock()
	d.tokens[t.Value] = t.ID
	d.last = t.Value
	d.mu.Unlock()
	return t
}

func (d *Demo) createdApp() string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.clientID
}

func (d *Demo) app(clientID string) *emulator.App {
	if clientID == "" {
		return nil
	}
	return d.Org.App(clientID)
}

// lastToken is the value of the newest token the console created.
func (d *Demo) lastToken() string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.last
}

// tokenID finds the id of the token in the answers (one the console made).
func (d *Demo) tokenID(a *steps.Answers) string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.tokens[a.APIToken.Reveal()]
}

func missing(app *emulator.App) []string {
	var out []string
	for _, s := range checks.DefaultScopes {
		if !slices.Contains(app.GrantedScopes, s) {
			out = append(out, s)
		}
	}
	return out
}

func registered(app *emulator.App, k *steps.Key) bool {
	for _, ak := range app.Keys {
		if ak.Status == "ACTIVE" && samePublic(ak, k) {
			return true
		}
	}
	return false
}

func samePublic(ak *emulator.AppKey, k *steps.Key) bool {
	priv, ok := k.Private.(*rsa.PrivateKey)
	pub, ok2 := ak.Public.(*rsa.PublicKey)
	return ok && ok2 && priv.PublicKey.Equal(pub)
}

func activeKeys(app *emulator.App) int {
	n := 0
	for _, k := range app.Keys {
		if k.Status == "ACTIVE" {
			n++
		}
	}
	return n
}

// hasCustomRole reports whether the app holds a custom admin role (the demo
// console's role reader).
func hasCustomRole(app *emulator.App) bool {
	for _, r := range app.Roles {
		if r.Type == "CUSTOM" {
			return true
		}
	}
	return false
}

// createSuperToken makes a Super Administrator and a token of theirs for
// the automatic branch, and turns the org setting "Public client app
// admins" on, so the demo shows tako-setup undoing the role Okta adds
// (docs/okta-automation.md §6.1).
func (d *Demo) createSuperToken() string {
	u := d.Org.AddUser(&emulator.User{Login: "sam.super@acme.example", FirstName: "Sam", LastName: "Super",
		Roles: []emulator.Role{{Type: "SUPER_ADMIN"}}})
	d.Org.SetClientPrivileges(true)
	// A real org's round trip, so the checklist can be watched filling.
	d.Org.SetLatency(60 * time.Millisecond)
	return d.Org.AddToken(&emulator.APIToken{Name: "tako-setup", UserID: u.ID}).Value
}
