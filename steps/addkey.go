package steps

import (
	"slices"

	"github.com/fctr-id/tako-setup/checks"
)

// keyNotOnAppTitles are the oauth.key failures that mean Okta has no
// public half of this key on the app (checks/oauth.go, keyFinding): the
// app has no public key, the key does not match the one it has, or it is
// not among its active keys. The engine's Finding carries no reason code,
// so the titles are matched; addkey_test.go runs the engine against the
// emulated org for each case so that a changed title fails a test.
var keyNotOnAppTitles = []string{
	"The app has no public key",
	"The key does not match the app's public key",
	"The key is not one of the app's active keys",
	"Okta could not find this key on the app",
}

// KeyNotOnApp reports whether a key step's findings say that Okta does not
// know the key: adding its public key to the app is then the fix.
func KeyNotOnApp(findings []checks.Finding) bool {
	for _, f := range findings {
		if f.ID == checks.IDOAuthKey && f.Status == checks.Fail && slices.Contains(keyNotOnAppTitles, f.Title) {
			return true
		}
	}
	return false
}

// PublicKeyToAdd is the public JWK a key step's front end shows (and
// copies) for Okta's "Add key", or nil when there is nothing to add:
//   - a key generated here, until its check passes (Okta cannot know it
//     before the admin adds it);
//   - a pasted, file or kept key that Okta says is not on the app, so the
//     admin can add it instead of hunting for the matching public key.
//
// passed is whether the step's check passed. The JWK is public: showing
// it reveals nothing of the private key.
func PublicKeyToAdd(a *Answers, findings []checks.Finding, passed bool) []byte {
	k := a.Key
	switch {
	case k == nil || len(k.PublicJWK) == 0 || passed:
		return nil
	case k.Generated, KeyNotOnApp(findings):
		return k.PublicJWK
	}
	return nil
}
