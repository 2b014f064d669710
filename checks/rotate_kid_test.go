package checks_test

import (
	"strings"
	"testing"

	"github.com/fctr-id/tako-setup/checks"
)

// The .env's key was made with the console's "Generate new key", so Okta
// lists it under Okta's own kid, not its RFC 7638 thumbprint. The engine
// matches it to the listed key by its public key, reports that kid
// (Report.AppKeys) and names the key by it in every rotation finding.
func TestRotateNamesAConsoleKeyByOktasKid(t *testing.T) {
	org, cid := oauthOrg(t)
	srv := start(t, org)
	priv, made, err := org.GenerateKey(cid)
	must(t, err)
	kidA := kidOf(t, rsaKeyA().Public())
	must(t, org.DeactivateKey(cid, keyIDOf(t, org, cid, kidA)))
	must(t, org.DeleteKey(cid, keyIDOf(t, org, cid, kidA)))
	okta, thumb := made.KID, kidOf(t, priv.Public())
	if okta == thumb {
		t.Fatal("the emulator's generated kid is the thumbprint; the test proves nothing")
	}
	in := oauthInput(cid, rsaKeyB())
	in.Retired = &checks.Retired{PrivateKey: priv} // as the .env holds it: no kid

	rep := rotate(t, srv, in, checks.IDRotateCurrent)
	expect(t, rep, checks.IDRotateCurrent, checks.Pass, "kid "+okta+" (", "; the one in the .env)")
	if got := rep.KIDOf(thumb); got != okta {
		t.Fatalf("Report.AppKeys names the .env's key %q, want Okta's kid %q: %+v", got, okta, rep.AppKeys)
	}
	if f, _ := rep.Find(checks.IDRotateCurrent); strings.Contains(f.Detail, thumb) {
		t.Fatalf("the finding names the key by its thumbprint:\n%s", f.Detail)
	}

	// The new key added and active beside it: the old key is named by
	// Okta's kid wherever it is still active, then once refused.
	kidB := kidOf(t, rsaKeyB().Public())
	_, err = org.AddKey(cid, rsaKeyB().Public(), kidB, "ACTIVE")
	must(t, err)
	in.Retired.KeyID = rep.KIDOf(thumb) // what the wizard absorbs
	rep = rotate(t, srv, in, checks.IDRotateNewKey)
	expect(t, rep, checks.IDRotateNewKey, checks.Pass, "kid "+okta+" (", "; the old key)", "kid "+kidB+" (", "; the new key)")
	rep = rotate(t, srv, in, checks.IDRotateOneKey, checks.IDRotateOldKey)
	expect(t, rep, checks.IDRotateOneKey, checks.Fail, "old key is still active", "kid "+okta+" (", "; the old key)")
	expect(t, rep, checks.IDRotateOldKey, checks.Fail, "still active", okta)
	for _, f := range rep.Findings {
		if strings.Contains(f.Detail+f.Fix, thumb) {
			t.Fatalf("%s names the old key by its thumbprint:\n%s\n%s", f.ID, f.Detail, f.Fix)
		}
	}
	must(t, org.DeactivateKey(cid, made.ID))
	rep = rotate(t, srv, in, checks.IDRotateOldKey)
	expect(t, rep, checks.IDRotateOldKey, checks.Pass, "INACTIVE", okta)
}
