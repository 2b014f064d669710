package checks

import (
	"context"
	"crypto"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/fctr-id/tako-setup/checks/oktaerr"
	"github.com/fctr-id/tako-setup/checks/secret"
)

// Rotation check IDs (`tako-setup rotate`). RunRotation runs them when
// Options.Only names them; Run never does, and a run without Only never
// does either (rotate.revoke changes the org).
const (
	// IDRotateCurrent: the credential the .env holds now, as Tako uses it.
	IDRotateCurrent = "rotate.current"
	// IDRotateNewKey: Okta accepts the new key when the assertion names its
	// kid (the state while the old and the new key are both active).
	IDRotateNewKey = "rotate.new-key"
	// IDRotateOneKey: Okta accepts the new key with no kid, as Tako sends
	// it — the old key is no longer active.
	IDRotateOneKey = "rotate.one-key"
	// IDRotateOldKey: Okta refuses an assertion signed with the old key.
	IDRotateOldKey = "rotate.old-key"
	// IDRotateOwner: the new API token acts as the same admin as the old one.
	IDRotateOwner = "rotate.token-owner"
	// IDRotateRevoke: with Retired.Revoke (explicit consent), revoke the old
	// token with DELETE /api/v1/api-tokens/current sent with that token.
	IDRotateRevoke = "rotate.revoke"
	// IDRotateOldToken: Okta refuses the old API token (401 E0000011).
	IDRotateOldToken = "rotate.old-token"
)

// rotationIDs are the rotation checks of each method, in report order
// (revoking comes before proving the old token dead).
var rotationIDs = map[Method][]string{
	OAuth2:   {IDRotateCurrent, IDRotateNewKey, IDRotateOneKey, IDRotateOldKey},
	APIToken: {IDRotateCurrent, IDRotateOwner, IDRotateRevoke, IDRotateOldToken},
}

// IsRotationID reports whether id names a rotation check.
func IsRotationID(id string) bool {
	return slices.Contains(rotationIDs[OAuth2], id) || slices.Contains(rotationIDs[APIToken], id)
}

// Retired is the credential a rotation replaces: the one the .env held
// when the rotation began. Input holds the new one.
type Retired struct {
	// PrivateKey is the old OAuth 2.0 key; KeyID its kid on the app when
	// known (else its RFC 7638 thumbprint is tried).
	PrivateKey crypto.PrivateKey
	KeyID      string
	// APIToken is the old SSWS token.
	APIToken secret.Secret
	// Revoke is the admin's explicit consent for rotate.revoke to revoke
	// APIToken. Without it rotate.revoke sends nothing.
	Revoke bool
}

// RunRotation is Run plus the rotation checks: the engine's checks named
// in opt.Only run through Run, the rotation checks (IDRotate…) named there
// run here, on the same HTTP client and with the same token exchange, and
// their findings follow the engine's. A rotation check that does not apply
// to the method leaves no finding. Without rotation IDs in opt.Only it is
// exactly Run.
func RunRotation(ctx context.Context, in Input, opt Options) Report {
	var engine, rot []string
	for _, id := range opt.Only {
		if IsRotationID(id) {
			rot = append(rot, id)
		} else {
			engine = append(engine, id)
		}
	}
	if len(rot) == 0 {
		return Run(ctx, in, opt)
	}
	var rep Report
	if len(engine) > 0 {
		o := opt
		o.Only = engine
		rep = Run(ctx, in, o)
	}
	method := Method(strings.ToUpper(strings.TrimSpace(string(in.Method))))
	in.Method = method
	rep.Method = method
	r := newRun(in, opt)
	base, _, err := normalizeOrgURL(in.OrgURL)
	var unproven *Finding
	for _, id := range rotationIDs[method] {
		if !slices.Contains(rot, id) {
			continue
		}
		if err != nil {
			rep.Findings = append(rep.Findings, Finding{ID: id, Status: Fail, Title: "The org URL is not usable",
				Detail: capitalise(err.Error()) + ".", Fix: "Set OKTA_CLIENT_ORGURL to your Okta address, such as https://acme.okta.com."})
			continue
		}
		if r.base == "" {
			r.base, r.canon = base, base
			r.c.setLimit(startBound(hostOf(base)))
			// Credentials go only to a proven Okta org (see runAPIToken).
			if !underOktaDomain(hostOf(base)) {
				if d := r.discover(ctx); d.fail != nil {
					unproven = d.fail
				}
			}
		}
		if unproven != nil {
			f := *unproven
			f.ID = id
			f.Detail += " No credential was sent there: credentials go only to an address that answers as an Okta org."
			rep.Findings = append(rep.Findings, r.clean(f))
			continue
		}
		if ctx.Err() != nil {
			rep.Findings = append(rep.Findings, Finding{ID: id, Status: Skip, Title: titleSkipped, Detail: "The check was interrupted."})
			continue
		}
		rep.Findings = append(rep.Findings, r.clean(r.rotationCheck(ctx, id)))
	}
	if rep.OrgURL == "" {
		rep.OrgURL = r.base
	}
	for _, k := range r.listed {
		rep.AppKeys = append(rep.AppKeys, ListedKey{KID: k.KID, Thumbprint: k.thumbprint, Status: k.Status})
	}
	return rep
}

// rotationCheck runs one rotation check.
func (r *run) rotationCheck(ctx context.Context, id string) Finding {
	old := r.in.Retired
	if old == nil {
		old = &Retired{}
	}
	switch id {
	case IDRotateCurrent:
		if r.in.Method == APIToken {
			return r.currentToken(ctx, old)
		}
		return r.currentKey(ctx, old)
	case IDRotateNewKey:
		return r.newKey(ctx, old)
	case IDRotateOneKey:
		return r.oneKey(ctx, old)
	case IDRotateOldKey:
		return r.oldKey(ctx, old)
	case IDRotateOwner:
		return r.tokenOwner(ctx, old)
	case IDRotateRevoke:
		return r.revokeOld(ctx, old)
	case IDRotateOldToken:
		return r.oldToken(ctx, old)
	}
	return Finding{ID: id, Status: Skip, Title: titleSkipped, Detail: "Unknown rotation check."}
}

// --- OAuth 2.0 helpers -------------------------------------------------

// keyToken runs the engine's token exchange for key, as Tako sends it (no
// kid), naming kid (or, when kid is "", the key's thumbprint) only when
// Okta needs a kid to pick the key. sk is nil when there is no usable key.
func (r *run) keyToken(ctx context.Context, key crypto.PrivateKey, kid string) (*tokenOutcome, *signingKey) {
	sk, _, err := analyseKey(key)
	if err != nil || sk == nil || sk.probe {
		return nil, nil
	}
	saved := r.in.KeyID
	r.in.KeyID = kid
	t := r.requestToken(ctx, sk, r.wantedScopes())
	r.in.KeyID = saved
	return t, sk
}

// tokenCredential is how management calls use an issued token.
func tokenCredential(t *tokenOutcome) credential {
	if t.dpop != nil && strings.EqualFold(t.tokenType, "DPoP") {
		return credential{scheme: "DPoP", token: t.token, dpop: t.dpop}
	}
	return credential{scheme: "Bearer", token: t.token}
}

// appKeyEntry is one key of the app's key list.
type appKeyEntry struct {
	appKey
	thumbprint string
}

// describe is "kid abc (pks123, ACTIVE, added 2026-01-02)".
func (k appKeyEntry) describe() string {
	s := "kid " + orNone(k.KID) + " (" + k.ID + ", " + k.Status
	if t, ok := parseOktaTime(k.Created); ok {
		s += ", added " + t.Format(time.DateOnly)
	}
	return s + ")"
}

// appKeys reads the app's key list with an issued token (it needs
// okta.apps.read); ok is false when it could not be read.
func (r *run) appKeys(ctx context.Context, t *tokenOutcome) (keys []appKeyEntry, ok bool) {
	if !t.ok() || !slices.Contains(t.granted, scopeAppsRead) {
		return nil, false
	}
	a, p := r.get(ctx, fillClient(scopeProbes[scopeAppsRead], r.in.ClientID), tokenCredential(t))
	if p != nil || a.status != http.StatusOK {
		return nil, false
	}
	raws, err := keyListEntries(a.body)
	if err != nil {
		return nil, false
	}
	for _, raw := range raws {
		var e appKeyEntry
		if json.Unmarshal(raw, &e.appKey) != nil {
			continue
		}
		var jwk jose.JSONWebKey
		if jwk.UnmarshalJSON(raw) == nil {
			if sum, err := jwk.Thumbprint(crypto.SHA256); err == nil {
				e.thumbprint = base64.RawURLEncoding.EncodeToString(sum)
			}
		}
		keys = append(keys, e)
	}
	r.listed = keys
	return keys, true
}

// findKey returns the entry of the key with this thumbprint: the listed
// key with the same public modulus and exponent, whatever its kid.
func findKey(keys []appKeyEntry, thumb string) *appKeyEntry {
	for i := range keys {
		if keys[i].thumbprint == thumb {
			return &keys[i]
		}
	}
	return nil
}

// activeBesides lists the active keys other than the one with thumb, by
// the kid Okta shows, naming the rotation's old and new key (roles).
func activeBesides(keys []appKeyEntry, thumb string, roles map[string]string) []string {
	var out []string
	for _, k := range keys {
		if k.Status == "ACTIVE" && k.thumbprint != thumb {
			out = append(out, k.describeAs(roles))
		}
	}
	return out
}

// keyRoles names the rotation's keys by thumbprint — the public modulus
// and exponent, whatever kid Okta lists them under: the old key (the one
// the .env held) and the new one.
func (r *run) keyRoles() map[string]string {
	roles := map[string]string{}
	if old := r.in.Retired; old != nil && old.PrivateKey != nil {
		if sk, _, err := analyseKey(old.PrivateKey); err == nil && sk != nil {
			roles[sk.thumbprint] = "the old key"
		}
	}
	if r.in.PrivateKey != nil {
		if sk, _, err := analyseKey(r.in.PrivateKey); err == nil && sk != nil {
			roles[sk.thumbprint] = "the new key"
		}
	}
	return roles
}

// describeAs is describe, with the key's role in the rotation when it has
// one: "kid abc (pks123, ACTIVE, added 2026-01-02; the old key)".
func (k appKeyEntry) describeAs(roles map[string]string) string {
	d := k.describe()
	if role := roles[k.thumbprint]; role != "" && k.thumbprint != "" {
		d = strings.TrimSuffix(d, ")") + "; " + role + ")"
	}
	return d
}

// sameKey reports whether two private keys are one key pair.
func sameKey(a, b crypto.PrivateKey) bool {
	ka, ok1 := a.(*rsa.PrivateKey)
	kb, ok2 := b.(*rsa.PrivateKey)
	return ok1 && ok2 && ka != nil && kb != nil && ka.PublicKey.Equal(&kb.PublicKey)
}

// publicJWK is the key's public half as Okta's "Add key" takes it.
func publicJWK(sk *signingKey, kid string) string {
	b, err := (&jose.JSONWebKey{Key: sk.priv.Public(), KeyID: kid, Algorithm: string(sk.alg), Use: "sig"}).MarshalJSON()
	if err != nil {
		return "(the public key could not be encoded: " + err.Error() + ")"
	}
	return string(b)
}

// kidOr is kid, or the key's thumbprint when kid is "".
func kidOr(kid string, sk *signingKey) string {
	if kid != "" {
		return kid
	}
	return sk.thumbprint
}

// refusal explains the token exchange's last answer: Okta's words and the
// catalogue's meaning and fix.
func refusal(t *tokenOutcome) (meaning, said, fix string) {
	en := oktaerr.Lookup(nil)
	if t.final != nil && t.final.err != nil {
		en = t.final.entry()
		said = " Okta said " + t.final.err.Text() + "."
	}
	return en.Meaning, said, en.Fix
}

// --- API token helpers -------------------------------------------------

// sswsMe asks Okta who a token acts as (GET /api/v1/users/me).
func (r *run) sswsMe(ctx context.Context, tok secret.Secret) (*oktaUser, *answer, *problem) {
	a, p := r.get(ctx, "/api/v1/users/me", credential{scheme: "SSWS", token: tok.Reveal()})
	if p != nil {
		return nil, nil, p
	}
	if a.status != http.StatusOK {
		return nil, a, nil
	}
	var u oktaUser
	if p := decodeJSON(a, "the token's admin (/api/v1/users/me)", &u); p != nil {
		return nil, nil, p
	}
	return &u, a, nil
}

// tokenName identifies the token among u's tokens, as the engine's network
// check does; "" when it cannot.
func (r *run) tokenName(ctx context.Context, tok secret.Secret, u *oktaUser) string {
	a, p := r.get(ctx, "/api/v1/api-tokens", credential{scheme: "SSWS", token: tok.Reveal()})
	meta, how, _ := r.identifyToken(*u, &probe{path: "/api/v1/api-tokens", a: a, p: p})
	if meta == nil {
		return ""
	}
	return fmt.Sprintf("\"%s\" (%s)", meta.Name, how)
}

// send makes one authenticated request with another method than GET
// (rotate.revoke's DELETE), through the engine's one HTTP seam.
func (r *run) send(ctx context.Context, method, path string, cred credential) (*answer, *problem) {
	target := r.base + path
	return r.c.do(ctx, func(ctx context.Context) (*http.Request, error) {
		req, err := http.NewRequestWithContext(ctx, method, target, nil)
		if err != nil {
			return nil, err
		}
		req.Header.Set("Authorization", cred.scheme+" "+cred.token)
		req.Header.Set("Accept", "application/json")
		return req, nil
	})
}
