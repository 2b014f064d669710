package emulator

import (
	"fmt"
	"maps"
	"slices"
	"time"
)

// PlaceholderOrgID is the id Okta's catch-all "parked" org answers with for
// any non-existent subdomain (docs/okta-behavior.md §6).
const PlaceholderOrgID = "00oplaODtXoEq1eQo0g3"

// Defaults of a new org.
const (
	defaultRateLimit = 600
	defaultWindow    = time.Minute
	// apiTokenLifetime: an SSWS token expires 30 days after its creation
	// or last use, whichever is later (docs/okta-behavior.md §4).
	apiTokenLifetime = 30 * 24 * time.Hour
)

// NewOrg returns an empty Identity Engine org with sane defaults: a random
// 00o… id, pipeline "idx", 600 requests per minute per bucket.
func NewOrg() *Org {
	return &Org{
		ID:                 newID("00o"),
		Pipeline:           "idx",
		CompanyName:        "Emulated Org",
		Subdomain:          "emulated",
		RateLimitPerMinute: defaultRateLimit,
		RateLimitWindow:    defaultWindow,
		NetworkDenial:      codeForbidden,
		Apps:               map[string]*App{},
		Users:              map[string]*User{},
	}
}

// initLocked makes the maps a zero Org (or one built by hand) needs.
func (o *Org) initLocked() {
	if o.Apps == nil {
		o.Apps = map[string]*App{}
	}
	if o.Users == nil {
		o.Users = map[string]*User{}
	}
	if o.jtis == nil {
		o.jtis = map[string]time.Time{}
		o.nonces = map[string]time.Time{}
		o.dpopJTIs = map[string]time.Time{}
		o.issued = map[string]*issuedToken{}
		o.requests = map[string]int{}
		o.buckets = map[string]*bucket{}
		o.prls = map[string]*prlEntity{}
		o.grantIDs = map[string]grantMeta{}
	}
	if o.RateLimitPerMinute <= 0 {
		o.RateLimitPerMinute = defaultRateLimit
	}
	if o.RateLimitWindow <= 0 {
		o.RateLimitWindow = defaultWindow
	}
	if o.Pipeline == "" {
		o.Pipeline = "idx"
	}
	if o.ID == "" {
		o.ID = newID("00o")
	}
}

// nowLocked is the org's clock: real time plus ClockSkew. Callers hold o.mu.
func (o *Org) nowLocked() time.Time {
	return time.Now().Add(o.ClockSkew).UTC()
}

// Now returns the org's clock (real time plus ClockSkew).
func (o *Org) Now() time.Time {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.nowLocked()
}

// --- org-wide settings --------------------------------------------------

// SetClockSkew moves the org's clock by d relative to this machine's.
func (o *Org) SetClockSkew(d time.Duration) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.ClockSkew = d
}

// SetParked makes the org answer like a non-existent subdomain (docs/okta-behavior.md §6).
func (o *Org) SetParked(parked bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.Parked = parked
}

// SetLatency adds d before every response.
func (o *Org) SetLatency(d time.Duration) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.Latency = d
}

// ThrottleNext makes the next n management or token requests answer 429.
func (o *Org) ThrottleNext(n int) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.Throttled = n
}

// SetRateLimit sets the per-bucket limit of every bucket without an override.
func (o *Org) SetRateLimit(perMinute int) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.RateLimitPerMinute = perMinute
}

// SetConcurrencyLimit sets the org's concurrent-request ceiling (0 = none).
func (o *Org) SetConcurrencyLimit(n int) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.ConcurrencyLimit = n
}

// SetNetworkDenial chooses the answer to an SSWS token used from outside
// its network zones: "E0000006" (403, the default) or "E0000011" (401).
func (o *Org) SetNetworkDenial(code string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.NetworkDenial = code
}

// SetBucketLimit overrides the per-window limit of one bucket (see BucketFor).
func (o *Org) SetBucketLimit(bucket string, perMinute int) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.BucketLimits == nil {
		o.BucketLimits = map[string]int{}
	}
	o.BucketLimits[bucket] = perMinute
}

// SetCanonicalURL sets the URL discovery names as the org's (a custom
// domain setup); "" means the host the client used.
func (o *Org) SetCanonicalURL(u string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.CanonicalURL = u
}

// SetHosts sets the host names the org answers on (others are parked).
func (o *Org) SetHosts(hosts ...string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.Hosts = slices.Clone(hosts)
}

// DisableFeature makes API paths under prefix answer 401 E0000015.
func (o *Org) DisableFeature(prefix string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.DisabledFeatures = append(o.DisabledFeatures, prefix)
}

// Requests returns how many requests the org has seen, by "METHOD path".
func (o *Org) Requests() map[string]int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return maps.Clone(o.requests)
}

// TotalRequests is the sum of Requests.
func (o *Org) TotalRequests() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	n := 0
	for _, c := range o.requests {
		n += c
	}
	return n
}

// --- apps ---------------------------------------------------------------

// AddApp registers an app the way the Admin Console creates an API Services
// app, filling what a is missing: ids (0oa…), label, application type
// "service", token_endpoint_auth_method "private_key_jwt", grant types
// [client_credentials]. DPoPRequired is always set to true, the console
// default since 2024 (docs/okta-behavior.md §1.6); call SetDPoP(id, false) to emulate the admin
// unticking the box. Keys and roles given in a are stored as they are
// (missing ids and dates filled, AddKey's rules not applied), so a test can
// build states the console would refuse. It stores a copy of a and returns
// another copy: change the app through Org methods afterwards.
func (o *Org) AddApp(a *App) *App {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.initLocked()
	app := cloneApp(a)
	if app.ID == "" {
		app.ID = newID("0oa")
	}
	if app.ClientID == "" {
		app.ClientID = app.ID
	}
	if app.Label == "" {
		app.Label = "API Services App"
	}
	if app.ApplicationType == "" {
		app.ApplicationType = "service"
	}
	if app.TokenEndpointAuthMethod == "" {
		app.TokenEndpointAuthMethod = "private_key_jwt"
	}
	if len(app.GrantTypes) == 0 {
		app.GrantTypes = []string{"client_credentials"}
	}
	app.DPoPRequired = true
	now := o.nowLocked()
	if app.Created.IsZero() {
		app.Created = now
	}
	for _, k := range app.Keys {
		fillKeyDefaults(k, now)
	}
	for i := range app.Roles {
		fillRoleDefaults(&app.Roles[i], now)
	}
	if app.RateLimitPercent != nil {
		o.touchPRLLocked(app.ClientID, now)
	}
	o.Apps[app.ClientID] = app
	return cloneApp(app)
}

// App returns a copy of the app with this client id, or nil.
func (o *Org) App(clientID string) *App {
	o.mu.Lock()
	defer o.mu.Unlock()
	if a := o.Apps[clientID]; a != nil {
		return cloneApp(a)
	}
	return nil
}

// RemoveApp deletes the app (its tokens stop working at once).
func (o *Org) RemoveApp(clientID string) error {
	return o.withApp(clientID, func(a *App, _ time.Time) error {
		delete(o.Apps, clientID)
		return nil
	})
}

// SetDPoP sets "Require Demonstrating Proof of Possession (DPoP) header in
// token requests" (settings.oauthClient.dpop_bound_access_tokens).
func (o *Org) SetDPoP(clientID string, required bool) error {
	return o.withApp(clientID, func(a *App, _ time.Time) error {
		a.DPoPRequired = required
		return nil
	})
}

// GrantScopes grants Okta API scopes to the app ("Okta API Scopes" tab).
// With PublicClientAppAdmins on, an app without a role also gets
// SUPER_ADMIN (docs/okta-behavior.md §3.1).
func (o *Org) GrantScopes(clientID string, scopes ...string) error {
	return o.withApp(clientID, func(a *App, now time.Time) error {
		for _, s := range scopes {
			if !slices.Contains(a.GrantedScopes, s) {
				a.GrantedScopes = append(a.GrantedScopes, s)
			}
		}
		if o.PublicClientAppAdmins && len(a.Roles) == 0 && len(scopes) > 0 {
			a.Roles = append(a.Roles, standardRole("SUPER_ADMIN", now))
		}
		return nil
	})
}

// RevokeScopes removes granted scopes from the app.
func (o *Org) RevokeScopes(clientID string, scopes ...string) error {
	return o.withApp(clientID, func(a *App, _ time.Time) error {
		a.GrantedScopes = slices.DeleteFunc(a.GrantedScopes, func(s string) bool {
			return slices.Contains(scopes, s)
		})
		return nil
	})
}

// AssignAppRole assigns a standard admin role (SUPER_ADMIN, ORG_ADMIN,
// READ_ONLY_ADMIN, APP_ADMIN, …) to the app and returns the assignment.
func (o *Org) AssignAppRole(clientID, roleType string) (Role, error) {
	var r Role
	err := o.withApp(clientID, func(a *App, now time.Time) error {
		r = standardRole(roleType, now)
		a.Roles = append(a.Roles, r)
		return nil
	})
	return r, err
}

// AssignAppCustomRole assigns a CUSTOM role with these permissions.
func (o *Org) AssignAppCustomRole(clientID, label string, permissions ...string) (Role, error) {
	var r Role
	err := o.withApp(clientID, func(a *App, now time.Time) error {
		r = customRole(label, permissions, now)
		a.Roles = append(a.Roles, r)
		return nil
	})
	return r, err
}

// UnassignAppRole removes every assignment of roleType (or with that
// assignment id) from the app.
func (o *Org) UnassignAppRole(clientID, roleTypeOrID string) error {
	return o.withApp(clientID, func(a *App, _ time.Time) error {
		a.Roles = slices.DeleteFunc(a.Roles, func(r Role) bool {
			return r.Type == roleTypeOrID || r.ID == roleTypeOrID
		})
		return nil
	})
}

// SetAppRateLimit sets the app's principal rate limit percentage
// ("Application rate limits" tab). A negative pct removes the entity,
// leaving Okta's implicit 50 %.
func (o *Org) SetAppRateLimit(clientID string, pct int) error {
	return o.withApp(clientID, func(a *App, now time.Time) error {
		a.RateLimitPercent = o.setPRLLocked(clientID, pct, now)
		return nil
	})
}

// SetAppNetworkDenied emulates a token-endpoint network restriction that
// excludes (true) or includes (false) this host.
func (o *Org) SetAppNetworkDenied(clientID string, denied bool) error {
	return o.withApp(clientID, func(a *App, _ time.Time) error {
		a.NetworkDenied = denied
		return nil
	})
}

// withApp runs f on the stored app under the lock.
func (o *Org) withApp(clientID string, f func(a *App, now time.Time) error) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.initLocked()
	a := o.Apps[clientID]
	if a == nil {
		return notFound(fmt.Sprintf("%s (App)", clientID))
	}
	return f(a, o.nowLocked())
}

// --- users --------------------------------------------------------------

// AddUser adds a user (an admin, usually), filling id 00u…, status ACTIVE,
// login and created. It returns a copy.
func (o *Org) AddUser(u *User) *User {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.initLocked()
	user := cloneUser(u)
	if user.ID == "" {
		user.ID = newID("00u")
	}
	if user.Login == "" {
		user.Login = "admin-" + randomString(5) + "@example.com"
	}
	if user.Email == "" {
		user.Email = user.Login
	}
	if user.Status == "" {
		user.Status = "ACTIVE"
	}
	now := o.nowLocked()
	if user.Created.IsZero() {
		user.Created = now
	}
	for i := range user.Roles {
		fillRoleDefaults(&user.Roles[i], now)
	}
	o.Users[user.ID] = user
	return cloneUser(user)
}

// User returns a copy of the user, or nil.
func (o *Org) User(id string) *User {
	o.mu.Lock()
	defer o.mu.Unlock()
	if u := o.Users[id]; u != nil {
		return cloneUser(u)
	}
	return nil
}

// AssignUserRole assigns a standard admin role to a user.
func (o *Org) AssignUserRole(userID, roleType string) (Role, error) {
	var r Role
	err := o.withUser(userID, func(u *User, now time.Time) {
		r = standardRole(roleType, now)
		u.Roles = append(u.Roles, r)
	})
	return r, err
}

// AssignUserCustomRole assigns a CUSTOM role with these permissions.
func (o *Org) AssignUserCustomRole(userID, label string, permissions ...string) (Role, error) {
	var r Role
	err := o.withUser(userID, func(u *User, now time.Time) {
		r = customRole(label, permissions, now)
		u.Roles = append(u.Roles, r)
	})
	return r, err
}

// UnassignUserRole removes every assignment of roleType (or with that id).
func (o *Org) UnassignUserRole(userID, roleTypeOrID string) error {
	return o.withUser(userID, func(u *User, _ time.Time) {
		u.Roles = slices.DeleteFunc(u.Roles, func(r Role) bool {
			return r.Type == roleTypeOrID || r.ID == roleTypeOrID
		})
	})
}

// SetUserStatus changes a user's status. A DEPROVISIONED (deactivated)
// user's API tokens stop working (docs/okta-behavior.md §4).
func (o *Org) SetUserStatus(userID, status string) error {
	return o.withUser(userID, func(u *User, _ time.Time) { u.Status = status })
}

func (o *Org) withUser(id string, f func(u *User, now time.Time)) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.initLocked()
	u := o.Users[id]
	if u == nil {
		return notFound(fmt.Sprintf("%s (User)", id))
	}
	f(u, o.nowLocked())
	return nil
}

// --- API tokens ---------------------------------------------------------

// AddToken adds an SSWS API token, filling id 00T…, a random secret Value,
// name, client name, network ANYWHERE and created. It returns a copy.
func (o *Org) AddToken(t *APIToken) *APIToken {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.initLocked()
	tok := *t
	tok.Zones = slices.Clone(t.Zones)
	tok.RateLimitPercent = clonePct(t.RateLimitPercent)
	if tok.ID == "" {
		tok.ID = newID("00T")
	}
	if tok.Value == "" {
		tok.Value = "00" + randomString(40)
	}
	if tok.Name == "" {
		tok.Name = "tako"
	}
	if tok.ClientName == "" {
		tok.ClientName = "Okta API"
	}
	if tok.Network == "" {
		tok.Network = "ANYWHERE"
	}
	now := o.nowLocked()
	if tok.Created.IsZero() {
		tok.Created = now
	}
	if tok.RateLimitPercent != nil {
		o.touchPRLLocked(tok.ID, now)
	}
	o.Tokens = append(o.Tokens, &tok)
	out := tok
	return &out
}

// Token returns a copy of the API token with this id, or nil.
func (o *Org) Token(id string) *APIToken {
	o.mu.Lock()
	defer o.mu.Unlock()
	if t := o.tokenByIDLocked(id); t != nil {
		out := *t
		out.Zones = slices.Clone(t.Zones)
		out.RateLimitPercent = clonePct(t.RateLimitPercent)
		return &out
	}
	return nil
}

// RevokeToken revokes an API token ("Revoke" in Security › API › Tokens).
func (o *Org) RevokeToken(id string) error {
	return o.withToken(id, func(t *APIToken, _ time.Time) { t.Revoked = true })
}

// SetTokenNetwork sets the token's network condition: "ANYWHERE" or "ZONE"
// with zone ids; allowedFromHere says whether this host is inside it.
func (o *Org) SetTokenNetwork(id, network string, zones []string, allowedFromHere bool) error {
	return o.withToken(id, func(t *APIToken, _ time.Time) {
		t.Network = network
		t.Zones = slices.Clone(zones)
		t.AllowedFromHere = allowedFromHere
	})
}

// SetTokenRateLimit sets the token's principal rate limit percentage; a
// negative pct removes the entity (implicit 50 %).
func (o *Org) SetTokenRateLimit(id string, pct int) error {
	return o.withToken(id, func(t *APIToken, now time.Time) {
		t.RateLimitPercent = o.setPRLLocked(t.ID, pct, now)
	})
}

func (o *Org) withToken(id string, f func(t *APIToken, now time.Time)) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.initLocked()
	t := o.tokenByIDLocked(id)
	if t == nil {
		return notFound(fmt.Sprintf("%s (ApiToken)", id))
	}
	f(t, o.nowLocked())
	return nil
}

func (o *Org) tokenByIDLocked(id string) *APIToken {
	for _, t := range o.Tokens {
		if t.ID == id {
			return t
		}
	}
	return nil
}

// tokenExpiresAt is when an SSWS token lapses: 30 days after creation or
// last use (docs/okta-behavior.md §4).
func tokenExpiresAt(t *APIToken) time.Time {
	last := t.Created
	if t.LastUsed.After(last) {
		last = t.LastUsed
	}
	return last.Add(apiTokenLifetime)
}

// --- principal rate limits ----------------------------------------------

// setPRLLocked creates, updates or (pct < 0) removes a principal's entity.
func (o *Org) setPRLLocked(principalID string, pct int, now time.Time) *int {
	if pct < 0 {
		delete(o.prls, principalID)
		return nil
	}
	o.touchPRLLocked(principalID, now)
	return &pct
}

func (o *Org) touchPRLLocked(principalID string, now time.Time) {
	if e := o.prls[principalID]; e != nil {
		e.Updated = now
		return
	}
	o.prls[principalID] = &prlEntity{ID: newID("prl"), Created: now, Updated: now}
}

// --- copies -------------------------------------------------------------

func cloneApp(a *App) *App {
	c := *a
	c.GrantTypes = slices.Clone(a.GrantTypes)
	c.GrantedScopes = slices.Clone(a.GrantedScopes)
	c.Roles = cloneRoles(a.Roles)
	c.RateLimitPercent = clonePct(a.RateLimitPercent)
	c.Profile = maps.Clone(a.Profile)
	c.Keys = make([]*AppKey, len(a.Keys))
	for i, k := range a.Keys {
		kc := *k
		c.Keys[i] = &kc
	}
	return &c
}

func cloneUser(u *User) *User {
	c := *u
	c.Roles = cloneRoles(u.Roles)
	return &c
}

func cloneRoles(rs []Role) []Role {
	if rs == nil {
		return nil
	}
	out := make([]Role, len(rs))
	for i, r := range rs {
		out[i] = r
		out[i].Permissions = slices.Clone(r.Permissions)
	}
	return out
}

func clonePct(p *int) *int {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}
