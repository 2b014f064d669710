package emulator

import (
	"net/http"
	"time"
)

// defaultSharePercent is the share of a bucket a token or app may use
// until its principal rate limit is changed (docs/okta-automation.md fact 8).
const defaultSharePercent = 50

// shareWindow counts one principal's writes in one bucket window.
type shareWindow struct {
	start time.Time
	used  int
}

// sharePercentLocked is the principal's percentage of each bucket.
func (o *Org) sharePercentLocked(p *principal) (id string, pct int) {
	pct = defaultSharePercent
	if p.ssws {
		if t := o.tokenByIDLocked(p.tokenID); t != nil && t.RateLimitPercent != nil {
			pct = *t.RateLimitPercent
		}
		return p.tokenID, pct
	}
	if a := o.Apps[p.clientID]; a != nil && a.RateLimitPercent != nil {
		pct = *a.RateLimitPercent
	}
	return p.clientID, pct
}

// admitShare applies the caller's principal share to a write: within the
// window of the request's bucket, a principal may make limit × share / 100
// writes (at least one); the next gets 429 E0000047 with X-Rate-Limit-Limit
// set to its share and Reset at the window's end. Okta applies the share
// to all of a principal's requests; the emulator applies it to writes only,
// so the read-only check engine behaves as before [unconfirmed choice].
// It reports whether the write may go on.
func (c *call) admitShare() bool {
	o := c.o
	o.mu.Lock()
	name := BucketFor(c.r.URL.Path)
	limit := o.RateLimitPerMinute
	if l, ok := o.BucketLimits[name]; ok {
		limit = l
	}
	id, pct := o.sharePercentLocked(c.p)
	allowed := max(limit*pct/100, 1)
	now := o.nowLocked()
	start := now
	if b := o.buckets[name]; b != nil {
		start = b.start
	}
	if o.writes.shares == nil {
		o.writes.shares = map[string]*shareWindow{}
	}
	key := name + "|" + id
	sw := o.writes.shares[key]
	if sw == nil || !sw.start.Equal(start) {
		sw = &shareWindow{start: start}
		o.writes.shares[key] = sw
	}
	ok := sw.used < allowed
	if ok {
		sw.used++
	}
	reset := start.Add(o.RateLimitWindow)
	o.mu.Unlock()
	if !ok {
		writeRateHeaders(c.w, allowed, 0, reset)
		writeMgmtError(c.w, codeRateLimited, "")
		return false
	}
	return true
}

// statusWriter remembers the status a handler answered with.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(s int) {
	if w.status == 0 {
		w.status = s
	}
	w.ResponseWriter.WriteHeader(s)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}
