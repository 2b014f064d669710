package emulator

import (
	"slices"
	"strings"
	"time"
)

// Role permission model (a choice; docs/okta-behavior.md §2, docs/okta-behavior.md §3 and docs/okta-behavior.md §4 only pin
// down a few points). A route needs one permission, named like the OAuth
// scope that guards it ("okta.users.read", "okta.apps.manage"); a .manage
// permission implies the matching .read.
//
//   - SUPER_ADMIN and ORG_ADMIN may do everything.
//   - READ_ONLY_ADMIN has every .read permission except okta.roles.read: a
//     read-only admin is refused role-assignment listings
//     (/oauth2/v1/clients/*/roles, /api/v1/users/*/roles, /api/v1/iam/*),
//     as a 3p live run observed (docs/okta-behavior.md §2). It may list API tokens
//     (okta.apiTokens.read) — [unconfirmed]: Okta does not say which admins
//     can list all tokens (docs/okta-behavior.md §4); we let the read-only admin see them.
//   - The other standard roles get the narrow sets in standardPermissions.
//   - CUSTOM roles have exactly Role.Permissions.
//   - No role: E0000006 on everything (except /api/v1/users/me for SSWS).
var standardPermissions = map[string][]string{
	"APP_ADMIN": {"okta.apps.manage", "okta.appGrants.manage", "okta.users.read",
		"okta.groups.read", "okta.apps.interclientTrust.read"},
	"USER_ADMIN":             {"okta.users.manage", "okta.groups.manage"},
	"HELP_DESK_ADMIN":        {"okta.users.read", "okta.groups.read"},
	"GROUP_MEMBERSHIP_ADMIN": {"okta.users.read", "okta.groups.manage"},
	"REPORT_ADMIN":           {"okta.logs.read", "okta.users.read", "okta.groups.read", "okta.apps.read"},
	"API_ACCESS_MANAGEMENT_ADMIN": {"okta.authorizationServers.manage", "okta.apps.read",
		"okta.clients.read", "okta.trustedOrigins.manage"},
}

// roleLabels are the console names of the standard roles.
var roleLabels = map[string]string{
	"SUPER_ADMIN":                 "Super Administrator",
	"ORG_ADMIN":                   "Organizational Administrator",
	"APP_ADMIN":                   "Application Administrator",
	"USER_ADMIN":                  "Group Administrator",
	"HELP_DESK_ADMIN":             "Help Desk Administrator",
	"READ_ONLY_ADMIN":             "Read Only Administrator",
	"GROUP_MEMBERSHIP_ADMIN":      "Group Membership Administrator",
	"REPORT_ADMIN":                "Report Administrator",
	"API_ACCESS_MANAGEMENT_ADMIN": "API Access Management Administrator",
}

// roleAllows reports whether one role grants permission perm.
func roleAllows(r Role, perm string) bool {
	if r.Status == "INACTIVE" {
		return false
	}
	switch r.Type {
	case "SUPER_ADMIN", "ORG_ADMIN":
		return true
	case "READ_ONLY_ADMIN":
		return strings.HasSuffix(perm, ".read") && perm != "okta.roles.read"
	case "CUSTOM":
		return permsAllow(r.Permissions, perm)
	default:
		return permsAllow(standardPermissions[r.Type], perm)
	}
}

// permsAllow reports whether a permission list grants perm, counting a
// .manage permission as its .read too.
func permsAllow(perms []string, perm string) bool {
	if slices.Contains(perms, perm) {
		return true
	}
	if base, ok := strings.CutSuffix(perm, ".read"); ok {
		return slices.Contains(perms, base+".manage")
	}
	return false
}

// rolesAllow reports whether any of roles grants perm.
func rolesAllow(roles []Role, perm string) bool {
	for _, r := range roles {
		if roleAllows(r, perm) {
			return true
		}
	}
	return false
}

// hasRoleType reports whether roles include an active assignment of t.
func hasRoleType(roles []Role, t string) bool {
	for _, r := range roles {
		if r.Type == t && r.Status != "INACTIVE" {
			return true
		}
	}
	return false
}

// scopeSatisfied reports whether a token's scopes cover need; a .manage
// scope covers its .read (docs/okta-behavior.md §7: ".manage implies the .read capabilities").
func scopeSatisfied(scopes []string, need string) bool {
	return permsAllow(scopes, need)
}

func standardRole(roleType string, now time.Time) Role {
	r := Role{Type: roleType}
	fillRoleDefaults(&r, now)
	return r
}

func customRole(label string, perms []string, now time.Time) Role {
	r := Role{Type: "CUSTOM", Label: label, Permissions: slices.Clone(perms)}
	fillRoleDefaults(&r, now)
	return r
}

func fillRoleDefaults(r *Role, now time.Time) {
	if r.ID == "" {
		// docs/okta-automation.md fact 5: a standard role's assignment id
		// is base32 of its type; a custom role's binding is irb….
		r.ID = StandardRoleID(r.Type)
		if r.Type == "CUSTOM" {
			r.ID = newID("irb")
		}
	}
	if r.Label == "" {
		r.Label = roleLabels[r.Type]
		if r.Label == "" {
			r.Label = r.Type
		}
	}
	if r.Status == "" {
		r.Status = "ACTIVE"
	}
	if r.Created.IsZero() {
		r.Created = now
	}
	if r.Type == "CUSTOM" {
		if r.CustomRoleID == "" {
			r.CustomRoleID = newID("cr0")
		}
		if r.ResourceSet == "" {
			r.ResourceSet = newID("iam")
		}
	}
}
