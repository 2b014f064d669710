package steps

import (
	"crypto/rsa"
	"errors"

	"github.com/go-jose/go-jose/v4"

	"github.com/fctr-id/tako-setup/checks"
)

// rotateKeyStep: the new key, generated here (the default) or supplied —
// privateKeyStep's inputs, without "keep the current key" and refusing the
// old key again. Once the admin has added it to the app, the engine proves
// Okta accepts it named by its kid, and says plainly that Tako, which sends
// no kid, fails while both keys are active.
func rotateKeyStep() Step {
	base := privateKeyStep()
	var ins []Input
	for _, in := range base.Inputs {
		switch in.Key {
		case "key-source":
			in = newKeySource(in)
		case "private-key", "private-key-file":
			in = refuseOldKey(in)
		}
		ins = append(ins, in)
	}
	return Step{
		ID:           RotateKey,
		Title:        "New key",
		Applies:      (*Answers).OAuth,
		Inputs:       ins,
		Checks:       []string{checks.IDRotateNewKey},
		PrepareAlone: base.PrepareAlone,
		Prepare:      base.Prepare,
		Absorb:       absorbAppKeys,
	}
}

// newKeySource is the key-source choice without "keep": a rotation
// replaces the current key.
func newKeySource(in Input) Input {
	var opts []Option
	for _, o := range in.Choices {
		if o.Value != string(KeyKeep) {
			opts = append(opts, o)
		}
	}
	in.Choices = opts
	in.Default = func(*Answers) string { return string(KeyGenerate) }
	in.Validate = func(v string) error { return oneOf(v, KeyGenerate, KeyPaste, KeyFile) }
	set := in.Set
	in.Set = func(e Env, a *Answers, v string) error {
		if normChoice(v) == string(KeyKeep) {
			return errors.New("a rotation replaces the current key: generate a new one here, paste one, or read one from a file")
		}
		if err := in.Validate(v); err != nil {
			return err
		}
		return set(e, a, v)
	}
	return in
}

// ErrSameKey refuses the key the .env already holds as the new key.
var ErrSameKey = errors.New("this is the key the .env already holds; a rotation needs a new key: let tako-setup generate one, or supply one that has never been used")

// refuseOldKey wraps a key input's setter: the old key again, or a key
// whose kid is the old key's, is refused (and the answer left as it was);
// an accepted key's public JWK carries the kid it will be checked under.
func refuseOldKey(in Input) Input {
	set := in.Set
	in.Set = func(e Env, a *Answers, v string) error {
		key, path := a.Key, a.KeyPath
		if err := set(e, a, v); err != nil {
			return err
		}
		if err := a.Rotation.newKeyProblem(a.Key); err != nil {
			a.SetKey(key)
			a.KeyPath = path
			return err
		}
		a.SetKey(withKidJWK(a.Key))
		return nil
	}
	return in
}

// newKeyProblem says why k cannot be the rotation's new key (nil: it can).
// A clash with another key of the app is found by the live check, which
// reads the app's key list.
func (r Rotation) newKeyProblem(k *Key) error {
	old := r.OldKey
	if k == nil || old == nil {
		return nil
	}
	kp, ok1 := k.Private.(*rsa.PrivateKey)
	op, ok2 := old.Private.(*rsa.PrivateKey)
	if ok1 && ok2 && kp.PublicKey.Equal(&op.PublicKey) {
		return ErrSameKey
	}
	if k.KID != "" && (k.KID == old.KID || k.KID == old.ConsoleKID()) {
		return errors.New("this key's kid (" + k.KID + ") is the old key's; Okta keeps kids unique within an app, so it could not be added. Give the JWK another kid, or let tako-setup generate the key")
	}
	return nil
}

// withKidJWK returns k with a public JWK whose kid is k.KID (a pasted JWK
// keeps its own kid, and is checked under it).
func withKidJWK(k *Key) *Key {
	priv, ok := k.Private.(*rsa.PrivateKey)
	if !ok || k.KID == "" {
		return k
	}
	b, err := (&jose.JSONWebKey{Key: &priv.PublicKey, KeyID: k.KID, Algorithm: string(jose.RS256), Use: "sig"}).MarshalJSON()
	if err != nil {
		return k
	}
	c := *k
	c.PublicJWK = b
	return &c
}
