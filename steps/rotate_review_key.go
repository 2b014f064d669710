package steps

// rotateReviewKeyStep shows the change to the .env (only the key) and asks
// to write it. Its help says plainly that Tako is failing right now —
// two active keys and no kid — and that deactivating the old key right
// after the write is what makes it work again.
func rotateReviewKeyStep() Step {
	return Step{
		ID:      RotateReviewKey,
		Title:   "Write new key",
		Role:    ReviewRole,
		Applies: (*Answers).OAuth,
		Inputs:  reviewStep().Inputs,
	}
}
