package checks

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"

	"github.com/fctr-id/tako-setup/checks/oktaerr"
)

// API sends single management-API calls on the engine's HTTP path (the
// same client: in-flight bound, per-attempt timeout, size cap, no
// redirects, Okta's clock from Date). It is for callers that change the
// org (checks/provision): each Do is exactly one attempt, because whether
// a write may be repeated, and how long to wait for a rate limit, is the
// caller's decision, not the engine's.
type API struct {
	r *run
}

// APIAnswer is one answer from Okta, any status.
type APIAnswer struct {
	Status int
	Header http.Header
	Body   []byte
	// Err is the Okta error the answer carries, nil on success or when the
	// body is in none of Okta's error shapes.
	Err *oktaerr.Error
}

// APIProblem is a call that got no answer to judge (network, TLS, timeout,
// an answer that is not Okta's), explained as a finding would be.
type APIProblem struct {
	Kind   string
	Title  string
	Detail string
	Fix    string
}

// Error is the title and detail.
func (p *APIProblem) Error() string { return p.Title + ": " + p.Detail }

// OrgInfo is what the org says about itself (GET /.well-known/okta-organization).
type OrgInfo struct {
	// ID is the org id (00o…); Pipeline "idx" or "v1".
	ID       string
	Pipeline string
	// URL is the org's canonical URL (the grant issuer,
	// docs/okta-automation.md §5), or the normalised input when Okta names none.
	URL string
}

// NewAPI prepares calls to the org at orgURL with the engine's options
// (HTTP client, timeout). The URL is normalised as the engine does.
func NewAPI(orgURL string, opt Options) (*API, error) {
	r := newRun(Input{OrgURL: orgURL}, opt)
	base, _, err := normalizeOrgURL(orgURL)
	if err != nil {
		return nil, fmt.Errorf("the org URL: %w", err)
	}
	r.base, r.canon = base, base
	ceiling, _ := CeilingForHost(hostOf(base))
	r.c.setLimit(InFlightLimit(ceiling))
	return &API{r: r}, nil
}

// Discover asks the org who it is, with the engine's discovery and its
// explanations: a failure comes back as the failed org Finding.
func (a *API) Discover(ctx context.Context) (OrgInfo, *Finding) {
	d := a.r.discover(ctx)
	if d.fail != nil {
		f := *d.fail
		return OrgInfo{}, &f
	}
	info := OrgInfo{ID: d.id, Pipeline: d.pipeline, URL: a.r.base}
	if d.canonical != "" {
		info.URL = d.canonical
		a.r.canon = d.canonical
	}
	return info, nil
}

// BaseURL is the org URL calls go to.
func (a *API) BaseURL() string { return a.r.base }

// Do sends one call: method, path (with query) under the org URL,
// authorization as the Authorization header value, body as JSON when not
// nil. A call that got an answer returns it whatever its status.
func (a *API) Do(ctx context.Context, method, path, authorization string, body any) (*APIAnswer, error) {
	var raw []byte
	if body != nil {
		var err error
		if raw, err = json.Marshal(body); err != nil {
			return nil, fmt.Errorf("encoding the body of %s %s: %w", method, path, err)
		}
	}
	target := a.r.base + path
	ans, _, p := a.r.c.attempt(ctx, func(ctx context.Context) (*http.Request, error) {
		var rd io.Reader
		if raw != nil {
			rd = bytes.NewReader(raw)
		}
		req, err := http.NewRequestWithContext(ctx, method, target, rd)
		if err != nil {
			return nil, err
		}
		if raw != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		if authorization != "" {
			req.Header.Set("Authorization", authorization)
		}
		return req, nil
	}, true) // a management call counts against the org's limits
	if p != nil {
		return nil, &APIProblem{Kind: string(p.Kind), Title: p.Title, Detail: p.Detail, Fix: p.Fix}
	}
	return &APIAnswer{Status: ans.status, Header: ans.header, Body: ans.body, Err: ans.err}, nil
}

// JSON decodes the answer's body into v, or explains why it is not the
// JSON Okta sends (what names the call for the explanation).
func (ans *APIAnswer) JSON(what string, v any) error {
	if p := decodeJSON(&answer{status: ans.Status, header: ans.Header, body: ans.Body}, what, v); p != nil {
		return &APIProblem{Kind: string(p.Kind), Title: p.Title, Detail: p.Detail, Fix: p.Fix}
	}
	return nil
}
