package steps

import (
	"errors"
	"fmt"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/secret"
)

// Rotation is what `tako-setup rotate` keeps besides the usual answers.
// During a rotation Answers.Key and Answers.APIToken hold the new
// credential; the old one is here, so that every step (and the checks,
// through CheckInput) can prove which is which.
type Rotation struct {
	// OldKey is the OAuth 2.0 key the .env held when the rotation began.
	OldKey *Key
	// OldToken is the API token the .env held when the rotation began.
	OldToken secret.Secret
	// Revoke is how the old token is revoked.
	Revoke RevokeHow
	// RevokeNow is the admin's explicit consent to revoke the old token
	// with DELETE /api/v1/api-tokens/current (RevokeByAPI only).
	RevokeNow bool
}

// RevokeHow is how the old API token is revoked.
type RevokeHow string

// The two ways to revoke the old token.
const (
	RevokeInConsole RevokeHow = "manual" // the admin revokes it in the admin console ("console" is a line-mode command)
	RevokeByAPI     RevokeHow = "api"    // tako-setup sends DELETE …/api-tokens/current with it
)

// Active reports whether the answers are a rotation's.
func (r Rotation) Active() bool { return r.OldKey != nil || !r.OldToken.IsZero() }

// retired is the engine's view of the old credential (nil outside a
// rotation).
func (r Rotation) retired() *checks.Retired {
	if !r.Active() {
		return nil
	}
	ret := &checks.Retired{APIToken: r.OldToken, Revoke: r.Revoke == RevokeByAPI && r.RevokeNow}
	if r.OldKey != nil {
		ret.PrivateKey, ret.KeyID = r.OldKey.Private, r.OldKey.ConsoleKID()
	}
	return ret
}

// ErrNothingToRotate means the .env holds no credential to rotate.
var ErrNothingToRotate = errors.New("nothing to rotate")

// BeginRotation turns the answers loaded from an existing .env into a
// rotation's starting answers: the credential in the file becomes the old
// one, and the new one is still to be made. Everything else (org, client
// ID, scopes, limit) stays as the file has it.
func BeginRotation(a Answers) (Answers, error) {
	if a.Existing == nil {
		return a, fmt.Errorf("%w: there is no .env with Okta settings here; run tako-setup (without rotate) to create one", ErrNothingToRotate)
	}
	path := a.Existing.Path
	switch a.Method {
	case checks.OAuth2:
		switch {
		case a.Key == nil && a.Existing.HasKey:
			return a, fmt.Errorf("%w: the private key in %s cannot be read, so the old key cannot be proven dead; run tako-setup check to see why, or tako-setup to set up again", ErrNothingToRotate, path)
		case a.Key == nil:
			return a, fmt.Errorf("%w: %s has no OKTA_OAUTH2_PRIVATE_KEY_PEM; run tako-setup to set up a key", ErrNothingToRotate, path)
		case a.ClientID == "":
			return a, fmt.Errorf("%w: %s has no OKTA_OAUTH2_CLIENT_ID; run tako-setup to set the app up", ErrNothingToRotate, path)
		}
		a.Rotation = Rotation{OldKey: a.Key}
		a.SetKey(nil)
		a.KeySource, a.KeyPath = "", ""
	case checks.APIToken:
		if a.APIToken.IsZero() {
			return a, fmt.Errorf("%w: %s has no OKTA_API_TOKEN; run tako-setup to set up a token", ErrNothingToRotate, path)
		}
		a.Rotation = Rotation{OldToken: a.APIToken}
		a.APIToken = secret.Secret{}
	default:
		return a, fmt.Errorf("%w: TOKEN_METHOD in %s is %q; Tako knows OAUTH2 and API_TOKEN", ErrNothingToRotate, path, a.Method)
	}
	if a.OrgURL == "" {
		return a, fmt.Errorf("%w: %s has no OKTA_CLIENT_ORGURL", ErrNothingToRotate, path)
	}
	a.Start = StartRotate
	a.Confirmed, a.Written, a.Final = false, nil, nil
	return a, nil
}
