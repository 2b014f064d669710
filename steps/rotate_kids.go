package steps

import (
	"crypto/rsa"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/keys"
)

// ConsoleKID is the kid the admin sees for the key in Okta's console: the
// one Okta's key list shows, else the key's own (its thumbprint or its
// JWK's kid). Every rotation screen names a key by it.
func (k *Key) ConsoleKID() string {
	if k == nil {
		return ""
	}
	if k.OktaKID != "" {
		return k.OktaKID
	}
	return k.KID
}

// absorbAppKeys names the rotation's keys by the kids Okta lists them
// under: the engine matched each to the app's key list by its public
// modulus and exponent (checks.Report.AppKeys). The key held is copied, not
// changed in place (other answers may share it).
func absorbAppKeys(a *Answers, r checks.Report) {
	if len(r.AppKeys) == 0 {
		return
	}
	if k := withOktaKID(a.Rotation.OldKey, r); k != a.Rotation.OldKey {
		a.Rotation.OldKey = k
	}
	if k := withOktaKID(a.Key, r); k != a.Key {
		a.Key = k
		a.KeyID = k.ConsoleKID() // the kid the engine names it by when Okta needs one
	}
}

// withOktaKID returns k, or a copy of k carrying the kid Okta lists it
// under when that differs from what k has.
func withOktaKID(k *Key, r checks.Report) *Key {
	if k == nil {
		return k
	}
	priv, ok := k.Private.(*rsa.PrivateKey)
	if !ok {
		return k
	}
	thumb, err := keys.Thumbprint(&priv.PublicKey)
	if err != nil {
		return k
	}
	kid := r.KIDOf(thumb)
	if kid == "" || kid == k.KID || kid == k.OktaKID {
		return k
	}
	c := *k
	c.OktaKID = kid
	return &c
}
