package checks

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/fctr-id/tako-setup/checks/oktaerr"
)

// credential is how a management call authenticates.
type credential struct {
	scheme string // "SSWS", "Bearer" or "DPoP"
	token  string
	dpop   *dpopSigner // for the DPoP scheme
}

// get sends an authenticated GET for path (which may carry a query). With
// a DPoP-bound token every attempt carries a fresh proof bound to the
// token (ath); when Okta asks for its nonce, the call is repeated once
// with it.
func (r *run) get(ctx context.Context, path string, cred credential) (*answer, *problem) {
	return r.getUnless(ctx, path, cred, nil)
}

// errSpared is what a request's build returns when its gate says not to
// send it (see runProbesSparing).
var errSpared = errors.New("not sent, to spare a busy org")

// getUnless is get, except that the call is not sent — it ends with a
// problem of kind probSpared — when spare says so at the moment it would
// go out (first or again after a concurrency refusal).
func (r *run) getUnless(ctx context.Context, path string, cred credential, spare func() bool) (*answer, *problem) {
	target := r.base + path
	htu := target
	if i := strings.IndexAny(htu, "?#"); i >= 0 {
		htu = htu[:i]
	}
	nonce := ""
	for attempt := 0; ; attempt++ {
		a, p := r.c.do(ctx, func(ctx context.Context) (*http.Request, error) {
			if spare != nil && spare() {
				return nil, errSpared
			}
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
			if err != nil {
				return nil, err
			}
			req.Header.Set("Authorization", cred.scheme+" "+cred.token)
			if cred.dpop != nil {
				proof, err := cred.dpop.proof(http.MethodGet, htu, nonce, cred.token, r.opt.Now())
				if err != nil {
					return nil, err
				}
				req.Header.Set("DPoP", proof)
			}
			return req, nil
		})
		if p != nil || cred.dpop == nil || attempt > 0 || a.kind() != oktaerr.DPoPNonceRequired {
			return a, p
		}
		nonce = a.header.Get("DPoP-Nonce")
		if nonce == "" {
			return a, p
		}
	}
}

// probeOutcome is what a probe call showed about a scope.
type probeOutcome int

const (
	probeOK         probeOutcome = iota // 200: scope and role allow it
	probeNoScope                        // 403 insufficient_scope: the token lacks the scope
	probeNoRole                         // 403 E0000006: the admin role does not allow it
	probeFeatureOff                     // 401 E0000015: a feature the org does not have
	probeNotFound                       // 404: the API is not in this org
	probeFailed                         // anything else (network, 5xx, DPoP …)
)

// probe is one management call and what came of it.
type probe struct {
	scope string
	path  string
	a     *answer
	p     *problem
	// spared: not sent, to spare a busy org, because the app's role is
	// known to allow it (see runProbesSparing).
	spared bool
}

func (pr *probe) outcome() probeOutcome {
	if pr.p != nil || pr.a == nil {
		return probeFailed
	}
	if pr.a.status == http.StatusOK {
		return probeOK
	}
	switch pr.a.kind() {
	case oktaerr.InsufficientScope:
		return probeNoScope
	case oktaerr.PermissionDenied:
		return probeNoRole
	case oktaerr.FeatureDisabled:
		return probeFeatureOff
	}
	if pr.a.status == http.StatusNotFound {
		return probeNotFound
	}
	return probeFailed
}

// why says in a few words why a probe did not succeed.
func (pr *probe) why() string {
	switch {
	case pr.p != nil:
		return strings.TrimSuffix(pr.p.Title, ".")
	case pr.a == nil:
		return "not sent"
	case pr.a.err != nil:
		return pr.a.err.Text()
	}
	return http.StatusText(pr.a.status)
}

// runProbes sends the calls concurrently (bounded by the client's
// in-flight limit) and returns them by path.
func (r *run) runProbes(ctx context.Context, calls []*probe, cred credential) map[string]*probe {
	fns := make([]func(), len(calls))
	for i, c := range calls {
		fns[i] = func() { c.a, c.p = r.get(ctx, c.path, cred) }
	}
	parallel(fns...)
	out := make(map[string]*probe, len(calls))
	for _, c := range calls {
		out[c.path] = c
	}
	return out
}

// fillClient puts the (escaped) client ID into a probe path.
func fillClient(path, clientID string) string {
	return strings.ReplaceAll(path, "{client}", url.PathEscape(clientID))
}
