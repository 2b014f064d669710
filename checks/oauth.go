package checks

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/fctr-id/tako-setup/checks/oktaerr"
)

// Console places the OAuth findings point to.
const (
	appConsole   = "Admin Console › Applications › Applications › (your API Services app)"
	dpopCheckbox = "General › Proof of possession › Require Demonstrating Proof of Possession (DPoP) header in token requests"
)

// oauthTokenChecks are the checks that need the token request.
var oauthTokenChecks = []string{IDOAuthClient, IDOAuthKey, IDOAuthKid, IDOAuthDPoP, IDOAuthScopes, IDOAuthRoles, IDAge, IDRateLimit}

// runOAuth runs the OAuth 2.0 checks: wave 1 is the token request and org
// discovery, side by side; wave 2 every probe the token allows, at once.
func (r *run) runOAuth(ctx context.Context) {
	scopes := r.wantedScopes()
	sk, verdict, keyErr := analyseKey(r.in.PrivateKey)
	needToken := r.wants(oauthTokenChecks...)
	canAsk := needToken && strings.TrimSpace(r.in.ClientID) != "" && keyErr == nil && len(scopes) > 0
	// The token request goes out alongside discovery only on a host under
	// Okta's own domains; elsewhere it waits until discovery has proven an
	// Okta org answers. The signed assertion is no secret — it names this
	// host as its audience and is single-use, so no one can replay it at
	// the real org — but it carries the client ID and the scope list, and
	// the rule is the API token's: nothing of the credentials goes to a
	// host that has not shown it is Okta. A custom domain pays one round
	// trip for it.
	early := underOktaDomain(hostOf(r.base))
	// Discovery gives the org finding, a clock reading, and the canonical
	// host the rate-limit ceiling is judged from.
	needDiscovery := r.wants(IDOrg, IDClock, IDRateLimit) || (canAsk && !early)

	var (
		d   *discovery
		tok *tokenOutcome
	)
	parallel(
		func() {
			if needDiscovery {
				d = r.discover(ctx)
			}
		},
		func() {
			if canAsk && early {
				tok = r.requestToken(ctx, sk, scopes)
			}
		},
	)
	if ctx.Err() != nil {
		return
	}
	if canAsk && !early && d.fail == nil {
		tok = r.requestToken(ctx, sk, scopes)
		if ctx.Err() != nil {
			return
		}
	}
	if d != nil && !r.orgFinding(d, tok.ok()) {
		if r.wants(IDClock) {
			r.clockFinding("", true)
		}
		r.skip("The org must be fixed first.", oauthIDs...)
		return
	}
	if r.wants(IDClock) {
		var refused oktaerr.Kind
		if tok != nil {
			refused = tok.clockRefused
		}
		r.clockFinding(refused, true)
	}

	switch {
	case strings.TrimSpace(r.in.ClientID) == "":
		r.set(Finding{ID: IDOAuthClient, Status: Fail, Title: "No client ID",
			Detail: "OKTA_OAUTH2_CLIENT_ID is empty.",
			Fix:    "Copy the Client ID from " + appConsole + " › General › Client Credentials into OKTA_OAUTH2_CLIENT_ID."})
		r.keyFinding(sk, verdict, nil)
		r.skip("Needs the client ID.", oauthTokenChecks...)
		r.rateLimitFinding(rateLimitSource{unknownWhy: "the app could not be asked (no client ID)"})
		return
	case keyErr != nil:
		r.set(Finding{ID: IDOAuthKey, Status: Fail, Title: "The key could not be used", Detail: keyErr.Error(), Fix: "Run the check again."})
		r.skip("Needs a usable key.", oauthTokenChecks...)
		return
	case len(scopes) == 0:
		r.set(Finding{ID: IDOAuthScopes, Status: Fail, Title: "No scopes to ask for",
			Detail: "OKTA_OAUTH2_SCOPES is empty, and Okta issues no token without a scope.",
			Fix:    "Set OKTA_OAUTH2_SCOPES to Tako's list (tako-setup writes the granted ones)."})
		r.keyFinding(sk, verdict, nil)
		r.skip("Needs at least one scope to ask Okta for a token.", oauthTokenChecks...)
		return
	case tok == nil:
		return // no token check was asked for
	}

	r.tokenFindings(tok, sk, verdict, scopes)
	if tok.ok() {
		r.rec.Scopes = intersectOrdered(scopes, tok.granted)
	}
	r.oauthWave2(ctx, tok, sk)
}

// wantedScopes is Input.Scopes, or Tako's default list, without duplicates.
func (r *run) wantedScopes() []string {
	src := r.in.Scopes
	if src == nil {
		src = DefaultScopes
	}
	var out []string
	for _, s := range src {
		s = strings.TrimSpace(s)
		if s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// stage is how far Okta got through the token request before it refused:
// Okta checks the client, then the DPoP header, then the assertion (kid,
// signature, times), then the network zone, then the DPoP proof, then the
// scopes (docs/okta-behavior.md, emulator checklist 2).
type stage int

const (
	stageNone   stage = iota // no answer, or one the engine cannot place
	stageClient              // refused the client
	stageKey                 // refused the assertion's key
	stageClock               // refused the assertion's times
	stageZone                // refused this network
	stageDPoP                // refused the DPoP proof
	stageScopes              // refused the scopes
	stageToken               // issued a token
)

func stageOf(t *tokenOutcome) stage {
	if t.ok() {
		return stageToken
	}
	if t.prob != nil {
		return stageNone
	}
	switch t.kind {
	case oktaerr.UnknownClient, oktaerr.NotServiceApp, oktaerr.NotPrivateKeyJWT, oktaerr.GrantNotAllowed,
		oktaerr.GrantUnsupported:
		return stageClient
	case oktaerr.SignatureInvalid, oktaerr.NoJWKS, oktaerr.JWKSInvalid, oktaerr.AlgInvalid, oktaerr.NotSigningKey,
		oktaerr.KeyUseInvalid, oktaerr.JWKSURIFailed, oktaerr.KidInvalid, oktaerr.ClientAuthFailed:
		return stageKey
	case oktaerr.AssertionExpired, oktaerr.AssertionExpTooFar, oktaerr.AssertionIssuedFuture:
		return stageClock
	case oktaerr.NetworkZoneDenied:
		return stageZone
	case oktaerr.DPoPProofInvalid, oktaerr.DPoPNonceRequired, oktaerr.DPoPRequired:
		return stageDPoP
	case oktaerr.NoScopesGranted, oktaerr.ScopeNeedsConsent, oktaerr.NoScopesRequested, oktaerr.ScopeInvalid,
		oktaerr.OpenIDNotAllowed, oktaerr.SelfScope, oktaerr.CustomAuthServer:
		return stageScopes
	}
	return stageNone
}

// tokenFindings turns the token exchange into the client, key, kid, DPoP
// and scopes findings.
func (r *run) tokenFindings(t *tokenOutcome, sk *signingKey, verdict keyVerdict, scopes []string) {
	st := stageOf(t)
	en := oktaerr.Lookup(nil)
	said := ""
	if t.final != nil && t.final.err != nil {
		en = t.final.entry()
		said = " Okta said " + t.final.err.Text() + "."
	}
	cid := r.in.ClientID

	// oauth.client
	switch {
	case t.prob != nil:
		r.set(t.prob.finding(IDOAuthClient))
		r.keyFinding(sk, verdict, nil)
		r.skip("Okta could not be asked: "+strings.TrimSuffix(t.prob.Title, ".")+".", oauthTokenChecks...)
		return
	case st == stageClient:
		title := map[oktaerr.Kind]string{
			oktaerr.UnknownClient:    "No app with this client ID",
			oktaerr.NotServiceApp:    "Not an API Services app",
			oktaerr.NotPrivateKeyJWT: "The app signs in with a client secret",
			oktaerr.GrantNotAllowed:  "Client Credentials is not allowed",
			oktaerr.GrantUnsupported: "Client Credentials is not offered",
		}[t.kind]
		r.set(Finding{ID: IDOAuthClient, Status: Fail, Title: title,
			Detail: fmt.Sprintf("Client ID %s: %s%s", cid, en.Meaning, said), Fix: en.Fix})
		r.keyFinding(sk, verdict, nil)
		r.skip("Okta checks the key, kid, DPoP and scopes only once the client is right.", oauthTokenChecks...)
		return
	case st == stageZone:
		r.set(Finding{ID: IDOAuthClient, Status: Fail, Title: "This network is not allowed to use the app",
			Detail: fmt.Sprintf("Client ID %s: %s%s", cid, en.Meaning, said), Fix: en.Fix})
	case st == stageNone:
		r.set(Finding{ID: IDOAuthClient, Status: Fail, Title: "Okta refused the token request",
			Detail: fmt.Sprintf("Client ID %s: %s%s", cid, en.Meaning, said), Fix: en.Fix})
		r.keyFinding(sk, verdict, nil)
		r.skip("Okta's refusal must be fixed first.", oauthTokenChecks...)
		return
	default:
		detail := fmt.Sprintf("Okta knows client ID %s: an API Services app that signs in with a private key (private_key_jwt) and may use the Client Credentials grant.", cid)
		r.set(Finding{ID: IDOAuthClient, Status: Pass, Title: "API Services app found", Detail: detail})
	}

	// oauth.dpop: Okta looks for the DPoP header before the assertion, so
	// every stage from here on tells whether the app requires DPoP.
	if t.dpopRequired {
		r.set(Finding{ID: IDOAuthDPoP, Status: Fail, Title: "The app requires DPoP, which Tako cannot send",
			Detail: "Okta refused the token request without a DPoP proof (\"The DPoP proof JWT header is missing.\"). New API Services apps have DPoP on by default; Tako sends no DPoP proof, so every token request it makes will be refused." + dpopContinued(t),
			Fix:    "In " + appConsole + " › " + dpopCheckbox + ": untick it and save."})
	} else {
		r.set(Finding{ID: IDOAuthDPoP, Status: Pass, Title: "DPoP not required", Detail: "Okta accepted a token request without a DPoP proof, as Tako sends it."})
	}

	// oauth.key and oauth.kid
	switch st {
	case stageKey:
		r.keyFinding(sk, verdict, t)
		r.kidFinding(t)
		r.skip("Needs a token, which Okta refused for the key.", IDOAuthScopes, IDOAuthRoles, IDAge)
		r.rateLimitFinding(rateLimitSource{unknownWhy: "the app's settings could not be read without a token"})
		return
	case stageClock:
		r.keyFinding(sk, verdict, t)
		r.skip("Okta refused the assertion's times; fix this machine's clock first (see the clock check).", IDOAuthKid)
		r.skip("Needs a token, which Okta refused because of this machine's clock.", IDOAuthScopes, IDOAuthRoles, IDAge)
		r.rateLimitFinding(rateLimitSource{unknownWhy: "the app's settings could not be read without a token"})
		return
	case stageZone:
		// Okta checks the zone after the assertion, but whether it does in
		// every org is [unconfirmed]: do not claim the key was accepted.
		r.keyFinding(sk, verdict, nil)
		r.skip("Okta refused this network before issuing a token.", IDOAuthKid, IDOAuthScopes, IDOAuthRoles, IDAge)
		r.rateLimitFinding(rateLimitSource{unknownWhy: "the app's settings could not be read without a token"})
		return
	default:
		// The assertion passed (DPoP proof, scopes or a token came next).
		r.keyFinding(sk, verdict, t)
		r.kidFinding(t)
	}

	// oauth.scopes
	switch st {
	case stageDPoP:
		r.skip("The DPoP exchange did not complete ("+strings.TrimSuffix(en.Meaning, ".")+"); untick DPoP and check again.", IDOAuthScopes, IDOAuthRoles, IDAge)
		r.rateLimitFinding(rateLimitSource{unknownWhy: "the app's settings could not be read without a token"})
		return
	case stageScopes:
		r.scopesRefused(t, en, said, scopes)
		r.skip("Needs a token, which Okta refused for the scopes.", IDOAuthRoles, IDAge)
		r.rateLimitFinding(rateLimitSource{unknownWhy: "the app's settings could not be read without a token"})
		return
	}
	r.scopesGranted(t, scopes)
}

// dpopContinued says how the rest of the checks got their answers when the
// app requires DPoP.
func dpopContinued(t *tokenOutcome) string {
	if t.ok() {
		return " To check the rest, tako-setup completed the DPoP exchange itself; the other findings hold once DPoP is off."
	}
	return ""
}

// keyFinding judges the key: first as Tako would load it (RSA ≥ 2048,
// PKCS#8), then by what Okta said about it (t nil: Okta did not get to the
// key).
func (r *run) keyFinding(sk *signingKey, verdict keyVerdict, t *tokenOutcome) {
	okta := ""
	st := stageNone
	if t != nil {
		st = stageOf(t)
	}
	accepted := st > stageClock && st != stageZone
	if accepted {
		okta = " Okta accepted an assertion signed with it."
	}
	switch verdict {
	case keyMissing:
		if r.in.KeyFormatIssue != "" {
			r.set(Finding{ID: IDOAuthKey, Status: Fail, Title: "The private key could not be read",
				Detail: r.in.KeyFormatIssue + noKeyOkta(t),
				Fix:    "Paste the app's private key again (PEM or the JWK Okta showed), or let tako-setup generate a key pair and add its public key to the app."})
			return
		}
		r.set(Finding{ID: IDOAuthKey, Status: Fail, Title: "No private key",
			Detail: "OKTA_OAUTH2_PRIVATE_KEY_PEM is empty." + noKeyOkta(t),
			Fix:    "Put the app's private key in OKTA_OAUTH2_PRIVATE_KEY_PEM (PKCS#8 PEM), or let tako-setup generate a key pair and add its public key to the app."})
		return
	case keyEdDSA, keyUnknown:
		r.set(Finding{ID: IDOAuthKey, Status: Fail, Title: "Tako needs an RSA key",
			Detail: "The private key is not an RSA key; Tako signs its token requests with RS256, which needs RSA." + noKeyOkta(t),
			Fix:    "Generate an RSA key of 2048 bits or more (tako-setup can), add its public key to the app, and put the private key in the .env."})
		return
	case keyEC:
		r.set(Finding{ID: IDOAuthKey, Status: Fail, Title: "Tako needs an RSA key, not EC",
			Detail: "The private key is " + sk.describe + ". Okta accepts EC keys, but Tako signs its token requests with RS256 only, so it cannot use this one." + okta,
			Fix:    "Generate an RSA key of 2048 bits or more (tako-setup can), add its public key to the app, deactivate the EC key, and put the RSA private key in the .env."})
		return
	case keyTooSmall:
		r.set(Finding{ID: IDOAuthKey, Status: Fail, Title: "The RSA key is too small",
			Detail: "The private key is " + sk.describe + "; Okta requires RSA keys of at least 2048 bits." + okta,
			Fix:    "Generate an RSA key of 2048 bits or more (tako-setup can), add its public key to the app, and put the private key in the .env."})
		return
	}
	if r.in.KeyFormatIssue != "" {
		r.set(Finding{ID: IDOAuthKey, Status: Fail, Title: "Tako cannot read the key as written",
			Detail: r.in.KeyFormatIssue + okta,
			Fix:    "Let tako-setup rewrite the key as PKCS#8 (\"-----BEGIN PRIVATE KEY-----\"), or convert it: openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem."})
		return
	}
	switch {
	case t == nil:
		// Okta did not get to the key; the local check passed.
		r.skip("The key is "+sk.describe+", as Tako needs; Okta did not get as far as checking it.", IDOAuthKey)
	case accepted:
		detail := "Okta accepted an RS256 assertion signed with this " + sk.describe + " key, as Tako signs it."
		if t.kidlessRefused {
			detail = "Okta accepted this " + sk.describe + " key when the assertion named it (kid " + t.retryKid + "); without a kid it could not pick it (see the kid check)."
		}
		r.set(Finding{ID: IDOAuthKey, Status: Pass, Title: "Key accepted", Detail: detail})
	case st == stageClock:
		r.skip("Okta refused the assertion's times before checking the key; fix this machine's clock first (see the clock check).", IDOAuthKey)
	case t.kind == oktaerr.KidInvalid && t.kidlessRefused:
		r.set(Finding{ID: IDOAuthKey, Status: Fail, Title: "The key is not one of the app's active keys",
			Detail: "The app has several active public keys, and none has the kid of this key (" + t.retryKid + ", its RFC 7638 thumbprint, which is how tako-setup registers keys). Either the key is not registered on the app, or it was added under another kid.",
			Fix:    "In " + appConsole + " › General › Public Keys, add this key's public key (tako-setup can show it) and deactivate the others; or use the private key of the active public key."})
	default:
		en := t.final.entry()
		r.set(Finding{ID: IDOAuthKey, Status: Fail, Title: keyFailTitle(t.kind),
			Detail: en.Meaning + " Okta said " + t.final.err.Text() + ".", Fix: en.Fix})
	}
}

func keyFailTitle(k oktaerr.Kind) string {
	switch k {
	case oktaerr.SignatureInvalid:
		return "The key does not match the app's public key"
	case oktaerr.NoJWKS:
		return "The app has no public key"
	case oktaerr.KidInvalid:
		return "Okta could not find this key on the app"
	case oktaerr.ClientAuthFailed:
		return "Okta refused the client or the key"
	}
	return "Okta refused the key"
}

// noKeyOkta says what Okta told about the app when the engine could only
// send a throwaway key.
func noKeyOkta(t *tokenOutcome) string {
	if t == nil || t.final == nil {
		return ""
	}
	switch t.kind {
	case oktaerr.NoJWKS:
		return " The app has no public key registered either."
	case oktaerr.KidInvalid:
		return " The app has several active public keys."
	}
	return ""
}

// kidFinding judges the assertion without kid, as Tako sends it.
func (r *run) kidFinding(t *tokenOutcome) {
	switch {
	case t.kidlessRefused || (t.kind == oktaerr.KidInvalid && t.retryKid == ""):
		detail := "Okta refused the assertion without a kid (\"The client_assertion JWT kid is invalid.\"): the app has more than one active public key, so Okta needs a kid to choose, and Tako never sends one."
		if t.kidlessRefused && t.ok() {
			detail += " Named by its kid (" + t.retryKid + "), this key was accepted: the key is fine, the extra key is the problem."
		}
		r.set(Finding{ID: IDOAuthKid, Status: Fail, Title: "The app has several active keys",
			Detail: detail,
			Fix:    "In " + appConsole + " › General › Public Keys, deactivate every key except the one that matches this private key" + kidHint(t) + "; Okta then needs no kid."})
	case t.kind == oktaerr.NoJWKS:
		r.skip("The app has no public key yet.", IDOAuthKid)
	default:
		r.set(Finding{ID: IDOAuthKid, Status: Pass, Title: "No kid needed",
			Detail: "Okta took the assertion without a kid, as Tako sends it (the app has one active public key)."})
	}
}

func kidHint(t *tokenOutcome) string {
	if t.retryKid != "" && t.ok() {
		return " (kid " + t.retryKid + ")"
	}
	return ""
}

// scopesRefused explains a token request Okta refused for its scopes.
func (r *run) scopesRefused(t *tokenOutcome, en oktaerr.Entry, said string, scopes []string) {
	f := Finding{ID: IDOAuthScopes, Status: Fail, Detail: en.Meaning + said, Fix: en.Fix}
	switch t.kind {
	case oktaerr.NoScopesGranted:
		f.Title = "No scope is granted"
		f.Detail = fmt.Sprintf("None of the %d requested scopes is granted to the app, so Okta issued no token. (Okta does not say which scopes it refused.)", len(scopes))
		core := intersectOrdered(CoreScopes, scopes)
		f.Fix = "In " + appConsole + " › Okta API Scopes, click Grant for each scope Tako needs — at least " + strings.Join(core, ", ") + "."
	case oktaerr.ScopeInvalid:
		f.Title = "A scope name is not valid"
		if odd := unknownScopes(scopes); len(odd) > 0 {
			f.Detail += " Names tako-setup does not know: " + strings.Join(odd, ", ") + "."
		}
	case oktaerr.CustomAuthServer:
		f.Title = "Wrong authorization server"
	default:
		f.Title = "Okta refused the scope list"
	}
	r.set(f)
}

// scopesGranted compares the granted scopes with the request: Okta
// silently drops scopes it does not grant.
func (r *run) scopesGranted(t *tokenOutcome, scopes []string) {
	var missing, missingCore []string
	for _, s := range scopes {
		if !slices.Contains(t.granted, s) {
			missing = append(missing, s)
			if IsCoreScope(s) {
				missingCore = append(missingCore, s)
			}
		}
	}
	granted := len(scopes) - len(missing)
	switch {
	case len(missing) == 0:
		r.set(Finding{ID: IDOAuthScopes, Status: Pass, Title: "All scopes granted",
			Detail: fmt.Sprintf("All %d requested scopes are granted.", len(scopes))})
	default:
		status, title := Warn, "Some scopes are not granted"
		if len(missingCore) > 0 {
			status, title = Fail, "Scopes Tako needs are not granted"
		}
		detail := fmt.Sprintf("%d of %d requested scopes are granted; Okta silently left out %s.", granted, len(scopes), markCore(missing))
		if len(missingCore) > 0 {
			detail += " Tako's sync cannot work without the core ones."
		} else {
			detail += " Tako works without them, but cannot answer questions about what they cover."
		}
		r.set(Finding{ID: IDOAuthScopes, Status: status, Title: title, Detail: detail,
			Fix: "In " + appConsole + " › Okta API Scopes, click Grant for " + strings.Join(missing, ", ") + " — or keep only the granted scopes in OKTA_OAUTH2_SCOPES (tako-setup writes those)."})
	}
}

// markCore lists scopes, marking Tako's core ones.
func markCore(scopes []string) string {
	out := make([]string, len(scopes))
	for i, s := range scopes {
		out[i] = s
		if IsCoreScope(s) {
			out[i] += " (core)"
		}
	}
	return strings.Join(out, ", ")
}

// unknownScopes are the names that are neither Tako's nor probe-able Okta
// scopes: the likely cause of invalid_scope.
func unknownScopes(scopes []string) []string {
	var out []string
	for _, s := range scopes {
		if _, ok := scopeProbes[s]; ok || slices.Contains(DefaultScopes, s) {
			continue
		}
		if strings.HasPrefix(s, "okta.") && (strings.HasSuffix(s, ".read") || strings.HasSuffix(s, ".manage")) {
			continue
		}
		out = append(out, s)
	}
	return out
}

// intersectOrdered returns the elements of a that are in b, in a's order.
func intersectOrdered(a, b []string) []string {
	var out []string
	for _, s := range a {
		if slices.Contains(b, s) {
			out = append(out, s)
		}
	}
	return out
}
