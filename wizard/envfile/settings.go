package envfile

import (
	"fmt"

	"github.com/fctr-id/tako-setup/checks/inputfile"
	"github.com/fctr-id/tako-setup/checks/takoenv"
)

// Tako's Okta keys, as checks/takoenv names them (docs/tako-env.md). Apply
// edits these and nothing else.
const (
	KeyOrgURL          = takoenv.KeyOrgURL
	KeyMethod          = takoenv.KeyMethod
	KeyClientID        = takoenv.KeyClientID
	KeyScopes          = takoenv.KeyScopes
	KeyPrivateKey      = takoenv.KeyPrivateKey
	KeyAPIToken        = takoenv.KeyAPIToken
	KeyConcurrentLimit = takoenv.KeyConcurrentLimit

	// Legacy names Tako's settings do not read; Apply replaces them by the
	// names above.
	KeyOrgURLLegacy   = takoenv.KeyOrgURLLegacy
	KeyAPITokenLegacy = takoenv.KeyAPITokenLegacy
)

// oktaKeys lists the canonical keys in the order Apply writes new ones.
var oktaKeys = takoenv.OktaKeys

// legacyOf maps a canonical key to its legacy alias.
var legacyOf = takoenv.LegacyOf

// IsOktaKey reports whether key is one of Tako's Okta keys (canonical or
// legacy), the only keys Apply touches.
func IsOktaKey(key string) bool { return takoenv.IsOktaKey(key) }

// Settings are Tako's Okta settings: the one settings model, checks/takoenv's.
// A zero field means "not set" (and, for Apply, "leave as it is").
type Settings = takoenv.Settings

// Settings returns the Okta settings as Tako reads them, with the issues
// Tako's rules find in the file (takoenv.Read).
func (d *Doc) Settings() Settings { return takoenv.Read(d.reading()) }

// reading is the doc as python-dotenv reads it, built in one pass: Tako's
// rules look at every variable (a NUL byte anywhere stops Tako), and Get
// scans the whole file each time, which would make a large file quadratic.
func (d *Doc) reading() reading {
	r := reading{vals: map[string]string{}}
	seen := map[string]bool{}
	for _, s := range d.segs {
		if s.key == "" {
			continue
		}
		if !seen[s.key] {
			seen[s.key] = true
			r.keys = append(r.keys, s.key)
		}
		if s.hasValue {
			r.vals[s.key] = s.value
		} else {
			delete(r.vals, s.key) // the last occurrence counts: KEY without "=" is unset
		}
	}
	return r
}

// reading is a takoenv.Source: each key's value (the last occurrence
// wins), and the keys in order of first appearance.
type reading struct {
	keys []string
	vals map[string]string
}

func (r reading) Get(key string) (string, bool) { v, ok := r.vals[key]; return v, ok }
func (r reading) Keys() []string                { return r.keys }

// splitScopes does what Tako does with OKTA_OAUTH2_SCOPES.
func splitScopes(v string) []string { return takoenv.SplitScopes(v) }

// Load reads and parses the .env at path (for `tako-setup check` and
// re-runs). A missing file is an error wrapping fs.ErrNotExist. Settings
// that are present but unusable (a non-integer OKTA_CONCURRENT_LIMIT, an
// unknown TOKEN_METHOD, an unreadable line) are reported by Doc.Problems,
// not as an error; what stops Tako from starting is in Settings.Issues.
func Load(path string) (Settings, *Doc, error) {
	data, err := inputfile.Read(path, inputfile.EnvLimit)
	if err != nil {
		return Settings{}, nil, fmt.Errorf("reading %s: %w", path, err)
	}
	doc := Parse(data)
	doc.onDisk = true
	return doc.Settings(), doc, nil
}
