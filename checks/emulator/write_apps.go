package emulator

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"time"

	jose "github.com/go-jose/go-jose/v4"
)

// appBody is the part of an OIDC app body the emulator reads
// (docs/okta-automation.md §2.1).
type appBody struct {
	Name        string `json:"name"`
	Label       string `json:"label"`
	SignOnMode  string `json:"signOnMode"`
	Credentials struct {
		OAuthClient struct {
			ClientID     string  `json:"client_id"`
			ClientSecret *string `json:"client_secret"`
			AuthMethod   string  `json:"token_endpoint_auth_method"`
		} `json:"oauthClient"`
	} `json:"credentials"`
	Settings struct {
		OAuthClient *struct {
			ApplicationType string   `json:"application_type"`
			GrantTypes      []string `json:"grant_types"`
			DPoP            *bool    `json:"dpop_bound_access_tokens"`
			JWKS            *struct {
				Keys []json.RawMessage `json:"keys"`
			} `json:"jwks"`
		} `json:"oauthClient"`
	} `json:"settings"`
	Profile map[string]any `json:"profile"`
}

// Validation causes of app bodies. The wording of those marked is ours
// [unconfirmed]; the others are verbatim (docs/okta-automation.md §2.3).
const (
	causeSignOnMode   = "Invalid signOnMode"
	causeLabel        = "label: The field cannot be left blank"         // [unconfirmed]
	causeGrantTypes   = "grant_types: The field cannot be left blank"   // [unconfirmed]
	causeAppType      = "application_type: Invalid value for the field" // [unconfirmed]
	causeAuthMethod   = "token_endpoint_auth_method: Invalid value"     // [unconfirmed]
	causeSecretWithPK = "'client_secret' can't be used when 'token_endpoint_auth_method' is 'private_key_jwt'."
	causeDeactivate   = "The application must be deactivated before deletion."
)

// parseAppBody reads and validates an app body for create or replace.
func parseAppBody(c *call) (*appBody, *APIError) {
	raw, err := readBody(c.r)
	var b appBody
	if err != nil || json.Unmarshal(raw, &b) != nil {
		return nil, newAPIError(codeMalformed, "")
	}
	if b.Name != "oidc_client" || b.SignOnMode != "OPENID_CONNECT" {
		return nil, validationError("mediated", causeSignOnMode)
	}
	oc := b.Settings.OAuthClient
	switch {
	case strings.TrimSpace(b.Label) == "":
		return nil, validationError("App Instance", causeLabel)
	case oc == nil || len(oc.GrantTypes) == 0:
		return nil, validationError("App Instance", causeGrantTypes)
	case !slices.Contains([]string{"browser", "native", "service", "web"}, oc.ApplicationType):
		return nil, validationError("App Instance", causeAppType)
	}
	m := b.Credentials.OAuthClient.AuthMethod
	if m == "" {
		m = "client_secret_basic" // the spec's default (docs/okta-automation.md §2.1)
		b.Credentials.OAuthClient.AuthMethod = m
	}
	if !slices.Contains([]string{"client_secret_basic", "client_secret_jwt", "client_secret_post", "none", "private_key_jwt"}, m) {
		return nil, validationError("App Instance", causeAuthMethod)
	}
	if m == "private_key_jwt" && b.Credentials.OAuthClient.ClientSecret != nil {
		return nil, validationError("client_secret", causeSecretWithPK)
	}
	return &b, nil
}

// POST /api/v1/apps[?activate=] → 200 with the app (docs/okta-automation.md
// §2). DPoP is off unless the body says otherwise (fact 3); client_id is
// the app id unless given; keys in settings.oauthClient.jwks follow the
// JWKS rules. Duplicate labels are allowed [unconfirmed, §13.5].
func handleCreateApp(c *call) {
	b, apiErr := parseAppBody(c)
	if apiErr != nil {
		writeAPIError(c.w, apiErr)
		return
	}
	o := c.o
	o.mu.Lock()
	now := o.nowLocked()
	oc := b.Settings.OAuthClient
	a := &App{
		ID: newID("0oa"), Label: b.Label, ApplicationType: oc.ApplicationType,
		TokenEndpointAuthMethod: b.Credentials.OAuthClient.AuthMethod,
		GrantTypes:              slices.Clone(oc.GrantTypes), Created: now, Profile: b.Profile,
	}
	a.ClientID = b.Credentials.OAuthClient.ClientID
	if a.ClientID == "" {
		a.ClientID = a.ID
	}
	if oc.DPoP != nil {
		a.DPoPRequired = *oc.DPoP
	}
	if c.r.URL.Query().Get("activate") == "false" {
		a.Status = "INACTIVE"
	}
	if oc.JWKS != nil {
		for _, raw := range oc.JWKS.Keys {
			if e := addRawKeyLocked(a, raw, now); e != nil {
				o.mu.Unlock()
				writeAPIError(c.w, e)
				return
			}
		}
	}
	if o.Apps[a.ClientID] != nil {
		o.mu.Unlock()
		writeAPIError(c.w, validationError("App Instance", "client_id: The client_id is already in use.")) // [unconfirmed]
		return
	}
	o.Apps[a.ClientID] = a
	o.logEventLocked("application.lifecycle.create", a.ID, c.p)
	if a.Status == "" {
		// [unconfirmed] docs/okta-automation.md §11: whether ?activate=true logs an activate event.
		o.logEventLocked("application.lifecycle.activate", a.ID, c.p)
	}
	body := appJSON(o.canonicalLocked(c.r), a)
	o.mu.Unlock()
	writeJSON(c.w, http.StatusOK, body)
}

// addRawKeyLocked adds one key of an inline JWKS.
func addRawKeyLocked(a *App, raw json.RawMessage, now time.Time) *APIError {
	var jwk jose.JSONWebKey
	var extra jwkBody
	if err := jwk.UnmarshalJSON(raw); err != nil || !jwk.Valid() || !jwk.IsPublic() {
		return validationError(jwkObject, "The 'jwks' contains an invalid public key.") // [unconfirmed]
	}
	_ = json.Unmarshal(raw, &extra)
	k, e := addKeyLocked(a, jwk.Key, jwk.KeyID, extra.Status, now)
	if e != nil {
		return e
	}
	if jwk.Use != "" {
		k.Use = jwk.Use
	}
	return nil
}

// PUT /api/v1/apps/{id} → 200 (docs/okta-automation.md §2.4): the label,
// grant types, application type, auth method, DPoP flag and profile are
// replaced; an omitted dpop_bound_access_tokens means false
// [unconfirmed]; keys are kept (they change through the JWKS API).
func handleReplaceApp(c *call) {
	b, apiErr := parseAppBody(c)
	if apiErr != nil {
		writeAPIError(c.w, apiErr)
		return
	}
	c.withAppCall(func(a *App, base string) (int, any, *APIError) {
		oc := b.Settings.OAuthClient
		a.Label, a.ApplicationType, a.GrantTypes = b.Label, oc.ApplicationType, slices.Clone(oc.GrantTypes)
		a.TokenEndpointAuthMethod = b.Credentials.OAuthClient.AuthMethod
		a.DPoPRequired = oc.DPoP != nil && *oc.DPoP
		a.Profile = b.Profile
		c.o.logEventLocked("application.lifecycle.update", a.ID, c.p)
		return http.StatusOK, appJSON(base, a), nil
	})
}

// POST /api/v1/apps/{id}/lifecycle/{activate|deactivate} → 200 {}.
func handleAppLifecycle(status string) func(c *call) {
	return func(c *call) {
		c.withAppCall(func(a *App, _ string) (int, any, *APIError) {
			a.Status = status
			ev := "application.lifecycle.activate"
			if status == "INACTIVE" {
				ev = "application.lifecycle.deactivate"
			}
			c.o.logEventLocked(ev, a.ID, c.p)
			return http.StatusOK, map[string]any{}, nil
		})
	}
}

// DELETE /api/v1/apps/{id} → 204; an ACTIVE app → 403 E0000056. Its
// grants, roles and principal-rate-limit entity go with it [unconfirmed,
// docs/okta-automation.md §13.11].
func handleDeleteApp(c *call) {
	c.withAppCall(func(a *App, _ string) (int, any, *APIError) {
		if appStatus(a) == "ACTIVE" {
			return 0, nil, newAPIError(codeDeleteActive, "", causeDeactivate)
		}
		delete(c.o.Apps, a.ClientID)
		delete(c.o.prls, a.ClientID)
		for _, s := range a.GrantedScopes {
			delete(c.o.grantIDs, a.ClientID+"|"+s)
		}
		c.o.logEventLocked("application.lifecycle.delete", a.ID, c.p)
		return http.StatusNoContent, nil, nil
	})
}

// appMatchesQuery applies GET /api/v1/apps's q (startsWith on name or
// label; case-insensitive [unconfirmed]) and includeNonDeleted (default
// false hides INACTIVE apps [unconfirmed, §13.12]).
func appMatchesQuery(a *App, q string, includeNonDeleted bool) bool {
	if appStatus(a) != "ACTIVE" && !includeNonDeleted {
		return false
	}
	q = strings.ToLower(q)
	return q == "" || strings.HasPrefix(strings.ToLower(a.Label), q) || strings.HasPrefix("oidc_client", q)
}
