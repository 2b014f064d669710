package emulator

import (
	"encoding/base32"
	"slices"
	"time"
)

// writeState is what the write API (docs/okta-automation.md) keeps beside
// the console model: scopes the org refuses to grant, the System Log, and
// each principal's use of its share of a bucket.
type writeState struct {
	// refused are scope names a grant is refused for (400 E0000001).
	refused map[string]bool
	// events is the System Log of write calls, oldest first.
	events []Event
	// shares counts each principal's writes in a bucket's window, by
	// bucket name + "|" + principal id.
	shares map[string]*shareWindow
	// iam are the custom roles ("roles") and resource sets
	// ("resource-sets") created through /api/v1/iam, oldest first.
	iam map[string][]*iamObject
}

// Event is one System Log entry written by a write call
// (docs/okta-automation.md §11).
type Event struct {
	// Type is the eventType, e.g. "application.lifecycle.create".
	Type string
	// Target is the id of the object changed (app, token, grant …).
	Target string
	// Actor is the principal: an API token id (00T…) or a client id.
	Actor     string
	Published time.Time
}

// RefuseGrants makes POST /api/v1/apps/{id}/grants refuse these scope
// names, as Okta may refuse names missing from its current specs
// (docs/okta-automation.md fact 9 [unconfirmed]).
func (o *Org) RefuseGrants(scopes ...string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.writes.refused == nil {
		o.writes.refused = map[string]bool{}
	}
	for _, s := range scopes {
		o.writes.refused[s] = true
	}
}

// SetClientPrivileges sets the org setting "Public client app admins"
// (clientPrivilegesSetting, docs/okta-automation.md §6.1).
func (o *Org) SetClientPrivileges(on bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.PublicClientAppAdmins = on
}

// Events returns the System Log entries of write calls, oldest first.
func (o *Org) Events() []Event {
	o.mu.Lock()
	defer o.mu.Unlock()
	return slices.Clone(o.writes.events)
}

// AppsByLabel returns copies of the apps whose label is exactly label,
// oldest first.
func (o *Org) AppsByLabel(label string) []*App {
	o.mu.Lock()
	defer o.mu.Unlock()
	var out []*App
	for _, a := range o.sortedAppsLocked() {
		if a.Label == label {
			out = append(out, cloneApp(a))
		}
	}
	return out
}

// logEventLocked appends a System Log entry.
func (o *Org) logEventLocked(typ, target string, p *principal) {
	actor := ""
	if p != nil {
		actor = p.tokenID
		if !p.ssws {
			actor = p.clientID
		}
	}
	o.writes.events = append(o.writes.events, Event{Type: typ, Target: target, Actor: actor, Published: o.nowLocked()})
}

// appStatus is the app's lifecycle status; empty means ACTIVE.
func appStatus(a *App) string {
	if a.Status == "" {
		return "ACTIVE"
	}
	return a.Status
}

// StandardRoleID is the id Okta gives a standard role assignment: the
// unpadded RFC 4648 base32 of the role type (docs/okta-automation.md fact 5),
// e.g. READ_ONLY_ADMIN → KJCUCRC7J5HEYWK7IFCE2SKO.
func StandardRoleID(roleType string) string {
	return base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString([]byte(roleType))
}
