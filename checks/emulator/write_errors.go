package emulator

import "net/http"

// Error codes of the write API (docs/okta-automation.md §10), added to the
// catalogue in errors.go.
const (
	codeMalformed     = "E0000003" // 400
	codeDeleteActive  = "E0000056" // 403
	codeRoleAssigned  = "E0000090" // 409
	codeRoleNotClient = "E0000227" // 400
)

func init() {
	for code, v := range map[string]struct {
		summary string
		status  int
	}{
		codeMalformed:     {"The request body was not well-formed.", http.StatusBadRequest},
		codeDeleteActive:  {"Delete application forbidden.", http.StatusForbidden},
		codeRoleAssigned:  {"The role specified is already assigned to the user.", http.StatusConflict},
		codeRoleNotClient: {"Roles can only be granted to service application type", http.StatusBadRequest},
	} {
		codeSummaries[code] = v.summary
		codeStatus[code] = v.status
	}
}

// superAdminOnly answers 403 E0000006 unless the caller holds SUPER_ADMIN:
// "Only the Super Admin role has the permissions to grant scopes to an
// app", "Only Okta super admins can assign roles" (docs/okta-automation.md
// fact 2). It reports whether the call may go on.
func (c *call) superAdminOnly() bool {
	if hasRoleType(c.p.roles, "SUPER_ADMIN") {
		return true
	}
	writeMgmtError(c.w, codeForbidden, "")
	return false
}
