package steps

import (
	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/secret"
	"github.com/fctr-id/tako-setup/checks/takoenv"
)

// tokenValueStep: the SSWS token, typed masked (or from a file with
// --api-token-file); the engine proves it works and names the admin behind
// it and their roles.
func tokenValueStep() Step {
	return Step{
		ID:      TokenValue,
		Title:   "API token",
		Applies: (*Answers).Token,
		Inputs: []Input{{
			Key:        "api-token",
			Label:      "API token",
			Help:       "Paste it; it is never shown.",
			Kind:       Secret,
			Flag:       "api-token-file",
			Env:        "TAKO_SETUP_API_TOKEN_FILE",
			FlagIsFile: true,
			Required:   true,
			Value:      func(a *Answers) string { return masked(a.APIToken) },
			Validate:   validToken,
			Set: func(_ Env, a *Answers, v string) error {
				if err := validToken(v); err != nil {
					return err
				}
				a.APIToken = secret.New(checks.NormalizeToken(v))
				a.Answered(takoenv.KeyAPIToken)
				return nil
			},
		}},
		Checks: []string{checks.IDTokenValid, checks.IDTokenRoles, checks.IDAge},
	}
}
