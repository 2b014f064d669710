package takoenv

// Tako's Okta variables (docs/tako-env.md, "Okta variables").
const (
	KeyOrgURL          = "OKTA_CLIENT_ORGURL"
	KeyMethod          = "TOKEN_METHOD"
	KeyClientID        = "OKTA_OAUTH2_CLIENT_ID"
	KeyScopes          = "OKTA_OAUTH2_SCOPES"
	KeyPrivateKey      = "OKTA_OAUTH2_PRIVATE_KEY_PEM"
	KeyAPIToken        = "OKTA_API_TOKEN"
	KeyConcurrentLimit = "OKTA_CONCURRENT_LIMIT"

	// Legacy names read only by Tako's query-time client: they do not let
	// Tako start. The writer replaces them by the names above.
	KeyOrgURLLegacy   = "OKTA_ORG_URL"
	KeyAPITokenLegacy = "SSWS_API_KEY"
)

// OktaKeys are the canonical keys, in the order a writer adds new ones.
var OktaKeys = []string{KeyOrgURL, KeyMethod, KeyClientID, KeyScopes, KeyPrivateKey, KeyAPIToken, KeyConcurrentLimit}

// StartKeys are the keys Tako's settings require, whatever TOKEN_METHOD is.
var StartKeys = []string{KeyOrgURL, KeyAPIToken}

// LegacyOf maps a canonical key to its legacy alias.
var LegacyOf = map[string]string{KeyOrgURL: KeyOrgURLLegacy, KeyAPIToken: KeyAPITokenLegacy}

// IsOktaKey reports whether key is one of Tako's Okta keys, canonical or
// legacy: the only keys tako-setup writes.
func IsOktaKey(key string) bool {
	switch key {
	case KeyOrgURLLegacy, KeyAPITokenLegacy:
		return true
	}
	for _, k := range OktaKeys {
		if k == key {
			return true
		}
	}
	return false
}
