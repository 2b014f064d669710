package emulator

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
)

// principal is who a management request acts as: an SSWS token (with its
// creator's roles) or an OAuth service app (with the token's scopes and
// the app's roles). Fields are copies taken under the lock.
type principal struct {
	ssws     bool
	tokenID  string // SSWS token id
	userID   string // SSWS token creator
	clientID string // OAuth client
	scopes   []string
	roles    []Role
	dpop     bool // the access token is DPoP-bound
}

// authFailure is a refused authentication: either a management error, or
// a header-only OAuth resource error (WWW-Authenticate, empty body, docs/okta-behavior.md §2).
type authFailure struct {
	mgmt      *APIError
	status    int
	challenge string // WWW-Authenticate value
}

func (f *authFailure) write(w http.ResponseWriter) {
	if f.challenge != "" {
		w.Header().Set("WWW-Authenticate", f.challenge)
	}
	if f.mgmt != nil {
		writeAPIError(w, f.mgmt)
		return
	}
	w.WriteHeader(f.status)
}

// challenge builds an OAuth resource-server WWW-Authenticate value in
// Okta's format (docs/okta-behavior.md §1.6, docs/okta-behavior.md §2). scheme is "Bearer" or "DPoP"; scope may be "".
func challenge(r *http.Request, base, scheme, scope, errCode, desc string) string {
	var b strings.Builder
	b.WriteString(scheme)
	b.WriteString(" ")
	if scheme == "DPoP" {
		b.WriteString(dpopAlgsAdvert + ", ")
	}
	fmt.Fprintf(&b, `authorization_uri="%s/oauth2/v1/authorize", realm="%s"`, base, base)
	if scope != "" {
		fmt.Fprintf(&b, `, scope="%s"`, scope)
	}
	fmt.Fprintf(&b, `, error="%s", error_description="%s", resource="%s"`, errCode, desc, r.URL.Path)
	return b.String()
}

// authenticateLocked resolves the Authorization header (docs/okta-behavior.md §2, docs/okta-behavior.md §4). Callers
// hold o.mu.
func (o *Org) authenticateLocked(r *http.Request) (*principal, *authFailure) {
	scheme, cred, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	cred = strings.TrimSpace(cred)
	switch {
	case strings.EqualFold(scheme, "SSWS") && cred != "":
		return o.authenticateSSWSLocked(cred)
	case (strings.EqualFold(scheme, "Bearer") || strings.EqualFold(scheme, "DPoP")) && cred != "":
		return o.authenticateOAuthLocked(r, strings.EqualFold(scheme, "DPoP"), cred)
	default:
		// [unconfirmed] docs/okta-behavior.md §2: Okta's answer to a request with no (or an
		// unknown) Authorization scheme; E0000005 is what session-only
		// endpoints return without credentials.
		return nil, &authFailure{mgmt: newAPIError(codeInvalidSession, "")}
	}
}

// authenticateSSWSLocked checks an API token: unknown, revoked, lapsed
// (30 days after creation or last use) or created by a deactivated user →
// 401 E0000011. A token whose network condition excludes this host answers
// Org.NetworkDenial: 403 E0000006 by default, or 401 E0000011 — Okta's
// real answer is [unconfirmed] (docs/okta-behavior.md §4). A token that works has LastUsed set.
func (o *Org) authenticateSSWSLocked(value string) (*principal, *authFailure) {
	now := o.nowLocked()
	invalid := &authFailure{mgmt: newAPIError(codeInvalidToken, "")}
	var tok *APIToken
	for _, t := range o.Tokens {
		if t.Value == value {
			tok = t
			break
		}
	}
	if tok == nil || tok.Revoked || now.After(tokenExpiresAt(tok)) {
		return nil, invalid
	}
	user := o.Users[tok.UserID]
	if user == nil || user.Status == "DEPROVISIONED" {
		return nil, invalid
	}
	if tok.Network == "ZONE" && !tok.AllowedFromHere {
		if o.NetworkDenial == codeInvalidToken {
			return nil, invalid
		}
		return nil, &authFailure{mgmt: newAPIError(codeForbidden, "")}
	}
	tok.LastUsed = now
	return &principal{ssws: true, tokenID: tok.ID, userID: user.ID, roles: cloneRoles(user.Roles)}, nil
}

// authenticateOAuthLocked checks an access token minted by this org, with
// the DPoP rules for the resource side (Appendix A): a DPoP-bound token
// must come with the DPoP scheme and a proof for this request; a Bearer
// token may not use the DPoP scheme.
func (o *Org) authenticateOAuthLocked(r *http.Request, dpopScheme bool, token string) (*principal, *authFailure) {
	now := o.nowLocked()
	base := o.canonicalLocked(r)
	scheme := "Bearer"
	if dpopScheme {
		scheme = "DPoP"
	}
	fail := func(status int, code, desc string) *authFailure {
		f := &authFailure{status: status, challenge: challenge(r, base, scheme, "", code, desc)}
		if status == http.StatusUnauthorized {
			// [unconfirmed] body: we pair the header with E0000011 so a
			// client that reads either learns the token is bad.
			f.mgmt = newAPIError(codeInvalidToken, "")
		}
		return f
	}
	it := o.issued[token]
	if it == nil || o.Apps[it.ClientID] == nil {
		// [unconfirmed] description: the catalogue names expired and
		// wrong-audience tokens, not unknown ones.
		return nil, fail(http.StatusUnauthorized, "invalid_token", "The access token is invalid.")
	}
	if now.After(it.ExpiresAt) {
		return nil, fail(http.StatusUnauthorized, "invalid_token", "The token has expired.")
	}
	switch {
	case it.DPoPJKT != "" && !dpopScheme:
		if len(r.Header.Values("DPoP")) > 0 {
			return nil, fail(http.StatusBadRequest, "invalid_request", "The resource request must use the DPoP authentication scheme when using a DPoP bound token.")
		}
		return nil, fail(http.StatusBadRequest, "invalid_request", "The resource request requires a DPoP proof.")
	case it.DPoPJKT == "" && dpopScheme:
		return nil, fail(http.StatusUnauthorized, "invalid_token", "The presented access_token is not DPoP bound.")
	case dpopScheme:
		proof, oe := o.verifyProofLocked(r, baseURL(r)+r.URL.Path, accessTokenHash(token), now)
		if oe != nil {
			return nil, fail(http.StatusBadRequest, oe.Code, oe.Description)
		}
		if proof.jkt != it.DPoPJKT {
			return nil, fail(http.StatusBadRequest, "invalid_dpop_proof", dpopNotBound)
		}
	}
	app := o.Apps[it.ClientID]
	return &principal{clientID: app.ClientID, scopes: slices.Clone(it.Scopes), roles: cloneRoles(app.Roles), dpop: it.DPoPJKT != ""}, nil
}

// insufficientScope is the header-only 403 of a token that lacks the
// scope a route needs (docs/okta-behavior.md §2; issue okta-sdk-golang#145 verbatim).
func insufficientScope(r *http.Request, base string, p *principal, scope string) *authFailure {
	scheme := "Bearer"
	if p.dpop {
		scheme = "DPoP"
	}
	return &authFailure{status: http.StatusForbidden, challenge: challenge(r, base, scheme, scope,
		"insufficient_scope", "The access token provided does not contain the required scopes.")}
}
