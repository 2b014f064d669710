package steps

import "errors"

// OtherCredential is what to do with the other sign-in method's secret
// when the .env holds one: an API token when switching to OAuth 2.0, the
// OAuth 2.0 private key when switching to an API token.
type OtherCredential string

// The two answers; "" (not asked) means remove.
const (
	OtherRemove OtherCredential = "remove" // the default: no stale secret lingers
	OtherKeep   OtherCredential = "keep"
)

// HasOtherCredential reports whether the .env found at start holds the
// secret of the method not chosen, so the review asks what to do with it.
// A rotation never asks: it replaces its own credential and nothing else.
func (a *Answers) HasOtherCredential() bool {
	if a.Existing == nil || a.Rotation.Active() {
		return false
	}
	switch {
	case a.OAuth():
		return a.Existing.HasToken
	case a.Token():
		return a.Existing.HasKey
	}
	return false
}

// otherCredentialLabel asks about the other method's secret by its name.
func otherCredentialLabel(a *Answers) string {
	if a.OAuth() {
		return "The .env still holds an API token (OKTA_API_TOKEN):"
	}
	return "The .env still holds an OAuth 2.0 private key:"
}

// KeepOtherCredential reports whether the write must leave the other
// method's secret in the .env: only when the review asked and the answer
// was keep.
func (a *Answers) KeepOtherCredential() bool {
	return a.HasOtherCredential() && a.OtherCredential == OtherKeep
}

// otherCredentialInput is the review's question about the other method's
// secret. Non-interactive mode keeps it with --keep-other-credentials (or
// TAKO_SETUP_KEEP_OTHER_CREDENTIALS); without it, it is removed.
func otherCredentialInput() Input {
	return Input{
		Key:      "other-credential",
		Label:    "The .env still holds the other method's secret:",
		LabelFor: otherCredentialLabel,
		Help:     "Tako uses only the method you chose; a secret it does not use is one more to leak or forget to revoke.",
		Kind:     Choice,
		Choices: []Option{
			{Value: string(OtherRemove), Label: "Remove it", Note: "recommended: no unused secret is left"},
			{Value: string(OtherKeep), Label: "Keep the other method's credential", Note: "Tako ignores it",
				Flag: "keep-other-credentials"},
		},
		Required: true,
		Applies:  (*Answers).HasOtherCredential,
		Value:    func(a *Answers) string { return string(a.OtherCredential) },
		Default:  func(*Answers) string { return string(OtherRemove) },
		Validate: func(v string) error { return oneOf(v, OtherRemove, OtherKeep) },
		Set: func(_ Env, a *Answers, v string) error {
			if err := oneOf(v, OtherRemove, OtherKeep); err != nil {
				return errors.New("answer remove or keep")
			}
			a.OtherCredential = OtherCredential(normChoice(v))
			return nil
		},
	}
}
