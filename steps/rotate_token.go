package steps

import (
	"errors"
	"strings"

	"github.com/fctr-id/tako-setup/checks"
)

// rotateTokenStep: the new token, typed masked (tokenValueStep's input,
// refusing the old token again). The engine proves it works, names its
// admin and roles and its network restriction, and compares its admin with
// the old token's.
func rotateTokenStep() Step {
	in := tokenValueStep().Inputs[0]
	in.Label = "New API token"
	set := in.Set
	in.Set = func(e Env, a *Answers, v string) error {
		old := a.Rotation.OldToken
		if !old.IsZero() && strings.TrimPrefix(strings.TrimSpace(v), "SSWS ") == old.Reveal() {
			return ErrSameToken
		}
		return set(e, a, v)
	}
	return Step{
		ID:      RotateToken,
		Title:   "New API token",
		Applies: (*Answers).Token,
		Inputs:  []Input{in},
		Checks:  []string{checks.IDTokenValid, checks.IDTokenRoles, checks.IDTokenNetwork, checks.IDRotateOwner},
	}
}

// ErrSameToken refuses the token the .env already holds as the new token.
var ErrSameToken = errors.New("this is the token the .env already holds; create a new token in Okta and paste that one")
