package steps

import "github.com/fctr-id/tako-setup/checks"

// rotateOldKeyStep proves the old key dead: Okta refuses an assertion
// signed with it as Tako would send it (and, while several keys are
// active, named by its kid), and the app's key list shows it inactive or
// gone. Checked on entry.
func rotateOldKeyStep() Step {
	return Step{
		ID:           RotateOldKey,
		Title:        "Old key refused",
		Applies:      (*Answers).OAuth,
		Checks:       []string{checks.IDRotateOldKey},
		CheckOnEnter: true,
		Absorb:       absorbAppKeys,
	}
}
