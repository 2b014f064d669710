package checks

import "slices"

// DefaultScopes is Tako's default scope list (its .env.sample), the scopes
// the engine asks for when Input.Scopes is nil. Do not modify it.
var DefaultScopes = []string{
	"okta.agentPools.read", "okta.appGrants.read", "okta.apps.read", "okta.authModes.read",
	"okta.authenticators.read", "okta.authorizationServers.read", "okta.behaviors.read",
	"okta.brands.read", "okta.captchas.read", "okta.certificateAuthorities.read", "okta.clients.read",
	"okta.deviceAssurance.read", "okta.devices.read", "okta.domains.read", "okta.emailDomains.read",
	"okta.emailServers.read", "okta.enduser.dashboard.read", "okta.enduser.read", "okta.eventHooks.read",
	"okta.events.read", "okta.factors.read", "okta.groups.read", "okta.identitySources.read", "okta.idps.read",
	"okta.inlineHooks.read", "okta.linkedObjects.read", "okta.logStreams.read", "okta.logs.read",
	"okta.manifests.read", "okta.networkZones.read", "okta.orgs.read", "okta.policies.read",
	"okta.principalRateLimits.read", "okta.profileMappings.read", "okta.pushProviders.read",
	"okta.rateLimits.read", "okta.reports.read", "okta.riskProviders.read", "okta.roles.read",
	"okta.schemas.read", "okta.securityEventsProviders.read", "okta.sessions.read", "okta.templates.read",
	"okta.threatInsights.read", "okta.trustedOrigins.read", "okta.uischemas.read", "okta.userTypes.read",
	"okta.users.read",
}

// CoreScopes are the scopes Tako's sync and live tools cannot work without
// (docs/tako-env.md, "What Tako's sync calls"): users (the list, a user's
// groups and factors), groups, apps (the list, an app's users), policies,
// authenticators, the System Log and admin roles. A missing core scope
// fails oauth.scopes, any other missing scope only warns. okta.factors.read
// is not among them: Tako reads factors through /api/v1/users/{id}/factors,
// which needs okta.users.read, and Okta's current spec has no grantable
// okta.factors.read. okta.devices.read joins the core when
// SYNC_OKTA_DEVICES is on, which the engine cannot see, so it is not
// listed here.
var CoreScopes = []string{
	"okta.users.read", "okta.groups.read", "okta.apps.read",
	"okta.policies.read", "okta.authenticators.read", "okta.logs.read", "okta.roles.read",
}

// IsCoreScope reports whether Tako cannot work without scope s.
func IsCoreScope(s string) bool { return slices.Contains(CoreScopes, s) }

// scopeProbes maps a scope to a cheap GET that proves it works
// (docs/okta-behavior.md §7): a list call with limit=1 where the API has one. Some
// scopes are proven by calls the engine makes anyway, with the client ID
// filled in ({client}): the app's own key list (okta.apps.read, also used by
// the age check), its own roles (okta.roles.read, used by oauth.roles) and
// the principal rate limits (okta.principalRateLimits.read, used by
// ratelimit), so each of those costs one request, not two.
//
// Scopes with no cheap call (they need an ID the engine does not have, or
// Okta publishes no GET for them) are absent and reported as "not probed".
var scopeProbes = map[string]string{
	"okta.users.read":                   "/api/v1/users?limit=1",
	"okta.groups.read":                  "/api/v1/groups?limit=1",
	"okta.apps.read":                    "/api/v1/apps/{client}/credentials/jwks",
	"okta.appGrants.read":               "/api/v1/apps/{client}/grants",
	"okta.roles.read":                   "/oauth2/v1/clients/{client}/roles",
	"okta.logs.read":                    "/api/v1/logs?limit=1",
	"okta.orgs.read":                    "/api/v1/org",
	"okta.apiTokens.read":               "/api/v1/api-tokens",
	"okta.principalRateLimits.read":     principalRateLimitsOAuthPath,
	"okta.rateLimits.read":              "/api/v1/rate-limit-settings/warning-threshold",
	"okta.policies.read":                "/api/v1/policies?type=OKTA_SIGN_ON&limit=1",
	"okta.authorizationServers.read":    "/api/v1/authorizationServers?limit=1",
	"okta.authenticators.read":          "/api/v1/authenticators",
	"okta.idps.read":                    "/api/v1/idps?limit=1",
	"okta.networkZones.read":            "/api/v1/zones?limit=1",
	"okta.trustedOrigins.read":          "/api/v1/trustedOrigins?limit=1",
	"okta.eventHooks.read":              "/api/v1/eventHooks",
	"okta.inlineHooks.read":             "/api/v1/inlineHooks",
	"okta.brands.read":                  "/api/v1/brands?limit=1",
	"okta.templates.read":               "/api/v1/templates/sms",
	"okta.domains.read":                 "/api/v1/domains",
	"okta.emailDomains.read":            "/api/v1/email-domains",
	"okta.emailServers.read":            "/api/v1/email-servers",
	"okta.schemas.read":                 "/api/v1/meta/schemas/group/default",
	"okta.userTypes.read":               "/api/v1/meta/types/user",
	"okta.linkedObjects.read":           "/api/v1/meta/schemas/user/linkedObjects",
	"okta.uischemas.read":               "/api/v1/meta/uischemas",
	"okta.profileMappings.read":         "/api/v1/mappings?limit=1",
	"okta.features.read":                "/api/v1/features",
	"okta.agentPools.read":              "/api/v1/agentPools",
	"okta.behaviors.read":               "/api/v1/behaviors",
	"okta.threatInsights.read":          "/api/v1/threats/configuration",
	"okta.botProtection.read":           "/api/v1/bot-protection/configuration",
	"okta.captchas.read":                "/api/v1/captchas",
	"okta.customTelephonyProvider.read": "/api/v1/telephony-providers",
	"okta.pushProviders.read":           "/api/v1/push-providers",
	"okta.deviceAssurance.read":         "/api/v1/device-assurances",
	"okta.deviceIntegrations.read":      "/api/v1/device-integrations",
	"okta.devicePostureChecks.read":     "/api/v1/device-posture-checks",
	"okta.devices.read":                 "/api/v1/devices?limit=1",
	"okta.logStreams.read":              "/api/v1/logStreams?limit=1",
	"okta.oauthIntegrations.read":       "/integrations/api/v1/api-services",
	"okta.realms.read":                  "/api/v1/realms?limit=1",
	"okta.realmAssignments.read":        "/api/v1/realm-assignments?limit=1",
	"okta.securityEventsProviders.read": "/api/v1/security-events-providers",
	"okta.serviceAccounts.read":         "/privileged-access/api/v1/service-accounts?limit=1",
	"okta.personal.adminSettings.read":  "/okta-personal-settings/api/v1/export-blocklists",
	"okta.dr.read":                      "/api/v1/dr/status",
	"ssf.read":                          "/api/v1/ssf/stream",
	"okta.clients.read":                 "/oauth2/v1/clients?limit=1",
}

// principalRateLimitsOAuthPath lists the OAuth apps' principal rate limits.
// The filter is required by the API.
const principalRateLimitsOAuthPath = `/api/v1/principal-rate-limits?filter=principalType%20eq%20%22OAUTH_CLIENT%22&limit=200`

// principalRateLimitsTokenPath lists the API tokens' principal rate limits.
const principalRateLimitsTokenPath = `/api/v1/principal-rate-limits?filter=principalType%20eq%20%22SSWS_TOKEN%22&limit=200`
