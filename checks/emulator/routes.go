package emulator

import (
	"net/http"
)

// managementRoutes are the management endpoints the emulator serves, each
// with the scope Okta's spec puts on it (docs/okta-behavior.md §7). Literal
// segments come before parameters where both could match.
var managementRoutes = []mgmtRoute{
	// Users (docs/okta-behavior.md §4) and their roles (docs/okta-behavior.md §3.2).
	{method: "GET", pattern: "/api/v1/users", scope: "okta.users.read", handle: handleUsers},
	{method: "GET", pattern: "/api/v1/users/{id}", scope: "okta.users.read", selfSSWS: true, handle: handleUser},
	{method: "GET", pattern: "/api/v1/users/{id}/roles", scope: "okta.roles.read", handle: handleUserRoles},
	{method: "GET", pattern: "/api/v1/users/{id}/groups", scope: "okta.users.read", handle: handleUserGroups},
	{method: "GET", pattern: "/api/v1/users/{id}/factors", scope: "okta.users.read", handle: handleUserFactors},
	{method: "GET", pattern: "/api/v1/users/{id}/risk", scope: "okta.userRisk.read", handle: staticJSON(`{"riskLevel":"LOW","reason":""}`)},

	// Apps, their keys (docs/okta-behavior.md §8) and grants.
	{method: "GET", pattern: "/api/v1/apps", scope: "okta.apps.read", handle: handleApps},
	{method: "GET", pattern: "/api/v1/apps/{id}", scope: "okta.apps.read", handle: handleApp},
	{method: "GET", pattern: "/api/v1/apps/{id}/credentials/jwks", scope: "okta.apps.read", handle: handleJWKS},
	{method: "POST", pattern: "/api/v1/apps/{id}/credentials/jwks", scope: "okta.apps.manage", handle: handleAddJWK},
	{method: "GET", pattern: "/api/v1/apps/{id}/credentials/jwks/{keyId}", scope: "okta.apps.read", handle: handleJWK},
	{method: "DELETE", pattern: "/api/v1/apps/{id}/credentials/jwks/{keyId}", scope: "okta.apps.manage", handle: handleKeyLifecycle("delete")},
	{method: "POST", pattern: "/api/v1/apps/{id}/credentials/jwks/{keyId}/lifecycle/activate", scope: "okta.apps.manage", handle: handleKeyLifecycle("activate")},
	{method: "POST", pattern: "/api/v1/apps/{id}/credentials/jwks/{keyId}/lifecycle/deactivate", scope: "okta.apps.manage", handle: handleKeyLifecycle("deactivate")},
	{method: "GET", pattern: "/api/v1/apps/{id}/grants", scope: "okta.appGrants.read", handle: handleGrants},
	{method: "GET", pattern: "/api/v1/apps/{id}/users", scope: "okta.apps.read", handle: handleAppUsers},
	{method: "GET", pattern: "/api/v1/apps/{id}/interclient-allowed-apps", scope: "okta.apps.interclientTrust.read", handle: staticJSON(`[]`)},
	{method: "GET", pattern: "/oauth2/v1/clients", scope: "okta.clients.read", handle: handleClients},

	// Role assignments (docs/okta-behavior.md §3). okta.roles.read is the permission a
	// read-only admin lacks (permissions.go).
	{method: "GET", pattern: "/oauth2/v1/clients/{clientId}/roles", scope: "okta.roles.read", handle: handleClientRoles},
	{method: "POST", pattern: "/oauth2/v1/clients/{clientId}/roles", scope: "okta.roles.manage", handle: handleAssignClientRole},
	{method: "DELETE", pattern: "/oauth2/v1/clients/{clientId}/roles/{roleId}", scope: "okta.roles.manage", handle: handleUnassignClientRole},
	{method: "GET", pattern: "/api/v1/iam/assignees/users", scope: "okta.roles.read", handle: staticJSON(`{"value":[],"_links":{}}`)},
	{method: "GET", pattern: "/api/v1/iam/resource-sets", scope: "okta.roles.read", handle: handleListIAM("resource-sets")},
	{method: "GET", pattern: "/api/v1/iam/roles", scope: "okta.roles.read", handle: handleListIAM("roles")},

	// API tokens (docs/okta-behavior.md §4).
	{method: "GET", pattern: "/api/v1/api-tokens", scope: "okta.apiTokens.read", handle: handleAPITokens},
	{method: "DELETE", pattern: "/api/v1/api-tokens/current", sswsOnly: true, handle: handleRevokeCurrentToken},
	{method: "GET", pattern: "/api/v1/api-tokens/{id}", scope: "okta.apiTokens.read", handle: handleAPIToken},
	{method: "DELETE", pattern: "/api/v1/api-tokens/{id}", scope: "okta.apiTokens.manage", handle: handleRevokeToken},

	// Rate limits (docs/okta-behavior.md §5).
	{method: "GET", pattern: "/api/v1/principal-rate-limits", scope: "okta.principalRateLimits.read", handle: handlePrincipalRateLimits},
	{method: "GET", pattern: "/api/v1/principal-rate-limits/{id}", scope: "okta.principalRateLimits.read", handle: handlePrincipalRateLimit},
	{method: "GET", pattern: "/api/v1/rate-limit-settings/per-client", scope: "okta.rateLimits.read",
		handle: staticJSON(`{"defaultMode":"ENFORCE","useCaseModeOverrides":{"LOGIN_PAGE":"ENFORCE","OAUTH2_AUTHORIZE":"ENFORCE","OIE_APP_INTENT":"ENFORCE"}}`)},
	{method: "GET", pattern: "/api/v1/rate-limit-settings/warning-threshold", scope: "okta.rateLimits.read", handle: staticJSON(`{"warningThreshold":90}`)},
	{method: "GET", pattern: "/api/v1/rate-limit-settings/admin-notifications", scope: "okta.rateLimits.read", handle: staticJSON(`{"notificationsEnabled":true}`)},

	// The org (docs/okta-behavior.md §6).
	{method: "GET", pattern: "/api/v1/org", scope: "okta.orgs.read", handle: handleOrgSettings},
	{method: "GET", pattern: "/api/v1/org/contacts", scope: "okta.orgs.read",
		handle: staticJSON(`[{"contactType":"BILLING","_links":{}},{"contactType":"TECHNICAL","_links":{}}]`)},
	{method: "GET", pattern: "/api/v1/org/preferences", scope: "okta.orgs.read", handle: staticJSON(`{"showEndUserFooter":true,"_links":{}}`)},

	// The remaining cheap GETs of docs/okta-behavior.md §7: a plausible empty answer each.
	{method: "GET", pattern: "/api/v1/groups", scope: "okta.groups.read", handle: staticJSON(`[]`)},
	{method: "GET", pattern: "/api/v1/groups/rules", scope: "okta.groups.read", handle: staticJSON(`[]`)},
	{method: "GET", pattern: "/api/v1/logs", scope: "okta.logs.read", handle: staticJSON(`[]`)},
	{method: "GET", pattern: "/api/v1/policies", scope: "okta.policies.read", handle: handlePolicies},
	{method: "GET", pattern: "/api/v1/authorizationServers", scope: "okta.authorizationServers.read", handle: staticJSON(`[]`)},
	{method: "GET", pattern: "/api/v1/authenticators", scope: "okta.authenticators.read", handle: staticJSON(`[]`)},
	{method: "GET", pattern: "/api/v1/idps", scope: "okta.idps.read", handle: staticJSON(`[]`)},
	{method: "GET", pattern: "/api/v1/zones", scope: "okta.networkZones.read", handle: staticJSON(`[]`)},
	{method: "GET", pattern: "/api/v1/trustedOrigins", scope: "okta.trustedOrigins.read", handle: staticJSON(`[]`)},
	{method: "GET", pattern: "/api/v1/eventHooks", scope: "okta.eventHooks.read", handle: staticJSON(`[]`)},
	{method: "GET", pattern: "/api/v1/inlineHooks", scope: "okta.inlineHooks.read", handle: staticJSON(`[]`)},
	{method: "GET", pattern: "/api/v1/brands", scope: "okta.brands.read", handle: staticJSON(`[]`)},
	{method: "GET", pattern: "/api/v1/templates/sms", scope: "okta.templates.read", handle: staticJSON(`[]`)},
	{method: "GET", pattern: "/api/v1/domains", scope: "okta.domains.read", handle: staticJSON(`{"domains":[]}`)},
	{method: "GET", pattern: "/api/v1/email-domains", scope: "okta.emailDomains.read", handle: staticJSON(`[]`)},
	{method: "GET", pattern: "/api/v1/email-servers", scope: "okta.emailServers.read", handle: staticJSON(`{"email-servers":[]}`)},
	{method: "GET", pattern: "/api/v1/meta/schemas/group/default", scope: "okta.schemas.read",
		handle: staticJSON(`{"id":"#base","name":"group","title":"Okta group","type":"object","definitions":{},"properties":{}}`)},
	{method: "GET", pattern: "/api/v1/meta/types/user", scope: "okta.userTypes.read", handle: staticJSON(`[]`)},
	{method: "GET", pattern: "/api/v1/meta/schemas/user/linkedObjects", scope: "okta.linkedObjects.read", handle: staticJSON(`[]`)},
	{method: "GET", pattern: "/api/v1/meta/uischemas", scope: "okta.uischemas.read", handle: staticJSON(`[]`)},
	{method: "GET", pattern: "/api/v1/mappings", scope: "okta.profileMappings.read", handle: staticJSON(`[]`)},
	{method: "GET", pattern: "/api/v1/features", scope: "okta.features.read", handle: staticJSON(`[]`)},
	{method: "GET", pattern: "/api/v1/agentPools", scope: "okta.agentPools.read", handle: staticJSON(`[]`)},
	{method: "GET", pattern: "/api/v1/behaviors", scope: "okta.behaviors.read", handle: staticJSON(`[]`)},
	{method: "GET", pattern: "/api/v1/threats/configuration", scope: "okta.threatInsights.read", handle: staticJSON(`{"action":"none","excludeZones":[]}`)},
	{method: "GET", pattern: "/api/v1/bot-protection/configuration", scope: "okta.botProtection.read", handle: staticJSON(`{}`)},
	{method: "GET", pattern: "/api/v1/captchas", scope: "okta.captchas.read", handle: staticJSON(`[]`)},
	{method: "GET", pattern: "/api/v1/telephony-providers", scope: "okta.customTelephonyProvider.read", handle: staticJSON(`[]`)},
	{method: "GET", pattern: "/api/v1/push-providers", scope: "okta.pushProviders.read", handle: staticJSON(`[]`)},
	{method: "GET", pattern: "/api/v1/device-assurances", scope: "okta.deviceAssurance.read", handle: staticJSON(`[]`)},
	{method: "GET", pattern: "/api/v1/device-integrations", scope: "okta.deviceIntegrations.read", handle: staticJSON(`[]`)},
	{method: "GET", pattern: "/api/v1/device-posture-checks", scope: "okta.devicePostureChecks.read", handle: staticJSON(`[]`)},
	{method: "GET", pattern: "/api/v1/devices", scope: "okta.devices.read", handle: staticJSON(`[]`)},
	{method: "GET", pattern: "/api/v1/logStreams", scope: "okta.logStreams.read", handle: staticJSON(`[]`)},
	{method: "GET", pattern: "/integrations/api/v1/api-services", scope: "okta.oauthIntegrations.read", handle: staticJSON(`[]`)},
	{method: "GET", pattern: "/api/v1/realms", scope: "okta.realms.read", handle: staticJSON(`[]`)},
	{method: "GET", pattern: "/api/v1/realm-assignments", scope: "okta.realmAssignments.read", handle: staticJSON(`[]`)},
	{method: "GET", pattern: "/api/v1/security-events-providers", scope: "okta.securityEventsProviders.read", handle: staticJSON(`[]`)},
	{method: "GET", pattern: "/privileged-access/api/v1/service-accounts", scope: "okta.serviceAccounts.read", handle: staticJSON(`[]`)},
	{method: "GET", pattern: "/privileged-access/api/v1/okta-service-accounts", scope: "okta.serviceAccounts.okta.read", handle: staticJSON(`[]`)},
	{method: "GET", pattern: "/okta-personal-settings/api/v1/export-blocklists", scope: "okta.personal.adminSettings.read", handle: staticJSON(`[]`)},
	{method: "GET", pattern: "/api/v1/dr/status", scope: "okta.dr.read", handle: staticJSON(`[]`)},
	{method: "GET", pattern: "/api/v1/ssf/stream", scope: "ssf.read", handle: staticJSON(`[]`)},
	{method: "GET", pattern: "/api/v1/sessions/{id}", scope: "okta.sessions.read", handle: notFoundHandler("Session")},
	{method: "GET", pattern: "/api/v1/identity-sources/{id}/sessions", scope: "okta.identitySources.read", handle: staticJSON(`[]`)},
	{method: "GET", pattern: "/api/v1/directories/{appId}/groups/{groupId}/query/{resultId}", scope: "okta.directories.groups.read",
		handle: notFoundHandler("DirectoryQueryResult")},
}

// staticJSON answers 200 with a fixed body.
func staticJSON(body string) func(c *call) {
	return func(c *call) {
		c.w.Header().Set("Content-Type", "application/json")
		c.w.WriteHeader(http.StatusOK)
		_, _ = c.w.Write([]byte(body))
	}
}

// notFoundHandler answers 404 E0000007 for a path-parameter resource the
// emulator never has.
func notFoundHandler(kind string) func(c *call) {
	return func(c *call) {
		writeAPIError(c.w, notFound(c.r.URL.Path+" ("+kind+")"))
	}
}

// GET /api/v1/policies: type is required (docs/okta-behavior.md §7).
func handlePolicies(c *call) {
	if c.r.URL.Query().Get("type") == "" {
		writeAPIError(c.w, validationError("type", "type: The field cannot be left blank"))
		return
	}
	writeJSON(c.w, http.StatusOK, []any{})
}

// GET /api/v1/org (docs/okta-behavior.md §6, spec OrgSetting).
func handleOrgSettings(c *call) {
	c.o.mu.Lock()
	base := c.o.canonicalLocked(c.r)
	body := map[string]any{
		"id": c.o.ID, "companyName": c.o.CompanyName, "subdomain": c.o.Subdomain, "status": "ACTIVE",
		"created": "2024-01-02T03:04:05.000Z", "lastUpdated": "2024-01-02T03:04:05.000Z", "expiresAt": nil,
		"website": nil, "phoneNumber": nil, "country": nil,
		"_links": map[string]any{"preferences": href(base + "/api/v1/org/preferences"), "contacts": href(base + "/api/v1/org/contacts")},
	}
	c.o.mu.Unlock()
	writeJSON(c.w, http.StatusOK, body)
}
