package emulator

import (
	"encoding/json"
	"net/http"
	"slices"
	"time"
)

// iamObject is a custom role (cr0…) or a resource set (iam…) made through
// /api/v1/iam (docs/okta-automation.md §7).
type iamObject struct {
	ID, Label, Description string
	Permissions            []string // roles
	Resources              []string // resource sets
	Created                time.Time
}

// iamPrefix is the id prefix of each kind.
var iamPrefix = map[string]string{"roles": "cr0", "resource-sets": "iam"}

// iamPermissionScopes maps a custom-role permission to the emulator's
// route permissions it opens. "okta.iam.read" ("view roles, resources and
// admin assignments") opens the role-assignment listings, which the
// emulator guards with okta.roles.read [unconfirmed which endpoints it
// opens, docs/okta-automation.md §13.10].
var iamPermissionScopes = map[string][]string{"okta.iam.read": {"okta.roles.read"}}

func (o *Org) iamFindLocked(kind, idOrLabel string) *iamObject {
	for _, x := range o.writes.iam[kind] {
		if x.ID == idOrLabel || x.Label == idOrLabel {
			return x
		}
	}
	return nil
}

func iamJSON(base, kind string, x *iamObject) map[string]any {
	m := map[string]any{"id": x.ID, "label": x.Label, "description": x.Description,
		"created": oktaTime(x.Created), "lastUpdated": oktaTime(x.Created)}
	self := base + "/api/v1/iam/" + kind + "/" + x.ID
	if kind == "roles" {
		m["_links"] = map[string]any{"self": href(self), "permissions": href(self + "/permissions")}
	} else {
		m["_links"] = map[string]any{"self": href(self), "resources": href(self + "/resources"), "bindings": href(self + "/bindings")}
	}
	return m
}

// POST /api/v1/iam/{roles|resource-sets} → 200 (docs/okta-automation.md §7).
// Labels are unique (400 E0000001 [unconfirmed wording]). Super Admin only.
func handleCreateIAM(kind string) func(c *call) {
	return func(c *call) {
		if !c.superAdminOnly() {
			return
		}
		raw, err := readBody(c.r)
		var b struct {
			Label, Description string
			Permissions        []string `json:"permissions"`
			Resources          []string `json:"resources"`
		}
		if err != nil || json.Unmarshal(raw, &b) != nil {
			writeMgmtError(c.w, codeMalformed, "")
			return
		}
		o := c.o
		o.mu.Lock()
		defer o.mu.Unlock()
		switch {
		case b.Label == "":
			writeAPIError(c.w, validationError(kind, "label: The field cannot be left blank"))
			return
		case o.iamFindLocked(kind, b.Label) != nil:
			writeAPIError(c.w, validationError(kind, "label: A "+kind[:len(kind)-1]+" with this label already exists."))
			return
		}
		x := &iamObject{ID: newID(iamPrefix[kind]), Label: b.Label, Description: b.Description,
			Permissions: b.Permissions, Resources: b.Resources, Created: o.nowLocked()}
		if o.writes.iam == nil {
			o.writes.iam = map[string][]*iamObject{}
		}
		o.writes.iam[kind] = append(o.writes.iam[kind], x)
		ev := map[string]string{"roles": "iam.role.create", "resource-sets": "iam.resourceset.create"}[kind]
		o.logEventLocked(ev, x.ID, c.p)
		writeJSON(c.w, http.StatusOK, iamJSON(o.canonicalLocked(c.r), kind, x))
	}
}

// GET /api/v1/iam/{roles|resource-sets}/{idOrLabel} → 200 or 404.
func handleGetIAM(kind string) func(c *call) {
	return func(c *call) {
		c.o.mu.Lock()
		x := c.o.iamFindLocked(kind, c.params["id"])
		var body map[string]any
		if x != nil {
			body = iamJSON(c.o.canonicalLocked(c.r), kind, x)
		}
		c.o.mu.Unlock()
		if body == nil {
			writeAPIError(c.w, notFound(c.params["id"]+" ("+kind+")"))
			return
		}
		writeJSON(c.w, http.StatusOK, body)
	}
}

// GET /api/v1/iam/{roles|resource-sets}: {"roles":[…]} / {"resource-sets":[…]}.
func handleListIAM(kind string) func(c *call) {
	return func(c *call) {
		c.o.mu.Lock()
		base := c.o.canonicalLocked(c.r)
		out := []any{}
		for _, x := range c.o.writes.iam[kind] {
			out = append(out, iamJSON(base, kind, x))
		}
		c.o.mu.Unlock()
		writeJSON(c.w, http.StatusOK, map[string]any{kind: out, "_links": map[string]any{}})
	}
}

// DELETE /api/v1/iam/{roles|resource-sets}/{id} → 204. Super Admin only.
func handleDeleteIAM(kind string) func(c *call) {
	return func(c *call) {
		if !c.superAdminOnly() {
			return
		}
		c.o.mu.Lock()
		before := len(c.o.writes.iam[kind])
		c.o.writes.iam[kind] = slices.DeleteFunc(c.o.writes.iam[kind], func(x *iamObject) bool { return x.ID == c.params["id"] })
		gone := len(c.o.writes.iam[kind]) < before
		c.o.mu.Unlock()
		if !gone {
			writeAPIError(c.w, notFound(c.params["id"]+" ("+kind+")"))
			return
		}
		c.w.WriteHeader(http.StatusNoContent)
	}
}

// customPermissionsLocked are the permissions a CUSTOM assignment of role
// id carries in the emulator's model (permissions.go), or nil.
func (o *Org) customPermissionsLocked(roleID string) []string {
	x := o.iamFindLocked("roles", roleID)
	if x == nil {
		return nil
	}
	out := slices.Clone(x.Permissions)
	for _, p := range x.Permissions {
		out = append(out, iamPermissionScopes[p]...)
	}
	return out
}

// hasCustomBinding reports whether roles hold this role over this set.
func hasCustomBinding(roles []Role, roleID, resourceSet string) bool {
	for _, r := range roles {
		if r.Type == "CUSTOM" && r.CustomRoleID == roleID && r.ResourceSet == resourceSet {
			return true
		}
	}
	return false
}

// IAMLabels lists the labels of the custom roles ("roles") or resource
// sets ("resource-sets") made through /api/v1/iam.
func (o *Org) IAMLabels(kind string) []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	var out []string
	for _, x := range o.writes.iam[kind] {
		out = append(out, x.Label)
	}
	return out
}
