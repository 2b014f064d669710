package wizard

import "github.com/fctr-id/tako-setup/checks"

// checkNames say, in a person's words, what each check proves: a skipped
// check is named by what it would have shown, never as a bare "Not checked".
var checkNames = map[string]string{
	checks.IDOrg:            "the org answers as Okta",
	checks.IDClock:          "this machine's clock",
	checks.IDOAuthClient:    "the API Services app",
	checks.IDOAuthKey:       "the private key",
	checks.IDOAuthKid:       "one active key on the app",
	checks.IDOAuthDPoP:      "DPoP off",
	checks.IDOAuthScopes:    "the granted scopes",
	checks.IDOAuthRoles:     "the admin role",
	checks.IDTokenValid:     "the API token works",
	checks.IDTokenRoles:     "the token's admin role",
	checks.IDTokenNetwork:   "the token's network restriction",
	checks.IDAge:            "the credential's age",
	checks.IDRateLimit:      "the rate limit",
	checks.IDRotateCurrent:  "the current credential",
	checks.IDRotateNewKey:   "the new key",
	checks.IDRotateOneKey:   "one active key on the app",
	checks.IDRotateOldKey:   "the old key is refused",
	checks.IDRotateOwner:    "the new token's admin",
	checks.IDRotateRevoke:   "revoking the old token",
	checks.IDRotateOldToken: "the old token is refused",
}

// checkName is what check id proves, or the id itself.
func checkName(id string) string {
	if n, ok := checkNames[id]; ok {
		return n
	}
	return id
}
