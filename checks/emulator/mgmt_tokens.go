package emulator

import (
	"net/http"
)

// activeTokenLocked reports whether a token is listed: not revoked, not
// lapsed, and its creator still active (docs/okta-behavior.md §4: "metadata of the active API
// tokens").
func (o *Org) activeTokenLocked(t *APIToken) bool {
	if t.Revoked || o.nowLocked().After(tokenExpiresAt(t)) {
		return false
	}
	u := o.Users[t.UserID]
	return u == nil || u.Status != "DEPROVISIONED"
}

// GET /api/v1/api-tokens (docs/okta-behavior.md §4). Every caller that passes the role check
// sees every active token; whether Okta narrows the list for non-super
// admins is [unconfirmed].
func handleAPITokens(c *call) {
	c.o.mu.Lock()
	base := c.o.canonicalLocked(c.r)
	var out []any
	for _, t := range c.o.Tokens {
		if c.o.activeTokenLocked(t) {
			out = append(out, apiTokenJSON(base, t))
		}
	}
	c.o.mu.Unlock()
	writeJSON(c.w, http.StatusOK, limitList(out, limitParam(c.r)))
}

// GET /api/v1/api-tokens/{id}. There is no GET …/current (docs/okta-behavior.md §4): "current"
// is just an id that does not exist.
func handleAPIToken(c *call) {
	c.o.mu.Lock()
	base := c.o.canonicalLocked(c.r)
	var body map[string]any
	if t := c.o.tokenByIDLocked(c.params["id"]); t != nil && c.o.activeTokenLocked(t) {
		body = apiTokenJSON(base, t)
	}
	c.o.mu.Unlock()
	if body == nil {
		writeAPIError(c.w, notFound(c.params["id"]+" (ApiToken)"))
		return
	}
	writeJSON(c.w, http.StatusOK, body)
}

// DELETE /api/v1/api-tokens/current revokes the token in the
// Authorization header (SSWS only) → 204.
func handleRevokeCurrentToken(c *call) {
	c.o.mu.Lock()
	if t := c.o.tokenByIDLocked(c.p.tokenID); t != nil {
		t.Revoked = true
	}
	c.o.mu.Unlock()
	c.w.WriteHeader(http.StatusNoContent)
}

// DELETE /api/v1/api-tokens/{id} → 204.
func handleRevokeToken(c *call) {
	c.o.mu.Lock()
	t := c.o.tokenByIDLocked(c.params["id"])
	ok := t != nil && c.o.activeTokenLocked(t)
	if ok {
		t.Revoked = true
	}
	c.o.mu.Unlock()
	if !ok {
		writeAPIError(c.w, notFound(c.params["id"]+" (ApiToken)"))
		return
	}
	c.w.WriteHeader(http.StatusNoContent)
}
