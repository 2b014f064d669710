package envfile

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/inputfile"
	"github.com/fctr-id/tako-setup/checks/secret"
)

// Tako's Okta keys (see docs/tako-env.md). Apply edits these and nothing else.
const (
	KeyOrgURL          = "OKTA_CLIENT_ORGURL"
	KeyMethod          = "TOKEN_METHOD"
	KeyClientID        = "OKTA_OAUTH2_CLIENT_ID"
	KeyScopes          = "OKTA_OAUTH2_SCOPES"
	KeyPrivateKey      = "OKTA_OAUTH2_PRIVATE_KEY_PEM"
	KeyAPIToken        = "OKTA_API_TOKEN"
	KeyConcurrentLimit = "OKTA_CONCURRENT_LIMIT"

	// Legacy names Tako still reads; Apply replaces them by the names above.
	KeyOrgURLLegacy   = "OKTA_ORG_URL"
	KeyAPITokenLegacy = "SSWS_API_KEY"
)

// oktaKeys lists the canonical keys in the order Apply writes new ones.
var oktaKeys = []string{KeyOrgURL, KeyMethod, KeyClientID, KeyScopes, KeyPrivateKey, KeyAPIToken, KeyConcurrentLimit}

// legacyOf maps a canonical key to its legacy alias.
var legacyOf = map[string]string{KeyOrgURL: KeyOrgURLLegacy, KeyAPIToken: KeyAPITokenLegacy}

// IsOktaKey reports whether key is one of Tako's Okta keys (canonical or
// legacy), the only keys Apply touches.
func IsOktaKey(key string) bool {
	switch key {
	case KeyOrgURL, KeyMethod, KeyClientID, KeyScopes, KeyPrivateKey, KeyAPIToken, KeyConcurrentLimit, KeyOrgURLLegacy, KeyAPITokenLegacy:
		return true
	}
	return false
}

// Settings are Tako's Okta settings. A zero field means "not set" (and, for
// Apply, "leave as it is").
type Settings struct {
	// OrgURL as written, e.g. https://example.okta.com.
	OrgURL string
	// Method is checks.OAuth2 or checks.APIToken; "" if TOKEN_METHOD is unset.
	// An unknown value read from a file is kept (upper-cased) for Validate to
	// report.
	Method checks.Method
	// ClientID of the API Services app (OAuth 2.0).
	ClientID string
	// PrivateKeyPEM is the PKCS#8 PEM (OAuth 2.0).
	PrivateKeyPEM secret.Secret
	// APIToken is the SSWS token (API token method).
	APIToken secret.Secret
	// Scopes requested by Tako (OAuth 2.0), without quotes.
	Scopes []string
	// ConcurrentLimit is OKTA_CONCURRENT_LIMIT; 0 if unset or not an integer
	// (Problems says which).
	ConcurrentLimit int
}

// Settings returns the Okta settings as Tako reads them: canonical names
// first, then the legacy aliases OKTA_ORG_URL and SSWS_API_KEY; TOKEN_METHOD
// case-insensitive; scopes stripped of surrounding quotes and split on
// spaces.
func (d *Doc) Settings() Settings {
	var s Settings
	s.OrgURL = strings.TrimSpace(d.getEither(KeyOrgURL, KeyOrgURLLegacy))
	if m, ok := d.Get(KeyMethod); ok && strings.TrimSpace(m) != "" {
		s.Method = checks.Method(strings.ToUpper(strings.TrimSpace(m)))
	}
	s.ClientID, _ = d.Get(KeyClientID)
	s.ClientID = strings.TrimSpace(s.ClientID)
	if v, ok := d.Get(KeyPrivateKey); ok {
		s.PrivateKeyPEM = secret.New(v)
	}
	if v := d.getEither(KeyAPIToken, KeyAPITokenLegacy); v != "" {
		s.APIToken = secret.New(strings.TrimSpace(v))
	}
	if v, ok := d.Get(KeyScopes); ok {
		s.Scopes = splitScopes(v)
	}
	if v, ok := d.Get(KeyConcurrentLimit); ok {
		if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil {
			s.ConcurrentLimit = n
		}
	}
	return s
}

// getEither returns key's value, or failing that the legacy alias's.
func (d *Doc) getEither(key, legacy string) string {
	if v, ok := d.Get(key); ok && v != "" {
		return v
	}
	v, _ := d.Get(legacy)
	return v
}

// splitScopes does what Tako does with OKTA_OAUTH2_SCOPES: strip surrounding
// quotes, split on spaces.
func splitScopes(v string) []string {
	v = strings.Trim(strings.TrimSpace(v), `"'`)
	f := strings.Fields(v)
	if len(f) == 0 {
		return nil
	}
	return f
}

// Load reads and parses the .env at path (for `tako-setup check` and
// re-runs). A missing file is an error wrapping fs.ErrNotExist. Settings
// that are present but unusable (a non-integer OKTA_CONCURRENT_LIMIT, an
// unknown TOKEN_METHOD, an unreadable line) are reported by Doc.Problems,
// not as an error.
func Load(path string) (Settings, *Doc, error) {
	data, err := inputfile.Read(path, inputfile.EnvLimit)
	if err != nil {
		return Settings{}, nil, fmt.Errorf("reading %s: %w", path, err)
	}
	doc := Parse(data)
	doc.onDisk = true
	return doc.Settings(), doc, nil
}
