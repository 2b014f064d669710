package checks

import (
	"context"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/fctr-id/tako-setup/checks/termtext"
)

// IDMethod is the finding for an Input whose Method is neither OAUTH2 nor
// API_TOKEN (TOKEN_METHOD in the .env).
const IDMethod = "method"

// oauthIDs and tokenIDs are the checks of each method, in report order:
// the order an admin fixes things in.
var (
	oauthIDs = []string{IDOrg, IDClock, IDOAuthClient, IDOAuthKey, IDOAuthKid, IDOAuthDPoP, IDOAuthScopes, IDOAuthRoles, IDAge, IDRateLimit}
	tokenIDs = []string{IDOrg, IDClock, IDTokenValid, IDTokenRoles, IDTokenNetwork, IDAge, IDRateLimit}
)

// IDs returns the check IDs of a method, in report order.
func IDs(m Method) []string {
	switch m {
	case OAuth2:
		return slices.Clone(oauthIDs)
	case APIToken:
		return slices.Clone(tokenIDs)
	}
	return nil
}

// Titles of findings that do not depend on the outcome.
const (
	titleSkipped = "Not checked"
)

// Run checks the credentials in Input against the org and returns the
// findings in report order. It never returns an error: every failure —
// bad input, network, TLS, an Okta refusal — is a finding with a fix. A
// cancelled ctx ends the run early; the checks it did not finish are
// skipped, and the caller can tell from ctx.Err().
//
// Round trips: OAuth 2.0 sends the token request and org discovery
// together, then every probe at once; an API token sends /users/me and
// discovery together, then its roles, token list and rate limits at once.
// Requests in flight never exceed InFlightLimit of the org's ceiling nor
// Okta's default share of it, and stay within the app's or token's share
// once it is read; a concurrency 429 lowers the bound to what the org
// serves and is resent as soon as one of the run's requests returns
// (limiter.go). Credentials go out only to a host proven to be an Okta
// org: alongside discovery under Okta's own domains, after it elsewhere.
func Run(ctx context.Context, in Input, opt Options) Report {
	r := newRun(in, opt)
	r.execute(ctx)
	r.fileFinding()
	return r.report()
}

// run is the state of one engine run. Findings are set only from the
// goroutine that runs execute; probes running concurrently hand their
// results back through wave functions.
type run struct {
	in  Input
	opt Options
	c   *client

	only     map[string]bool
	base     string   // normalised org URL
	urlNotes []string // what normalisation changed
	canon    string   // canonical org URL from discovery

	findings map[string]Finding
	rec      Recommended
	// listed is the app's key list as a rotation check last read it.
	listed []appKeyEntry

	mu      sync.Mutex
	secrets []string // access tokens Okta issued during the run (see clean)
}

func newRun(in Input, opt Options) *run {
	if opt.Timeout <= 0 {
		opt.Timeout = defaultTimeout
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.HTTP == nil {
		// NewHTTPClient fails only on a CA file, which is not given here.
		opt.HTTP, _ = NewHTTPClient(HTTPConfig{Timeout: opt.Timeout})
	}
	r := &run{in: in, opt: opt, findings: map[string]Finding{}}
	if len(opt.Only) > 0 {
		r.only = map[string]bool{}
		for _, id := range opt.Only {
			r.only[id] = true
		}
	}
	r.c = newClient(opt.HTTP, opt.Timeout)
	return r
}

// wants reports whether the caller asked for check id.
func (r *run) wants(ids ...string) bool {
	if r.only == nil {
		return true
	}
	for _, id := range ids {
		if r.only[id] {
			return true
		}
	}
	return false
}

// set records a finding unless one is already recorded for its ID (the
// first cause of a failure is the one worth reporting).
func (r *run) set(f Finding) {
	if _, ok := r.findings[f.ID]; ok {
		return
	}
	r.findings[f.ID] = f
}

// skip marks checks that could not run, with the reason.
func (r *run) skip(reason string, ids ...string) {
	for _, id := range ids {
		r.set(Finding{ID: id, Status: Skip, Title: titleSkipped, Detail: reason})
	}
}

// ids returns the method's check IDs ("org" alone for an unknown method).
func (r *run) ids() []string {
	if ids := IDs(r.in.Method); ids != nil {
		return ids
	}
	return []string{IDOrg, IDMethod}
}

func (r *run) execute(ctx context.Context) {
	method := Method(strings.ToUpper(strings.TrimSpace(string(r.in.Method))))
	r.in.Method = method
	base, notes, err := normalizeOrgURL(r.in.OrgURL)
	if err != nil {
		r.set(Finding{ID: IDOrg, Status: Fail, Title: "The org URL is not usable", Detail: capitalise(err.Error()) + ".",
			Fix: "Set OKTA_CLIENT_ORGURL to your Okta address, such as https://acme.okta.com (the address in the browser when you sign in to Okta, without \"-admin\")."})
		r.skip("The org URL must be fixed first.", r.ids()...)
		return
	}
	r.base, r.urlNotes, r.canon = base, notes, base
	r.c.setLimit(startBound(hostOf(base)))
	switch method {
	case OAuth2:
		r.runOAuth(ctx)
	case APIToken:
		r.runAPIToken(ctx)
	default:
		if r.wants(IDOrg, IDClock) {
			d := r.discover(ctx)
			r.orgFinding(d, false)
		}
		r.set(Finding{ID: IDMethod, Status: Fail, Title: "Unknown authentication method",
			Detail: "TOKEN_METHOD is " + quoteOrEmpty(string(r.in.Method)) + "; Tako knows OAUTH2 and API_TOKEN.",
			Fix:    "Set TOKEN_METHOD=OAUTH2 (recommended) or TOKEN_METHOD=API_TOKEN."})
	}
	if ctx.Err() != nil {
		r.skip("The check was interrupted.", r.ids()...)
	}
}

// report assembles the findings the caller asked for, in order.
func (r *run) report() Report {
	rep := Report{OrgURL: r.canon, Method: r.in.Method, Recommended: r.rec}
	if rep.OrgURL == "" {
		rep.OrgURL = printable(strings.TrimSpace(r.in.OrgURL))
	}
	for _, id := range r.ids() {
		if !r.wants(id) && id != IDMethod {
			continue
		}
		f, ok := r.findings[id]
		if !ok {
			f = Finding{ID: id, Status: Skip, Title: titleSkipped, Detail: "Nothing was checked for this."}
		}
		rep.Findings = append(rep.Findings, r.clean(f))
	}
	return rep
}

// addSecret records a credential the run obtained (an access token), so
// that clean keeps it out of the findings.
func (r *run) addSecret(s string) {
	r.mu.Lock()
	r.secrets = append(r.secrets, s)
	r.mu.Unlock()
}

// clean makes a finding safe to print: no control characters, and none of
// the credentials the run holds — the API token, the retired one, access
// tokens Okta issued — even when a server quotes one back in an error
// (a broken proxy, a hostile host at a mistyped URL).
func (r *run) clean(f Finding) Finding {
	r.mu.Lock()
	secrets := append([]string{r.in.APIToken.Reveal()}, r.secrets...)
	r.mu.Unlock()
	if r.in.Retired != nil {
		secrets = append(secrets, r.in.Retired.APIToken.Reveal())
	}
	for _, p := range []*string{&f.Title, &f.Detail, &f.Fix} {
		*p = printable(redact(*p, secrets))
	}
	return f
}

// redactRun is the shortest run of a secret that redact removes: a
// quoted piece this long identifies the secret.
const redactRun = 12

// redact replaces every piece of a secret (redactRun characters or more)
// in text with "[redacted]".
func redact(text string, secrets []string) string {
	for _, s := range secrets {
		if len(s) < redactRun {
			continue
		}
		text = strings.ReplaceAll(text, s, "[redacted]")
		for i := 0; i+redactRun <= len(s); i++ {
			if piece := s[i : i+redactRun]; strings.Contains(text, piece) {
				text = strings.ReplaceAll(text, piece, "[redacted]")
			}
		}
	}
	return text
}

// printable makes text bound for a terminal safe (termtext.Line).
// Findings quote what the server answered (error texts, user and token
// names, ids); an escape sequence in them could retitle the window, clear
// the screen or fill the clipboard (OSC 52), and a line break could forge
// a line of the checklist.
func printable(s string) string { return termtext.Line(s) }

// parallel runs fns concurrently and waits for all of them.
func parallel(fns ...func()) {
	var wg sync.WaitGroup
	for _, fn := range fns {
		if fn != nil {
			wg.Go(fn)
		}
	}
	wg.Wait()
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func quoteOrEmpty(s string) string {
	if s == "" {
		return "empty"
	}
	return "\"" + s + "\""
}
