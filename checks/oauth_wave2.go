package checks

import (
	"context"
	"crypto"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/go-jose/go-jose/v4"
)

const (
	scopeAppsRead  = "okta.apps.read"
	scopeRolesRead = "okta.roles.read"
	scopePRLRead   = "okta.principalRateLimits.read"
)

// oauthWave2 sends, all at once, every call the token allows and the
// selected checks need: one cheap GET per granted scope (oauth.roles), the
// app's key list (age) and the principal rate limits (ratelimit) — the
// latter two double as the probes of okta.apps.read and
// okta.principalRateLimits.read.
func (r *run) oauthWave2(ctx context.Context, t *tokenOutcome, sk *signingKey) {
	if !t.ok() {
		return
	}
	cred := credential{scheme: "Bearer", token: t.token}
	if t.dpop != nil && strings.EqualFold(t.tokenType, "DPoP") {
		cred = credential{scheme: "DPoP", token: t.token, dpop: t.dpop}
	}
	var calls []*probe
	seen := map[string]bool{}
	add := func(scope string) {
		path, ok := scopeProbes[scope]
		if !ok || !slices.Contains(t.granted, scope) {
			return
		}
		path = fillClient(path, r.in.ClientID)
		if !seen[path] {
			seen[path] = true
			calls = append(calls, &probe{scope: scope, path: path})
		}
	}
	if r.wants(IDOAuthRoles) {
		for _, s := range t.granted {
			add(s)
		}
	}
	if r.wants(IDAge) {
		add(scopeAppsRead)
	}
	if r.wants(IDRateLimit) {
		add(scopePRLRead)
	}
	// Discovery has named the org's own host by now: bound wave 2 by its
	// ceiling (a custom domain says nothing about the plan).
	r.c.setLimit(startBound(hostOf(r.canon)))
	rolesPath := fillClient(scopeProbes[scopeRolesRead], r.in.ClientID)
	keep := func(pr *probe) bool {
		return IsCoreScope(pr.scope) || pr.scope == scopePRLRead || pr.path == rolesPath
	}
	// The calls that are always sent go first: on an org that serves only
	// some of a burst, they are the likeliest to be served at once.
	slices.SortStableFunc(calls, func(a, b *probe) int {
		switch ka, kb := keep(a), keep(b); {
		case ka && !kb:
			return -1
		case kb && !ka:
			return 1
		}
		return 0
	})
	results := r.runProbesSparing(ctx, calls, cred, rolesPath, keep)
	if ctx.Err() != nil {
		return
	}
	byScope := func(scope string) *probe {
		path, ok := scopeProbes[scope]
		if !ok {
			return nil
		}
		return results[fillClient(path, r.in.ClientID)]
	}

	prl := rateLimitSourceFrom(byScope(scopePRLRead), r.in.ClientID, "the app", "the token does not carry "+scopePRLRead)
	r.stayWithinShare(prl)
	if r.wants(IDOAuthRoles) {
		sync, note := r.oauthSyncCalls(ctx, t, results, cred)
		if ctx.Err() != nil {
			return
		}
		r.oauthRolesFinding(t, results, sync, note)
	}
	if r.wants(IDAge) {
		r.oauthAgeFinding(byScope(scopeAppsRead), sk)
	}
	if r.wants(IDRateLimit) {
		r.rateLimitFinding(prl)
	}
}

// roleAssignment is one entry of a roles list (docs/okta-behavior.md §3).
type roleAssignment struct {
	ID     string `json:"id"`
	Label  string `json:"label"`
	Type   string `json:"type"`
	Status string `json:"status"`
}

// elevatedRoles are more than a read-only integration needs.
var elevatedRoles = []string{"SUPER_ADMIN", "ORG_ADMIN"}

// describeRoles lists roles by label ("Read-only Administrator (READ_ONLY_ADMIN)").
func describeRoles(roles []roleAssignment) string {
	if len(roles) == 0 {
		return "none"
	}
	out := make([]string, len(roles))
	for i, ro := range roles {
		out[i] = ro.Type
		if ro.Label != "" && ro.Label != ro.Type {
			out[i] = ro.Label + " (" + ro.Type + ")"
		}
	}
	return strings.Join(out, ", ")
}

// elevated returns the elevated roles among roles.
func elevated(roles []roleAssignment) []string {
	var out []string
	for _, ro := range roles {
		if slices.Contains(elevatedRoles, ro.Type) && ro.Status != "INACTIVE" {
			out = append(out, ro.Type)
		}
	}
	return out
}

// oauthSyncCalls makes, in a third wave, the calls Tako's sync makes with
// an id — only when the app's role may allow the lists and refuse what is
// under them (a custom role, or one that cannot be told): a role that
// reads everything keeps the check at two round trips. The user is the
// first one the users probe listed; the app is this one (an API Services
// app's client ID is its app id). note says why the calls were not made.
func (r *run) oauthSyncCalls(ctx context.Context, t *tokenOutcome, results map[string]*probe, cred credential) ([]syncOutcome, string) {
	granted := func(scope string) bool { return slices.Contains(t.granted, scope) }
	probeOf := func(scope string) *probe {
		if !granted(scope) {
			return nil
		}
		return results[fillClient(scopeProbes[scope], r.in.ClientID)]
	}
	coreListsOK := true
	for _, s := range CoreScopes {
		pr := probeOf(s)
		if s == scopeRolesRead || pr == nil {
			continue
		}
		switch pr.outcome() {
		case probeOK, probeFeatureOff, probeNotFound:
		case probeNoRole:
			// A core list is refused: the role fails already.
			return nil, ""
		default:
			coreListsOK = false
		}
	}
	var roles []roleAssignment
	rolesPr := probeOf(scopeRolesRead)
	known := rolesPr != nil && rolesPr.outcome() == probeOK && decodeJSON(rolesPr.a, "the app's roles", &roles) == nil
	refused := rolesPr != nil && rolesPr.outcome() == probeNoRole
	if rolesReadAll(roles, known, refused, coreListsOK) {
		return nil, " Tako's sync calls that need an id (a user's groups and factors, an app's users) were not made separately: a role that reads every list Tako reads reads these too."
	}
	ids := syncIDs{user: firstID(probeOf("okta.users.read")), app: r.in.ClientID}
	return r.syncCallsFor(ctx, ids, cred, granted, nil), ""
}

// oauthRolesFinding tells from the probes whether the app's admin role lets
// it read what Tako asks for, and names the role where Okta shows it.
// sync are the calls Tako's sync makes with an id (note: why none was made).
func (r *run) oauthRolesFinding(t *tokenOutcome, results map[string]*probe, sync []syncOutcome, note string) {
	var ok, noRole, noScope, off, failed, unprobed, spared []string
	// coreUntested are core scopes whose call failed before Okta judged
	// it (a 5xx, a refused token, a broken connection, a redirect): what
	// the role allows there is not known.
	var coreUntested []string
	var rolesProbe *probe
	for _, s := range t.granted {
		path, has := scopeProbes[s]
		if !has {
			unprobed = append(unprobed, s)
			continue
		}
		pr := results[fillClient(path, r.in.ClientID)]
		if pr == nil {
			continue
		}
		if pr.spared {
			spared = append(spared, s)
			continue
		}
		if s == scopeRolesRead {
			rolesProbe = pr
		}
		switch pr.outcome() {
		case probeOK:
			ok = append(ok, s)
		case probeNoRole:
			noRole = append(noRole, s)
		case probeNoScope:
			noScope = append(noScope, s)
		case probeFeatureOff, probeNotFound:
			off = append(off, s)
		default:
			failed = append(failed, s+" ("+pr.why()+")")
			if IsCoreScope(s) {
				coreUntested = append(coreUntested, s)
			}
		}
	}
	probed := len(ok) + len(noRole) + len(noScope) + len(off) + len(failed)
	if probed == 0 {
		r.skip("None of the granted scopes has a call cheap enough to test it with.", IDOAuthRoles)
		return
	}

	// The app's own roles, when Okta lets it read them.
	var roles []roleAssignment
	rolesKnown := false
	roleLine := "Its admin role is unknown: the token does not carry " + scopeRolesRead + "."
	if rolesProbe != nil {
		switch rolesProbe.outcome() {
		case probeOK:
			if decodeJSON(rolesProbe.a, "the app's roles", &roles) == nil {
				rolesKnown = true
				roleLine = "Its admin roles: " + describeRoles(roles) + "."
			}
		case probeNoRole:
			roleLine = "Its admin role is unknown: Okta did not let the app list its own roles (normal for Read-only Administrator)."
		default:
			roleLine = "Its admin role is unknown (" + rolesProbe.why() + ")."
		}
	}

	var b strings.Builder
	fmt.Fprintf(&b, "%d of %d test calls succeeded.", len(ok), probed)
	b.WriteString(" " + roleLine)
	if len(noRole) > 0 {
		b.WriteString(" Refused by the admin role (E0000006): " + markCore(noRole) + ".")
	}
	if len(noScope) > 0 {
		b.WriteString(" Refused for a missing scope although granted: " + strings.Join(noScope, ", ") + ".")
	}
	if len(off) > 0 {
		b.WriteString(" Not enabled in this org (nothing to fix unless Tako needs it): " + strings.Join(off, ", ") + ".")
	}
	if len(failed) > 0 {
		b.WriteString(" Could not be tested: " + strings.Join(failed, "; ") + ".")
	}
	if len(unprobed) > 0 {
		b.WriteString(" Not tested (no cheap call exists): " + strings.Join(unprobed, ", ") + ".")
	}
	if len(spared) > 0 {
		b.WriteString(" Not sent, to spare an org that had no slot to spare — the app's role reads everything, so these are allowed: " + strings.Join(spared, ", ") + ".")
	}
	syncRefused, syncUntested, syncSentence := syncSummary(sync, note)
	b.WriteString(syncSentence)
	coreUntested = append(coreUntested, syncUntested...)
	detail := b.String()

	assignRO := appConsole + " › Admin roles › Edit assignments: add the Read-only Administrator role and save."
	coreRefused := false
	for _, s := range noRole {
		if IsCoreScope(s) && s != scopeRolesRead {
			coreRefused = true
		}
	}
	if len(syncRefused) > 0 {
		coreRefused = true
	}
	onlyRolesRefused := len(noRole) == 1 && noRole[0] == scopeRolesRead && len(syncRefused) == 0
	switch {
	case len(noRole) > 0 && len(ok) == 0 && !(rolesKnown && len(roles) > 0):
		r.set(Finding{ID: IDOAuthRoles, Status: Fail, Title: "The app has no admin role",
			Detail: detail + " Every call the scopes allow was refused by the role check: the app has no admin role, or one that can read none of this. Scopes say what an app may ask for; the admin role decides what Okta lets it do.",
			Fix:    assignRO})
	case coreRefused:
		r.set(Finding{ID: IDOAuthRoles, Status: Fail, Title: "The app's role cannot read what Tako needs",
			Detail: detail,
			Fix:    assignRO + " If the app has a custom role, add the missing read permissions to it (Admin Console › Security › Administrators › Roles)."})
	case len(coreUntested) > 0:
		// A check that could not see what the role allows must not say
		// Tako will work: Tako's sync makes these very calls.
		title := "The app's role could not be verified"
		if len(ok) == 0 {
			title = "No call with the token succeeded"
		}
		r.set(Finding{ID: IDOAuthRoles, Status: Fail, Title: title,
			Detail: detail + " Tako's sync needs " + strings.Join(coreUntested, ", ") + ", and Okta never got to judge those calls, so whether the app's role allows them is unknown.",
			Fix:    "Run the check again. If it keeps failing: check https://status.okta.com, and anything between this machine and Okta that could answer in its place (HTTPS_PROXY, a TLS-inspecting proxy, a load balancer in front of a custom domain); then make sure the app has the Read-only Administrator role (" + appConsole + " › Admin roles)."})
	case onlyRolesRefused && !rolesKnown:
		r.set(Finding{ID: IDOAuthRoles, Status: Warn, Title: "The app cannot read admin role assignments",
			Detail: detail + " Tako's questions about admins and their roles will fail; everything else works.",
			Fix:    "Read-only Administrator cannot read admin role assignments. If Tako should answer questions about admins, create a custom admin role with the \"View roles, resources, and admin assignments\" permission and a resource set covering all identity and access management resources (Admin Console › Security › Administrators › Roles and Resources), and assign it to the app in addition."})
	case len(noRole) > 0 || len(noScope) > 0 || len(failed) > 0:
		r.set(Finding{ID: IDOAuthRoles, Status: Warn, Title: "Some calls were refused",
			Detail: detail + " Tako works, but cannot answer questions about what these cover.",
			Fix:    assignRO + " If the app has a custom role, add the missing read permissions to it."})
	case len(elevated(roles)) > 0:
		r.set(Finding{ID: IDOAuthRoles, Status: Warn, Title: "The app's admin role is more than Tako needs",
			Detail: detail + " " + strings.Join(elevated(roles), " and ") + " can change anything in the org; Tako only reads. If the key leaks, a read-only role limits the damage.",
			Fix:    appConsole + " › Admin roles › Edit assignments: replace " + strings.Join(elevated(roles), " / ") + " with Read-only Administrator."})
	default:
		r.set(Finding{ID: IDOAuthRoles, Status: Pass, Title: "The app's role can read what Tako asks for", Detail: detail})
	}
}

// appKey is one entry of the app's key list.
type appKey struct {
	ID      string `json:"id"`
	KID     string `json:"kid"`
	Status  string `json:"status"`
	Created string `json:"created"`
}

// oauthAgeFinding finds this key in the app's key list and judges its age.
func (r *run) oauthAgeFinding(pr *probe, sk *signingKey) {
	if pr == nil {
		r.skip("The key's creation date is in the app's key list, which needs the "+scopeAppsRead+" scope.", IDAge)
		return
	}
	if pr.outcome() != probeOK {
		r.skip("The app's key list could not be read ("+pr.why()+"), so the key's age is unknown.", IDAge)
		return
	}
	raws, perr := keyListEntries(pr.a.body)
	if perr != nil {
		r.skip("The app's key list could not be read, so the key's age is unknown.", IDAge)
		return
	}
	active := 0
	var mine *appKey
	for _, raw := range raws {
		var meta appKey
		if json.Unmarshal(raw, &meta) != nil {
			continue
		}
		if meta.Status == "ACTIVE" {
			active++
		}
		var jwk jose.JSONWebKey
		if jwk.UnmarshalJSON(raw) != nil {
			continue
		}
		sum, err := jwk.Thumbprint(crypto.SHA256)
		if err == nil && base64.RawURLEncoding.EncodeToString(sum) == sk.thumbprint {
			m := meta
			mine = &m
		}
	}
	if mine == nil {
		r.skip("This key is not in the app's key list, so its age is unknown.", IDAge)
		return
	}
	created, ok := parseOktaTime(mine.Created)
	if !ok {
		r.skip("Okta shows no creation date for this key.", IDAge)
		return
	}
	extra := fmt.Sprintf("It is key %s (kid %s); the app has %s.", mine.ID, orNone(mine.KID), countOf(active, "active key", "active keys"))
	r.ageFinding("app key", created,
		"Rotate the key: let tako-setup generate a new key pair, add its public key in "+appConsole+" › General › Public Keys, update the .env, check again, then deactivate the old key.", extra)
}

// keyListEntries accepts the key list as Okta's spec shows it
// ({"jwks":{"keys":[…]}}), as a bare JWKS ({"keys":[…]}) or as an array.
func keyListEntries(body []byte) ([]json.RawMessage, error) {
	var arr []json.RawMessage
	if json.Unmarshal(body, &arr) == nil {
		return arr, nil
	}
	var doc struct {
		Keys []json.RawMessage `json:"keys"`
		JWKS struct {
			Keys []json.RawMessage `json:"keys"`
		} `json:"jwks"`
	}
	if err := json.Unmarshal(body, &doc); err != nil {
		return nil, err
	}
	if len(doc.JWKS.Keys) > 0 {
		return doc.JWKS.Keys, nil
	}
	return doc.Keys, nil
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
