package steps

import (
	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/takoenv"
)

// orgURLStep asks for the Okta org URL and proves it is a real, reachable
// org (not the parked placeholder, not the -admin host).
func orgURLStep() Step {
	return Step{
		ID:    OrgURL,
		Title: "Okta org URL",
		Inputs: []Input{{
			Key:         "org-url",
			Label:       "Okta org URL",
			Help:        "The address you sign in to, without -admin: https://acme.okta.com",
			Kind:        Text,
			Placeholder: "https://acme.okta.com",
			Flag:        "org-url",
			Env:         "TAKO_SETUP_ORG_URL",
			Required:    true,
			Value:       func(a *Answers) string { return a.OrgURL },
			Default: func(a *Answers) string {
				if a.Existing != nil {
					return a.Existing.OrgURL
				}
				return ""
			},
			Validate: func(v string) error { _, err := normalizeOrgURL(v); return err },
			Set: func(_ Env, a *Answers, v string) error {
				u, err := normalizeOrgURL(v)
				if err != nil {
					return err
				}
				a.OrgURL = u
				a.Answered(takoenv.KeyOrgURL)
				return nil
			},
		}},
		Checks: []string{checks.IDOrg, checks.IDClock},
		Absorb: func(a *Answers, r checks.Report) {
			if r.OrgURL != "" && r.OrgURL != a.OrgURL {
				if f, ok := r.Find(checks.IDOrg); ok && f.Status != checks.Fail {
					a.OrgURL = r.OrgURL
				}
			}
		},
	}
}
