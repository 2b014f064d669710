package emulator

import (
	"encoding/json"
	"net/http"
)

// clientRolesURL is the assignee link of a client's roles.
func clientRolesURL(base, clientID string) string {
	return base + "/oauth2/v1/clients/" + clientID + "/roles"
}

// GET /oauth2/v1/clients/{clientId}/roles (docs/okta-behavior.md §3.1).
func handleClientRoles(c *call) {
	c.o.mu.Lock()
	base := c.o.canonicalLocked(c.r)
	a := c.o.Apps[c.params["clientId"]]
	var out []any
	if a != nil {
		for _, r := range a.Roles {
			out = append(out, roleJSON(base, r, "CLIENT", clientRolesURL(base, a.ClientID)))
		}
	}
	c.o.mu.Unlock()
	if a == nil {
		writeAPIError(c.w, notFound(c.params["clientId"]+" (Client)"))
		return
	}
	writeJSON(c.w, http.StatusOK, limitList(out, 0))
}

// POST /oauth2/v1/clients/{clientId}/roles with {"type":"READ_ONLY_ADMIN"}
// or {"type":"CUSTOM","role":"cr0…","resource-set":"iam…"} → 200 with the
// assignment (docs/okta-behavior.md §3.1). A CUSTOM role assigned this way has no permissions
// in the emulator; use AssignAppCustomRole to give it some.
func handleAssignClientRole(c *call) {
	raw, err := readBody(c.r)
	var body struct {
		Type        string `json:"type"`
		Role        string `json:"role"`
		ResourceSet string `json:"resource-set"`
	}
	if err != nil || json.Unmarshal(raw, &body) != nil || body.Type == "" {
		writeAPIError(c.w, validationError("RoleAssignment", "type: The field cannot be left blank"))
		return
	}
	if body.Type != "CUSTOM" && roleLabels[body.Type] == "" {
		writeAPIError(c.w, validationError("RoleAssignment", "Invalid role type specified."))
		return
	}
	c.o.mu.Lock()
	base := c.o.canonicalLocked(c.r)
	a := c.o.Apps[c.params["clientId"]]
	var out map[string]any
	if a != nil {
		r := Role{Type: body.Type, CustomRoleID: body.Role, ResourceSet: body.ResourceSet}
		fillRoleDefaults(&r, c.o.nowLocked())
		a.Roles = append(a.Roles, r)
		out = roleJSON(base, r, "CLIENT", clientRolesURL(base, a.ClientID))
	}
	c.o.mu.Unlock()
	if out == nil {
		writeAPIError(c.w, notFound(c.params["clientId"]+" (Client)"))
		return
	}
	writeJSON(c.w, http.StatusOK, out)
}

// DELETE /oauth2/v1/clients/{clientId}/roles/{roleId} → 204.
func handleUnassignClientRole(c *call) {
	c.o.mu.Lock()
	a := c.o.Apps[c.params["clientId"]]
	found := false
	if a != nil {
		for i, r := range a.Roles {
			if r.ID == c.params["roleId"] {
				a.Roles = append(a.Roles[:i], a.Roles[i+1:]...)
				found = true
				break
			}
		}
	}
	c.o.mu.Unlock()
	if !found {
		writeAPIError(c.w, notFound(c.params["roleId"]+" (RoleAssignment)"))
		return
	}
	c.w.WriteHeader(http.StatusNoContent)
}
