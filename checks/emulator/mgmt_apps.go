package emulator

import (
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"
	"time"

	jose "github.com/go-jose/go-jose/v4"
)

// appByIDLocked finds an app by its id (0oa…) or client id.
func (o *Org) appByIDLocked(id string) *App {
	if a := o.Apps[id]; a != nil {
		return a
	}
	for _, a := range o.Apps {
		if a.ID == id {
			return a
		}
	}
	return nil
}

// sortedAppsLocked lists apps by creation, then id, for stable output.
func (o *Org) sortedAppsLocked() []*App {
	return byCreation(o.Apps, func(a *App) (time.Time, string) { return a.Created, a.ID })
}

// byCreation lists a map's values by creation time, then id, so listings
// come out in a stable order.
func byCreation[T any](m map[string]*T, key func(*T) (time.Time, string)) []*T {
	out := make([]*T, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	slices.SortFunc(out, func(a, b *T) int {
		ta, ia := key(a)
		tb, ib := key(b)
		if c := ta.Compare(tb); c != 0 {
			return c
		}
		return strings.Compare(ia, ib)
	})
	return out
}

// withAppCall runs f on the app named by the {id} parameter, or answers 404.
func (c *call) withAppCall(f func(a *App, base string) (int, any, *APIError)) {
	c.o.mu.Lock()
	a := c.o.appByIDLocked(c.params["id"])
	var (
		status int
		body   any
		apiErr *APIError
	)
	if a == nil {
		apiErr = notFound(c.params["id"] + " (App)")
	} else {
		status, body, apiErr = f(a, c.o.canonicalLocked(c.r))
	}
	c.o.mu.Unlock()
	switch {
	case apiErr != nil:
		writeAPIError(c.w, apiErr)
	case body == nil:
		c.w.WriteHeader(status)
	default:
		writeJSON(c.w, status, body)
	}
}

// GET /api/v1/apps
func handleApps(c *call) {
	c.o.mu.Lock()
	base := c.o.canonicalLocked(c.r)
	var out []any
	q := c.r.URL.Query()
	for _, a := range c.o.sortedAppsLocked() {
		if appMatchesQuery(a, q.Get("q"), q.Get("includeNonDeleted") == "true") {
			out = append(out, appJSON(base, a))
		}
	}
	c.o.mu.Unlock()
	writeJSON(c.w, http.StatusOK, limitList(out, limitParam(c.r)))
}

// GET /oauth2/v1/clients (okta.clients.read): the apps as OAuth clients.
func handleClients(c *call) {
	c.o.mu.Lock()
	var out []any
	for _, a := range c.o.sortedAppsLocked() {
		out = append(out, map[string]any{
			"client_id": a.ClientID, "client_name": a.Label, "application_type": a.ApplicationType,
			"token_endpoint_auth_method": a.TokenEndpointAuthMethod, "grant_types": a.GrantTypes,
			"response_types": []string{"token"}, "client_id_issued_at": a.Created.Unix(),
		})
	}
	c.o.mu.Unlock()
	writeJSON(c.w, http.StatusOK, limitList(out, limitParam(c.r)))
}

// GET /api/v1/apps/{id}
func handleApp(c *call) {
	c.withAppCall(func(a *App, base string) (int, any, *APIError) {
		return http.StatusOK, appJSON(base, a), nil
	})
}

// GET /api/v1/apps/{id}/credentials/jwks (docs/okta-behavior.md §8): {"jwks":{"keys":[…]}}.
func handleJWKS(c *call) {
	c.withAppCall(func(a *App, base string) (int, any, *APIError) {
		keys := make([]any, 0, len(a.Keys))
		for _, k := range a.Keys {
			keys = append(keys, keyJSON(base, a.ID, k))
		}
		return http.StatusOK, map[string]any{"jwks": map[string]any{"keys": keys}}, nil
	})
}

// GET /api/v1/apps/{id}/credentials/jwks/{keyId}
func handleJWK(c *call) {
	c.withAppCall(func(a *App, base string) (int, any, *APIError) {
		k := findKey(a, c.params["keyId"])
		if k == nil {
			return 0, nil, notFound(c.params["keyId"] + " (JsonWebKey)")
		}
		return http.StatusOK, keyJSON(base, a.ID, k), nil
	})
}

// mayRotateKeys applies docs/okta-behavior.md §8: "After the app has Okta-scoped grants, only a
// Super Admin can rotate its keys." The route already required the
// okta.apps.manage permission.
func (c *call) mayRotateKeys(a *App) *APIError {
	if len(a.GrantedScopes) > 0 && !hasRoleType(c.p.roles, "SUPER_ADMIN") {
		return newAPIError(codeForbidden, "")
	}
	return nil
}

// jwkBody is the body of POST …/jwks: a public JWK plus status.
type jwkBody struct {
	Status string `json:"status"`
}

// POST /api/v1/apps/{id}/credentials/jwks → 201 with the stored key.
func handleAddJWK(c *call) {
	raw, err := readBody(c.r)
	if err != nil {
		writeAPIError(c.w, validationError(jwkObject, "The request body could not be read."))
		return
	}
	var jwk jose.JSONWebKey
	var extra jwkBody
	if err := jwk.UnmarshalJSON(raw); err != nil || !jwk.Valid() || !jwk.IsPublic() {
		// [unconfirmed] wording for a JWK that does not parse.
		writeAPIError(c.w, validationError(jwkObject, "The 'jwks' contains an invalid public key."))
		return
	}
	_ = json.Unmarshal(raw, &extra)
	c.withAppCall(func(a *App, base string) (int, any, *APIError) {
		if e := c.mayRotateKeys(a); e != nil {
			return 0, nil, e
		}
		k, apiErr := addKeyLocked(a, jwk.Key, jwk.KeyID, extra.Status, c.o.nowLocked())
		if apiErr != nil {
			return 0, nil, apiErr
		}
		if jwk.Use != "" {
			k.Use = jwk.Use
		}
		return http.StatusCreated, keyJSON(base, a.ID, k), nil
	})
}

// POST …/jwks/{keyId}/lifecycle/{activate|deactivate} and DELETE …/jwks/{keyId}.
func handleKeyLifecycle(action string) func(c *call) {
	return func(c *call) {
		c.withAppCall(func(a *App, base string) (int, any, *APIError) {
			if e := c.mayRotateKeys(a); e != nil {
				return 0, nil, e
			}
			k := findKey(a, c.params["keyId"])
			if k == nil {
				return 0, nil, notFound(c.params["keyId"] + " (JsonWebKey)")
			}
			now := c.o.nowLocked()
			var err *APIError
			switch action {
			case "activate":
				k.Status, k.LastUpdated = "ACTIVE", now
			case "deactivate":
				err = deactivateKeyLocked(a, k, now)
			case "delete":
				if err = deleteKeyLocked(a, k); err == nil {
					return http.StatusNoContent, nil, nil
				}
			}
			if err != nil {
				return 0, nil, err
			}
			return http.StatusOK, keyJSON(base, a.ID, k), nil
		})
	}
}

// GET /api/v1/apps/{id}/grants: the scopes granted on the app's "Okta API
// Scopes" tab (docs/okta-behavior.md §7: id, issuer, scopeId, source, status, clientId, …).
func handleGrants(c *call) {
	c.withAppCall(func(a *App, base string) (int, any, *APIError) {
		out := make([]any, 0, len(a.GrantedScopes))
		for _, s := range a.GrantedScopes {
			out = append(out, c.o.grantJSONLocked(base, a, s))
		}
		return http.StatusOK, out, nil
	})
}

// grantJSONLocked is one scope grant (docs/okta-automation.md §5: id oag…,
// issuer, scopeId, source, status, clientId, createdBy, _links).
func (o *Org) grantJSONLocked(base string, a *App, scope string) map[string]any {
	g := o.grantMetaLocked(a.ClientID, scope)
	return map[string]any{
		"id": g.ID, "issuer": base, "scopeId": scope, "source": "ADMIN", "status": "ACTIVE",
		"clientId": a.ClientID, "created": oktaTime(g.Created), "lastUpdated": oktaTime(g.Created),
		"createdBy": map[string]string{"id": o.firstSuperAdminLocked(), "type": "User"},
		"_embedded": map[string]any{"scope": map[string]string{"id": scope}},
		"_links": map[string]any{
			"app":    href(base + "/api/v1/apps/" + a.ID),
			"self":   hrefAllow(base+"/api/v1/apps/"+a.ID+"/grants/"+g.ID, "GET", "DELETE"),
			"client": href(base + "/oauth2/v1/clients/" + a.ClientID),
		},
	}
}

// grantMetaLocked returns a stable id and creation time for a grant.
func (o *Org) grantMetaLocked(clientID, scope string) grantMeta {
	k := clientID + "|" + scope
	g, ok := o.grantIDs[k]
	if !ok {
		g = grantMeta{ID: newID("oag"), Created: o.nowLocked()}
		o.grantIDs[k] = g
	}
	return g
}

// firstSuperAdminLocked is the id shown as creator of grants and rate-limit
// entities: the first super admin user, or a fixed placeholder.
func (o *Org) firstSuperAdminLocked() string {
	for _, u := range o.sortedUsersLocked() {
		if hasRoleType(u.Roles, "SUPER_ADMIN") {
			return u.ID
		}
	}
	return "00u0000000000000000a"
}

// readBody reads a request body (already size-limited by ServeHTTP).
func readBody(r *http.Request) ([]byte, error) {
	return io.ReadAll(r.Body)
}
