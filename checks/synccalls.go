package checks

import (
	"context"
	"encoding/json"
	"net/url"
	"slices"
	"strings"
)

// syncCall is one family of the calls Tako's sync makes with an id
// (docs/tako-env.md, "What Tako's sync calls"). Its list calls — users,
// groups, apps, authenticators, policies — are proven by the scope probes;
// these need an id, so they can only follow a list. A custom role may
// allow a list and refuse the calls under it.
type syncCall struct {
	family string // as the finding names it
	scope  string // the scope (and admin permission) Okta's spec puts on it
	path   string // with {user} or {app}
}

// syncCalls are the id-scoped families. A user's factors need
// okta.users.read: Okta's current spec has no grantable okta.factors.read.
var syncCalls = []syncCall{
	{family: "a user's groups", scope: "okta.users.read", path: "/api/v1/users/{user}/groups"},
	{family: "a user's factors", scope: "okta.users.read", path: "/api/v1/users/{user}/factors"},
	{family: "an app's users", scope: scopeAppsRead, path: "/api/v1/apps/{app}/users?limit=1"},
}

// syncIDs are the ids the id-scoped calls are made with.
type syncIDs struct{ user, app string }

// fill puts the ids into the call's path; ok is false when the id it needs
// is not known.
func (c syncCall) fill(ids syncIDs) (string, bool) {
	p := c.path
	for ph, id := range map[string]string{"{user}": ids.user, "{app}": ids.app} {
		if strings.Contains(p, ph) {
			if id == "" {
				return "", false
			}
			p = strings.ReplaceAll(p, ph, url.PathEscape(id))
		}
	}
	return p, true
}

// syncOutcome is what one id-scoped call showed.
type syncOutcome struct {
	call syncCall
	pr   *probe
	// notMade says why the call was not made (no id, scope not granted).
	notMade string
}

// syncCallsFor sends the id-scoped calls the ids allow, at once, and
// returns every family's outcome. allowed says whether the credential
// may make a call at all (an OAuth token needs the scope).
func (r *run) syncCallsFor(ctx context.Context, ids syncIDs, cred credential, allowed func(scope string) bool, only func(c syncCall) bool) []syncOutcome {
	var out []syncOutcome
	var calls []*probe
	for _, c := range syncCalls {
		if only != nil && !only(c) {
			continue
		}
		o := syncOutcome{call: c}
		path, ok := c.fill(ids)
		switch {
		case !allowed(c.scope):
			o.notMade = "the token does not carry " + c.scope
		case !ok && strings.Contains(c.path, "{user}"):
			o.notMade = "Okta listed no user to ask about"
		case !ok:
			o.notMade = "no app to ask about"
		default:
			o.pr = &probe{scope: c.scope, path: path}
			calls = append(calls, o.pr)
		}
		out = append(out, o)
	}
	if len(calls) > 0 {
		r.runProbes(ctx, calls, cred)
	}
	return out
}

// firstID reads the id of the first object of a list answer ("" when the
// list is empty or was refused).
func firstID(pr *probe) string {
	if pr == nil || pr.outcome() != probeOK {
		return ""
	}
	var list []struct {
		ID string `json:"id"`
	}
	if json.Unmarshal(pr.a.body, &list) != nil || len(list) == 0 {
		return ""
	}
	return list[0].ID
}

// readAllRoles are the standard roles that may read every resource Tako
// lists and everything under it.
var readAllRoles = []string{"SUPER_ADMIN", "ORG_ADMIN", "READ_ONLY_ADMIN"}

// rolesReadAll reports whether the role is known to read all Tako's sync
// calls, so that the id-scoped calls need no wave of their own: a listed
// role that reads everything, or the Read-only Administrator's signature —
// the role listing refused by the role while every core list call
// succeeded (a read-only admin may not list role assignments). A custom
// role, or a role that cannot be told, gets the id-scoped calls.
func rolesReadAll(roles []roleAssignment, rolesKnown bool, rolesRefused, coreListsOK bool) bool {
	if rolesKnown {
		for _, ro := range roles {
			if slices.Contains(readAllRoles, ro.Type) && ro.Status != "INACTIVE" {
				return true
			}
		}
		return false
	}
	return rolesRefused && coreListsOK
}

// syncSummary classifies the id-scoped calls for a roles finding: refused
// by the role, not judged (transport, 5xx …), and a sentence for the
// detail.
func syncSummary(outs []syncOutcome, skipped string) (refused, untested []string, sentence string) {
	if len(outs) == 0 {
		return nil, nil, skipped
	}
	var parts []string
	for _, o := range outs {
		fam := o.call.family
		switch {
		case o.pr == nil:
			parts = append(parts, fam+": not made ("+o.notMade+")")
		case o.pr.outcome() == probeOK:
			parts = append(parts, fam+": allowed")
		case o.pr.outcome() == probeNoRole:
			parts = append(parts, fam+": refused by the admin role (E0000006)")
			refused = append(refused, fam)
		default:
			parts = append(parts, fam+": could not be tested ("+o.pr.why()+")")
			untested = append(untested, fam)
		}
	}
	return refused, untested, " Tako's sync calls that need an id — " + strings.Join(parts, "; ") + "." + skipped
}
