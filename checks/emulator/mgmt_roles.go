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
// or {"type":"CUSTOM","role":"cr0…","resource-set":"iam…"} → 201 with the
// assignment (docs/okta-automation.md §6: 201 as real orgs answer, the id
// base32 of the type, Super Admin only). A standard role already held →
// 409 E0000090 (E0000263 is the other candidate [unconfirmed, §13.6]); an
// app that is not a service app → 400 E0000227. A CUSTOM role assigned
// this way has the permissions of a role made through POST /api/v1/iam/roles
// (write_iam.go), none for an unknown role id.
func handleAssignClientRole(c *call) {
	if !c.superAdminOnly() {
		return
	}
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
	var (
		out    map[string]any
		apiErr *APIError
	)
	switch {
	case a == nil:
		apiErr = notFound(c.params["clientId"] + " (Client)")
	case a.ApplicationType != "service":
		apiErr = newAPIError(codeRoleNotClient, "")
	case body.Type != "CUSTOM" && hasRoleType(a.Roles, body.Type),
		body.Type == "CUSTOM" && hasCustomBinding(a.Roles, body.Role, body.ResourceSet):
		apiErr = newAPIError(codeRoleAssigned, "")
	default:
		r := Role{Type: body.Type, CustomRoleID: body.Role, ResourceSet: body.ResourceSet}
		if body.Type == "CUSTOM" {
			r.Permissions = c.o.customPermissionsLocked(body.Role)
			if x := c.o.iamFindLocked("roles", body.Role); x != nil {
				r.Label = x.Label
			}
		}
		fillRoleDefaults(&r, c.o.nowLocked())
		a.Roles = append(a.Roles, r)
		out = roleJSON(base, r, "CLIENT", clientRolesURL(base, a.ClientID))
		c.o.logEventLocked("app.oauth2.client.privilege.grant", a.ClientID, c.p)
		if r.Type == "CUSTOM" {
			c.o.logEventLocked("iam.resourceset.bindings.add", r.ResourceSet, c.p)
		}
	}
	c.o.mu.Unlock()
	if apiErr != nil {
		writeAPIError(c.w, apiErr)
		return
	}
	writeJSON(c.w, http.StatusCreated, out)
}

// DELETE /oauth2/v1/clients/{clientId}/roles/{roleId} → 204. Super Admin only.
func handleUnassignClientRole(c *call) {
	if !c.superAdminOnly() {
		return
	}
	c.o.mu.Lock()
	a := c.o.Apps[c.params["clientId"]]
	found := false
	if a != nil {
		for i, r := range a.Roles {
			if r.ID == c.params["roleId"] {
				a.Roles = append(a.Roles[:i], a.Roles[i+1:]...)
				found = true
				c.o.logEventLocked("app.oauth2.client.privilege.revoke", a.ClientID, c.p)
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

// GET /oauth2/v1/clients/{clientId}/roles/{roleId} → 200 or 404
// "(RoleAssignment)" — the idempotency check of docs/okta-automation.md fact 5.
func handleClientRole(c *call) {
	c.o.mu.Lock()
	base := c.o.canonicalLocked(c.r)
	a := c.o.Apps[c.params["clientId"]]
	var out map[string]any
	if a != nil {
		for _, r := range a.Roles {
			if r.ID == c.params["roleId"] {
				out = roleJSON(base, r, "CLIENT", clientRolesURL(base, a.ClientID))
			}
		}
	}
	c.o.mu.Unlock()
	switch {
	case a == nil:
		writeAPIError(c.w, notFound(c.params["clientId"]+" (Client)"))
	case out == nil:
		writeAPIError(c.w, notFound(c.params["roleId"]+" (RoleAssignment)"))
	default:
		writeJSON(c.w, http.StatusOK, out)
	}
}
