package steps

// rotateReviewTokenStep shows the change to the .env (only the token) and
// asks to write it. Both tokens work until the old one is revoked, so Tako
// keeps working throughout.
func rotateReviewTokenStep() Step {
	return Step{
		ID:      RotateReviewToken,
		Title:   "Write new token",
		Role:    ReviewRole,
		Applies: (*Answers).Token,
		Inputs:  reviewStep().Inputs,
	}
}
