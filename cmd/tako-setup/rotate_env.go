package main

import (
	"crypto/rsa"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/keys"
	"github.com/fctr-id/tako-setup/checks/termtext"
	"github.com/fctr-id/tako-setup/steps"
	"github.com/fctr-id/tako-setup/wizard"
	"github.com/fctr-id/tako-setup/wizard/envfile"
)

// rotationEnv is the steps.Env of `tako-setup rotate`: the wizard's file
// Env, except that the review and the write touch the credential alone —
// the private key or the token — and refuse to replace a file whose
// credential is no longer the one the rotation started from.
//
// As in the wizard, what is written is exactly what the review previewed:
// a file changed on disk after the preview is not written (the error wraps
// steps.ErrStaleReview), and the rotation goes back to its review for a
// fresh preview instead of ending — the new credential is already in Okta.
func rotationEnv(rf *rotationFile) steps.Env {
	env := wizard.FileEnv(rf.path, nil, rf.now, wizard.ForceWrite(rf.force))
	env.Preview = rf.preview
	env.WriteEnv = rf.write
	return env
}

// rotationFile is the state behind rotationEnv's Preview and WriteEnv: the
// edit the last preview showed, and whether the .env was written. They may
// run on different goroutines.
type rotationFile struct {
	path  string
	now   func() time.Time
	force bool // --force-env-file

	mu    sync.Mutex
	shown *envfile.Doc // the edited .env the last preview described; nil before any
	wrote bool
}

func newRotationFile(path string, now func() time.Time) *rotationFile {
	return &rotationFile{path: path, now: now}
}

// Wrote reports whether the rotation wrote the .env.
func (rf *rotationFile) Wrote() bool {
	rf.mu.Lock()
	defer rf.mu.Unlock()
	return rf.wrote
}

// errEnvMoved means the .env no longer holds the credential the rotation
// began with: someone changed it meanwhile. Errors carrying it also wrap
// steps.ErrStaleReview, so the rotation goes back to its review.
var errEnvMoved = errors.New("the .env's credential is no longer the one the rotation began with")

// applyRotation reads the .env at path and puts the new credential in it.
// It refuses when the file's credential is not the old one any more, when
// the new value could not be written as every .env reader reads it, and
// when the result would not be a file Tako accepts.
func applyRotation(path string, a *steps.Answers) (*envfile.Doc, []envfile.Change, error) {
	var s envfile.Settings
	key := envfile.KeyAPIToken
	switch a.Method {
	case checks.OAuth2:
		if a.Key == nil {
			return nil, nil, errors.New("there is no new key to write")
		}
		s.PrivateKeyPEM, key = a.Key.PEM, envfile.KeyPrivateKey
	case checks.APIToken:
		if a.APIToken.IsZero() {
			return nil, nil, errors.New("there is no new token to write")
		}
		s.APIToken = a.APIToken
	default:
		return nil, nil, fmt.Errorf("unknown method %q", a.Method)
	}
	cur, doc, err := envfile.Load(path)
	if err != nil {
		return nil, nil, err
	}
	if !holdsOld(cur, a.Rotation) {
		what := "token"
		if a.Rotation.OldKey != nil {
			what = "key"
		}
		return nil, nil, wizard.StaleReview(fmt.Sprintf("%s no longer holds the %s this rotation started from (someone changed it meanwhile), so nothing is written: put the old %s back to go on, or quit and run tako-setup rotate again", path, what, what), errEnvMoved)
	}
	changes := envfile.Apply(doc, s, envfile.ApplyOptions{})
	for _, c := range changes {
		if c.Kind == envfile.Kept {
			return nil, nil, fmt.Errorf("%s cannot be written safely (%s); nothing was written", c.Key, c.Note)
		}
	}
	after := doc.Settings()
	if err := envfile.Validate(after); err != nil {
		return nil, nil, fmt.Errorf("the rotated file would not work for Tako, so nothing was written: %w", err)
	}
	if !hasCredential(after, a) {
		return nil, nil, fmt.Errorf("%s: the new value did not land in %s; nothing was written", path, key)
	}
	return doc, changes, nil
}

// holdsOld reports whether the file's credential is the rotation's old one.
func holdsOld(s envfile.Settings, r steps.Rotation) bool {
	switch {
	case r.OldKey != nil:
		k, err := keys.Normalize(s.PrivateKeyPEM.Reveal())
		old, ok := r.OldKey.Private.(*rsa.PrivateKey)
		return err == nil && ok && k.RSA.PublicKey.Equal(&old.PublicKey)
	case !r.OldToken.IsZero():
		return s.APIToken.Reveal() == r.OldToken.Reveal()
	}
	return false
}

// hasCredential reports whether the settings carry the answers' new
// credential.
func hasCredential(s envfile.Settings, a *steps.Answers) bool {
	if a.Method == checks.OAuth2 {
		return strings.TrimSpace(s.PrivateKeyPEM.Reveal()) == strings.TrimSpace(a.Key.PEM.Reveal())
	}
	return s.APIToken.Reveal() == a.APIToken.Reveal()
}

// preview is the masked change the write would make. The edit it
// describes is kept: it is what write writes.
func (rf *rotationFile) preview(a *steps.Answers) (string, error) {
	doc, changes, err := applyRotation(rf.path, a)
	rf.mu.Lock()
	rf.shown = doc // nil after a failed preview: nothing was shown to write
	rf.mu.Unlock()
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for _, c := range changes {
		if c.Key == envfile.KeyPrivateKey && c.Kind == envfile.Updated {
			c.Old, c.New = keyByKid(a.Rotation.OldKey, c.Old), keyByKid(a.Key, c.New)
		}
		b.WriteString(termtext.Line(c.String()) + "\n") // old values come from the file as it is
	}
	b.WriteString("(nothing else in the file changes)\n")
	return b.String(), nil
}

// write writes the new credential into the .env, atomically, with a backup
// of the previous file: the edit the last preview showed, when there was
// one. It refuses (wrapping steps.ErrStaleReview) when that edit does not
// carry the answers' new credential, or when the file changed on disk (or
// was removed) since the preview read it.
func (rf *rotationFile) write(a *steps.Answers) (steps.WriteResult, error) {
	rf.mu.Lock()
	doc := rf.shown
	rf.mu.Unlock()
	if doc == nil {
		var err error
		if doc, _, err = applyRotation(rf.path, a); err != nil {
			return steps.WriteResult{}, err
		}
	} else if !carries(doc, a) {
		return steps.WriteResult{}, wizard.StaleReview("nothing was written: the new credential changed after the preview")
	}
	res, err := wizard.WriteReviewed(rf.path, doc, envfile.WriteOptions{Now: rf.now, Force: rf.force}, fmt.Sprintf("nothing was written: %s was changed or removed after the preview", rf.path))
	if err != nil {
		return res, err
	}
	rf.mu.Lock()
	rf.wrote = true
	if rf.shown == doc {
		rf.shown = nil // written: a later write reads the file again
	}
	rf.mu.Unlock()
	return res, nil
}

// carries reports whether the previewed doc holds the answers' new
// credential.
func carries(doc *envfile.Doc, a *steps.Answers) bool {
	switch a.Method {
	case checks.OAuth2:
		if a.Key == nil {
			return false
		}
	case checks.APIToken:
	default:
		return false
	}
	return hasCredential(doc.Settings(), a)
}

// keyByKid names a key in the review by the kid Okta shows for it in the
// console (matched by the engine on its public modulus and exponent), not
// the kid the .env's key would have by its thumbprint; shown is the
// review's own text, kept when the key is unknown.
func keyByKid(k *steps.Key, shown string) string {
	if k == nil || k.ConsoleKID() == "" || k.Bits == 0 {
		return shown
	}
	return fmt.Sprintf("RSA %d-bit key, kid %s", k.Bits, k.ConsoleKID())
}
