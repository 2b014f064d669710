package steps

import "github.com/fctr-id/tako-setup/checks"

// adminRolesStep: the app needs an admin role (read-only administrator is
// the recommendation) for its scopes to return data. Checked on entry.
func adminRolesStep() Step {
	return Step{
		ID:           AdminRoles,
		Title:        "Admin role",
		Applies:      (*Answers).OAuth,
		Checks:       []string{checks.IDOAuthRoles},
		CheckOnEnter: true,
	}
}
