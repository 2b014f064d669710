package emulator

import (
	"net/http"
	"strings"
	"time"
)

// lookupUserLocked resolves a user path parameter: an id, a login, or
// "me" (the SSWS token's creator, docs/okta-behavior.md §4).
func (c *call) lookupUserLocked(id string) *User {
	if id == "me" {
		if !c.p.ssws {
			return nil
		}
		return c.o.Users[c.p.userID]
	}
	if u := c.o.Users[id]; u != nil {
		return u
	}
	for _, u := range c.o.Users {
		if strings.EqualFold(u.Login, id) {
			return u
		}
	}
	return nil
}

// sortedUsersLocked lists users by creation, then id, for stable output.
func (o *Org) sortedUsersLocked() []*User {
	return byCreation(o.Users, func(u *User) (time.Time, string) { return u.Created, u.ID })
}

// GET /api/v1/users
func handleUsers(c *call) {
	c.o.mu.Lock()
	base := c.o.canonicalLocked(c.r)
	var out []any
	for _, u := range c.o.sortedUsersLocked() {
		out = append(out, userJSON(base, u))
	}
	c.o.mu.Unlock()
	writeJSON(c.w, http.StatusOK, limitList(out, limitParam(c.r)))
}

// GET /api/v1/users/{id}. /users/me with an OAuth service token has no
// user behind it: we answer 404 E0000007 [unconfirmed, docs/okta-behavior.md §4].
func handleUser(c *call) {
	c.o.mu.Lock()
	base := c.o.canonicalLocked(c.r)
	u := c.lookupUserLocked(c.params["id"])
	var body map[string]any
	if u != nil {
		body = userJSON(base, u)
	}
	c.o.mu.Unlock()
	if body == nil {
		writeAPIError(c.w, notFound(c.params["id"]+" (User)"))
		return
	}
	writeJSON(c.w, http.StatusOK, body)
}

// GET /api/v1/users/{id}/roles (docs/okta-behavior.md §3.2).
func handleUserRoles(c *call) {
	c.o.mu.Lock()
	base := c.o.canonicalLocked(c.r)
	u := c.lookupUserLocked(c.params["id"])
	var out []any
	if u != nil {
		for _, r := range u.Roles {
			out = append(out, roleJSON(base, r, "USER", base+"/api/v1/users/"+u.ID))
		}
	}
	c.o.mu.Unlock()
	if u == nil {
		writeAPIError(c.w, notFound(c.params["id"]+" (User)"))
		return
	}
	writeJSON(c.w, http.StatusOK, limitList(out, 0))
}
