package emulator

import "net/http"

// The id-scoped reads Tako's sync makes (docs/tako-env.md, "What Tako's
// sync calls"): a user's groups and factors, an app's assigned users. The
// scopes are those Okta's spec puts on them: listUserGroups and
// listFactors need okta.users.read (there is no grantable
// okta.factors.read in the current spec), listApplicationUsers
// okta.apps.read. The emulator keeps no groups, factors or assignments:
// every user is in the built-in Everyone group and has no factor
// enrolled, and no app has users assigned. An unknown id is 404 E0000007.

// everyoneGroupID is the id of the org's built-in Everyone group.
const everyoneGroupID = "00g1everyone00000000"

// GET /api/v1/users/{id}/groups
func handleUserGroups(c *call) {
	c.o.mu.Lock()
	base := c.o.canonicalLocked(c.r)
	u := c.lookupUserLocked(c.params["id"])
	c.o.mu.Unlock()
	if u == nil {
		writeAPIError(c.w, notFound(c.params["id"]+" (User)"))
		return
	}
	writeJSON(c.w, http.StatusOK, []any{map[string]any{
		"id": everyoneGroupID, "type": "BUILT_IN",
		"profile": map[string]any{"name": "Everyone", "description": "All users in your organization"},
		"_links":  map[string]any{"self": href(base + "/api/v1/groups/" + everyoneGroupID)},
	}})
}

// GET /api/v1/users/{id}/factors
func handleUserFactors(c *call) {
	c.o.mu.Lock()
	u := c.lookupUserLocked(c.params["id"])
	c.o.mu.Unlock()
	if u == nil {
		writeAPIError(c.w, notFound(c.params["id"]+" (User)"))
		return
	}
	writeJSON(c.w, http.StatusOK, []any{})
}

// GET /api/v1/apps/{id}/users
func handleAppUsers(c *call) {
	c.o.mu.Lock()
	a := c.o.appByIDLocked(c.params["id"])
	c.o.mu.Unlock()
	if a == nil {
		writeAPIError(c.w, notFound(c.params["id"]+" (AppInstance)"))
		return
	}
	writeJSON(c.w, http.StatusOK, []any{})
}
