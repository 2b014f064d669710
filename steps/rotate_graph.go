package steps

// The rotation graph's own steps (`tako-setup rotate`). The .env is
// written by the setup graph's Write step, reused as is.
const (
	RotateCurrent     ID = "rotate-current"
	RotateKey         ID = "rotate-key"
	RotateReviewKey   ID = "rotate-review-key"
	RotateTokenCreate ID = "rotate-token-create"
	RotateToken       ID = "rotate-token"
	RotateReviewToken ID = "rotate-review-token"
	RotateDeactivate  ID = "rotate-deactivate"
	RotateOldKey      ID = "rotate-old-key"
	RotateRevoke      ID = "rotate-revoke"
	RotateDone        ID = "rotate-done"
)

// Rotate is the rotation graph: replace the .env's key or token without a
// broken Tako in between, and prove the old one dead. Start it with
// answers from BeginRotation.
//
// OAuth 2.0: the current key is checked → a new key is generated here (or
// supplied) and added to the app → Okta accepts it named by its kid (Tako,
// which sends no kid, fails while two keys are active) → the .env gets the
// new key → the old key is deactivated and the new key works as Tako sends
// it → the old key is refused → everything is checked from the file.
//
// API token: the current token is checked → a new token is created and
// checked (same admin, network zone) → the .env gets it → the old token is
// revoked, in the console or with consent by tako-setup, and proven dead →
// everything is checked from the file.
//
// The .env is written once, after the new credential is proven, so it
// always holds either the old working credential or the new verified one.
func Rotate() Graph {
	return Graph{
		rotateCurrentStep(),
		rotateKeyStep(),
		rotateReviewKeyStep(),
		rotateTokenCreateStep(),
		rotateTokenStep(),
		rotateReviewTokenStep(),
		writeStep(),
		rotateDeactivateStep(),
		rotateOldKeyStep(),
		rotateRevokeStep(),
		rotateDoneStep(),
	}
}

// KeyStep reports whether id is a step that asks for an OAuth 2.0 private
// key with privateKeyStep's inputs (setup's private-key, rotation's
// rotate-key). Front ends show a generated key's public JWK there, offer to
// copy it, and route a pasted key to its key input.
func KeyStep(id ID) bool { return id == PrivateKey || id == RotateKey }
