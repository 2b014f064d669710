package emulator

import (
	"net/http"
	"regexp"
	"slices"
)

// prlFilter is the one filter the principal-rate-limits list accepts (docs/okta-behavior.md §5).
var prlFilter = regexp.MustCompile(`^\s*principalType\s+eq\s+"(OAUTH_CLIENT|SSWS_TOKEN)"\s*$`)

// prlJSON is a principal-rate-limit entity (docs/okta-behavior.md §5).
func (o *Org) prlJSON(principalID, principalType string, pct int, e *prlEntity) map[string]any {
	by := o.firstSuperAdminLocked()
	return map[string]any{
		"id": e.ID, "orgId": o.ID, "principalId": principalID, "principalType": principalType,
		"defaultPercentage": pct, "defaultConcurrencyPercentage": pct,
		"createdDate": oktaTime(e.Created), "createdBy": by,
		"lastUpdate": oktaTime(e.Updated), "lastUpdatedBy": by,
	}
}

// prlEntitiesLocked lists the entities of one principal type: only
// principals whose percentage was set have one (absent = implicit 50 %;
// whether Okta creates entities for untouched apps is [unconfirmed], docs/okta-behavior.md §5).
func (o *Org) prlEntitiesLocked(principalType string) []any {
	var out []any
	switch principalType {
	case "OAUTH_CLIENT":
		for _, a := range o.sortedAppsLocked() {
			if e := o.prls[a.ClientID]; e != nil && a.RateLimitPercent != nil {
				out = append(out, o.prlJSON(a.ClientID, principalType, *a.RateLimitPercent, e))
			}
		}
	case "SSWS_TOKEN":
		for _, t := range o.Tokens {
			if e := o.prls[t.ID]; e != nil && t.RateLimitPercent != nil && !t.Revoked {
				out = append(out, o.prlJSON(t.ID, principalType, *t.RateLimitPercent, e))
			}
		}
	}
	return out
}

// GET /api/v1/principal-rate-limits?filter=principalType eq "…". The
// filter is required: without it 400 E0000001; with any other filter 400
// E0000031 [unconfirmed which code Okta uses for each].
func handlePrincipalRateLimits(c *call) {
	q := c.r.URL.Query()
	if !q.Has("filter") {
		writeAPIError(c.w, validationError("filter", "filter: The filter parameter is required."))
		return
	}
	m := prlFilter.FindStringSubmatch(q.Get("filter"))
	if m == nil {
		m = prlFilterByID.FindStringSubmatch(q.Get("filter"))
	}
	if m == nil {
		writeMgmtError(c.w, codeSearch, "")
		return
	}
	c.o.mu.Lock()
	out := c.o.prlEntitiesLocked(m[1])
	c.o.mu.Unlock()
	if len(m) > 2 {
		out = slices.DeleteFunc(out, func(e any) bool { return e.(map[string]any)["principalId"] != m[2] })
	}
	writeJSON(c.w, http.StatusOK, limitList(out, limitParam(c.r)))
}

// GET /api/v1/principal-rate-limits/{id}
func handlePrincipalRateLimit(c *call) {
	c.o.mu.Lock()
	var body map[string]any
	for _, typ := range []string{"OAUTH_CLIENT", "SSWS_TOKEN"} {
		for _, e := range c.o.prlEntitiesLocked(typ) {
			if m := e.(map[string]any); m["id"] == c.params["id"] {
				body = m
			}
		}
	}
	c.o.mu.Unlock()
	if body == nil {
		writeAPIError(c.w, notFound(c.params["id"]+" (PrincipalRateLimitEntity)"))
		return
	}
	writeJSON(c.w, http.StatusOK, body)
}
