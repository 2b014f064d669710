package steps

import "github.com/fctr-id/tako-setup/checks"

// dpopStep: Tako cannot send DPoP proofs, so the app must not require them.
// Nothing to type: the check runs on entry and, if DPoP is on, the help says
// exactly which box to untick.
func dpopStep() Step {
	return Step{
		ID:           DPoP,
		Title:        "DPoP off",
		Applies:      (*Answers).OAuth,
		Checks:       []string{checks.IDOAuthDPoP},
		CheckOnEnter: true,
	}
}
