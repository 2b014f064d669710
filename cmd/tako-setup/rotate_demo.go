package main

import (
	"context"
	"crypto/rsa"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/emulator"
	"github.com/fctr-id/tako-setup/checks/secret"
	"github.com/fctr-id/tako-setup/checks/takoenv"
	"github.com/fctr-id/tako-setup/steps"
	"github.com/fctr-id/tako-setup/wizard"
	"github.com/fctr-id/tako-setup/wizard/demo"
)

// rotationDemo is `tako-setup rotate --demo`: the demo org with Tako
// already set up in it (an app with one key, or a read-only admin's token),
// a .env that holds that credential, and a console that does the admin's
// part of a rotation when asked.
type rotationDemo struct {
	d          *demo.Demo
	clientID   string
	oldTokenID string

	mu     sync.Mutex
	tokens map[string]string // value → id of tokens the console made
	newest string            // value of the newest one
}

// startRotationDemo seeds the demo org and writes the .env at envFile.
// genKey makes the app's current key (tests pass a cached one).
func startRotationDemo(d *demo.Demo, envFile string, method checks.Method, genKey func(int) (*steps.Key, error), now func() time.Time) (*rotationDemo, error) {
	rd := &rotationDemo{d: d, tokens: map[string]string{}}
	a := steps.Answers{Settings: takoenv.Settings{OrgURL: demo.OrgURL, Method: method, ConcurrentLimit: 18}, Confirmed: true}
	switch method {
	case checks.OAuth2:
		app := d.Org.AddApp(&emulator.App{Label: "Tako"})
		rd.clientID = app.ClientID
		if err := errors.Join(
			d.Org.SetDPoP(app.ClientID, false),
			d.Org.GrantScopes(app.ClientID, checks.DefaultScopes...),
		); err != nil {
			return nil, fmt.Errorf("setting up the demo app: %w", err)
		}
		if _, err := d.Org.AssignAppRole(app.ClientID, "READ_ONLY_ADMIN"); err != nil {
			return nil, fmt.Errorf("setting up the demo app: %w", err)
		}
		k, err := genKey(steps.GeneratedKeyBits)
		if err != nil {
			return nil, err
		}
		// Registered under a kid Okta made up, as a key made with the
		// console's "Generate new key" is: the rotation names it by that
		// kid, matched on its public key (the .env holds no kid).
		if _, err := d.Org.AddKey(app.ClientID, k.Private.(*rsa.PrivateKey).Public(), emulator.ConsoleKID(), "ACTIVE"); err != nil {
			return nil, fmt.Errorf("adding the demo app's key: %w", err)
		}
		a.ClientID, a.Scopes = app.ClientID, checks.DefaultScopes
		a.SetKey(k)
	case checks.APIToken:
		t := d.Org.AddToken(&emulator.APIToken{Name: "Tako", UserID: d.AdminID, Network: "ZONE", Zones: []string{"nzoTakoServer"}, AllowedFromHere: true})
		rd.oldTokenID = t.ID
		a.APIToken = secret.New(t.Value)
	default:
		return nil, fmt.Errorf("the demo rotates oauth2 or api-token, not %q", method)
	}
	if _, err := wizard.FileEnv(envFile, nil, now).WriteEnv(&a); err != nil {
		return nil, fmt.Errorf("writing the demo .env: %w", err)
	}
	return rd, nil
}

// Offer says what the demo console can do on a rotation step.
func (rd *rotationDemo) Offer(step steps.ID, a *steps.Answers) (string, bool) {
	switch step {
	case steps.RotateKey:
		if a.Key != nil && !rd.registered(a.Key) {
			return "add the key in Okta", true
		}
	case steps.RotateDeactivate:
		if a.Key != nil && len(rd.otherActive(a.Key)) > 0 {
			return "deactivate the old key", true
		}
	case steps.RotateTokenCreate:
		return "create the token", true
	case steps.RotateToken:
		if a.APIToken.IsZero() && rd.newestToken() != "" {
			return "paste the token", true
		}
	case steps.RotateRevoke:
		if t := rd.d.Org.Token(rd.oldTokenID); t != nil && !t.Revoked {
			return "revoke the old token in the console", true
		}
	}
	return "", false
}

// Do performs the console action for a rotation step.
func (rd *rotationDemo) Do(_ context.Context, step steps.ID, a steps.Answers) (wizard.ConsoleResult, error) {
	if _, ok := rd.Offer(step, &a); !ok {
		return wizard.ConsoleResult{}, errors.New("nothing to do in the console here")
	}
	org := rd.d.Org
	switch step {
	case steps.RotateKey:
		if _, err := org.AddKey(rd.clientID, a.Key.Private.(*rsa.PrivateKey).Public(), a.Key.KID, "ACTIVE"); err != nil {
			return wizard.ConsoleResult{}, err
		}
		return wizard.ConsoleResult{Message: "Console: Public Keys › Add key › pasted the new public key › Save. The app now has two active keys."}, nil
	case steps.RotateDeactivate:
		for _, id := range rd.otherActive(a.Key) {
			if err := org.DeactivateKey(rd.clientID, id); err != nil {
				return wizard.ConsoleResult{}, err
			}
		}
		return wizard.ConsoleResult{Message: "Console: Public Keys › the old key › Deactivate."}, nil
	case steps.RotateTokenCreate:
		t := org.AddToken(&emulator.APIToken{Name: "Tako " + time.Now().Format(time.DateOnly), UserID: rd.d.AdminID, Network: "ZONE", Zones: []string{"nzoTakoServer"}, AllowedFromHere: true})
		rd.mu.Lock()
		rd.tokens[t.Value], rd.newest = t.ID, t.Value
		rd.mu.Unlock()
		return wizard.ConsoleResult{
			Message:  "Console: signed in as Tako Reader (read-only admin) › Security › API › Tokens › Create token, limited to the zone “Tako server”. On the next step, the console can paste it.",
			ShowOnce: t.Value,
		}, nil
	case steps.RotateToken:
		return wizard.ConsoleResult{Message: "Console: pasted the new token.", Fill: map[string]string{"api-token": rd.newestToken()}}, nil
	case steps.RotateRevoke:
		if err := org.RevokeToken(rd.oldTokenID); err != nil {
			return wizard.ConsoleResult{}, err
		}
		return wizard.ConsoleResult{Message: "Console: Security › API › Tokens › the old token › Revoke.", Fill: map[string]string{"revoke-how": string(steps.RevokeInConsole)}}, nil
	}
	return wizard.ConsoleResult{}, errors.New("nothing to do in the console here")
}

func (rd *rotationDemo) newestToken() string {
	rd.mu.Lock()
	defer rd.mu.Unlock()
	return rd.newest
}

// registered reports whether k is an active key of the demo app.
func (rd *rotationDemo) registered(k *steps.Key) bool {
	app := rd.d.Org.App(rd.clientID)
	priv, ok := k.Private.(*rsa.PrivateKey)
	if app == nil || !ok {
		return false
	}
	for _, ak := range app.Keys {
		if pub, ok := ak.Public.(*rsa.PublicKey); ok && ak.Status == "ACTIVE" && priv.PublicKey.Equal(pub) {
			return true
		}
	}
	return false
}

// otherActive lists the ids of the app's active keys other than k.
func (rd *rotationDemo) otherActive(k *steps.Key) []string {
	app := rd.d.Org.App(rd.clientID)
	priv, ok := k.Private.(*rsa.PrivateKey)
	if app == nil || !ok {
		return nil
	}
	var out []string
	for _, ak := range app.Keys {
		if pub, ok := ak.Public.(*rsa.PublicKey); ak.Status == "ACTIVE" && !(ok && priv.PublicKey.Equal(pub)) {
			out = append(out, ak.ID)
		}
	}
	return out
}
