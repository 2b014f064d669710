package checks

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/fctr-id/tako-setup/checks/oktaerr"
)

const tokensConsole = "Admin Console › Security › API › Tokens"

// apiTokenChecks are the checks that need the token to work.
var apiTokenChecks = []string{IDTokenValid, IDTokenRoles, IDTokenNetwork, IDAge, IDRateLimit}

// oktaUser is the part of a user object the engine reads.
type oktaUser struct {
	ID      string `json:"id"`
	Status  string `json:"status"`
	Profile struct {
		Login     string `json:"login"`
		FirstName string `json:"firstName"`
		LastName  string `json:"lastName"`
	} `json:"profile"`
}

// name is "Ann Admin (ann@example.com)".
func (u oktaUser) name() string {
	full := strings.TrimSpace(u.Profile.FirstName + " " + u.Profile.LastName)
	switch {
	case full != "" && u.Profile.Login != "":
		return full + " (" + u.Profile.Login + ")"
	case u.Profile.Login != "":
		return u.Profile.Login
	}
	return u.ID
}

// apiTokenMeta is one entry of /api/v1/api-tokens.
type apiTokenMeta struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	UserID    string `json:"userId"`
	Created   string `json:"created"`
	ExpiresAt string `json:"expiresAt"`
	Network   struct {
		Connection string   `json:"connection"`
		Include    []string `json:"include"`
		Exclude    []string `json:"exclude"`
	} `json:"network"`
}

// runAPIToken runs the API-token checks: wave 1 is /users/me and org
// discovery side by side; wave 2 the admin's roles, the token list and the
// principal rate limits at once.
func (r *run) runAPIToken(ctx context.Context) {
	needMe := r.wants(apiTokenChecks...)
	cred := credential{scheme: "SSWS", token: r.in.APIToken.Reveal()}
	empty := strings.TrimSpace(cred.token) == ""
	// A token with a control character is never sent: the request would
	// fail before leaving, and read like a network fault.
	malformed := TokenProblem(strings.TrimSpace(cred.token))
	sendMe := needMe && !empty && malformed == ""
	// The token leaves this machine only for a proven Okta org: alongside
	// discovery on a host under Okta's own domains, after it elsewhere.
	early := underOktaDomain(hostOf(r.base))
	needDiscovery := r.wants(IDOrg, IDClock, IDRateLimit) || (sendMe && !early)

	var (
		d      *discovery
		me     *answer
		meProb *problem
	)
	parallel(
		func() {
			if needDiscovery {
				d = r.discover(ctx)
			}
		},
		func() {
			if sendMe && early {
				me, meProb = r.get(ctx, "/api/v1/users/me", cred)
			}
		},
	)
	if ctx.Err() != nil {
		return
	}
	if sendMe && !early && d.fail == nil {
		me, meProb = r.get(ctx, "/api/v1/users/me", cred)
		if ctx.Err() != nil {
			return
		}
	}
	// A 200 counts only when it is Okta's JSON: a captive portal or a web
	// site answers 200 with an HTML page, which proves nothing.
	var meUser oktaUser
	meOK := me != nil && me.status == http.StatusOK && decodeJSON(me, "", &meUser) == nil
	if d != nil && !r.orgFinding(d, meOK) {
		if r.wants(IDClock) {
			r.clockFinding("", false)
		}
		r.skip("The org must be fixed first.", tokenIDs...)
		return
	}
	if r.wants(IDClock) {
		r.clockFinding("", false)
	}
	if !needMe {
		return
	}
	if empty {
		r.set(Finding{ID: IDTokenValid, Status: Fail, Title: "No API token",
			Detail: "OKTA_API_TOKEN is empty.",
			Fix:    "Sign in as the admin Tako should act as, create a token in " + tokensConsole + " (Create token), and put it in OKTA_API_TOKEN."})
		r.skip("Needs the API token.", apiTokenChecks...)
		r.rateLimitFinding(rateLimitSource{unknownWhy: "no token was given"})
		return
	}
	if malformed != "" {
		r.set(Finding{ID: IDTokenValid, Status: Fail, Title: "This is not an Okta API token",
			Detail: "OKTA_API_TOKEN " + strings.TrimSuffix(strings.SplitN(malformed, ";", 2)[0], ".") + ", so it was not sent to Okta.",
			Fix:    "Copy the token again from where you saved it (or create a new one in " + tokensConsole + ") and put it in OKTA_API_TOKEN, with nothing else on the line."})
		r.skip("Needs a working token.", apiTokenChecks...)
		r.rateLimitFinding(rateLimitSource{unknownWhy: "the token was not sent"})
		return
	}
	user, ok := r.tokenValidFinding(me, meProb)
	if !ok {
		r.skip("Needs a working token.", apiTokenChecks...)
		return
	}

	// Wave 2.
	var calls []*probe
	rolesPath := "/api/v1/users/" + user.ID + "/roles"
	// Tako's sync calls under a user ask about this admin: the token gives
	// the id, so they join this wave.
	var sync []syncOutcome
	if r.wants(IDTokenRoles) {
		calls = append(calls, &probe{path: rolesPath})
		for _, sc := range tokenCoreReads {
			calls = append(calls, &probe{scope: sc.scope, path: sc.path})
		}
		for _, c := range syncCalls {
			if path, ok := c.fill(syncIDs{user: user.ID}); ok {
				o := syncOutcome{call: c, pr: &probe{scope: c.scope, path: path}}
				sync = append(sync, o)
				calls = append(calls, o.pr)
			}
		}
	}
	if r.wants(IDTokenNetwork, IDAge, IDRateLimit) {
		calls = append(calls, &probe{path: "/api/v1/api-tokens"})
	}
	if r.wants(IDRateLimit) {
		calls = append(calls, &probe{path: principalRateLimitsTokenPath})
	}
	r.c.setLimit(startBound(hostOf(r.canon)))
	res := r.runProbes(ctx, calls, cred)
	if ctx.Err() != nil {
		return
	}
	tok, how, why := r.identifyToken(user, res["/api/v1/api-tokens"])
	prl := rateLimitSource{principal: "the token", unknownWhy: "the token could not be identified: " + why}
	if tok != nil {
		prl = rateLimitSourceFrom(res[principalRateLimitsTokenPath], tok.ID, "the token", "")
	}
	r.stayWithinShare(prl)
	if r.wants(IDTokenRoles) {
		more, note := r.tokenSyncCalls(ctx, res[rolesPath], res, cred)
		if ctx.Err() != nil {
			return
		}
		r.tokenRolesFinding(user, res[rolesPath], res, append(sync, more...), note)
	}
	if r.wants(IDTokenNetwork) {
		r.tokenNetworkFinding(tok, how, why)
	}
	if r.wants(IDAge) {
		if tok == nil {
			r.skip("The token's creation date is in the token list, but "+why+".", IDAge)
		} else if created, ok := parseOktaTime(tok.Created); ok {
			r.ageFinding("API token", created,
				"Create a new token in "+tokensConsole+" while signed in as "+user.name()+", put it in OKTA_API_TOKEN, check again, then revoke the old one (\""+tok.Name+"\").",
				"It is \""+tok.Name+"\", "+how+".")
		} else {
			r.skip("Okta shows no creation date for this token.", IDAge)
		}
	}
	if r.wants(IDRateLimit) {
		r.rateLimitFinding(prl)
	}
}

// tokenValidFinding judges /api/v1/users/me.
func (r *run) tokenValidFinding(me *answer, p *problem) (oktaUser, bool) {
	var u oktaUser
	if p != nil {
		r.set(p.finding(IDTokenValid))
		return u, false
	}
	if me.status == http.StatusOK {
		if p := decodeJSON(me, "the token's admin (/api/v1/users/me)", &u); p != nil {
			r.set(p.finding(IDTokenValid))
			return u, false
		}
		detail := fmt.Sprintf("Okta accepted the token (%s); it acts as %s, whose account is %s.", r.in.APIToken.Mask(), u.name(), strings.ToLower(orNone(u.Status)))
		r.set(Finding{ID: IDTokenValid, Status: Pass, Title: "API token works", Detail: detail})
		return u, true
	}
	en := me.entry()
	said := ""
	if me.err != nil {
		said = " Okta said " + me.err.Text() + "."
	}
	switch me.kind() {
	case oktaerr.InvalidToken:
		r.set(Finding{ID: IDTokenValid, Status: Fail, Title: "Okta does not accept this API token",
			Detail: "Token " + r.in.APIToken.Mask() + ": " + en.Meaning + said, Fix: en.Fix})
	case oktaerr.PermissionDenied:
		// /users/me needs no admin permission, so a refusal there means the
		// token may not be used from here: its network restriction
		// (docs/okta-behavior.md §4: Okta's exact answer is [unconfirmed]; 403
		// E0000006 and 401 E0000011 are the candidates).
		r.set(Finding{ID: IDTokenValid, Status: Fail, Title: "Okta refused the token from this machine",
			Detail: "Token " + r.in.APIToken.Mask() + ": Okta refused even /api/v1/users/me, which every valid token may read." + said + " The likely cause is the token's network restriction: this machine is outside the zones it may be used from.",
			Fix:    "In " + tokensConsole + ", check the token's network access and allow the zone that holds this machine's public IP (Admin Console › Security › Networks) — or run Tako from an allowed network."})
		r.set(Finding{ID: IDTokenNetwork, Status: Fail, Title: "This machine seems outside the token's allowed networks",
			Detail: "Okta refused the token here although it is valid enough to be recognised." + said,
			Fix:    "In " + tokensConsole + ", allow a network zone that holds this machine's public IP (zones are in Admin Console › Security › Networks), or run Tako from an allowed network."})
	default:
		r.set(Finding{ID: IDTokenValid, Status: Fail, Title: "Okta refused the API token",
			Detail: "Token " + r.in.APIToken.Mask() + ": " + en.Meaning + said, Fix: en.Fix})
	}
	return u, false
}

// tokenCoreReads are the reads Tako's sync cannot do without, tested
// with the token alongside its admin's role list: an admin who may not list
// role assignments (Read-only Administrator) still shows what it can read.
var tokenCoreReads = []struct{ scope, path string }{
	{"okta.users.read", "/api/v1/users?limit=1"},
	{"okta.groups.read", "/api/v1/groups?limit=1"},
	{"okta.apps.read", "/api/v1/apps?limit=1"},
	{"okta.logs.read", "/api/v1/logs?limit=1"},
	{"okta.policies.read", "/api/v1/policies?type=OKTA_SIGN_ON&limit=1"},
	{"okta.authenticators.read", "/api/v1/authenticators"},
}

// tokenSyncCalls makes, in a third wave, the sync calls that need an app
// id — only when the admin's role may allow the lists and refuse what is
// under them (a custom role, or one that cannot be told); the app is the
// first one the app list showed. note says why the calls were not made.
func (r *run) tokenSyncCalls(ctx context.Context, rolesProbe *probe, res map[string]*probe, cred credential) ([]syncOutcome, string) {
	coreListsOK := true
	for _, sc := range tokenCoreReads {
		switch res[sc.path].outcome() {
		case probeOK, probeFeatureOff, probeNotFound:
		case probeNoRole:
			return nil, "" // the role fails already
		default:
			coreListsOK = false
		}
	}
	var roles []roleAssignment
	known := rolesProbe.outcome() == probeOK && decodeJSON(rolesProbe.a, "the admin's roles", &roles) == nil
	if rolesReadAll(roles, known, rolesProbe.outcome() == probeNoRole, coreListsOK) {
		return nil, " Tako's sync calls that need an app id (an app's users) were not made separately: a role that reads every list Tako reads reads these too."
	}
	ids := syncIDs{app: firstID(res["/api/v1/apps?limit=1"])}
	return r.syncCallsFor(ctx, ids, cred, func(string) bool { return true }, func(c syncCall) bool { return strings.Contains(c.path, "{app}") }), ""
}

// tokenRolesFinding judges the roles of the token's admin (the token acts
// with them) and what the token could read, including Tako's sync calls
// that need an id (sync; note: why some were not made).
func (r *run) tokenRolesFinding(u oktaUser, rolesProbe *probe, res map[string]*probe, sync []syncOutcome, note string) {
	if rolesProbe == nil {
		return
	}
	var refused, failed []string
	readable := 0
	for _, sc := range tokenCoreReads {
		pr := res[sc.path]
		switch {
		case pr == nil:
		case pr.outcome() == probeOK, pr.outcome() == probeFeatureOff, pr.outcome() == probeNotFound:
			readable++
		case pr.outcome() == probeNoRole:
			refused = append(refused, what(sc.path))
		default:
			failed = append(failed, what(sc.path)+" ("+pr.why()+")")
		}
	}
	reads := fmt.Sprintf(" Test reads of Tako's core data: %d of %d allowed.", readable, len(tokenCoreReads))
	if len(refused) > 0 {
		reads += " Refused by the admin's role (E0000006): " + strings.Join(refused, ", ") + "."
	}
	if len(failed) > 0 {
		reads += " Could not be tested: " + strings.Join(failed, "; ") + "."
	}
	syncRefused, syncUntested, syncSentence := syncSummary(sync, note)
	reads += syncSentence
	refused = append(refused, syncRefused...)
	failed = append(failed, syncUntested...)
	grantRO := "Give " + u.name() + " the Read-only Administrator role (Admin Console › Security › Administrators › Add administrator), or create the token as an admin who has it."

	var roles []roleAssignment
	switch {
	case rolesProbe.outcome() == probeOK:
		if p := decodeJSON(rolesProbe.a, "the admin's roles", &roles); p != nil {
			r.set(p.finding(IDTokenRoles))
			return
		}
	case rolesProbe.outcome() == probeNoRole:
		// Super and Org Administrators may list role assignments; an admin
		// who may not is neither, which is what least privilege asks for.
		detail := fmt.Sprintf("The token acts as %s. Okta did not let it list that admin's roles (normal for Read-only Administrator), so the admin is not a Super or Org Administrator.", u.name()) + reads
		switch {
		case readable == 0 && len(refused) > 0:
			r.set(Finding{ID: IDTokenRoles, Status: Fail, Title: "The token's admin has no role that reads Tako's data", Detail: detail, Fix: grantRO})
		case len(refused) > 0:
			r.set(Finding{ID: IDTokenRoles, Status: Fail, Title: "The token's admin cannot read all Tako needs", Detail: detail, Fix: grantRO})
		case len(failed) > 0:
			r.set(Finding{ID: IDTokenRoles, Status: Warn, Title: "Some reads could not be tested", Detail: detail, Fix: "Run the check again."})
		default:
			// As for an OAuth app (oauth.roles): Tako's live tools answer
			// questions about admins by reading role assignments.
			r.set(Finding{ID: IDTokenRoles, Status: Warn, Title: "The token's admin cannot read admin role assignments",
				Detail: detail + " Tako's questions about admins and their roles will fail; everything else works.",
				Fix:    "Read-only Administrator cannot read admin role assignments. If Tako should answer questions about admins, create a custom admin role with the \"View roles, resources, and admin assignments\" permission and a resource set covering all identity and access management resources (Admin Console › Security › Administrators › Roles and Resources), and assign it to " + u.name() + " in addition."})
		}
		return
	default:
		r.set(Finding{ID: IDTokenRoles, Status: Warn, Title: "The admin's roles could not be read",
			Detail: fmt.Sprintf("The token acts as %s; listing that admin's roles failed (%s).", u.name(), rolesProbe.why()) + reads,
			Fix:    "Run the check again; if it persists, check the admin's roles in Admin Console › Security › Administrators."})
		return
	}
	detail := fmt.Sprintf("The token acts as %s, with the admin roles: %s.", u.name(), describeRoles(roles)) + reads
	switch el := elevated(roles); {
	case len(roles) == 0 || (readable == 0 && len(refused) > 0):
		r.set(Finding{ID: IDTokenRoles, Status: Fail, Title: "The token's admin has no admin role",
			Detail: detail + " A token can do only what its admin may; without a role Okta refuses Tako's reads.",
			Fix:    grantRO})
	case len(refused) > 0:
		r.set(Finding{ID: IDTokenRoles, Status: Fail, Title: "The token's admin cannot read all Tako needs", Detail: detail, Fix: grantRO})
	case len(el) > 0:
		r.set(Finding{ID: IDTokenRoles, Status: Warn, Title: "The token's admin has more power than Tako needs",
			Detail: detail + " " + strings.Join(el, " and ") + " can change anything in the org, and so can this token; Tako only reads. If the token leaks, a read-only admin limits the damage.",
			Fix:    "Create the token as an admin who has only the Read-only Administrator role (a dedicated service admin is best), and use that token."})
	case len(failed) > 0:
		r.set(Finding{ID: IDTokenRoles, Status: Warn, Title: "Some reads could not be tested", Detail: detail, Fix: "Run the check again."})
	default:
		r.set(Finding{ID: IDTokenRoles, Status: Pass, Title: "The token's admin has a suitable role", Detail: detail})
	}
}

// what names the data a test read is about ("/api/v1/users?limit=1" → "users").
func what(path string) string {
	p := strings.TrimPrefix(path, "/api/v1/")
	if i := strings.IndexAny(p, "?/"); i >= 0 {
		p = p[:i]
	}
	return p
}

// identifyToken finds the caller's token in the token list. Okta has no
// "current token" lookup, so the engine takes the admin's tokens and, of
// several, the most recently used: Okta slides a token's expiresAt forward
// on every use, and this check just used it. how says how sure that is; why,
// when no token is found, says why.
func (r *run) identifyToken(u oktaUser, pr *probe) (tok *apiTokenMeta, how, why string) {
	if pr == nil {
		return nil, "", "the token list was not read"
	}
	if pr.outcome() != probeOK {
		if pr.outcome() == probeNoRole {
			return nil, "", "the admin may not list API tokens (403)"
		}
		return nil, "", "the token list could not be read (" + pr.why() + ")"
	}
	var list []apiTokenMeta
	if decodeJSON(pr.a, "the API tokens", &list) != nil {
		return nil, "", "the token list could not be read"
	}
	var mine []apiTokenMeta
	for _, t := range list {
		if t.UserID == u.ID {
			mine = append(mine, t)
		}
	}
	switch len(mine) {
	case 0:
		return nil, "", "Okta lists no token of " + u.name()
	case 1:
		return &mine[0], "the only token of " + u.name(), ""
	}
	exp := func(t apiTokenMeta) time.Time { e, _ := parseOktaTime(t.ExpiresAt); return e }
	sort.SliceStable(mine, func(i, j int) bool { return exp(mine[i]).After(exp(mine[j])) })
	how = fmt.Sprintf("the most recently used of %d tokens of %s (judged by expiry, which Okta extends on every use)", len(mine), u.name())
	if exp(mine[0]).Sub(exp(mine[1])) < 2*time.Minute {
		how = fmt.Sprintf("probably — of %d tokens of %s, \"%s\" and \"%s\" were both used in the last minutes, so this may be either", len(mine), u.name(), mine[0].Name, mine[1].Name)
	}
	return &mine[0], how, ""
}

// tokenNetworkFinding judges where the token may be used from.
func (r *run) tokenNetworkFinding(tok *apiTokenMeta, how, why string) {
	if _, done := r.findings[IDTokenNetwork]; done {
		return
	}
	if tok == nil {
		r.skip("The token's network setting is in the token list, but "+why+".", IDTokenNetwork)
		return
	}
	conn := strings.ToUpper(tok.Network.Connection)
	which := fmt.Sprintf("Token \"%s\" (%s)", tok.Name, how)
	switch conn {
	case "", "ANYWHERE":
		r.set(Finding{ID: IDTokenNetwork, Status: Warn, Title: "The token works from any network",
			Detail: which + " may be used from any IP address: a leaked copy works for anyone, anywhere.",
			Fix:    "In " + tokensConsole + ", edit the token's network access: choose \"In any of the following zones\" and pick a zone that holds this server's public IP (create one in Admin Console › Security › Networks)."})
	default:
		detail := which + " may be used only from certain network zones"
		if len(tok.Network.Include) > 0 {
			detail += " (allowed: " + strings.Join(tok.Network.Include, ", ") + ")"
		}
		if len(tok.Network.Exclude) > 0 {
			detail += " (blocked: " + strings.Join(tok.Network.Exclude, ", ") + ")"
		}
		detail += ". It worked from here, so this machine is allowed."
		r.set(Finding{ID: IDTokenNetwork, Status: Pass, Title: "The token is restricted to known networks", Detail: detail})
	}
}
