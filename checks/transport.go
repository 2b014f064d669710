package checks

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/fctr-id/tako-setup/checks/oktaerr"
)

// maxBody caps how much of an answer the engine reads. Okta's answers to
// the engine's calls are a few KiB; anything over 1 MiB is not one of them.
const maxBody = 1 << 20

// maxRateLimitWait bounds how long the engine waits for a rate limit to
// reset before it reports the limit instead (a check should not hang).
const maxRateLimitWait = 10 * time.Second

// maxAttempts bounds the attempts of one call (rate-limit waits and 5xx
// retries; concurrency refusals are counted apart).
const maxAttempts = 3

// maxConcurrencyRetries bounds how often one call is sent again after a
// concurrency 429. A retry waits for one of the run's own requests to
// return; when none was in flight (the org's other integrations held every
// slot), it waits a short pause that doubles from concurrencyPause, never
// until X-Rate-Limit-Reset.
const (
	maxConcurrencyRetries = 8
	concurrencyPause      = 200 * time.Millisecond
	maxConcurrencyPause   = 1600 * time.Millisecond
)

// client is the engine's one HTTP seam: every request goes through do,
// which bounds the requests in flight (adapting the bound to the org's
// concurrency refusals), times each attempt out, waits out short rate
// limits, caps what it reads, and records the server's clock.
type client struct {
	hc      *http.Client
	timeout time.Duration
	maxWait time.Duration
	sleep   func(context.Context, time.Duration) error
	lim     *limiter

	mu   sync.Mutex
	best *clockSample // the sample with the shortest round trip
}

// clockSample is one reading of Okta's clock from a Date header.
type clockSample struct {
	skew time.Duration // Okta's clock minus ours
	rtt  time.Duration
}

// answer is a response Okta gave (any status).
type answer struct {
	status int
	header http.Header
	body   []byte
	// err is the Okta error the answer carries (nil on success or when the
	// answer is not in one of Okta's error shapes).
	err *oktaerr.Error
}

// entry returns the catalogue entry for the answer's error.
func (a *answer) entry() oktaerr.Entry { return oktaerr.Lookup(a.err) }

// kind returns the Kind of the answer's error ("" on success).
func (a *answer) kind() oktaerr.Kind {
	if a.err == nil {
		return ""
	}
	return a.entry().Kind
}

// newClient wraps the caller's HTTP client. It works on a shallow copy
// that never follows redirects, whatever the caller's client does: Okta's
// API does not redirect, so a redirect means the URL is not the org's, and
// the engine reports it instead of carrying credentials elsewhere.
func newClient(hc *http.Client, timeout time.Duration) *client {
	own := *hc
	own.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &client{hc: &own, timeout: timeout, maxWait: maxRateLimitWait, sleep: Sleep, lim: newLimiter(2)}
}

// setLimit sets the most requests in flight from now on (see
// limiter.configure). Called between waves.
func (c *client) setLimit(n int) { c.lim.configure(n) }

// skew returns the best reading of Okta's clock, if any answer had a Date.
func (c *client) skew() (clockSample, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.best == nil {
		return clockSample{}, false
	}
	return *c.best, true
}

// do sends a request built fresh by build for every attempt (an assertion
// or a DPoP proof is single-use, so a retry must never resend one) and
// returns Okta's answer, or a problem when there is no answer to judge.
func (c *client) do(ctx context.Context, build func(context.Context) (*http.Request, error)) (*answer, *problem) {
	return c.doWith(ctx, build, true)
}

// doUncounted is do for a request Okta does not count against the org's
// concurrency or rate limits (org discovery, docs/okta-behavior.md §5: the
// .well-known documents are not rate-limited): it waits for no slot, and
// the limiter learns nothing from it.
func (c *client) doUncounted(ctx context.Context, build func(context.Context) (*http.Request, error)) (*answer, *problem) {
	return c.doWith(ctx, build, false)
}

func (c *client) doWith(ctx context.Context, build func(context.Context) (*http.Request, error), counted bool) (*answer, *problem) {
	var last *answer
	refusals := 0
	for attempt := 1; attempt <= maxAttempts; attempt++ {
		a, alone, p := c.attempt(ctx, build, counted)
		if p != nil {
			return nil, p
		}
		last = a
		switch {
		case concurrencyRefusal(a):
			// The org is at its concurrency ceiling, or this app's or
			// token's share of it: a slot frees when a request in flight
			// returns. The limiter has lowered the bound; the next attempt
			// waits for one of ours to return — or, when none was in flight,
			// a short pause — never for X-Rate-Limit-Reset.
			refusals++
			if refusals > maxConcurrencyRetries {
				return nil, rateLimitProblem(a, 0)
			}
			if alone {
				pause := min(concurrencyPause<<(refusals-1), maxConcurrencyPause)
				if err := c.sleep(ctx, pause); err != nil {
					return nil, describeTransportError(err, "", c.timeout)
				}
			}
			attempt-- // not one of the maxAttempts
		case a.status == http.StatusTooManyRequests:
			wait, ok := c.rateLimitWait(a.header)
			if !ok || attempt == maxAttempts {
				return nil, rateLimitProblem(a, wait)
			}
			if err := c.sleep(ctx, wait); err != nil {
				return nil, describeTransportError(err, "", c.timeout)
			}
		case a.status == http.StatusBadGateway || a.status == http.StatusServiceUnavailable || a.status == http.StatusGatewayTimeout:
			if attempt >= 2 {
				return nil, serverProblem(a)
			}
			if err := c.sleep(ctx, 300*time.Millisecond); err != nil {
				return nil, describeTransportError(err, "", c.timeout)
			}
		case a.status >= 500:
			return nil, serverProblem(a)
		case a.status >= 300 && a.status < 400:
			return nil, &problem{Kind: probRedirect, Title: "The org URL redirects",
				Detail: fmt.Sprintf("Okta's API never redirects, but this address answered %d and pointed to %s.", a.status, safeLocation(a.header.Get("Location"))),
				Fix:    "Use the address of the org itself, such as https://acme.okta.com (copy it from the browser while signed in to Okta)."}
		default:
			return a, nil
		}
	}
	return last, nil
}

// concurrencyRefusal reports whether an answer is Okta's concurrency 429:
// X-Rate-Limit-Limit is 0 (docs/okta-behavior.md §5: "The first two
// header values are always 0 for concurrent rate limit errors").
func concurrencyRefusal(a *answer) bool {
	return a.status == http.StatusTooManyRequests && strings.TrimSpace(a.header.Get("X-Rate-Limit-Limit")) == "0"
}

// attempt sends one request under the in-flight bound and a per-attempt
// timeout. alone says a concurrency refusal came while nothing else of the
// run's was being served (see limiter.release).
func (c *client) attempt(ctx context.Context, build func(context.Context) (*http.Request, error), counted bool) (a *answer, alone bool, p *problem) {
	if !counted {
		a, p = c.send(ctx, build)
		return a, a != nil && concurrencyRefusal(a), p
	}
	t, err := c.lim.acquire(ctx)
	if err != nil {
		return nil, false, describeTransportError(err, "", c.timeout)
	}
	a, p = c.send(ctx, build)
	if a == nil {
		c.lim.forget(t)
		return nil, false, p
	}
	return a, c.lim.release(t, concurrencyRefusal(a)), p
}

// send builds and sends one request and reads its answer.
func (c *client) send(ctx context.Context, build func(context.Context) (*http.Request, error)) (*answer, *problem) {

	actx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	req, err := build(actx)
	if errors.Is(err, errSpared) {
		return nil, &problem{Kind: probSpared, Title: "Not sent", Detail: "Not sent, to spare a busy org.", Fix: ""}
	}
	if err != nil {
		// Building a request fails only on a programming error (a bad URL
		// is caught by NormalizeOrgURL); say so plainly.
		return nil, &problem{Kind: probNetwork, Title: "The request could not be built", Detail: err.Error(), Fix: "This is a tako-setup fault; please report it."}
	}
	if req.Header.Get("Accept") == "" {
		req.Header.Set("Accept", "application/json")
	}
	req.Header.Set("User-Agent", "tako-setup")
	sent := time.Now()
	resp, err := c.hc.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			err = ctx.Err()
		}
		return nil, describeTransportError(err, req.URL.String(), c.timeout)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	received := time.Now()
	if err != nil {
		return nil, describeTransportError(err, req.URL.String(), c.timeout)
	}
	if len(body) > maxBody {
		return nil, &problem{Kind: probOversized, Title: "The answer is too large",
			Detail: fmt.Sprintf("%s answered with more than %d KiB, which no Okta answer to these calls does; this is probably not an Okta org.", req.URL.Host, maxBody>>10),
			Fix:    "Check the org URL: it should be your Okta address, such as https://acme.okta.com."}
	}
	c.recordClock(resp.Header.Get("Date"), sent, received)
	return &answer{status: resp.StatusCode, header: resp.Header, body: body, err: oktaerr.Parse(resp.StatusCode, resp.Header, body)}, nil
}

// recordClock keeps the Date reading with the shortest round trip. Date
// has one-second resolution (it is truncated), so Okta's clock lies in
// [Date, Date+1s); the midpoint is the estimate.
func (c *client) recordClock(date string, sent, received time.Time) {
	if date == "" {
		return
	}
	t, err := http.ParseTime(date)
	if err != nil {
		return
	}
	rtt := received.Sub(sent)
	mid := sent.Add(rtt / 2)
	s := &clockSample{skew: t.Add(500 * time.Millisecond).Sub(mid), rtt: rtt}
	c.mu.Lock()
	if c.best == nil || s.rtt < c.best.rtt {
		c.best = s
	}
	c.mu.Unlock()
}

// rateLimitWait is how long to wait before retrying a 429: until
// X-Rate-Limit-Reset (epoch seconds on Okta's clock) measured against the
// answer's Date (so that this machine's clock does not matter), plus one
// second, as Okta's SDKs do. ok is false when the wait is over the bound.
func (c *client) rateLimitWait(h http.Header) (time.Duration, bool) {
	reset, ok := rateLimitReset(h)
	if !ok {
		// No reset given: a short pause, then one more try.
		return time.Second, true
	}
	base := time.Now()
	if d, err := http.ParseTime(h.Get("Date")); err == nil {
		base = d
	}
	wait := time.Unix(reset, 0).Sub(base) + time.Second
	if wait < 0 {
		wait = 0
	}
	return wait, wait <= c.maxWait
}

// rateLimitReset reads X-Rate-Limit-Reset (epoch seconds); ok is false
// when Okta sent none, or one that is not a number.
func rateLimitReset(h http.Header) (int64, bool) {
	reset, err := strconv.ParseInt(strings.TrimSpace(h.Get("X-Rate-Limit-Reset")), 10, 64)
	return reset, err == nil
}

// rateLimitProblem is the finding for a 429 the engine did not wait out.
// wait is how long the limit still holds, from X-Rate-Limit-Reset; without
// that header nothing is known about it, and the finding says so instead
// of naming the engine's own pause.
func rateLimitProblem(a *answer, wait time.Duration) *problem {
	if concurrencyRefusal(a) {
		detail := fmt.Sprintf("Okta answered 429 with a limit of 0 all %d times this request was sent, each time once a request slot could have freed: the org's concurrency ceiling is reached — its other integrations hold as many requests in flight as the org allows (or as this app's or token's share allows).", maxConcurrencyRetries+1)
		if a.err != nil {
			detail += " Okta said " + a.err.Text() + "."
		}
		return &problem{Kind: probRateLimited, Title: "The org is too busy to answer", Detail: detail,
			Fix: "Run the check again when the org is quieter. If this keeps happening, lower OKTA_CONCURRENT_LIMIT for the integrations sharing this org, or raise this app's or token's rate limit."}
	}
	detail := "Okta answered 429: the rate limit for this call is used up"
	_, known := rateLimitReset(a.header)
	switch {
	case !known:
		detail += ", and gave no reset time (no X-Rate-Limit-Reset header), so when it lifts is not known"
	case wait > 0:
		detail += fmt.Sprintf(", for about %s more", wait.Round(time.Second))
	}
	detail += "."
	if a.err != nil {
		detail += " Okta said " + a.err.Text() + "."
	}
	fix := "Run the check again in a minute. "
	if !known {
		// Most of Okta's rate-limit windows are a minute long.
		fix = "Wait a minute, then run the check again: most of Okta's rate limits reset every minute. "
	}
	fix += "If this keeps happening, lower OKTA_CONCURRENT_LIMIT for the integrations sharing this org, or raise this app's or token's rate limit."
	return &problem{Kind: probRateLimited, Title: "Okta is rate limiting", Detail: detail, Fix: fix}
}

func serverProblem(a *answer) *problem {
	detail := fmt.Sprintf("Okta answered %d %s", a.status, http.StatusText(a.status))
	if a.err != nil {
		detail += " (" + a.err.Text() + ")"
	}
	return &problem{Kind: probServer, Title: "Okta had a server error", Detail: detail + ".",
		Fix: "This is on Okta's side: check https://status.okta.com and run the check again later."}
}

// safeLocation shows where a redirect pointed, without its query string
// (which could carry a state or a code).
func safeLocation(loc string) string {
	if loc == "" {
		return "nowhere"
	}
	if i := strings.IndexAny(loc, "?#"); i >= 0 {
		loc = loc[:i]
	}
	return loc
}

// decodeJSON reads an answer's JSON body into v, or explains why the body
// is not the JSON Okta would send.
func decodeJSON(a *answer, what string, v any) *problem {
	ct, _, _ := mime.ParseMediaType(a.header.Get("Content-Type"))
	trimmed := bytes.TrimSpace(a.body)
	if ct == "text/html" || bytes.HasPrefix(trimmed, []byte("<")) {
		return &problem{Kind: probHTML, Title: "A web page instead of Okta's API",
			Detail: fmt.Sprintf("Asked for %s, the server answered %d with an HTML page, not the JSON Okta's API sends. The URL probably points at a web site or a sign-in page rather than an Okta org.", what, a.status),
			Fix:    "Use your Okta org's address, such as https://acme.okta.com (not the Admin Console's -admin address or a company portal)."}
	}
	if err := json.Unmarshal(trimmed, v); err != nil {
		return &problem{Kind: probNotJSON, Title: "An answer Okta would not send",
			Detail: fmt.Sprintf("Asked for %s, the server answered %d with something that is not the JSON Okta sends (technical detail: %v).", what, a.status, err),
			Fix:    "Check the org URL; if it is right, run the check again later."}
	}
	return nil
}

// Sleep waits d or until ctx ends, and then returns ctx's error. It is the
// one cancellable wait of the engine and of checks/provision.
func Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
