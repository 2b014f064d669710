package emulator

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// bucket is one rate-limit window (docs/okta-behavior.md §5: per-minute counters that reset
// every 60 seconds, not aligned with wall-clock minutes).
type bucket struct {
	start time.Time
	used  int
}

// BucketFor names the rate-limit bucket of a request path. The emulator
// groups paths as Okta's published per-minute table does (docs/okta-behavior.md §5): the token
// endpoint, /oauth2/v1/clients, /api/v1/apps, /api/v1/users,
// /api/v1/groups, /api/v1/logs, and everything else under one bucket.
func BucketFor(path string) string {
	for _, p := range []string{"/oauth2/v1/token", "/oauth2/v1/clients", "/api/v1/apps", "/api/v1/users", "/api/v1/groups", "/api/v1/logs"} {
		if path == p || strings.HasPrefix(path, p+"/") {
			return p
		}
	}
	return "/api/v1"
}

// rateDecision is the outcome of counting one request.
type rateDecision struct {
	limit, remaining int
	reset            time.Time
	allowed          bool
}

// countLocked counts a request against its bucket. A pending ThrottleNext
// refuses it with a reset one second ahead (so tests that honour the reset
// stay fast). Principal shares (docs/okta-behavior.md §5: each token or app may use its
// percentage of a bucket) are reported by the principal-rate-limits API but
// not enforced, and X-Rate-Limit-Limit shows the org bucket — which of the
// two Okta reports is [unconfirmed].
func (o *Org) countLocked(name string, now time.Time) rateDecision {
	limit := o.RateLimitPerMinute
	if l, ok := o.BucketLimits[name]; ok {
		limit = l
	}
	b := o.buckets[name]
	if b == nil || !now.Before(b.start.Add(o.RateLimitWindow)) {
		b = &bucket{start: now}
		o.buckets[name] = b
	}
	reset := b.start.Add(o.RateLimitWindow)
	if o.Throttled > 0 {
		o.Throttled--
		return rateDecision{limit: limit, remaining: 0, reset: now.Add(time.Second), allowed: false}
	}
	b.used++
	remaining := max(limit-b.used, 0)
	return rateDecision{limit: limit, remaining: remaining, reset: reset, allowed: b.used <= limit}
}

// writeRateHeaders sets the X-Rate-Limit-* headers (docs/okta-behavior.md §5). Reset is epoch
// seconds, rounded up so a client that waits until then is never early.
func writeRateHeaders(w http.ResponseWriter, limit, remaining int, reset time.Time) {
	h := w.Header()
	h.Set("X-Rate-Limit-Limit", strconv.Itoa(limit))
	h.Set("X-Rate-Limit-Remaining", strconv.Itoa(remaining))
	secs := reset.Unix()
	if reset.Nanosecond() > 0 {
		secs++
	}
	h.Set("X-Rate-Limit-Reset", strconv.FormatInt(secs, 10))
}

// admit counts the request against the org's concurrency (the ceiling,
// the other integrations' load, the principal's share) and its rate-limit
// bucket, writes the rate-limit headers, and answers 429 itself when the
// request may not proceed (false). done must be called when the request
// ends. tokenEndpoint selects the OAuth error envelope. A 429 waits the
// org's Latency like any answer (it crosses the same network).
func (s *Server) admit(w http.ResponseWriter, r *http.Request, tokenEndpoint bool) (ok bool, done func()) {
	o := s.Org
	o.mu.Lock()
	now := o.nowLocked()
	principal, pct := "", 0
	if !tokenEndpoint {
		principal, pct = o.concurrencyPrincipalLocked(r.Header.Get("Authorization"))
	}
	if !o.admitConcurrencyLocked(principal, pct, now) {
		// docs/okta-behavior.md §5: concurrency violations report Limit 0
		// and Remaining 0; Reset is an estimate — here [unconfirmed] the end
		// of the request's rate-limit window, which may be most of a minute
		// away although a slot frees as soon as any request returns.
		reset := o.windowEndLocked(BucketFor(r.URL.Path), now)
		o.mu.Unlock()
		s.delay(r)
		writeRateHeaders(w, 0, 0, reset)
		writeTooMany(w, tokenEndpoint)
		return false, func() {}
	}
	done = func() {
		o.mu.Lock()
		o.releaseConcurrencyLocked(principal, o.nowLocked())
		o.mu.Unlock()
	}
	d := o.countLocked(BucketFor(r.URL.Path), now)
	o.mu.Unlock()
	writeRateHeaders(w, d.limit, d.remaining, d.reset)
	if !d.allowed {
		s.delay(r)
		writeTooMany(w, tokenEndpoint)
		return false, done
	}
	return true, done
}

// windowEndLocked is when the current window of a bucket ends (a window
// from now if it has none yet).
func (o *Org) windowEndLocked(name string, now time.Time) time.Time {
	if b := o.buckets[name]; b != nil && now.Before(b.start.Add(o.RateLimitWindow)) {
		return b.start.Add(o.RateLimitWindow)
	}
	return now.Add(o.RateLimitWindow)
}

func writeTooMany(w http.ResponseWriter, tokenEndpoint bool) {
	if tokenEndpoint {
		// CAT-OAUTH user_rate_limited (docs/okta-behavior.md §5).
		writeOAuthError(w, oauthErr(http.StatusTooManyRequests, "invalid_grant",
			"API call exceeded rate limit due to too many requests."))
		return
	}
	writeMgmtError(w, codeRateLimited, "")
}
