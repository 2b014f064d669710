package checks

import "strings"

// FileIssue is a reason Tako cannot use the .env as written, found by
// reading the file (checks/takoenv, which fills Input.FileIssues), or, with
// Warns, something about the file to fix that does not stop Tako (a .env
// with a secret that every user of the machine may read). The engine still
// tests everything it can, and fails (or, when every issue only warns,
// warns) the org finding with the issues: a check that passes means Tako
// starts with the file.
type FileIssue struct {
	// Refuses is true when Tako would not start at all.
	Refuses bool
	// Warns is true when Tako can use the file, but it should be fixed.
	Warns bool
	// Problem says what is wrong; Fix the exact line to write (or command
	// to run).
	Problem string
	Fix     string
}

// fileFinding fails the org finding with the input's file issues (or warns
// it, when they only warn), keeping what the org check itself found after
// them.
func (r *run) fileFinding() {
	if len(r.in.FileIssues) == 0 || !r.wants(IDOrg) {
		return
	}
	status, title := Warn, "Tako can use this .env, but it needs a fix"
	var problems, fixes []string
	for _, is := range r.in.FileIssues {
		switch {
		case is.Refuses:
			status, title = Fail, "Tako will not start with this .env"
		case !is.Warns && status != Fail:
			status, title = Fail, "Tako cannot use this .env as written"
		}
		problems = append(problems, is.Problem)
		fixes = append(fixes, is.Fix)
	}
	detail := strings.Join(problems, " ")
	fix := strings.Join(fixes, " ")
	if f, ok := r.findings[IDOrg]; ok && f.Status != Skip {
		detail += " (Org check: " + strings.TrimSuffix(f.Title, ".") + ". " + f.Detail + ")"
		if f.Status == Fail {
			if status != Fail {
				// Only warnings about the file: the org's failure leads.
				title = f.Title
			}
			status = Fail
			if f.Fix != "" {
				fix += " " + f.Fix
			}
		}
	}
	r.findings[IDOrg] = Finding{ID: IDOrg, Status: status, Title: title, Detail: detail, Fix: fix}
}
