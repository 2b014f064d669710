package takoenv

import (
	"slices"
	"strconv"
	"strings"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/secret"
)

// Settings are what a .env says about Okta — or, in the wizard, what it
// will say once written. A zero field means "not set".
type Settings struct {
	// OrgURL as Tako would use it (surrounding spaces removed; the Issues
	// say when the file writes it otherwise).
	OrgURL string
	// Method is checks.OAuth2 or checks.APIToken; "" when TOKEN_METHOD is
	// unset (Tako then uses an API token). An unknown value read from a file
	// is kept, upper-cased, for the engine to report.
	Method checks.Method
	// ClientID of the API Services app (OAuth 2.0).
	ClientID string
	// PrivateKeyPEM is the key text exactly as Tako would read it (OAuth 2.0).
	PrivateKeyPEM secret.Secret
	// KeyID is the kid the key is registered under on the app, when known
	// (a pasted JWK's kid). It is never written to the .env: Tako sends no kid.
	KeyID string
	// APIToken is the SSWS token (API token method).
	APIToken secret.Secret
	// Scopes Tako requests (OAuth 2.0), without quotes; nil = Tako's default.
	Scopes []string
	// ConcurrentLimit is OKTA_CONCURRENT_LIMIT; 0 if unset or not an integer.
	ConcurrentLimit int

	// Present lists the Okta keys (canonical or legacy) the file sets, in
	// OktaKeys order then the legacy names; nil for settings not read from a
	// file.
	Present []string
	// Issues are the reasons Tako would refuse to start with the file, or
	// would read it otherwise than tako-setup tests it (see Contract).
	Issues []Issue
}

// Issue is one breach of Tako's rules about a .env. Its texts name keys
// and lines to write, never a secret value.
type Issue struct {
	// Key is the variable concerned ("" for the whole file).
	Key string
	// Refuses is true when Tako would not start at all with the file
	// (otherwise it starts but cannot use the setting as written).
	Refuses bool
	// Writer is true when tako-setup's writer fixes the issue as soon as
	// the settings of Key are answered again and written.
	Writer bool
	// Problem says what is wrong, Fix the exact line to write.
	Problem string
	Fix     string
}

// Has reports whether the file the settings were read from sets key.
func (s Settings) Has(key string) bool { return slices.Contains(s.Present, key) }

// TokenMethod is the method Tako uses: TOKEN_METHOD, or API_TOKEN (Tako's
// default) when unset.
func (s Settings) TokenMethod() checks.Method {
	if s.Method == "" {
		return checks.APIToken
	}
	return s.Method
}

// Answered drops the issues about keys the user has answered again: the
// writer writes those keys afresh, in the form Tako needs. Issues the
// writer cannot fix (a NUL byte in another variable) stay.
func (s *Settings) Answered(keys ...string) {
	var kept []Issue
	for _, is := range s.Issues {
		if !(is.Writer && slices.Contains(keys, is.Key)) {
			kept = append(kept, is)
		}
	}
	s.Issues = kept
}

// Source is a parsed .env as python-dotenv reads it (the last occurrence of
// a key wins; a KEY without "=" is not set). wizard/envfile's Doc is one.
type Source interface {
	// Get returns the value Tako would read for key.
	Get(key string) (string, bool)
	// Keys lists every key set in the file, once each.
	Keys() []string
}

// Read returns the Okta settings of a .env as Tako reads them, with the
// issues Contract finds in it. Values come from the canonical names, else
// from the legacy aliases (so that the engine can still test a token Tako
// would not find; the issue says so); TOKEN_METHOD is read case-insensitively;
// scopes are stripped of surrounding quotes and split on spaces.
func Read(src Source) Settings {
	var s Settings
	for _, k := range append(slices.Clone(OktaKeys), KeyOrgURLLegacy, KeyAPITokenLegacy) {
		if _, ok := src.Get(k); ok {
			s.Present = append(s.Present, k)
		}
	}
	if s.Present == nil {
		s.Present = []string{}
	}
	s.OrgURL = strings.TrimSpace(either(src, KeyOrgURL, KeyOrgURLLegacy))
	if m, ok := src.Get(KeyMethod); ok && strings.TrimSpace(m) != "" {
		s.Method = checks.Method(strings.ToUpper(strings.TrimSpace(m)))
	}
	v, _ := src.Get(KeyClientID)
	s.ClientID = strings.TrimSpace(v)
	if v, ok := src.Get(KeyPrivateKey); ok && v != "" {
		s.PrivateKeyPEM = secret.New(v)
	}
	if v := strings.TrimSpace(either(src, KeyAPIToken, KeyAPITokenLegacy)); v != "" {
		s.APIToken = secret.New(v)
	}
	if v, ok := src.Get(KeyScopes); ok {
		s.Scopes = SplitScopes(v)
	}
	if v, ok := src.Get(KeyConcurrentLimit); ok {
		if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil {
			s.ConcurrentLimit = n
		}
	}
	s.Issues = Contract(src)
	return s
}

// either returns key's value, or failing that (unset or empty) the legacy
// alias's.
func either(src Source, key, legacy string) string {
	if v, ok := src.Get(key); ok && strings.TrimSpace(v) != "" {
		return v
	}
	v, _ := src.Get(legacy)
	return v
}

// SplitScopes does what Tako does with OKTA_OAUTH2_SCOPES: strip
// surrounding quotes, split on spaces.
func SplitScopes(v string) []string {
	v = strings.Trim(strings.TrimSpace(v), `"'`)
	f := strings.Fields(v)
	if len(f) == 0 {
		return nil
	}
	return f
}
