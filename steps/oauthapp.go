package steps

import (
	"strings"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/takoenv"
)

// oauthAppStep: create the API Services app in the console and give its
// client ID; the engine proves the client exists and is a service app.
func oauthAppStep() Step {
	return Step{
		ID:      OAuthApp,
		Title:   "API Services app",
		Applies: (*Answers).OAuth,
		Inputs: []Input{{
			Key:         "client-id",
			Label:       "Client ID",
			Help:        "On the app's General tab, under Client Credentials.",
			Kind:        Text,
			Placeholder: "0oa…",
			Flag:        "client-id",
			Env:         "TAKO_SETUP_CLIENT_ID",
			Required:    true,
			Value:       func(a *Answers) string { return a.ClientID },
			Default: func(a *Answers) string {
				if a.Existing != nil {
					return a.Existing.ClientID
				}
				return ""
			},
			Validate: validClientID,
			Set: func(_ Env, a *Answers, v string) error {
				if err := validClientID(v); err != nil {
					return err
				}
				a.ClientID = strings.TrimSpace(v)
				a.Answered(takoenv.KeyClientID)
				return nil
			},
		}},
		Checks: []string{checks.IDOAuthClient},
	}
}
