package checks

import (
	"context"
	"fmt"
	"strings"

	"github.com/fctr-id/tako-setup/checks/oktaerr"
)

// Okta's kid rules (docs/okta-behavior.md §1.2) make the answer to a kid-less
// assertion a proof about the app's active keys: a token means exactly one
// key is active and it is the signing key; "kid is invalid" means several
// are active (or none); "signature is invalid" means exactly one is active
// and it is another key. The rotation checks below read them that way, and
// confirm with the app's key list when the token may read it.

const publicKeysConsole = appConsole + " › General › Public Keys"

// currentKey (rotate.current, OAuth 2.0) checks the key the .env holds now
// and says what state the app's keys are in before anything changes.
func (r *run) currentKey(ctx context.Context, old *Retired) Finding {
	id := IDRotateCurrent
	t, sk := r.keyToken(ctx, old.PrivateKey, old.KeyID)
	if t == nil {
		return Finding{ID: id, Status: Fail, Title: "The .env holds no usable private key",
			Detail: "OKTA_OAUTH2_PRIVATE_KEY_PEM is missing or is not an RSA key, so there is no current key to rotate.",
			Fix:    "Run tako-setup (without rotate) to set the app up with a key."}
	}
	if t.prob != nil {
		return t.prob.finding(id)
	}
	keys, listed := r.appKeys(ctx, t)
	inventory := ""
	if listed {
		inventory = fmt.Sprintf(" The app has %s: %s.", countOf(len(keys), "key", "keys"), describeAll(keys, sk.thumbprint))
	}
	meaning, said, fix := refusal(t)
	switch st := stageOf(t); {
	case t.dpopRequired:
		return Finding{ID: id, Status: Fail, Title: "The app requires DPoP, which Tako cannot send",
			Detail: "A new key does not change that: Tako's token requests fail whatever key it holds.",
			Fix:    "In " + appConsole + " › " + dpopCheckbox + ": untick it and save, then rotate."}
	case t.ok() && !t.kidlessRefused:
		return Finding{ID: id, Status: Pass, Title: "The current key works",
			Detail: "Okta issued a token for the key in the .env, signed as Tako signs it (no kid)." + inventory}
	case t.ok():
		return Finding{ID: id, Status: Warn, Title: "The app already has several active keys",
			Detail: "The key in the .env works only when the assertion names its kid (" + t.retryKid + "): the app has more than one active key, so Tako, which sends no kid, is failing now. An earlier rotation may have stopped half-way." + inventory,
			Fix:    "Go on: the rotation ends with only the new key active. To keep the current key instead, deactivate every other key in " + publicKeysConsole + " and run tako-setup check."}
	case st == stageKey:
		return Finding{ID: id, Status: Warn, Title: "The current key no longer works",
			Detail: "Okta refused the key in the .env: " + meaning + said + " Tako is failing now; a new key fixes that. There will be no old key to retire.",
			Fix:    "Go on with a new key."}
	default:
		return Finding{ID: id, Status: Fail, Title: "Okta refused the app, not just its key",
			Detail: "A new key cannot fix this: " + meaning + said,
			Fix:    fix + " Then run tako-setup rotate again (tako-setup check shows every problem)."}
	}
}

// newKey (rotate.new-key) proves Okta accepts the new key when the
// assertion names its kid — the only way while two keys are active — and
// says plainly that Tako, which sends no kid, fails until the old key is
// deactivated. It catches the new key being the old key again, a kid that
// another key of the app already has, and a key not (or not yet) added.
func (r *run) newKey(ctx context.Context, old *Retired) Finding {
	id := IDRotateNewKey
	if r.in.PrivateKey == nil {
		return Finding{ID: id, Status: Fail, Title: "No new key yet", Detail: "There is no new key to check.", Fix: "Generate or supply the new key first."}
	}
	if sameKey(r.in.PrivateKey, old.PrivateKey) {
		return sameKeyFinding(id)
	}
	t, sk := r.keyToken(ctx, r.in.PrivateKey, r.in.KeyID)
	if t == nil {
		return Finding{ID: id, Status: Fail, Title: "The new key cannot be used", Detail: "Tako needs an RSA key of at least 2048 bits.", Fix: "Generate the new key here."}
	}
	if t.prob != nil {
		return t.prob.finding(id)
	}
	kid := kidOr(r.in.KeyID, sk)
	// The key list, read with whichever key Okta still takes.
	keys, listed := r.appKeys(ctx, t)
	if !listed && !t.ok() {
		if to, _ := r.keyToken(ctx, old.PrivateKey, old.KeyID); to != nil {
			keys, listed = r.appKeys(ctx, to)
		}
	}
	mine := findKey(keys, sk.thumbprint)
	// A key added in the console under another kid ("Generate new key"
	// makes one up): name it by that kid.
	if !t.ok() && mine != nil && mine.Status == "ACTIVE" && mine.KID != "" && mine.KID != kid {
		if t2, _ := r.keyToken(ctx, r.in.PrivateKey, mine.KID); t2 != nil && t2.prob == nil {
			t, kid = t2, mine.KID
		}
	}
	if t.dpopRequired {
		return Finding{ID: id, Status: Fail, Title: "The app requires DPoP, which Tako cannot send",
			Detail: "Okta checked the new key only after a DPoP exchange Tako cannot make.",
			Fix:    "In " + appConsole + " › " + dpopCheckbox + ": untick it and save."}
	}
	if t.ok() {
		if !t.kidlessRefused {
			return Finding{ID: id, Status: Pass, Title: "Okta accepts the new key",
				Detail: "Okta issued a token for the new key even without a kid: it is already the app's only active key, so the old key is no longer active. Tako, still holding the old key, is failing until the .env has the new one: write it next."}
		}
		active := ""
		if listed {
			active = fmt.Sprintf(" Active now: %s.", strings.Join(activeBesides(keys, "\x00", r.keyRoles()), "; "))
		}
		return Finding{ID: id, Status: Pass, Title: "Okta accepts the new key, named by its kid",
			Detail: "Okta issued a token for an assertion signed with the new key and naming its kid (" + kid + ")." + active +
				" Tako is not working right now: with two active keys Okta needs a kid to pick one, and Tako sends none, so every token request Tako makes is refused." +
				" Next: write the new key to the .env, then deactivate the old key at once."}
	}
	meaning, said, fix := refusal(t)
	if stageOf(t) != stageKey {
		return Finding{ID: id, Status: Fail, Title: "Okta refused the token request", Detail: meaning + said, Fix: fix}
	}
	for _, k := range keys {
		if k.KID == kid && k.thumbprint != sk.thumbprint {
			return Finding{ID: id, Status: Fail, Title: "Another key of the app already has this kid",
				Detail: "The new key's kid is " + kid + ", but the app already has a different key under it: " + k.describe() + ". Okta keeps kids unique within an app (\"All keys in the 'jwks' must have a unique `kid`.\"), so it will not add this key under that kid, and an assertion naming it is checked against the other key.",
				Fix:    "Let tako-setup generate the new key (its kid is its own thumbprint, which no other key has), or give the JWK a kid that no key of the app uses."}
		}
	}
	switch {
	case mine != nil && mine.Status != "ACTIVE":
		return Finding{ID: id, Status: Fail, Title: "The new key is on the app but not active",
			Detail: "The app lists the new key as " + mine.describe() + "; Okta ignores inactive keys.",
			Fix:    "In " + publicKeysConsole + ", activate the key with kid " + orNone(mine.KID) + ", then check again."}
	case mine != nil:
		return Finding{ID: id, Status: Fail, Title: "Okta refused the new key",
			Detail: "The app lists it (" + mine.describe() + "), but refused an assertion signed with it: " + meaning + said, Fix: fix}
	}
	detail := "An assertion signed with the new key and naming its kid (" + kid + ") was refused: " + meaning + said
	if listed {
		detail += " The app's key list does not have it."
	}
	return Finding{ID: id, Status: Fail, Title: "Okta does not know the new key yet",
		Detail: detail,
		Fix:    "In " + publicKeysConsole + ", click Add key, paste this public key and save: " + publicJWK(sk, kid)}
}

// oneKey (rotate.one-key) proves the new key works as Tako sends it — no
// kid — which holds only once the old key is deactivated. It catches an
// old key that stays active, and a new key deactivated by mistake.
func (r *run) oneKey(ctx context.Context, old *Retired) Finding {
	id := IDRotateOneKey
	t, sk := r.keyToken(ctx, r.in.PrivateKey, r.in.KeyID)
	if t == nil {
		return Finding{ID: id, Status: Fail, Title: "No usable key", Detail: "The .env holds no usable RSA key.", Fix: "Run tako-setup rotate again."}
	}
	if t.prob != nil {
		return t.prob.finding(id)
	}
	if t.ok() && !t.kidlessRefused && !t.dpopRequired {
		return Finding{ID: id, Status: Pass, Title: "Okta accepts the new key as Tako sends it",
			Detail: "An assertion signed with the new key and no kid got a token: the new key is the app's only active key, so Tako's token requests work again."}
	}
	if t.dpopRequired {
		return Finding{ID: id, Status: Fail, Title: "The app requires DPoP, which Tako cannot send",
			Detail: "Tako sends no DPoP proof, so its token requests are refused whatever the keys.",
			Fix:    "In " + appConsole + " › " + dpopCheckbox + ": untick it and save."}
	}
	if t.ok() {
		keys, listed := r.appKeys(ctx, t)
		still := "the old key"
		if others := activeBesides(keys, sk.thumbprint, r.keyRoles()); listed && len(others) > 0 {
			still = strings.Join(others, "; ")
		}
		return Finding{ID: id, Status: Fail, Title: "The old key is still active",
			Detail: "Okta accepts the new key only when the assertion names its kid (" + t.retryKid + "): the app still has another active key, so Okta refuses every token request Tako makes. Still active besides the new key: " + still + ".",
			Fix:    "In " + publicKeysConsole + ", deactivate " + still + " now, then check again."}
	}
	// The new key itself was refused: see what the app has, through the
	// old key if Okta still takes it.
	meaning, said, fix := refusal(t)
	var keys []appKeyEntry
	listed := false
	if to, _ := r.keyToken(ctx, old.PrivateKey, old.KeyID); to != nil {
		keys, listed = r.appKeys(ctx, to)
	}
	if mine := findKey(keys, sk.thumbprint); listed && mine != nil && mine.Status != "ACTIVE" {
		fixText := "In " + publicKeysConsole + ", activate kid " + orNone(mine.KID)
		if others := activeBesides(keys, sk.thumbprint, r.keyRoles()); len(others) > 0 {
			fixText += ", then deactivate " + strings.Join(others, "; ")
		}
		return Finding{ID: id, Status: Fail, Title: "The new key was deactivated",
			Detail: "The app lists the new key as " + mine.describe() + ", and the .env holds the new key, so Tako is failing.",
			Fix:    fixText + "."}
	} else if listed && mine == nil {
		return Finding{ID: id, Status: Fail, Title: "The new key is no longer on the app",
			Detail: "The .env holds the new key, but the app's key list does not have it, so Tako is failing.",
			Fix:    "In " + publicKeysConsole + ", click Add key, paste this public key and save: " + publicJWK(sk, kidOr(r.in.KeyID, sk))}
	}
	return Finding{ID: id, Status: Fail, Title: "Okta refuses the new key as Tako sends it", Detail: meaning + said, Fix: fix}
}

// oldKey (rotate.old-key) proves the old key is dead: an assertion signed
// with it, as Tako would send it and then named by its kid, is refused.
func (r *run) oldKey(ctx context.Context, old *Retired) Finding {
	id := IDRotateOldKey
	if old.PrivateKey == nil {
		return Finding{ID: id, Status: Skip, Title: titleSkipped, Detail: "There is no old key to test."}
	}
	t, osk := r.keyToken(ctx, old.PrivateKey, old.KeyID)
	if t == nil {
		return Finding{ID: id, Status: Skip, Title: titleSkipped, Detail: "The old key is not a key Okta could accept."}
	}
	if t.prob != nil {
		p := t.prob.finding(id)
		p.Title = "Could not prove the old key is refused: " + strings.TrimSuffix(p.Title, ".")
		return p
	}
	// The new key, as Tako sends it, and the key list read with it name
	// the old key's state.
	var keys []appKeyEntry
	listed, newAlone := false, false
	if tn, _ := r.keyToken(ctx, r.in.PrivateKey, r.in.KeyID); tn != nil {
		newAlone = tn.ok() && !tn.kidlessRefused
		keys, listed = r.appKeys(ctx, tn)
	}
	entry := findKey(keys, osk.thumbprint)
	kid := kidOr(old.KeyID, osk)
	if entry != nil && entry.KID != "" {
		kid = entry.KID
	}
	if t.ok() {
		if !t.kidlessRefused {
			return Finding{ID: id, Status: Fail, Title: "The old key still works as Tako sends it",
				Detail: "Okta issued a token for an assertion signed with the old key and no kid: the old key is the app's only active key, and the new one is not active.",
				Fix:    "In " + publicKeysConsole + ", activate the new key, deactivate the old key (kid " + kid + "), then check again."}
		}
		return Finding{ID: id, Status: Fail, Title: "The old key is still active",
			Detail: "Named by its kid (" + t.retryKid + "), the old key still gets a token, so anyone holding it can still act as Tako.",
			Fix:    "In " + publicKeysConsole + ", deactivate the key with kid " + t.retryKid + ", then check again."}
	}
	if stageOf(t) != stageKey {
		meaning, said, fix := refusal(t)
		return Finding{ID: id, Status: Fail, Title: "Could not prove the old key is refused",
			Detail: "Okta refused the request before judging the key: " + meaning + said, Fix: fix}
	}
	if listed && entry != nil && entry.Status == "ACTIVE" {
		return Finding{ID: id, Status: Fail, Title: "The old key is still active",
			Detail: "Okta refused it under the kid tried (" + kid + "), but the app lists the old key as " + entry.describe() + ".",
			Fix:    "In " + publicKeysConsole + ", deactivate the key with kid " + orNone(entry.KID) + ", then check again."}
	}
	_, said, _ := refusal(t)
	detail := "An assertion signed with the old key, as Tako would send it, was refused." + said
	proved := false
	switch {
	case t.kind == oktaerr.SignatureInvalid:
		detail += " Okta checked it against the app's one active key, which is another key."
		proved = true
	case t.kind == oktaerr.NoJWKS:
		detail += " The app has no key at all."
		proved = true
	case newAlone:
		detail += " The new key is the app's only active key."
		proved = true
	}
	switch {
	case listed && entry == nil:
		detail += " The old key is no longer in the app's key list."
		proved = true
	case listed:
		detail += " The app lists it as " + entry.describe() + "."
		proved = true
	}
	if !proved {
		return Finding{ID: id, Status: Fail, Title: "Could not prove the old key is inactive",
			Detail: detail + " But the app has several active keys, and its key list could not be read (it needs the " + scopeAppsRead + " scope), so the old key may be one of them under a kid tako-setup does not know.",
			Fix:    "In " + publicKeysConsole + ", make sure only the new key is active, then check again."}
	}
	return Finding{ID: id, Status: Pass, Title: "Okta refuses the old key", Detail: detail}
}

// sameKeyFinding: the "new" key is the one being retired.
func sameKeyFinding(id string) Finding {
	return Finding{ID: id, Status: Fail, Title: "The new key is the old key again",
		Detail: "The key given as the new key is the one the .env already holds; rotating it to itself changes nothing, and the old key stays alive.",
		Fix:    "Let tako-setup generate a new key, or supply one that has never been used."}
}

// describeAll lists every key of the app, by the kid Okta shows, marking
// the one with thumbprint mine (the key in the .env).
func describeAll(keys []appKeyEntry, mine string) string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = k.describe()
		if k.thumbprint == mine {
			out[i] = strings.TrimSuffix(out[i], ")") + "; the one in the .env)"
		}
	}
	return strings.Join(out, "; ")
}
