package steps

// tokenCreateStep explains how to create the API token (signed in as a
// read-only administrator, restricted to a network zone). Nothing to check
// yet: the token is checked on the next step.
func tokenCreateStep() Step {
	return Step{
		ID:      TokenCreate,
		Title:   "Create the token",
		Applies: (*Answers).Token,
	}
}
