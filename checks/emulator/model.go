// This file holds the emulator's data model; see doc.go for the package.

package emulator

import (
	"crypto"
	"sync"
	"time"
)

// Org is the state of one emulated Okta org.
type Org struct {
	mu sync.Mutex

	// ID is the org id (00o…). Parked orgs answer with the shared placeholder.
	ID string
	// Pipeline is "idx" (Identity Engine) or "v1" (Classic).
	Pipeline string
	// Parked makes /.well-known/okta-organization answer like a non-existent
	// subdomain: 200 with the placeholder id 00oplaODtXoEq1eQo0g3.
	Parked bool
	// CanonicalURL, when set, is returned as _links.organization.href (an org
	// reached through a custom domain). Empty means the server's own URL.
	CanonicalURL string
	// ClockSkew is added to the server's clock (Date header, assertion
	// exp/iat validation), to emulate a client whose clock is off.
	ClockSkew time.Duration
	// DisabledFeatures lists API path prefixes that answer 401 E0000015
	// (a feature that is not enabled in this org).
	DisabledFeatures []string
	// Hosts, when set, are the host names (without port) this org answers
	// on. Any other name is a non-existent subdomain and gets the parked
	// answer (docs/okta-behavior.md §6). Loopback addresses and "localhost" always reach the org.
	Hosts []string
	// CompanyName and Subdomain appear in GET /api/v1/org.
	CompanyName string
	Subdomain   string
	// PublicClientAppAdmins is the console setting "Public client app
	// admins": when on, granting scopes to an app with no role also
	// assigns it SUPER_ADMIN (docs/okta-behavior.md §3.1).
	PublicClientAppAdmins bool
	// NetworkDenial is the answer to an SSWS token used from outside its
	// network zones: "E0000006" (default) or "E0000011" (docs/okta-behavior.md §4 [unconfirmed]).
	NetworkDenial string

	// Apps are keyed by client_id.
	Apps map[string]*App
	// Users are keyed by user id (00u…).
	Users map[string]*User
	// Tokens are the org's SSWS API tokens.
	Tokens []*APIToken

	// RateLimitPerMinute is the per-bucket limit reported in X-Rate-Limit-Limit
	// (default 600).
	RateLimitPerMinute int
	// BucketLimits overrides RateLimitPerMinute per bucket; keys are bucket
	// names as returned by BucketFor (e.g. "/api/v1/users", "/oauth2/v1/token").
	BucketLimits map[string]int
	// RateLimitWindow is the length of a rate-limit window (default one
	// minute; tests shorten it).
	RateLimitWindow time.Duration
	// ConcurrencyLimit, when > 0, is the org's concurrent-request ceiling for
	// management and token requests (35 or 75 by plan, whatever the host
	// name); requests beyond it, or beyond their principal's share of it,
	// get the concurrency 429 (X-Rate-Limit-Limit: 0, Remaining: 0,
	// docs/okta-behavior.md §5). See concurrency.go and SetOtherLoad.
	ConcurrencyLimit int
	// Throttled makes the next N management or token requests answer 429
	// (E0000047; invalid_grant on the token endpoint). Set it with the
	// ThrottleNext method (a field cannot share the method's name).
	Throttled int
	// Latency is added before every response (benchmarks, timeouts).
	Latency time.Duration

	// jtis and nonces are the server's replay and DPoP state.
	jtis   map[string]time.Time
	nonces map[string]time.Time
	// dpopJTIs are the jti values of DPoP proofs already used.
	dpopJTIs map[string]time.Time
	// nonce is the DPoP nonce currently handed out, issued at nonceAt.
	nonce   string
	nonceAt time.Time
	// issued maps access tokens the server minted to what they carry.
	issued map[string]*issuedToken
	// requests counts requests by method and path, for tests.
	requests map[string]int
	// buckets are the rate-limit windows, by bucket name.
	buckets map[string]*bucket
	// conc counts management and token requests being served, ours and the
	// other integrations' (ConcurrencyLimit, OtherLoad; concurrency.go).
	conc concurrency
	// faults are injected failures, in the order they were added.
	faults []*faultEntry
	// prls are the principal-rate-limit entities, by principal id.
	prls map[string]*prlEntity
	// grantIDs keeps the id of each (client, scope) grant stable.
	grantIDs map[string]grantMeta
	// writes is the state of the write API (write_state.go).
	writes writeState
}

// App is an OAuth 2.0 app integration (an API Services app for Tako).
type App struct {
	// ID is the app id (0oa…); ClientID is usually the same string.
	ID       string
	ClientID string
	Label    string
	// ApplicationType is "service" for API Services apps ("web", "browser" otherwise).
	ApplicationType string
	// TokenEndpointAuthMethod is "private_key_jwt" or "client_secret_basic" …
	TokenEndpointAuthMethod string
	// GrantTypes allowed, e.g. ["client_credentials"].
	GrantTypes []string
	// DPoPRequired is settings.oauthClient.dpop_bound_access_tokens
	// (the console's default for new API Services apps is true).
	DPoPRequired bool
	// Keys are the app's public keys ("Save keys in Okta").
	Keys []*AppKey
	// GrantedScopes are the Okta API scopes granted on the "Okta API Scopes" tab.
	GrantedScopes []string
	// Roles are the admin roles assigned to the app.
	Roles []Role
	// RateLimitPercent is the app's principal rate limit; nil means no
	// principal-rate-limit entity exists (Okta's implicit 50 %).
	RateLimitPercent *int
	// NetworkDenied emulates an app whose token-endpoint network
	// restriction excludes this host (403 access_denied, docs/okta-behavior.md §1.3).
	NetworkDenied bool
	// Created is when the app was added.
	Created time.Time
	// Status is "ACTIVE" (also when empty) or "INACTIVE" (deactivated
	// through the API; docs/okta-automation.md §2.4).
	Status string
	// Profile is the app's free JSON profile (an ownership marker set
	// through POST /api/v1/apps, docs/okta-automation.md §2.1).
	Profile map[string]any
}

// AppKey is one public key registered on an app.
type AppKey struct {
	// ID is Okta's key id (pks…), used in API paths.
	ID string
	// KID is the JWT header kid.
	KID    string
	Public crypto.PublicKey
	// Status is "ACTIVE" or "INACTIVE".
	Status  string
	Created time.Time
	// LastUpdated changes with the status.
	LastUpdated time.Time
	// Use is "sig" (default) or "enc"; an "enc" key cannot verify a
	// client assertion (docs/okta-behavior.md §1.2).
	Use string
}

// Role is an admin role assignment.
type Role struct {
	ID    string
	Type  string // SUPER_ADMIN, ORG_ADMIN, READ_ONLY_ADMIN, CUSTOM …
	Label string
	// Permissions are the permissions of a CUSTOM role, named like Okta's
	// ("okta.users.read", "okta.apps.manage"; a .manage permission implies
	// its .read). Standard roles ignore it (see permissions.go).
	Permissions []string
	// CustomRoleID (cr0…) and ResourceSet (iam…) identify a CUSTOM role's
	// definition and resource set, as listed by the roles APIs.
	CustomRoleID string
	ResourceSet  string
	// Status is "ACTIVE" (default) or "INACTIVE".
	Status  string
	Created time.Time
}

// User is an Okta user (admins create SSWS tokens).
type User struct {
	ID        string
	Login     string
	FirstName string
	LastName  string
	Status    string // ACTIVE, DEPROVISIONED …
	Roles     []Role
	// Email defaults to Login.
	Email   string
	Created time.Time
}

// APIToken is an SSWS API token.
type APIToken struct {
	// ID is 00T…; Value is the secret sent as "SSWS <Value>".
	ID    string
	Name  string
	Value string
	// UserID is the admin who created it (the token acts with their roles).
	UserID string
	// Network is "ANYWHERE" or "ZONE"; Zones lists included zone ids.
	Network string
	Zones   []string
	// AllowedFromHere is false when this host is outside the token's zones.
	// It only matters when Network is "ZONE".
	AllowedFromHere bool
	Created         time.Time
	LastUsed        time.Time
	Revoked         bool
	// RateLimitPercent is the token's principal rate limit (nil = implicit 50 %).
	RateLimitPercent *int
	// ClientName is the tool that created the token ("Okta API" from the console).
	ClientName string
}

// issuedToken is what an access token minted by the emulator carries.
type issuedToken struct {
	ClientID  string
	Scopes    []string
	DPoPJKT   string
	ExpiresAt time.Time
}

// prlEntity is the metadata of a principal-rate-limit entity (docs/okta-behavior.md §5).
type prlEntity struct {
	ID      string
	Created time.Time
	Updated time.Time
}

// grantMeta keeps a scope grant's id and creation time stable across reads.
type grantMeta struct {
	ID      string
	Created time.Time
}
