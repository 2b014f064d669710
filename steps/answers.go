package steps

import (
	"crypto"
	"strconv"
	"strings"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/secret"
	"github.com/fctr-id/tako-setup/checks/takoenv"
)

// Start is what the user wants to do when a .env already exists.
type Start string

// The welcome screen's choices.
const (
	StartSetup  Start = "setup"  // set up again (the existing values are proposed)
	StartCheck  Start = "check"  // check the existing .env live
	StartRotate Start = "rotate" // rotate its key or token (the rotation graph)
)

// KeySource is where the OAuth 2.0 private key comes from.
type KeySource string

// The three key sources.
const (
	KeyKeep     KeySource = "keep" // the key already in the .env
	KeyPaste    KeySource = "paste"
	KeyFile     KeySource = "file"
	KeyGenerate KeySource = "generate"
)

// Key is an OAuth 2.0 private key as the wizard holds it.
type Key struct {
	// Private is the parsed key (any type, so the engine can explain why a
	// non-RSA key will not do for Tako).
	Private crypto.PrivateKey
	// PEM is the key as PKCS#8 PEM, exactly what goes into the .env.
	PEM secret.Secret
	// PublicJWK is the public half as a JWK (kid, use=sig, alg=RS256), ready
	// for Okta's "Add key". Set for generated keys and when derivable.
	PublicJWK []byte
	// KID is the RFC 7638 thumbprint of the public key (or the JWK's kid).
	KID string
	// OktaKID is the kid the app's key list shows for this key in the
	// console, when the engine read the list and it differs from KID (a
	// key made with Okta's "Generate new key" has Okta's kid). See
	// ConsoleKID.
	OktaKID string
	// Bits is the RSA modulus size (0 for non-RSA keys).
	Bits int
	// Generated is true when the key was made here.
	Generated bool
}

// Existing summarises a .env found on disk (no secret values: only whether
// they are set).
type Existing struct {
	Path      string
	OrgURL    string
	Method    checks.Method
	ClientID  string
	HasKey    bool
	HasToken  bool
	Scopes    int
	Limit     int
	Unrelated int // other variables kept as they are
}

// Answers is everything the steps ask and learn. Setters write into it; the
// check engine reads it through CheckInput; the .env writer through the
// front end's Env.
type Answers struct {
	// Existing is the .env found at start (nil when there is none).
	Existing *Existing
	Start    Start

	// Settings are what the .env will say about Okta (the org URL, method,
	// client ID, key text, token, scopes, limit) — or, before anything is
	// answered, what the existing .env says, with the issues Tako's rules
	// find in it. It is the one settings model (checks/takoenv): the
	// engine's input and the writer's settings are made from it.
	takoenv.Settings

	KeySource KeySource
	// KeyPath is the file the key was read from (KeyFile source).
	KeyPath string
	// Key is the parsed form of Settings.PrivateKeyPEM (its public JWK, kid,
	// whether it was generated here). Set it with SetKey.
	Key *Key

	// Granted is the granted subset the scopes check found; it is what goes
	// into OKTA_OAUTH2_SCOPES (Tako asks for all listed scopes at once, so
	// listing a scope the app lacks would break every token request).
	// Settings.Scopes is what the user wants, what the engine is asked to
	// prove (empty = Tako's default list).
	Granted []string
	// RecommendedLimit is the engine's recommendation (0 = unknown).
	RecommendedLimit int

	// OtherCredential is the review's answer about the other method's
	// secret in the .env (see HasOtherCredential); "" = remove.
	OtherCredential OtherCredential
	// Confirmed is the review step's answer.
	Confirmed bool
	// Written is the result of the write step.
	Written *WriteResult
	// Final is the report of the file re-read from disk (Done step).
	Final *checks.Report

	// Rotation is what `tako-setup rotate` keeps besides the above (Key and
	// APIToken then hold the new credential): see rotate_answers.go.
	Rotation Rotation

	// Auto is the automatic branch (automatic.go).
	Auto AutoAnswers
}

// WriteResult is what the write step reports.
type WriteResult struct {
	Path   string
	Backup string // "" when there was no file to back up
	// Unchanged: the file already held exactly this, so nothing was
	// written and no backup made.
	Unchanged bool
}

// OAuth reports whether the OAuth 2.0 branch is chosen.
func (a *Answers) OAuth() bool { return a.Method == checks.OAuth2 }

// Token reports whether the API-token branch is chosen.
func (a *Answers) Token() bool { return a.Method == checks.APIToken }

// CheckInput is the engine input for these answers: the settings through
// takoenv.Input (the one converter every path uses), plus the credential a
// rotation retires.
func (a *Answers) CheckInput() checks.Input {
	in := takoenv.Input(a.Settings)
	in.Retired = a.Rotation.retired()
	return in
}

// SetKey makes k the OAuth 2.0 key: its PEM is what the .env gets (and what
// the engine tests), its kid the one it is checked under. nil clears it.
func (a *Answers) SetKey(k *Key) {
	a.Key = k
	a.PrivateKeyPEM, a.KeyID = secret.Secret{}, ""
	if k != nil {
		a.PrivateKeyPEM, a.KeyID = k.PEM, k.KID
	}
	a.Answered(takoenv.KeyPrivateKey)
}

// EnvSettings are the settings the .env is written with: the chosen
// method's credential only, and the granted scopes. They describe no file
// yet (no Present, no Issues): the writer validates the edited file itself.
func (a *Answers) EnvSettings() takoenv.Settings {
	s := a.Settings
	s.KeyID, s.Scopes = "", a.EnvScopes()
	s.Present, s.Issues = nil, nil
	switch a.Method {
	case checks.OAuth2:
		s.APIToken = secret.Secret{}
	case checks.APIToken:
		s.ClientID, s.PrivateKeyPEM, s.Scopes = "", secret.Secret{}, nil
	}
	return s
}

// EnvScopes is the scope list to write: the granted subset when the check
// has run, else the wanted list (nil = Tako's default).
func (a *Answers) EnvScopes() []string {
	if len(a.Granted) > 0 {
		return a.Granted
	}
	return a.Scopes
}

// splitScopes accepts scopes separated by spaces, commas or newlines.
func splitScopes(v string) []string {
	f := strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\t' })
	seen := map[string]bool{}
	var out []string
	for _, s := range f {
		s = strings.Trim(s, `"'`)
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

func itoa(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}
