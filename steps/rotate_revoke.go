package steps

import "github.com/fctr-id/tako-setup/checks"

// rotateRevokeStep: the .env now holds the new token; the old one is
// revoked — by the admin in the console, or, with explicit consent, by
// tako-setup sending DELETE /api/v1/api-tokens/current with the old token —
// and the engine proves it dead (401 E0000011). Revoking and proving are
// one step so that, if the old token still works, the admin can choose the
// other way without going back past the write.
func rotateRevokeStep() Step {
	return Step{
		ID:      RotateRevoke,
		Title:   "Revoke old",
		Applies: (*Answers).Token,
		Inputs: []Input{
			{
				Key:   "revoke-how",
				Label: "How should the old token be revoked?",
				Kind:  Choice,
				Choices: []Option{
					{Value: string(RevokeInConsole), Label: "I revoke it in the admin console", Note: "Security › API › Tokens › Revoke, then check"},
					{Value: string(RevokeByAPI), Label: "tako-setup revokes it now", Note: "DELETE /api/v1/api-tokens/current, sent with the old token"},
				},
				Required: true,
				Default:  func(*Answers) string { return string(RevokeInConsole) },
				Value:    func(a *Answers) string { return string(a.Rotation.Revoke) },
				Validate: func(v string) error { return oneOf(v, RevokeInConsole, RevokeByAPI) },
				Set: func(_ Env, a *Answers, v string) error {
					if err := oneOf(v, RevokeInConsole, RevokeByAPI); err != nil {
						return err
					}
					if how := RevokeHow(normChoice(v)); how != a.Rotation.Revoke {
						a.Rotation.Revoke, a.Rotation.RevokeNow = how, false
					}
					return nil
				},
			},
			{
				Key:   "revoke-confirm",
				Label: "Revoke the old token now? Okta cannot undo it.",
				Help:  "Only the old token is sent; the new one in the .env is not touched. No: revoke it in the console yourself.",
				Kind:  Choice,
				Choices: []Option{
					{Value: "no", Label: "No, I revoke it in the console"},
					{Value: "yes", Label: "Yes, revoke it now"},
				},
				Required: true,
				Applies:  func(a *Answers) bool { return a.Rotation.Revoke == RevokeByAPI },
				Value: func(a *Answers) string {
					if a.Rotation.RevokeNow {
						return "yes"
					}
					return ""
				},
				Validate: func(v string) error { return oneOf(v, "yes", "no") },
				Set: func(_ Env, a *Answers, v string) error {
					if err := oneOf(v, "yes", "no"); err != nil {
						return err
					}
					if normChoice(v) == "yes" {
						a.Rotation.RevokeNow = true
					} else {
						// No consent: the admin revokes it in the console.
						a.Rotation.Revoke, a.Rotation.RevokeNow = RevokeInConsole, false
					}
					return nil
				},
			},
		},
		Checks: []string{checks.IDRotateRevoke, checks.IDRotateOldToken},
		// Revoked in the console: wait for the admin to do it rather than
		// prove at once that the old token still works.
		AwaitsConsole: func(a *Answers) bool { return a.Rotation.Revoke == RevokeInConsole },
	}
}
