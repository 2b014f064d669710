package steps

import "github.com/fctr-id/tako-setup/checks"

// rotateDoneStep is the rotation's summary: the .env is re-read from disk
// and checked end to end as Tako will use it, and the old credential is
// proven dead once more.
func rotateDoneStep() Step {
	done := doneStep()
	return Step{
		ID:           RotateDone,
		Title:        "Done",
		Role:         Final,
		Prepare:      done.Prepare,
		CheckOnEnter: true,
		Checks:       rotateDoneChecks(),
		Absorb:       done.Absorb,
	}
}

// rotateDoneChecks are every engine check of either method, then the
// proofs that the old credential is dead (a check that does not apply to
// the method leaves no finding).
func rotateDoneChecks() []string {
	var out []string
	seen := map[string]bool{}
	for _, id := range append(checks.IDs(checks.OAuth2), checks.IDs(checks.APIToken)...) {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return append(out, checks.IDRotateOldKey, checks.IDRotateOldToken)
}
