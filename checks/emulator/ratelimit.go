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

// admit counts the request against its bucket and the org's concurrency
// ceiling, writes the rate-limit headers, and answers 429 itself when the
// request may not proceed (false). done must be called when the request
// ends. tokenEndpoint selects the OAuth error envelope.
func (s *Server) admit(w http.ResponseWriter, r *http.Request, tokenEndpoint bool) (ok bool, done func()) {
	o := s.Org
	o.mu.Lock()
	now := o.nowLocked()
	o.inFlight++
	done = func() {
		o.mu.Lock()
		o.inFlight--
		o.mu.Unlock()
	}
	if o.ConcurrencyLimit > 0 && o.inFlight > o.ConcurrencyLimit {
		o.mu.Unlock()
		// docs/okta-behavior.md §5: concurrency violations report Limit 0 and Remaining 0.
		writeRateHeaders(w, 0, 0, now.Add(time.Second))
		writeTooMany(w, tokenEndpoint)
		return false, done
	}
	d := o.countLocked(BucketFor(r.URL.Path), now)
	o.mu.Unlock()
	writeRateHeaders(w, d.limit, d.remaining, d.reset)
	if !d.allowed {
		writeTooMany(w, tokenEndpoint)
		return false, done
	}
	return true, done
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
