package emulator

import (
	"net/http"
	"strings"
)

// call is one management request that passed authentication and
// authorization, handed to a route's handler.
type call struct {
	s      *Server
	o      *Org
	w      http.ResponseWriter
	r      *http.Request
	p      *principal
	params map[string]string
}

// mgmtRoute is one management endpoint.
type mgmtRoute struct {
	method  string
	pattern string // segments; "{name}" matches one segment
	// scope is the OAuth scope a Bearer/DPoP token needs (docs/okta-behavior.md §7); it also
	// names the admin permission needed unless perm is set.
	scope string
	perm  string
	// selfSSWS: an SSWS caller needs no admin role (/api/v1/users/me).
	selfSSWS bool
	// sswsOnly: OAuth callers are refused (DELETE /api/v1/api-tokens/current).
	sswsOnly bool
	handle   func(c *call)
}

// matchRoute finds the route for method and path. methodMismatch is true
// when the path exists but not with this method (405).
func matchRoute(routes []mgmtRoute, method, path string) (rt *mgmtRoute, params map[string]string, methodMismatch bool) {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	for i := range routes {
		p, ok := matchPattern(routes[i].pattern, segs)
		if !ok {
			continue
		}
		if routes[i].method != method {
			methodMismatch = true
			continue
		}
		return &routes[i], p, false
	}
	return nil, nil, methodMismatch
}

func matchPattern(pattern string, segs []string) (map[string]string, bool) {
	ps := strings.Split(strings.Trim(pattern, "/"), "/")
	if len(ps) != len(segs) {
		return nil, false
	}
	params := map[string]string{}
	for i, p := range ps {
		if strings.HasPrefix(p, "{") && strings.HasSuffix(p, "}") {
			if segs[i] == "" {
				return nil, false
			}
			params[p[1:len(p)-1]] = segs[i]
			continue
		}
		if p != segs[i] {
			return nil, false
		}
	}
	return params, true
}

// serveManagement runs a management request through Okta's order of
// checks (docs/okta-behavior.md §2): rate limit → authentication → route → scope (OAuth only,
// header-only 403) → admin role (403 E0000006) → feature enabled
// (401 E0000015) → handler. Unknown paths answer 404 E0000007 once the
// caller is authenticated [unconfirmed: Okta may route before auth].
func (s *Server) serveManagement(w http.ResponseWriter, r *http.Request) {
	ok, done := s.admit(w, r, false)
	defer done()
	if !ok {
		return
	}
	s.delay(r)
	o := s.Org
	o.mu.Lock()
	p, fail := o.authenticateLocked(r)
	base := o.canonicalLocked(r)
	disabled := o.featureDisabledLocked(r.URL.Path)
	o.mu.Unlock()
	if fail != nil {
		fail.write(w)
		return
	}

	rt, params, badMethod := matchRoute(managementRoutes, r.Method, r.URL.Path)
	if rt == nil {
		switch {
		case disabled:
			writeMgmtError(w, codeFeature, "")
		case badMethod:
			writeMgmtError(w, codeMethod, "")
		default:
			writeAPIError(w, notFound(r.URL.Path))
		}
		return
	}
	if !p.ssws {
		if rt.sswsOnly {
			// [unconfirmed] docs/okta-behavior.md §4: the endpoint is SSWS-only; an OAuth
			// caller is refused like a caller without permission.
			writeMgmtError(w, codeForbidden, "")
			return
		}
		if rt.scope != "" && !scopeSatisfied(p.scopes, rt.scope) {
			insufficientScope(r, base, p, rt.scope).write(w)
			return
		}
	}
	selfAllowed := p.ssws && (rt.sswsOnly || (rt.selfSSWS && params["id"] == "me"))
	if !selfAllowed {
		perm := rt.perm
		if perm == "" {
			perm = rt.scope
		}
		if !rolesAllow(p.roles, perm) {
			writeMgmtError(w, codeForbidden, "")
			return
		}
	}
	if disabled {
		writeMgmtError(w, codeFeature, "")
		return
	}
	rt.handle(&call{s: s, o: o, w: w, r: r, p: p, params: params})
}

// featureDisabledLocked reports whether path is under a DisabledFeatures
// prefix.
func (o *Org) featureDisabledLocked(path string) bool {
	for _, p := range o.DisabledFeatures {
		if p != "" && strings.HasPrefix(path, p) {
			return true
		}
	}
	return false
}
