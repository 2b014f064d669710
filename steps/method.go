package steps

import (
	"fmt"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/takoenv"
)

// methodStep chooses how Tako authenticates: OAuth 2.0 (recommended) or an
// API token. It decides the branch every later step follows.
func methodStep() Step {
	return Step{
		ID:    Method,
		Title: "Sign-in method",
		Inputs: []Input{{
			Key:   "method",
			Label: "How should Tako sign in to Okta?",
			Kind:  Choice,
			Choices: []Option{
				{Value: "oauth2", Label: "OAuth 2.0 (recommended)", Note: "an API Services app with a private key; scoped, auditable"},
				{Value: "api-token", Label: "API token", Note: "an SSWS token that acts as the admin who made it"},
				{Value: methodAutomatic, Label: "Let tako-setup do the console steps",
					Note: "needs a temporary Super Administrator API token"},
			},
			Flag:     "method",
			Env:      "TAKO_SETUP_METHOD",
			Required: true,
			Value: func(a *Answers) string {
				if a.Auto.On {
					return methodAutomatic
				}
				switch a.Method {
				case checks.OAuth2:
					return "oauth2"
				case checks.APIToken:
					return "api-token"
				}
				return ""
			},
			Default: func(a *Answers) string {
				if a.Existing != nil && a.Existing.Method == checks.APIToken {
					return "api-token"
				}
				return "oauth2"
			},
			Validate: func(v string) error {
				if normChoice(v) == methodAutomatic {
					return nil
				}
				_, err := parseMethod(v)
				return err
			},
			Set: func(_ Env, a *Answers, v string) error {
				a.Auto.On = normChoice(v) == methodAutomatic
				if a.Auto.On {
					a.Method = checks.OAuth2
					return nil
				}
				m, err := parseMethod(v)
				if err != nil {
					return err
				}
				a.Method = m
				// A whole setup writes both keys Tako needs to start.
				a.Answered(takoenv.KeyMethod, takoenv.KeyAPIToken)
				return nil
			},
		}},
	}
}

// parseMethod accepts the flag spellings and the .env spellings.
func parseMethod(v string) (checks.Method, error) {
	switch normChoice(v) {
	case "oauth2", "oauth", "oauth-2.0":
		return checks.OAuth2, nil
	case "api-token", "token", "ssws":
		return checks.APIToken, nil
	}
	return "", fmt.Errorf("%q is not a method: choose oauth2 or api-token", v)
}
