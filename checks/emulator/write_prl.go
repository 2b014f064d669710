package emulator

import (
	"encoding/json"
	"net/http"
	"regexp"
)

// prlFilterByID is the filter TF and tako-setup use to find one
// principal's entity (docs/okta-automation.md §8).
var prlFilterByID = regexp.MustCompile(`^\s*principalType\s+eq\s+"(OAUTH_CLIENT|SSWS_TOKEN)"\s+and\s+principalId\s+eq\s+"([^"]+)"\s*$`)

// prlBody is the body of POST and PUT /api/v1/principal-rate-limits.
type prlBody struct {
	PrincipalID   string `json:"principalId"`
	PrincipalType string `json:"principalType"`
	Percentage    *int   `json:"defaultPercentage"`
	Concurrency   *int   `json:"defaultConcurrencyPercentage"`
}

// Causes of refused rate-limit bodies — our wording [unconfirmed, §8].
const (
	causePRLPercent   = "defaultPercentage: The value must be between 0 and 100."
	causePRLPrincipal = "principalId: No principal with this id and type exists."
	causePRLExists    = "principalId: A principal rate limit entity already exists for this principal."
	causePRLMismatch  = "principalId: The principal of an entity cannot be changed."
)

func parsePRL(c *call) (*prlBody, *APIError) {
	raw, err := readBody(c.r)
	var b prlBody
	if err != nil || json.Unmarshal(raw, &b) != nil {
		return nil, newAPIError(codeMalformed, "")
	}
	if b.Percentage == nil || *b.Percentage < 0 || *b.Percentage > 100 {
		return nil, validationError("PrincipalRateLimitEntity", causePRLPercent)
	}
	return &b, nil
}

// setPrincipalPctLocked sets a principal's percentage; false when the
// principal does not exist.
func (o *Org) setPrincipalPctLocked(b *prlBody, p *principal) bool {
	now := o.nowLocked()
	switch b.PrincipalType {
	case "OAUTH_CLIENT":
		a := o.Apps[b.PrincipalID]
		if a == nil {
			return false
		}
		a.RateLimitPercent = o.setPRLLocked(a.ClientID, *b.Percentage, now)
		o.logEventLocked("application.configuration.update_rate_limits", a.ID, p)
	case "SSWS_TOKEN":
		t := o.tokenByIDLocked(b.PrincipalID)
		if t == nil || t.Revoked {
			return false
		}
		t.RateLimitPercent = o.setPRLLocked(t.ID, *b.Percentage, now)
		o.logEventLocked("system.api_token.update", t.ID, p)
	default:
		return false
	}
	return true
}

// POST /api/v1/principal-rate-limits → 201 with the entity; one entity
// per principal ("already exists" → 400 E0000001 [unconfirmed]).
func handleCreatePRL(c *call) {
	b, e := parsePRL(c)
	if e != nil {
		writeAPIError(c.w, e)
		return
	}
	o := c.o
	o.mu.Lock()
	if o.prlEntityForLocked(b.PrincipalID) != nil {
		o.mu.Unlock()
		writeAPIError(c.w, validationError("PrincipalRateLimitEntity", causePRLExists))
		return
	}
	o.setPRLAndAnswerLocked(c, b, http.StatusCreated)
}

// PUT /api/v1/principal-rate-limits/{id} → 200 with the entity.
func handleReplacePRL(c *call) {
	b, e := parsePRL(c)
	if e != nil {
		writeAPIError(c.w, e)
		return
	}
	o := c.o
	o.mu.Lock()
	var owner string
	for pid, ent := range o.prls {
		if ent.ID == c.params["id"] {
			owner = pid
		}
	}
	switch {
	case owner == "":
		o.mu.Unlock()
		writeAPIError(c.w, notFound(c.params["id"]+" (PrincipalRateLimitEntity)"))
		return
	case owner != b.PrincipalID:
		o.mu.Unlock()
		writeAPIError(c.w, validationError("PrincipalRateLimitEntity", causePRLMismatch))
		return
	}
	o.setPRLAndAnswerLocked(c, b, http.StatusOK)
}

// setPRLAndAnswerLocked sets the principal's share and answers with the
// entity (status: 201 for a create, 200 for a replace), or 400 when the
// principal cannot have one. It is called with o.mu held and releases it.
func (o *Org) setPRLAndAnswerLocked(c *call, b *prlBody, status int) {
	if !o.setPrincipalPctLocked(b, c.p) {
		o.mu.Unlock()
		writeAPIError(c.w, validationError("PrincipalRateLimitEntity", causePRLPrincipal))
		return
	}
	body := o.prlJSON(b.PrincipalID, b.PrincipalType, *b.Percentage, o.prls[b.PrincipalID])
	o.mu.Unlock()
	writeJSON(c.w, status, body)
}

// prlEntityForLocked is the listed entity of a principal, or nil.
func (o *Org) prlEntityForLocked(principalID string) *prlEntity {
	if a := o.Apps[principalID]; a != nil && a.RateLimitPercent != nil {
		return o.prls[principalID]
	}
	if t := o.tokenByIDLocked(principalID); t != nil && t.RateLimitPercent != nil && !t.Revoked {
		return o.prls[principalID]
	}
	return nil
}
