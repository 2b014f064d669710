package provision

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/fctr-id/tako-setup/checks"
)

// superAdmin is the role the bootstrap token's admin must hold
// (docs/okta-automation.md fact 2).
const superAdmin = "SUPER_ADMIN"

// admin is who the token acts as.
type admin struct {
	ID, Login string
}

// discover asks the org who it is (no credentials sent), reported as a call.
func discover(ctx context.Context, o *okta) (checks.OrgInfo, error) {
	o.mu.Lock()
	o.nextID++
	id := o.nextID
	o.mu.Unlock()
	label := "Find the org: GET /.well-known/okta-organization"
	o.emit(Event{Kind: CallStart, Phase: "preflight", ID: id, Method: http.MethodGet, Path: "/.well-known/okta-organization", Label: label})
	info, f := o.api.Discover(ctx)
	ev := Event{Kind: CallDone, Phase: "preflight", ID: id, Method: http.MethodGet, Path: "/.well-known/okta-organization", Label: label, Status: http.StatusOK}
	if f != nil {
		ev.Status, ev.Err = 0, f.Title
		o.emit(ev)
		if ctx.Err() != nil {
			return info, ctx.Err()
		}
		return info, fmt.Errorf("%s: %s %s", f.Title, f.Detail, f.Fix)
	}
	o.emit(ev)
	return info, nil
}

// preflight proves the token is a Super Administrator's before anything
// changes (docs/okta-automation.md §9.2 (a)), and reads the org setting
// "Public client app admins". Refusals are *RefusedError.
func preflight(ctx context.Context, o *okta) (admin, bool, error) {
	var who admin
	ans, err := o.call(ctx, "preflight", "Who is this token? GET /api/v1/users/me", http.MethodGet, "/api/v1/users/me", nil)
	if err != nil {
		return who, false, err
	}
	switch ans.Status {
	case http.StatusOK:
	case http.StatusUnauthorized:
		return who, false, &RefusedError{
			Reason: "Okta refuses this API token (401 " + code(ans) + "): it is invalid, revoked or expired.",
			Fix:    "Create a new token while signed in as a Super Administrator (Security › API › Tokens › Create token) and give it to tako-setup."}
	case http.StatusForbidden:
		return who, false, &RefusedError{
			Reason: "Okta refuses this API token from this machine (403 " + code(ans) + " on /api/v1/users/me, which every token may read): the token is limited to network zones that do not include this machine's address.",
			Fix:    "Create the token with \"Any IP\" or a zone that includes this machine (Security › API › Tokens › Create token › \"Only allow API calls from IPs within…\")."}
	default:
		return who, false, answerError("Who is this token?", ans)
	}
	var me struct {
		ID      string `json:"id"`
		Profile struct {
			Login string `json:"login"`
		} `json:"profile"`
	}
	if err := ans.JSON("the token's admin (/api/v1/users/me)", &me); err != nil {
		return who, false, err
	}
	who = admin{ID: me.ID, Login: me.Profile.Login}
	ans, err = o.call(ctx, "preflight", "Is "+who.Login+" a Super Administrator? GET /api/v1/users/{id}/roles", http.MethodGet, "/api/v1/users/"+who.ID+"/roles", nil)
	if err != nil {
		return who, false, err
	}
	if ans.Status == http.StatusForbidden {
		return who, false, &RefusedError{
			Reason: fmt.Sprintf("The token belongs to %s, who may not read admin role assignments (403 %s), so they are not a Super Administrator. Only a Super Administrator can grant Okta API scopes to an app and assign it an admin role; nothing was changed.", who.Login, code(ans)),
			Fix:    "Create the token while signed in as a Super Administrator, or ask one to run tako-setup. This token was not changed: delete it (Security › API › Tokens) only if you made it just for this — not if Tako or anything else uses it."}
	}
	if ans.Status != http.StatusOK {
		return who, false, answerError("Reading the token's admin roles", ans)
	}
	var roles []struct {
		Type, Label, Status string
	}
	if err := ans.JSON("the admin's roles", &roles); err != nil {
		return who, false, err
	}
	var labels []string
	isSuper := false
	for _, r := range roles {
		labels = append(labels, r.Label)
		isSuper = isSuper || (r.Type == superAdmin && r.Status != "INACTIVE")
	}
	if !isSuper {
		held := "no admin role"
		if len(labels) > 0 {
			held = "the roles " + strings.Join(labels, ", ")
		}
		return who, false, &RefusedError{
			Reason: fmt.Sprintf("The token belongs to %s, who has %s but not Super Administrator. Only a Super Administrator can grant Okta API scopes to an app and assign it an admin role; nothing was changed.", who.Login, held),
			Fix:    "Create the token while signed in as a Super Administrator, or ask one to run tako-setup. This token was not changed: delete it (Security › API › Tokens) only if you made it just for this — not if Tako or anything else uses it."}
	}
	ans, err = o.expect(ctx, "preflight", "Read the org setting \"Public client app admins\": GET /api/v1/org/settings/clientPrivilegesSetting",
		http.MethodGet, "/api/v1/org/settings/clientPrivilegesSetting", nil, http.StatusOK)
	if err != nil {
		return who, false, err
	}
	var setting struct {
		On bool `json:"clientPrivilegesSetting"`
	}
	if err := ans.JSON("the org setting clientPrivilegesSetting", &setting); err != nil {
		return who, false, err
	}
	return who, setting.On, nil
}

// code is the Okta error code of an answer, or "".
func code(ans *checks.APIAnswer) string {
	if ans.Err == nil {
		return ""
	}
	return ans.Err.Code
}
