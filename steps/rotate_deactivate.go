package steps

import "github.com/fctr-id/tako-setup/checks"

// rotateDeactivateStep: the .env now holds the new key; the admin
// deactivates the old key at once, and the engine proves the new key works
// the way Tako sends it — without a kid, which needs exactly one active
// key. It waits for the admin (AwaitsConsole): until the old key is
// deactivated the check can only fail, so it runs when the admin says so
// (or while a front end watches Okta).
func rotateDeactivateStep() Step {
	return Step{
		ID:            RotateDeactivate,
		Title:         "Deactivate old",
		Applies:       (*Answers).OAuth,
		Checks:        []string{checks.IDRotateOneKey},
		AwaitsConsole: func(*Answers) bool { return true },
		Absorb:        absorbAppKeys,
	}
}
