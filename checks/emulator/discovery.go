package emulator

import (
	"net/http"
	"slices"
)

// parkedLocked reports whether a request to host reaches Okta's catch-all
// parked org: the org is Parked, or Hosts is set and host is not one of
// them (a typo'd subdomain). Loopback names always reach the org.
func (o *Org) parkedLocked(hostport string) bool {
	if o.Parked {
		return true
	}
	if len(o.Hosts) == 0 || isLoopbackHost(hostport) {
		return false
	}
	return !slices.Contains(o.Hosts, hostName(hostport))
}

// canonicalLocked is _links.organization.href: CanonicalURL when set, else
// the URL the client used (minus -admin, which never gets this far).
func (o *Org) canonicalLocked(r *http.Request) string {
	if o.CanonicalURL != "" {
		return o.CanonicalURL
	}
	return baseURL(r)
}

// serveOrgMetadata is GET /.well-known/okta-organization (docs/okta-behavior.md §6): no auth;
// the parked org answers 200 with the placeholder id and pipeline v1.
func (s *Server) serveOrgMetadata(w http.ResponseWriter, r *http.Request) {
	o := s.Org
	o.mu.Lock()
	parked := o.parkedLocked(r.Host)
	id, pipeline, canonical := o.ID, o.Pipeline, o.canonicalLocked(r)
	o.mu.Unlock()

	links := map[string]any{}
	if parked {
		id, pipeline, canonical = PlaceholderOrgID, "v1", baseURL(r)
	} else if canonical != baseURL(r) {
		// Reached through a custom domain: Okta lists it as alternate.
		links["alternate"] = map[string]string{"href": baseURL(r)}
	}
	links["organization"] = map[string]string{"href": canonical}
	writeJSON(w, http.StatusOK, map[string]any{
		"id":       id,
		"pipeline": pipeline,
		"_links":   links,
		"settings": map[string]bool{
			"analyticsCollectionEnabled": false,
			"bugReportingEnabled":        true,
			"omEnabled":                  false,
		},
	})
}

// serveOIDCMetadata is GET /.well-known/openid-configuration of the org
// authorization server (docs/okta-behavior.md §6): the issuer has no /oauth2/… path, Okta API
// scopes are not listed, and the host is the one the client used.
func (s *Server) serveOIDCMetadata(w http.ResponseWriter, r *http.Request) {
	base := baseURL(r)
	algs := []string{"RS256", "RS384", "RS512", "ES256", "ES384", "ES512"}
	writeJSON(w, http.StatusOK, map[string]any{
		"issuer":                                base,
		"authorization_endpoint":                base + "/oauth2/v1/authorize",
		"token_endpoint":                        base + tokenPath,
		"userinfo_endpoint":                     base + "/oauth2/v1/userinfo",
		"registration_endpoint":                 base + "/oauth2/v1/clients",
		"jwks_uri":                              base + keysPath,
		"introspection_endpoint":                base + "/oauth2/v1/introspect",
		"revocation_endpoint":                   base + "/oauth2/v1/revoke",
		"end_session_endpoint":                  base + "/oauth2/v1/logout",
		"device_authorization_endpoint":         base + "/oauth2/v1/device/authorize",
		"pushed_authorization_request_endpoint": base + "/oauth2/v1/par",
		"response_types_supported":              []string{"code", "id_token", "code id_token", "code token", "id_token token", "code id_token token"},
		"response_modes_supported":              []string{"query", "fragment", "form_post", "okta_post_message"},
		"grant_types_supported":                 []string{"authorization_code", "implicit", "refresh_token", "password", "urn:ietf:params:oauth:grant-type:device_code"},
		"subject_types_supported":               []string{"public"},
		"id_token_signing_alg_values_supported": []string{"RS256"},
		"scopes_supported":                      []string{"openid", "email", "profile", "address", "phone", "offline_access", "groups"},
		"token_endpoint_auth_methods_supported": []string{"client_secret_basic", "client_secret_post", "client_secret_jwt", "private_key_jwt", "none"},
		"claims_supported": []string{"iss", "ver", "sub", "aud", "iat", "exp", "jti", "auth_time", "amr", "idp",
			"nonce", "name", "nickname", "preferred_username", "email", "email_verified", "groups"},
		"code_challenge_methods_supported":            []string{"S256"},
		"request_object_signing_alg_values_supported": append([]string{"HS256", "HS384", "HS512"}, algs...),
		"dpop_signing_alg_values_supported":           algs,
	})
}

// serveKeys is GET /oauth2/v1/keys: the org AS's public signing keys.
func (s *Server) serveKeys(w http.ResponseWriter, _ *http.Request) {
	k, err := signingKey()
	if err != nil {
		http.Error(w, "emulator: "+err.Error(), http.StatusInternalServerError)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"keys": []any{k.publicJWK}})
}
