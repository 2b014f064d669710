package steps

// rotateTokenCreateStep explains how to create the new token: signed in as
// the same read-only admin as the old one, restricted to a network zone.
// Nothing to check yet: the token is checked on the next step.
func rotateTokenCreateStep() Step {
	return Step{
		ID:      RotateTokenCreate,
		Title:   "Create token",
		Applies: (*Answers).Token,
	}
}
