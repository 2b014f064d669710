package steps

import (
	"errors"

	"github.com/fctr-id/tako-setup/checks/secret"
)

// ErrStaleReview is returned by Env.WriteEnv when it wrote nothing because
// what the review showed is no longer what would be written: the .env was
// changed on disk after the preview, or the answers changed. Front ends go
// back to the review and show a fresh preview.
var ErrStaleReview = errors.New("the .env would no longer get the changes shown in the review")

// Env is the side effects a step may need, injected by the front end so that
// steps stay pure and testable. Every field is optional; a step that needs
// a missing one returns an error saying so.
type Env struct {
	// ReadFile reads a file; "-" should read standard input.
	ReadFile func(name string) ([]byte, error)
	// ParseKey turns pasted or file text (PKCS#8/PKCS#1 PEM or a JWK) into a
	// Key. Defaults to ParseKey in this package.
	ParseKey func(text string) (*Key, error)
	// GenerateKey makes a new RSA key of the given size. Defaults to
	// GenerateKey in this package.
	GenerateKey func(bits int) (*Key, error)
	// Preview returns the masked diff the .env would undergo. Front ends
	// call it once per showing (not on every frame): an Env may keep the
	// edit it describes and write exactly that.
	Preview func(a *Answers) (string, error)
	// WriteEnv writes the .env from the answers (atomically, with a
	// backup). When what the last preview showed is no longer what it
	// would write, it writes nothing and returns an error wrapping
	// ErrStaleReview.
	WriteEnv func(a *Answers) (WriteResult, error)
	// ReadBack re-reads the written .env into fresh answers (secrets
	// included, in memory only), for the final check.
	ReadBack func(path string) (*Answers, error)
	// Automate runs the automatic setup for the answers (the automatic
	// branch's work, docs/okta-automation.md) and fills in what it did:
	// ClientID, Key, Granted, ConcurrentLimit, Written and Auto.Result.
	Automate func(a *Answers) error
}

// parse uses e.ParseKey or the package default.
func (e Env) parse(text string) (*Key, error) {
	if e.ParseKey != nil {
		return e.ParseKey(text)
	}
	return ParseKey(text)
}

// masked is what Input.Value returns for a set secret.
func masked(s secret.Secret) string {
	if s.IsZero() {
		return ""
	}
	return s.Mask()
}
