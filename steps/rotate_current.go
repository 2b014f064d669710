package steps

import "github.com/fctr-id/tako-setup/checks"

// rotateCurrentStep checks the credential the .env holds now, as Tako uses
// it, before anything changes: a key that works, an app that already has
// several active keys (an earlier rotation stopped half-way), a token that
// has expired. Checked on entry.
func rotateCurrentStep() Step {
	return Step{
		ID:           RotateCurrent,
		Title:        "Check current",
		Checks:       []string{checks.IDRotateCurrent},
		CheckOnEnter: true,
		Absorb:       absorbAppKeys,
	}
}
