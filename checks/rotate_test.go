package checks_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/emulator"
	"github.com/fctr-id/tako-setup/checks/secret"
)

// rotate runs the rotation checks named in only.
func rotate(t testing.TB, srv *emulator.Server, in checks.Input, only ...string) checks.Report {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	return checks.RunRotation(ctx, in, checks.Options{HTTP: srv.Client(), Timeout: 5 * time.Second, Only: only})
}

// keyRotation is the input of an OAuth 2.0 rotation from key A to key B.
func keyRotation(cid string) checks.Input {
	in := oauthInput(cid, rsaKeyB())
	in.Retired = &checks.Retired{PrivateKey: rsaKeyA()}
	return in
}

// keyIDOf finds the emulator's id (pks…) of the key with this kid.
func keyIDOf(t *testing.T, org *emulator.Org, cid, kid string) string {
	t.Helper()
	for _, k := range org.App(cid).Keys {
		if k.KID == kid {
			return k.ID
		}
	}
	t.Fatalf("no key with kid %s", kid)
	return ""
}

func TestRotateKeyEndToEnd(t *testing.T) {
	org, cid := oauthOrg(t)
	srv := start(t, org)
	kidA, kidB := kidOf(t, rsaKeyA().Public()), kidOf(t, rsaKeyB().Public())
	in := keyRotation(cid)

	rep := rotate(t, srv, in, checks.IDRotateCurrent)
	expect(t, rep, checks.IDRotateCurrent, checks.Pass, "no kid", "The app has 1 key:", kidA)

	// Not added yet: the fix carries the public JWK to paste, with its kid.
	rep = rotate(t, srv, in, checks.IDRotateNewKey)
	f := expect(t, rep, checks.IDRotateNewKey, checks.Fail, "does not know the new key", `"kid":"`+kidB+`"`, "Add key")
	if strings.Contains(f.Fix, `"d":`) {
		t.Fatal("the fix shows private key material")
	}

	_, err := org.AddKey(cid, rsaKeyB().Public(), kidB, "ACTIVE")
	must(t, err)
	rep = rotate(t, srv, in, checks.IDRotateNewKey)
	expect(t, rep, checks.IDRotateNewKey, checks.Pass, "naming its kid ("+kidB+")", "Tako is not working right now", "deactivate the old key at once")

	// Both active: Tako (no kid) still fails, and the old key still works.
	rep = rotate(t, srv, in, checks.IDRotateOneKey, checks.IDRotateOldKey)
	expect(t, rep, checks.IDRotateOneKey, checks.Fail, "old key is still active", kidA)
	expect(t, rep, checks.IDRotateOldKey, checks.Fail, "still active", kidA)

	must(t, org.DeactivateKey(cid, keyIDOf(t, org, cid, kidA)))
	rep = rotate(t, srv, in, checks.IDRotateOneKey, checks.IDRotateOldKey)
	expect(t, rep, checks.IDRotateOneKey, checks.Pass, "as Tako sends it")
	expect(t, rep, checks.IDRotateOldKey, checks.Pass, "refused", "INACTIVE", kidA)
	if ids := findingIDs(rep); ids != "rotate.one-key rotate.old-key" {
		t.Fatalf("findings = %s", ids)
	}

	must(t, org.DeleteKey(cid, keyIDOf(t, org, cid, kidA)))
	rep = rotate(t, srv, in, checks.IDRotateOldKey)
	expect(t, rep, checks.IDRotateOldKey, checks.Pass, "no longer in the app's key list")
}

func TestRotateNewKeyIsTheOldKeyAgain(t *testing.T) {
	org, cid := oauthOrg(t)
	srv := start(t, org)
	in := oauthInput(cid, rsaKeyA())
	in.Retired = &checks.Retired{PrivateKey: rsaKeyA()}
	rep := rotate(t, srv, in, checks.IDRotateNewKey)
	expect(t, rep, checks.IDRotateNewKey, checks.Fail, "old key again", "generate")
}

func TestRotateNewKeyKidClash(t *testing.T) {
	org, cid := oauthOrg(t)
	srv := start(t, org)
	in := keyRotation(cid)
	in.KeyID = kidOf(t, rsaKeyA().Public()) // a JWK pasted with the old key's kid
	rep := rotate(t, srv, in, checks.IDRotateNewKey)
	expect(t, rep, checks.IDRotateNewKey, checks.Fail, "already has this kid", in.KeyID, "unique")
}

func TestRotateNewKeyGeneratedInConsole(t *testing.T) {
	org, cid := oauthOrg(t)
	srv := start(t, org)
	priv, k, err := org.GenerateKey(cid) // a kid Okta made up, not the thumbprint
	must(t, err)
	in := oauthInput(cid, priv)
	in.Retired = &checks.Retired{PrivateKey: rsaKeyA()}
	rep := rotate(t, srv, in, checks.IDRotateNewKey)
	expect(t, rep, checks.IDRotateNewKey, checks.Pass, "naming its kid ("+k.KID+")")
}

func TestRotateNewKeyInactive(t *testing.T) {
	org, cid := oauthOrg(t)
	srv := start(t, org)
	kidB := kidOf(t, rsaKeyB().Public())
	_, err := org.AddKey(cid, rsaKeyB().Public(), kidB, "INACTIVE")
	must(t, err)
	rep := rotate(t, srv, keyRotation(cid), checks.IDRotateNewKey)
	expect(t, rep, checks.IDRotateNewKey, checks.Fail, "not active", "activate the key with kid "+kidB)
}

func TestRotateWrongKeyDeactivated(t *testing.T) {
	org, cid := oauthOrg(t)
	srv := start(t, org)
	kidB := kidOf(t, rsaKeyB().Public())
	_, err := org.AddKey(cid, rsaKeyB().Public(), kidB, "ACTIVE")
	must(t, err)
	must(t, org.DeactivateKey(cid, keyIDOf(t, org, cid, kidB))) // the new one, by mistake
	rep := rotate(t, srv, keyRotation(cid), checks.IDRotateOneKey, checks.IDRotateOldKey)
	expect(t, rep, checks.IDRotateOneKey, checks.Fail, "new key was deactivated", "activate kid "+kidB, "deactivate kid "+kidOf(t, rsaKeyA().Public()))
	expect(t, rep, checks.IDRotateOldKey, checks.Fail, "old key still works as Tako sends it")
}

func TestRotateCurrentWithTwoActiveKeysWarns(t *testing.T) {
	org, cid := oauthOrg(t)
	srv := start(t, org)
	_, err := org.AddKey(cid, rsaKeyB().Public(), kidOf(t, rsaKeyB().Public()), "ACTIVE")
	must(t, err)
	rep := rotate(t, srv, keyRotation(cid), checks.IDRotateCurrent)
	expect(t, rep, checks.IDRotateCurrent, checks.Warn, "several active keys", "Tako, which sends no kid, is failing now", "The app has 2 keys:")
}

func TestRotateCurrentKeyRefusedWarns(t *testing.T) {
	org, cid := oauthOrg(t)
	srv := start(t, org)
	in := keyRotation(cid)
	in.Retired.PrivateKey = rsaKeyB() // a key the app never had
	rep := rotate(t, srv, in, checks.IDRotateCurrent)
	expect(t, rep, checks.IDRotateCurrent, checks.Warn, "no longer works", "signature")
}

func TestRotateOldKeyProvedWithoutKeyList(t *testing.T) {
	org, cid := oauthOrg(t)
	must(t, org.RevokeScopes(cid, "okta.apps.read"))
	srv := start(t, org)
	kidA, kidB := kidOf(t, rsaKeyA().Public()), kidOf(t, rsaKeyB().Public())
	_, err := org.AddKey(cid, rsaKeyB().Public(), kidB, "ACTIVE")
	must(t, err)
	must(t, org.DeactivateKey(cid, keyIDOf(t, org, cid, kidA)))
	in := keyRotation(cid)
	in.Scopes = []string{"okta.users.read"}
	rep := rotate(t, srv, in, checks.IDRotateOldKey)
	expect(t, rep, checks.IDRotateOldKey, checks.Pass, "one active key, which is another key")
}

func TestRunRotationMergesEngineChecks(t *testing.T) {
	org, cid := oauthOrg(t)
	srv := start(t, org)
	rep := rotate(t, srv, keyRotation(cid), checks.IDOAuthClient, checks.IDRotateNewKey, checks.IDRotateRevoke)
	if ids := findingIDs(rep); ids != "oauth.client rotate.new-key" {
		t.Fatalf("findings = %s (a token-only rotation check must leave no OAuth finding)", ids)
	}
	// Without rotation IDs it is Run: no rotation finding, even with Retired set.
	rep = rotate(t, srv, keyRotation(cid))
	for _, f := range rep.Findings {
		if checks.IsRotationID(f.ID) {
			t.Fatalf("rotation finding %s without being asked", f.ID)
		}
	}
}

// --- API tokens --------------------------------------------------------

// tokenRotation is the input of a rotation from old to new.
func tokenRotation(oldTok, newTok *emulator.APIToken) checks.Input {
	in := tokenInput(newTok)
	in.Retired = &checks.Retired{APIToken: secret.New(oldTok.Value)}
	return in
}

func TestRotateTokenEndToEnd(t *testing.T) {
	org, u, oldTok := tokenOrg(t)
	srv := start(t, org)
	newTok := org.AddToken(&emulator.APIToken{Name: "tako-2", UserID: u.ID})
	in := tokenRotation(oldTok, newTok)

	rep := rotate(t, srv, in, checks.IDRotateCurrent, checks.IDTokenValid, checks.IDRotateOwner)
	expect(t, rep, checks.IDRotateCurrent, checks.Pass, "Ann Admin", `"tako"`)
	expect(t, rep, checks.IDTokenValid, checks.Pass)
	expect(t, rep, checks.IDRotateOwner, checks.Pass, "Ann Admin")
	if ids := findingIDs(rep); ids != "token.valid rotate.current rotate.token-owner" {
		t.Fatalf("findings = %s", ids)
	}

	// Not revoked yet: the old token is alive and named.
	rep = rotate(t, srv, in, checks.IDRotateRevoke, checks.IDRotateOldToken)
	expect(t, rep, checks.IDRotateRevoke, checks.Skip)
	expect(t, rep, checks.IDRotateOldToken, checks.Fail, "still works", `"tako"`, "Revoke")
	if org.Token(oldTok.ID).Revoked {
		t.Fatal("revoked without consent")
	}

	in.Retired.Revoke = true
	rep = rotate(t, srv, in, checks.IDRotateRevoke, checks.IDRotateOldToken)
	expect(t, rep, checks.IDRotateRevoke, checks.Pass, "DELETE /api/v1/api-tokens/current")
	expect(t, rep, checks.IDRotateOldToken, checks.Pass, "401 E0000011", "Invalid token provided")
	if !org.Token(oldTok.ID).Revoked || org.Token(newTok.ID).Revoked {
		t.Fatal("the wrong token was revoked")
	}

	// Again: the old token is already dead, which is what was wanted.
	rep = rotate(t, srv, in, checks.IDRotateRevoke)
	expect(t, rep, checks.IDRotateRevoke, checks.Pass, "already revoked")
}

func TestRotateTokenOfAnotherAdmin(t *testing.T) {
	org, _, oldTok := tokenOrg(t)
	bob := org.AddUser(&emulator.User{Login: "bob@example.com", FirstName: "Bob", LastName: "Boss"})
	_, err := org.AssignUserRole(bob.ID, "SUPER_ADMIN")
	must(t, err)
	newTok := org.AddToken(&emulator.APIToken{Name: "bob's", UserID: bob.ID})
	srv := start(t, org)
	rep := rotate(t, srv, tokenRotation(oldTok, newTok), checks.IDRotateOwner)
	expect(t, rep, checks.IDRotateOwner, checks.Warn, "another admin", "Bob Boss", "Ann Admin")
}

func TestRotateTokenIsTheOldTokenAgain(t *testing.T) {
	org, _, oldTok := tokenOrg(t)
	srv := start(t, org)
	in := tokenRotation(oldTok, oldTok)
	in.Retired.Revoke = true
	rep := rotate(t, srv, in, checks.IDRotateOwner, checks.IDRotateRevoke, checks.IDRotateOldToken)
	expect(t, rep, checks.IDRotateOwner, checks.Fail, "old token again")
	expect(t, rep, checks.IDRotateRevoke, checks.Fail, "Not revoked")
	expect(t, rep, checks.IDRotateOldToken, checks.Fail, "old token again")
	if org.Token(oldTok.ID).Revoked {
		t.Fatal("revoked the token the .env holds")
	}
}

func TestRotateCurrentTokenDeadWarns(t *testing.T) {
	org, u, oldTok := tokenOrg(t)
	must(t, org.RevokeToken(oldTok.ID))
	newTok := org.AddToken(&emulator.APIToken{Name: "tako-2", UserID: u.ID})
	srv := start(t, org)
	in := tokenRotation(oldTok, newTok)
	rep := rotate(t, srv, in, checks.IDRotateCurrent, checks.IDRotateOwner, checks.IDRotateOldToken)
	expect(t, rep, checks.IDRotateCurrent, checks.Warn, "no longer works", "nothing left to revoke")
	expect(t, rep, checks.IDRotateOwner, checks.Skip)
	expect(t, rep, checks.IDRotateOldToken, checks.Pass)
}

func TestRotateOldTokenRefusedByNetworkIsNotProof(t *testing.T) {
	org, u, oldTok := tokenOrg(t)
	newTok := org.AddToken(&emulator.APIToken{Name: "tako-2", UserID: u.ID})
	must(t, org.SetTokenNetwork(oldTok.ID, "ZONE", []string{"nzoElsewhere"}, false))
	srv := start(t, org)
	rep := rotate(t, srv, tokenRotation(oldTok, newTok), checks.IDRotateOldToken)
	expect(t, rep, checks.IDRotateOldToken, checks.Fail, "Not proven", "403")
}

func findingIDs(rep checks.Report) string {
	var ids []string
	for _, f := range rep.Findings {
		ids = append(ids, f.ID)
	}
	return strings.Join(ids, " ")
}
