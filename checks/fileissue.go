package checks

import "strings"

// FileIssue is a reason Tako cannot use the .env as written, found by
// reading the file (checks/takoenv, which fills Input.FileIssues). The
// engine still tests everything it can, and fails the org finding with the
// issues: a check that passes means Tako starts with the file.
type FileIssue struct {
	// Refuses is true when Tako would not start at all.
	Refuses bool
	// Problem says what is wrong; Fix the exact line to write.
	Problem string
	Fix     string
}

// fileFinding fails the org finding with the input's file issues, keeping
// what the org check itself found after them.
func (r *run) fileFinding() {
	if len(r.in.FileIssues) == 0 || !r.wants(IDOrg) {
		return
	}
	title := "Tako cannot use this .env as written"
	var problems, fixes []string
	for _, is := range r.in.FileIssues {
		if is.Refuses {
			title = "Tako will not start with this .env"
		}
		problems = append(problems, is.Problem)
		fixes = append(fixes, is.Fix)
	}
	detail := strings.Join(problems, " ")
	fix := strings.Join(fixes, " ")
	if f, ok := r.findings[IDOrg]; ok && f.Status != Skip {
		detail += " (Org check: " + strings.TrimSuffix(f.Title, ".") + ". " + f.Detail + ")"
		if f.Status == Fail && f.Fix != "" {
			fix += " " + f.Fix
		}
	}
	r.findings[IDOrg] = Finding{ID: IDOrg, Status: Fail, Title: title, Detail: detail, Fix: fix}
}
