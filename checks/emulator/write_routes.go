package emulator

import "strings"

// writeRoutes are the write endpoints of docs/okta-automation.md §10, added
// to managementRoutes. Each write (any method but GET) passes admitShare
// first; the write handlers log their own System Log events, and the
// console-era write routes get theirs from routeEvents.
var writeRoutes = []mgmtRoute{
	{method: "POST", pattern: "/api/v1/apps", scope: "okta.apps.manage", handle: handleCreateApp},
	{method: "PUT", pattern: "/api/v1/apps/{id}", scope: "okta.apps.manage", handle: handleReplaceApp},
	{method: "DELETE", pattern: "/api/v1/apps/{id}", scope: "okta.apps.manage", handle: handleDeleteApp},
	{method: "POST", pattern: "/api/v1/apps/{id}/lifecycle/activate", scope: "okta.apps.manage", handle: handleAppLifecycle("ACTIVE")},
	{method: "POST", pattern: "/api/v1/apps/{id}/lifecycle/deactivate", scope: "okta.apps.manage", handle: handleAppLifecycle("INACTIVE")},
	{method: "POST", pattern: "/api/v1/apps/{id}/grants", scope: "okta.appGrants.manage", handle: handleGrant},
	{method: "GET", pattern: "/api/v1/apps/{id}/grants/{grantId}", scope: "okta.appGrants.read", handle: handleGetGrant},
	{method: "DELETE", pattern: "/api/v1/apps/{id}/grants/{grantId}", scope: "okta.appGrants.manage", handle: handleRevokeGrant},
	{method: "GET", pattern: "/oauth2/v1/clients/{clientId}/roles/{roleId}", scope: "okta.roles.read", handle: handleClientRole},
	{method: "GET", pattern: "/api/v1/org/settings/clientPrivilegesSetting", scope: "okta.orgs.read", handle: handleClientPrivileges},
	{method: "PUT", pattern: "/api/v1/org/settings/clientPrivilegesSetting", scope: "okta.orgs.manage", handle: handleSetClientPrivileges},
	{method: "POST", pattern: "/api/v1/principal-rate-limits", scope: "okta.principalRateLimits.manage", handle: handleCreatePRL},
	{method: "PUT", pattern: "/api/v1/principal-rate-limits/{id}", scope: "okta.principalRateLimits.manage", handle: handleReplacePRL},
	{method: "POST", pattern: "/api/v1/iam/roles", scope: "okta.roles.manage", handle: handleCreateIAM("roles")},
	{method: "GET", pattern: "/api/v1/iam/roles/{id}", scope: "okta.roles.read", handle: handleGetIAM("roles")},
	{method: "DELETE", pattern: "/api/v1/iam/roles/{id}", scope: "okta.roles.manage", handle: handleDeleteIAM("roles")},
	{method: "POST", pattern: "/api/v1/iam/resource-sets", scope: "okta.roles.manage", handle: handleCreateIAM("resource-sets")},
	{method: "GET", pattern: "/api/v1/iam/resource-sets/{id}", scope: "okta.roles.read", handle: handleGetIAM("resource-sets")},
	{method: "DELETE", pattern: "/api/v1/iam/resource-sets/{id}", scope: "okta.roles.manage", handle: handleDeleteIAM("resource-sets")},
}

// routeEvents are the System Log event types of the write routes that
// existed before the write API (docs/okta-automation.md §4, §11), logged
// with the path's last id as target when the call succeeds.
var routeEvents = map[string]string{
	"POST /api/v1/apps/{id}/credentials/jwks":                              "app.oauth2.credentials.lifecycle.create",
	"POST /api/v1/apps/{id}/credentials/jwks/{keyId}/lifecycle/activate":   "app.oauth2.credentials.lifecycle.activate",
	"POST /api/v1/apps/{id}/credentials/jwks/{keyId}/lifecycle/deactivate": "app.oauth2.credentials.lifecycle.deactivate",
	"DELETE /api/v1/apps/{id}/credentials/jwks/{keyId}":                    "app.oauth2.credentials.lifecycle.delete",
	"DELETE /api/v1/api-tokens/current":                                    "system.api_token.revoke",
	"DELETE /api/v1/api-tokens/{id}":                                       "system.api_token.revoke",
}

func init() {
	managementRoutes = append(managementRoutes, writeRoutes...)
	for i := range managementRoutes {
		rt := &managementRoutes[i]
		if rt.method == "GET" {
			continue
		}
		rt.handle = writeCall(routeEvents[rt.method+" "+rt.pattern], rt.handle)
	}
}

// writeCall wraps a write handler: the principal's share first, then the
// handler, then event (if any) on success.
func writeCall(event string, h func(c *call)) func(c *call) {
	return func(c *call) {
		if !c.admitShare() {
			return
		}
		sw := &statusWriter{ResponseWriter: c.w}
		c.w = sw
		h(c)
		if event == "" || sw.status < 200 || sw.status > 299 {
			return
		}
		target := c.params["keyId"]
		switch {
		case target != "":
		case strings.HasSuffix(c.r.URL.Path, "/api-tokens/current"):
			target = c.p.tokenID
		default:
			target = c.params["id"]
		}
		c.o.mu.Lock()
		c.o.logEventLocked(event, target, c.p)
		c.o.mu.Unlock()
	}
}
