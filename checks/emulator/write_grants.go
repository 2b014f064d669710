package emulator

import (
	"encoding/json"
	"net/http"
	"regexp"
	"slices"
	"strings"
)

// scopeName is the shape of an Okta API scope name; anything else is
// refused as unknown [unconfirmed which names Okta knows, §13.3].
var scopeName = regexp.MustCompile(`^(okta|ssf)\.[A-Za-z0-9.]+$`)

// Grant refusal causes — our wording [unconfirmed, docs/okta-automation.md
// §5, §13.2, §13.4]: Okta documents no answer to these.
const (
	causeScopeUnknown = "The scope '%s' is not a valid Okta API scope for this org."
	causeScopeGranted = "The scope '%s' has already been granted to the app."
	causeIssuer       = "issuer: The issuer must be the org authorization server's issuer, the org URL."
	causeScopeBlank   = "scopeId: The field cannot be left blank"
)

// POST /api/v1/apps/{id}/grants {"scopeId","issuer"} → 201 with the grant
// (docs/okta-automation.md §5). Super Admin only. With "Public client app
// admins" on, the app's first grant also assigns it SUPER_ADMIN — whatever
// roles it already holds, the worst case of §13.9 [unconfirmed].
func handleGrant(c *call) {
	if !c.superAdminOnly() {
		return
	}
	raw, err := readBody(c.r)
	var body struct {
		ScopeID string `json:"scopeId"`
		Issuer  string `json:"issuer"`
	}
	if err != nil || json.Unmarshal(raw, &body) != nil {
		writeMgmtError(c.w, codeMalformed, "")
		return
	}
	c.withAppCall(func(a *App, base string) (int, any, *APIError) {
		o := c.o
		switch s := body.ScopeID; {
		case s == "" || body.Issuer == "":
			return 0, nil, validationError("OAuth2ScopeConsentGrant", causeScopeBlank)
		case strings.TrimSuffix(body.Issuer, "/") != base:
			return 0, nil, validationError("OAuth2ScopeConsentGrant", causeIssuer)
		case !scopeName.MatchString(s) || o.writes.refused[s]:
			return 0, nil, validationError("OAuth2ScopeConsentGrant", strings.ReplaceAll(causeScopeUnknown, "%s", s))
		case slices.Contains(a.GrantedScopes, s):
			return 0, nil, validationError("OAuth2ScopeConsentGrant", strings.ReplaceAll(causeScopeGranted, "%s", s))
		}
		first := len(a.GrantedScopes) == 0
		a.GrantedScopes = append(a.GrantedScopes, body.ScopeID)
		g := o.grantJSONLocked(base, a, body.ScopeID)
		o.logEventLocked("app.oauth2.admin.consent.grant", g["id"].(string), c.p)
		if first && o.PublicClientAppAdmins && !hasRoleType(a.Roles, "SUPER_ADMIN") {
			a.Roles = append(a.Roles, standardRole("SUPER_ADMIN", o.nowLocked()))
			o.logEventLocked("app.oauth2.client.privilege.grant", a.ClientID, nil)
		}
		return http.StatusCreated, g, nil
	})
}

// grantByIDLocked finds the scope of grant id on the app.
func (o *Org) grantByIDLocked(a *App, id string) (string, bool) {
	for _, s := range a.GrantedScopes {
		if o.grantMetaLocked(a.ClientID, s).ID == id {
			return s, true
		}
	}
	return "", false
}

// GET /api/v1/apps/{id}/grants/{grantId} → 200.
func handleGetGrant(c *call) {
	c.withAppCall(func(a *App, base string) (int, any, *APIError) {
		s, ok := c.o.grantByIDLocked(a, c.params["grantId"])
		if !ok {
			return 0, nil, notFound(c.params["grantId"] + " (OAuth2ScopeConsentGrant)")
		}
		return http.StatusOK, c.o.grantJSONLocked(base, a, s), nil
	})
}

// DELETE /api/v1/apps/{id}/grants/{grantId} → 204. Super Admin only.
func handleRevokeGrant(c *call) {
	if !c.superAdminOnly() {
		return
	}
	c.withAppCall(func(a *App, _ string) (int, any, *APIError) {
		s, ok := c.o.grantByIDLocked(a, c.params["grantId"])
		if !ok {
			return 0, nil, notFound(c.params["grantId"] + " (OAuth2ScopeConsentGrant)")
		}
		a.GrantedScopes = slices.DeleteFunc(a.GrantedScopes, func(x string) bool { return x == s })
		delete(c.o.grantIDs, a.ClientID+"|"+s)
		c.o.logEventLocked("app.oauth2.admin.consent.revoke", c.params["grantId"], c.p)
		return http.StatusNoContent, nil, nil
	})
}

// GET /api/v1/org/settings/clientPrivilegesSetting (docs/okta-automation.md §6.1).
func handleClientPrivileges(c *call) {
	c.o.mu.Lock()
	on := c.o.PublicClientAppAdmins
	c.o.mu.Unlock()
	writeJSON(c.w, http.StatusOK, map[string]bool{"clientPrivilegesSetting": on})
}

// PUT /api/v1/org/settings/clientPrivilegesSetting {"clientPrivilegesSetting":bool}.
func handleSetClientPrivileges(c *call) {
	raw, err := readBody(c.r)
	var body struct {
		On *bool `json:"clientPrivilegesSetting"`
	}
	if err != nil || json.Unmarshal(raw, &body) != nil || body.On == nil {
		writeMgmtError(c.w, codeMalformed, "")
		return
	}
	c.o.mu.Lock()
	c.o.PublicClientAppAdmins = *body.On
	c.o.mu.Unlock()
	writeJSON(c.w, http.StatusOK, map[string]bool{"clientPrivilegesSetting": *body.On})
}
