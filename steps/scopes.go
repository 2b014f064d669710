package steps

import (
	"errors"
	"strings"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/takoenv"
)

// scopesStep: the Okta API scopes granted to the app. The check compares
// Tako's list (or --scopes) with what Okta grants; the .env gets the granted
// subset, because Tako asks for every listed scope in one request.
func scopesStep() Step {
	return Step{
		ID:      Scopes,
		Title:   "API scopes",
		Applies: (*Answers).OAuth,
		Inputs: []Input{{
			Key:      "scopes",
			Label:    "Scopes to request",
			Help:     "Space- or comma-separated; empty means Tako's default list.",
			Kind:     Text,
			Flag:     "scopes",
			Env:      "TAKO_SETUP_SCOPES",
			FlagOnly: true,
			Value:    func(a *Answers) string { return strings.Join(a.Scopes, " ") },
			Set: func(_ Env, a *Answers, v string) error {
				scopes := splitScopes(v)
				if p := checks.ScopeNamesProblem(scopes); p != "" {
					return errors.New(p + "; separate the names with spaces or commas")
				}
				a.Scopes = scopes
				a.Answered(takoenv.KeyScopes)
				a.Granted = nil
				return nil
			},
		}},
		Checks:       []string{checks.IDOAuthScopes},
		CheckOnEnter: true,
		Absorb: func(a *Answers, r checks.Report) {
			if len(r.Recommended.Scopes) > 0 {
				a.Granted = append([]string(nil), r.Recommended.Scopes...)
			}
		},
	}
}
