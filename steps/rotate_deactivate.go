package steps

import "github.com/fctr-id/tako-setup/checks"

// rotateDeactivateStep: the .env now holds the new key; the admin
// deactivates the old key at once, and the engine proves the new key works
// the way Tako sends it — without a kid, which needs exactly one active
// key. Checked on entry (until the old key is deactivated it fails, and
// says which key to deactivate) and again on Enter.
func rotateDeactivateStep() Step {
	return Step{
		ID:      RotateDeactivate,
		Title:   "Deactivate old",
		Applies: (*Answers).OAuth,
		Checks:  []string{checks.IDRotateOneKey},
	}
}
