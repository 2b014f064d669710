// Package checks is tako-setup's one check engine. It asks an Okta org the
// questions that decide whether Tako will work with a set of credentials, and
// explains each answer as a Finding in the admin console's words.
//
// The TUI wizard, accessible mode, non-interactive setup and the `check`
// doctor all call Run; none of them carries a copy of a check.
package checks

import (
	"crypto"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/fctr-id/tako-setup/checks/secret"
)

// Status is the outcome of one check.
type Status string

// The four outcomes a check can have.
const (
	Pass Status = "pass"
	Warn Status = "warn"
	Fail Status = "fail"
	Skip Status = "skip"
)

// Method is how Tako authenticates to Okta (the .env's TOKEN_METHOD).
type Method string

// The two methods Tako supports.
const (
	OAuth2   Method = "OAUTH2"
	APIToken Method = "API_TOKEN"
)

// Stable check IDs. They appear in JSON output and are part of the CLI's
// contract, so they never change meaning.
const (
	IDOrg          = "org"
	IDClock        = "clock"
	IDOAuthClient  = "oauth.client"
	IDOAuthKey     = "oauth.key"
	IDOAuthKid     = "oauth.kid"
	IDOAuthDPoP    = "oauth.dpop"
	IDOAuthScopes  = "oauth.scopes"
	IDOAuthRoles   = "oauth.roles"
	IDTokenValid   = "token.valid"
	IDTokenRoles   = "token.roles"
	IDTokenNetwork = "token.network"
	IDAge          = "age"
	IDRateLimit    = "ratelimit"
)

// Finding is the result of one check.
type Finding struct {
	ID     string `json:"id"`
	Status Status `json:"status"`
	Title  string `json:"title"`
	// Detail says what was seen, in plain words.
	Detail string `json:"detail"`
	// Fix says what to click in the admin console or what to run; empty on pass.
	Fix string `json:"fix"`
}

// Input is what the engine checks: the credentials exactly as Tako would use them.
type Input struct {
	// OrgURL as the user typed it; the engine normalises it.
	OrgURL string
	Method Method

	// OAuth 2.0.
	ClientID string
	// PrivateKey is the parsed key from the .env or the wizard. Any type is
	// accepted here so that the engine can explain why an EC or Ed25519 key
	// will not work for Tako (which signs RS256 only).
	PrivateKey crypto.PrivateKey
	// KeyID is the kid the key is registered under on the app, when known
	// (a pasted JWK's kid). Tako sends no kid; the engine uses one only to
	// explain a refusal, and tries this one instead of the key's RFC 7638
	// thumbprint (the kid tako-setup's key generator registers).
	KeyID string
	// KeyFormatIssue, when set by a caller that read the key from text,
	// says why Tako itself would not load that text (for example a PKCS#1
	// "BEGIN RSA PRIVATE KEY" PEM: Tako reads PKCS#8 only). The engine still
	// tests the parsed key with Okta, and fails oauth.key with this reason.
	KeyFormatIssue string
	// Scopes wanted; nil means Tako's default list (DefaultScopes).
	Scopes []string
	// FileIssues are what stops Tako from using the .env the input was read
	// from (checks/takoenv); they fail the org finding.
	FileIssues []FileIssue

	// API token.
	APIToken secret.Secret

	// ConcurrentLimit is the .env's OKTA_CONCURRENT_LIMIT (0 = not set).
	ConcurrentLimit int

	// Retired is the credential a rotation replaces (nil outside
	// `tako-setup rotate`). Only the rotation checks (RunRotation) read it.
	Retired *Retired
}

// Options are the engine's side effects and knobs, injected by the caller.
type Options struct {
	// HTTP is the client used for every request. It must verify TLS; build it
	// with NewHTTPClient. Required.
	HTTP *http.Client
	// Timeout bounds each request (default 15 s).
	Timeout time.Duration
	// Now is the clock (default time.Now).
	Now func() time.Time
	// Only, when non-empty, limits the report to these check IDs. The engine
	// skips probes no selected check needs.
	Only []string
}

// Recommended holds the .env values the engine recommends writing.
type Recommended struct {
	ConcurrentLimit int `json:"OKTA_CONCURRENT_LIMIT,omitempty"`
	// Scopes is the granted subset of the wanted scopes (OAuth 2.0 only).
	Scopes []string `json:"OKTA_OAUTH2_SCOPES,omitempty"`
}

// MarshalJSON writes the recommendations as the .env holds them: string
// values, keyed by the .env names, absent when there is nothing to recommend.
func (r Recommended) MarshalJSON() ([]byte, error) {
	m := map[string]string{}
	if r.ConcurrentLimit > 0 {
		m["OKTA_CONCURRENT_LIMIT"] = strconv.Itoa(r.ConcurrentLimit)
	}
	if len(r.Scopes) > 0 {
		m["OKTA_OAUTH2_SCOPES"] = strings.Join(r.Scopes, " ")
	}
	return json.Marshal(m)
}

// Report is the ordered result of one engine run.
type Report struct {
	// OrgURL is the canonical org URL (from discovery) or, failing that, the
	// normalised input.
	OrgURL      string      `json:"org_url"`
	Method      Method      `json:"method"`
	Findings    []Finding   `json:"checks"`
	Recommended Recommended `json:"recommended"`
	// AppKeys are the app's public keys as Okta lists them, when a rotation
	// check read the list (nil otherwise). A key held here is matched to
	// its entry by its public modulus and exponent (ListedKey.Thumbprint),
	// never by kid: a key made with the console's "Generate new key" has
	// Okta's kid, not its thumbprint.
	AppKeys []ListedKey `json:"app_keys,omitempty"`
}

// ListedKey is one public key of the app's key list.
type ListedKey struct {
	// KID is the kid Okta shows for the key in the console.
	KID string `json:"kid"`
	// Thumbprint is the RFC 7638 SHA-256 thumbprint (base64url) of the
	// listed public key: a hash of its modulus, exponent and type only, so
	// equal thumbprints are the same public key whatever the kid.
	Thumbprint string `json:"thumbprint"`
	// Status is ACTIVE or INACTIVE.
	Status string `json:"status"`
}

// KIDOf returns the kid Okta lists the key with this RFC 7638 thumbprint
// under ("" when the list does not have it).
func (r Report) KIDOf(thumbprint string) string {
	for _, k := range r.AppKeys {
		if thumbprint != "" && k.Thumbprint == thumbprint {
			return k.KID
		}
	}
	return ""
}

// OK reports whether no finding failed (warnings are allowed).
func (r Report) OK() bool {
	for _, f := range r.Findings {
		if f.Status == Fail {
			return false
		}
	}
	return true
}

// Find returns the finding with the given ID, if the report has one.
func (r Report) Find(id string) (Finding, bool) {
	for _, f := range r.Findings {
		if f.ID == id {
			return f, true
		}
	}
	return Finding{}, false
}
