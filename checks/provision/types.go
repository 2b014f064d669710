package provision

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/keys"
	"github.com/fctr-id/tako-setup/checks/secret"
)

// DefaultLabel is the label of the app tako-setup creates or finds.
const DefaultLabel = "Tako"

// DefaultRateLimitPercent is the app's share of each rate-limit bucket
// that automatic setup sets: Okta's default for new apps
// (docs/okta-automation.md §8), made explicit.
const DefaultRateLimitPercent = 50

// ErrRefused marks a refusal before anything changed: the token is not a
// Super Administrator's, is invalid or revoked, cannot be used from here,
// or the app to use is ambiguous. Nothing was written in Okta or on disk,
// and the token was not revoked.
var ErrRefused = errors.New("refused before any change")

// RefusedError is an ErrRefused with the reason and what to do.
type RefusedError struct {
	Reason string
	Fix    string
}

func (e *RefusedError) Error() string {
	if e.Fix == "" {
		return e.Reason
	}
	return e.Reason + " " + e.Fix
}

// Unwrap makes errors.Is(err, ErrRefused) true.
func (e *RefusedError) Unwrap() error { return ErrRefused }

// EnvValues are what the .env gets after an automatic setup or rotation.
type EnvValues struct {
	OrgURL   string
	ClientID string
	Key      *keys.Key
	// Scopes are the wanted scopes Okta granted (OKTA_OAUTH2_SCOPES).
	Scopes []string
	// ConcurrentLimit is the engine's recommendation (0 = none).
	ConcurrentLimit int
}

// Env is the front end's side of the .env: WriteEnv writes the values (a
// backup, atomically, only Okta keys changed) and returns an error when
// it did not.
type Env interface {
	WriteEnv(ctx context.Context, v EnvValues) error
}

// EnvFunc adapts a function to Env.
type EnvFunc func(ctx context.Context, v EnvValues) error

// WriteEnv calls f.
func (f EnvFunc) WriteEnv(ctx context.Context, v EnvValues) error { return f(ctx, v) }

// AppRef names an app found by label.
type AppRef struct {
	ID, Label, Status string
	// ManagedBy is profile.managedBy ("tako-setup" for apps it created).
	ManagedBy string
}

// Config is one automatic setup.
type Config struct {
	OrgURL     string
	AdminToken secret.Secret
	// AppLabel defaults to DefaultLabel.
	AppLabel string
	// Scopes wanted; nil = checks.DefaultScopes.
	Scopes []string
	// RateLimitPercent is the app's share (default DefaultRateLimitPercent).
	RateLimitPercent int
	// NoCustomRole skips the custom role that lets Tako read admin role
	// assignments (okta.iam.read, docs/okta-automation.md §7).
	NoCustomRole bool
	// Key is the key to register; nil generates one (RSA 2048).
	Key *keys.Key

	// HTTP, Timeout and Now are the engine's options (checks.Options).
	HTTP    *http.Client
	Timeout time.Duration
	Now     func() time.Time
	// Sleep waits (rate-limit pacing); default a timer that ends with ctx.
	Sleep func(ctx context.Context, d time.Duration) error
	// Parallel bounds the grants in flight (default 8).
	Parallel int

	Env   Env
	Store Store
	// OnEvent receives every event (one checklist line per API call); it
	// is called from one goroutine at a time.
	OnEvent func(Event)
	// ChooseApp picks among several apps with the label (interactive
	// front ends ask); nil refuses, naming their ids.
	ChooseApp func(ctx context.Context, apps []AppRef) (AppRef, error)
}

// Result is what an automatic setup did.
type Result struct {
	OrgURL   string `json:"org_url"`
	AppID    string `json:"app_id"`
	ClientID string `json:"client_id"`
	// KeyID is Okta's id of the key (pks…); KID its kid.
	KeyID string `json:"key_id"`
	KID   string `json:"kid"`
	// CreatedApp: this run created the app (else it was found).
	CreatedApp bool `json:"created_app"`
	// ScopesGranted are the grants this run made; ScopesRefused the
	// scopes Okta would not grant (warnings); Scopes all wanted scopes
	// the app holds now.
	ScopesGranted []string `json:"scopes_granted"`
	ScopesRefused []string `json:"scopes_refused,omitempty"`
	Scopes        []string `json:"-"`
	// Roles are the role types this run assigned.
	Roles []string `json:"roles"`
	// SuperAdminRemoved: the app had SUPER_ADMIN (the org setting "Public
	// client app admins") and it was removed and proven gone.
	SuperAdminRemoved bool `json:"super_admin_removed"`
	RateLimitPercent  int  `json:"rate_limit_percent"`
	// Report is the final live check as Tako signs.
	Report *checks.Report `json:"-"`
	// EnvWritten: Env.WriteEnv succeeded.
	EnvWritten bool `json:"-"`
	// TokenRevoked: the admin token was revoked and proven dead.
	TokenRevoked bool `json:"-"`
	// RevokeTried: the run tried to revoke the token (it does once it
	// may have changed something; not after a refusal or when the org was
	// never reached).
	RevokeTried bool `json:"-"`
	// AuditEvents are the System Log event types an auditor will see.
	AuditEvents []string `json:"-"`
	// RolledBack lists what a failure undid; Remains what is left in Okta
	// after a failure or an interruption.
	RolledBack []string `json:"-"`
	Remains    []string `json:"-"`
	Warnings   []string `json:"-"`
	// WriteCalls counts the write calls Okta answered (429s not counted);
	// Repeated names any write sent more than once.
	WriteCalls int      `json:"-"`
	Repeated   []string `json:"-"`
}

// TokenLine says, in one true sentence, what became of the admin token.
func (r *Result) TokenLine() string { return tokenLine(r.TokenRevoked, r.RevokeTried) }

func tokenLine(revoked, tried bool) string {
	switch {
	case revoked:
		return "The admin token is revoked and proven dead (401 E0000011)."
	case tried:
		return "The admin token could NOT be revoked: delete it now in Security › API › Tokens."
	}
	return "The admin token was not revoked and made no change: if you created it only for tako-setup, delete it in Security › API › Tokens (or keep it for a re-run); if Tako or anything else uses it, keep it."
}

// Created is the "created" object of --json: what this run made in Okta.
type Created struct {
	AppID         string   `json:"app_id"`
	ClientID      string   `json:"client_id"`
	KeyID         string   `json:"key_id"`
	KID           string   `json:"kid"`
	AppCreated    bool     `json:"app_created"`
	ScopesGranted []string `json:"scopes_granted"`
	ScopesRefused []string `json:"scopes_refused"`
	Roles         []string `json:"roles"`
	// RateLimitPercent is the app's share now set.
	RateLimitPercent int `json:"rate_limit_percent"`
	// AuditEvents are the System Log event types to expect.
	AuditEvents []string `json:"audit_events"`
}

// Created returns the "created" object.
func (r *Result) Created() Created {
	nonNil := func(s []string) []string {
		if s == nil {
			return []string{}
		}
		return s
	}
	return Created{AppID: r.AppID, ClientID: r.ClientID, KeyID: r.KeyID, KID: r.KID, AppCreated: r.CreatedApp,
		ScopesGranted: nonNil(r.ScopesGranted), ScopesRefused: nonNil(r.ScopesRefused), Roles: nonNil(r.Roles),
		RateLimitPercent: r.RateLimitPercent, AuditEvents: nonNil(r.AuditEvents)}
}
