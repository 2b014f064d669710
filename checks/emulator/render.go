package emulator

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	jose "github.com/go-jose/go-jose/v4"
)

// oktaTime formats t as Okta does: "2023-04-06T21:32:33.000Z".
func oktaTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02T15:04:05.000Z")
}

// optTime is oktaTime with JSON null for the zero time.
func optTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return oktaTime(t)
}

func href(u string) map[string]string { return map[string]string{"href": u} }

func hrefAllow(u string, methods ...string) map[string]any {
	return map[string]any{"href": u, "hints": map[string][]string{"allow": methods}}
}

// limitParam is the ?limit= of list endpoints (0 = no limit).
func limitParam(r *http.Request) int {
	n, err := strconv.Atoi(r.URL.Query().Get("limit"))
	if err != nil || n < 0 {
		return 0
	}
	return n
}

func limitList[T any](items []T, n int) []T {
	if n > 0 && len(items) > n {
		return items[:n]
	}
	if items == nil {
		return []T{}
	}
	return items
}

// userJSON is a user object (docs/okta-behavior.md §4, spec User).
func userJSON(base string, u *User) map[string]any {
	return map[string]any{
		"id":              u.ID,
		"status":          u.Status,
		"created":         optTime(u.Created),
		"activated":       optTime(u.Created),
		"statusChanged":   optTime(u.Created),
		"lastLogin":       nil,
		"lastUpdated":     optTime(u.Created),
		"passwordChanged": optTime(u.Created),
		"type":            map[string]string{"id": "oty1defaulttype00000"},
		"profile": map[string]any{
			"login": u.Login, "email": u.Email, "firstName": u.FirstName, "lastName": u.LastName,
		},
		"credentials": map[string]any{"provider": map[string]string{"type": "OKTA", "name": "OKTA"}},
		"_links":      map[string]any{"self": href(base + "/api/v1/users/" + u.ID)},
	}
}

// roleJSON is a role assignment (docs/okta-behavior.md §3.1): standard roles carry id, label,
// type, status, timestamps, assignmentType and _links.assignee; CUSTOM
// roles add role, resource-set and their links.
func roleJSON(base string, r Role, assignmentType, assigneeHref string) map[string]any {
	m := map[string]any{
		"id":             r.ID,
		"label":          r.Label,
		"type":           r.Type,
		"status":         r.Status,
		"created":        oktaTime(r.Created),
		"lastUpdated":    oktaTime(r.Created),
		"assignmentType": assignmentType,
	}
	links := map[string]any{"assignee": href(assigneeHref)}
	if r.Type == "CUSTOM" {
		m["role"] = r.CustomRoleID
		m["resource-set"] = r.ResourceSet
		links["role"] = href(base + "/api/v1/iam/roles/" + r.CustomRoleID)
		links["resource-set"] = href(base + "/api/v1/iam/resource-sets/" + r.ResourceSet)
		links["permissions"] = href(base + "/api/v1/iam/roles/" + r.CustomRoleID + "/permissions")
		links["member"] = href(base + "/api/v1/iam/resource-sets/" + r.ResourceSet + "/bindings/" + r.CustomRoleID + "/members/" + r.ID)
	}
	m["_links"] = links
	return m
}

// keyJSON is a stored public key (docs/okta-behavior.md §8, spec oAuthClientJsonWebKeyListResponse).
func keyJSON(base, appID string, k *AppKey) map[string]any {
	m := map[string]any{
		"id":          k.ID,
		"alg":         keyAlg(k.Public),
		"use":         k.Use,
		"status":      k.Status,
		"created":     oktaTime(k.Created),
		"lastUpdated": oktaTime(k.LastUpdated),
	}
	// go-jose renders the public parameters (kty, n/e or crv/x/y).
	if raw, err := (&jose.JSONWebKey{Key: k.Public}).MarshalJSON(); err == nil {
		var params map[string]any
		if json.Unmarshal(raw, &params) == nil {
			for name, v := range params {
				m[name] = v
			}
		}
	}
	if k.KID != "" {
		m["kid"] = k.KID
	}
	keyURL := base + "/api/v1/apps/" + appID + "/credentials/jwks/" + k.ID
	if k.Status == "ACTIVE" {
		m["_links"] = map[string]any{"deactivate": hrefAllow(keyURL+"/lifecycle/deactivate", "POST")}
	} else {
		m["_links"] = map[string]any{
			"activate": hrefAllow(keyURL+"/lifecycle/activate", "POST"),
			"delete":   hrefAllow(keyURL, "DELETE"),
		}
	}
	return m
}

// appJSON is an OIDC app (docs/okta-behavior.md §8: credentials.oauthClient, settings.oauthClient).
func appJSON(base string, a *App) map[string]any {
	keys := make([]any, 0, len(a.Keys))
	for _, k := range a.Keys {
		keys = append(keys, keyJSON(base, a.ID, k))
	}
	return map[string]any{
		"id":          a.ID,
		"name":        "oidc_client",
		"label":       a.Label,
		"status":      appStatus(a),
		"signOnMode":  "OPENID_CONNECT",
		"profile":     a.Profile,
		"created":     optTime(a.Created),
		"lastUpdated": optTime(a.Created),
		"credentials": map[string]any{"oauthClient": map[string]any{
			"client_id":                  a.ClientID,
			"token_endpoint_auth_method": a.TokenEndpointAuthMethod,
			"autoKeyRotation":            true,
			"pkce_required":              false,
		}},
		"settings": map[string]any{"oauthClient": map[string]any{
			"application_type":         a.ApplicationType,
			"grant_types":              a.GrantTypes,
			"response_types":           []string{"token"},
			"jwks":                     map[string]any{"keys": keys},
			"dpop_bound_access_tokens": a.DPoPRequired,
		}},
		"_links": map[string]any{"self": href(base + "/api/v1/apps/" + a.ID)},
	}
}

// apiTokenJSON is API token metadata (docs/okta-behavior.md §4, spec ApiToken). A ZONE network
// lists its zones under include [partly unconfirmed, docs/okta-behavior.md §4].
func apiTokenJSON(base string, t *APIToken) map[string]any {
	network := map[string]any{"connection": t.Network}
	if t.Network == "ZONE" {
		network["include"] = append([]string{}, t.Zones...)
	}
	return map[string]any{
		"id":          t.ID,
		"name":        t.Name,
		"userId":      t.UserID,
		"clientName":  t.ClientName,
		"tokenWindow": "P30D",
		"network":     network,
		"created":     oktaTime(t.Created),
		"lastUpdated": oktaTime(maxTime(t.Created, t.LastUsed)),
		"expiresAt":   oktaTime(tokenExpiresAt(t)),
		"_links": map[string]any{
			"self": hrefAllow(base+"/api/v1/api-tokens/"+t.ID, "GET", "DELETE"),
			"user": href(base + "/api/v1/users/" + t.UserID),
		},
	}
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
