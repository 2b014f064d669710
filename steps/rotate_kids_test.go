package steps

import (
	"testing"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/emulator/emutest"
	"github.com/fctr-id/tako-setup/checks/keys"
)

// The check of the current key learns the kid Okta lists the .env's key
// under (matched on its public key); from then on the rotation names the
// old key by it, and the engine tries it as the old key's kid. The key
// the answers held is copied, not changed.
func TestRotationTakesOktasKidForTheOldKey(t *testing.T) {
	a := oauthRotation(t)
	held := a.Rotation.OldKey
	thumb, err := keys.Thumbprint(&emutest.Key(0).PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	if held.ConsoleKID() != thumb {
		t.Fatalf("before the check the old key is kid %q, want its thumbprint", held.ConsoleKID())
	}
	rep := checks.Report{AppKeys: []checks.ListedKey{
		{KID: "okta-made-kid", Thumbprint: thumb, Status: "ACTIVE"},
		{KID: "someone-else", Thumbprint: "other", Status: "ACTIVE"},
	}}
	rotateCurrentStep().Absorb(&a, rep)
	if got := a.Rotation.OldKey.ConsoleKID(); got != "okta-made-kid" {
		t.Fatalf("old key named %q, want Okta's kid", got)
	}
	if got := a.CheckInput().Retired.KeyID; got != "okta-made-kid" {
		t.Fatalf("the engine tries kid %q for the old key", got)
	}
	if held.OktaKID != "" {
		t.Fatal("the held key was changed in place")
	}
	// A list without the key changes nothing.
	b := oauthRotation(t)
	rotateCurrentStep().Absorb(&b, checks.Report{AppKeys: rep.AppKeys[1:]})
	if b.Rotation.OldKey.ConsoleKID() != thumb {
		t.Fatalf("a key not listed was renamed %q", b.Rotation.OldKey.ConsoleKID())
	}
}
