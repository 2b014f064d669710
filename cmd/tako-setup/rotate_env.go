package main

import (
	"crypto/rsa"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/keys"
	"github.com/fctr-id/tako-setup/steps"
	"github.com/fctr-id/tako-setup/wizard"
	"github.com/fctr-id/tako-setup/wizard/envfile"
)

// rotationEnv is the steps.Env of `tako-setup rotate`: the wizard's file
// Env, except that the review and the write touch the credential alone —
// the private key or the token — and refuse to replace a file whose
// credential is no longer the one the rotation started from.
func rotationEnv(path string, now func() time.Time) steps.Env {
	env := wizard.FileEnv(path, nil, now)
	env.Preview = func(a *steps.Answers) (string, error) { return previewRotation(path, a) }
	env.WriteEnv = func(a *steps.Answers) (steps.WriteResult, error) { return writeRotation(path, a, now) }
	return env
}

// errEnvMoved means the .env no longer holds the credential the rotation
// began with: someone changed it meanwhile.
var errEnvMoved = errors.New("the .env changed since the rotation began")

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
		return nil, nil, fmt.Errorf("%s: %w (its credential is no longer the one it started from); nothing was written — run tako-setup rotate again", path, errEnvMoved)
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

// previewRotation is the masked change the write would make.
func previewRotation(path string, a *steps.Answers) (string, error) {
	_, changes, err := applyRotation(path, a)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for _, c := range changes {
		b.WriteString(c.String() + "\n")
	}
	b.WriteString("(nothing else in the file changes)\n")
	return b.String(), nil
}

// writeRotation writes the new credential into the .env: atomically, with
// a backup of the previous file, refusing a file changed meanwhile.
func writeRotation(path string, a *steps.Answers, now func() time.Time) (steps.WriteResult, error) {
	doc, _, err := applyRotation(path, a)
	if err != nil {
		return steps.WriteResult{}, err
	}
	res, err := envfile.Write(path, doc, envfile.WriteOptions{Now: now})
	if err != nil {
		return steps.WriteResult{}, fmt.Errorf("writing %s: %w", path, err)
	}
	abs := res.Path
	if p, err := filepath.Abs(abs); err == nil {
		abs = p
	}
	return steps.WriteResult{Path: abs, Backup: res.BackupPath}, nil
}
