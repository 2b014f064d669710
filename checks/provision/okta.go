package provision

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/secret"
)

// maxRateLimitRetries bounds how often one call is retried after a 429.
const maxRateLimitRetries = 12

// okta sends the flow's calls with the admin token on the engine's HTTP
// path (checks.API): one event per call, writes paced to the token's
// share of their bucket, 429s waited out until X-Rate-Limit-Reset, and a
// 5xx on an idempotent call tried once more.
type okta struct {
	api   *checks.API
	token secret.Secret
	emit  func(Event)
	sleep func(context.Context, time.Duration) error
	now   func() time.Time
	// share is the token's percentage of each bucket (Okta's default for a
	// token whose principal rate limit was never changed).
	share int

	mu     sync.Mutex
	nextID int
	pace   map[string]*window
	// writes counts the write calls Okta accepted or refused (not 429).
	writes map[string]int
}

// window is what the flow knows of one bucket's current window.
type window struct {
	limit   int       // the bucket's limit (X-Rate-Limit-Limit of a non-429 answer)
	reset   int64     // X-Rate-Limit-Reset of the window (epoch seconds)
	resetAt time.Time // when it ends, on this machine's clock
	used    int       // our writes sent in it
}

// callError is a call Okta answered with an unexpected status.
type callError struct {
	Label  string
	Status int
	Okta   string // Okta's error, as text
	Code   string
}

func (e *callError) Error() string {
	s := fmt.Sprintf("%s: Okta answered %d", e.Label, e.Status)
	if e.Okta != "" {
		s += " (" + e.Okta + ")"
	}
	return s
}

// bucketOf names the rate-limit bucket of a path as Okta's table groups
// them (docs/okta-automation.md fact 8).
func bucketOf(path string) string {
	path, _, _ = strings.Cut(path, "?")
	for _, p := range []string{"/api/v1/apps", "/oauth2/v1/clients", "/api/v1/users"} {
		if path == p || strings.HasPrefix(path, p+"/") {
			return p
		}
	}
	return "/api/v1"
}

func isWrite(method string) bool { return method != http.MethodGet }

// call sends method path once Okta lets it (pacing, 429s) and reports it.
// Any answer is returned; err is set only when there was none.
func (o *okta) call(ctx context.Context, phase, label, method, path string, body any) (*checks.APIAnswer, error) {
	return o.send(ctx, phase, label, method, path, body, nil)
}

// send is call with the statuses the caller expects: the call's line is
// marked failed when the answer is none of them (any 4xx or 5xx when ok
// is empty). An expected 404 or 401 — a proof that something is gone —
// is a success.
func (o *okta) send(ctx context.Context, phase, label, method, path string, body any, ok []int) (*checks.APIAnswer, error) {
	o.mu.Lock()
	o.nextID++
	id := o.nextID
	o.mu.Unlock()
	o.emit(Event{Kind: CallStart, Phase: phase, ID: id, Method: method, Path: path, Label: label})
	done := func(status int, err error) {
		ev := Event{Kind: CallDone, Phase: phase, ID: id, Method: method, Path: path, Label: label, Status: status}
		if err != nil {
			ev.Err = err.Error()
		}
		o.emit(ev)
	}
	bucket := bucketOf(path)
	retried5xx := false
	for attempt := 0; ; attempt++ {
		if isWrite(method) {
			if err := o.reserve(ctx, phase, bucket); err != nil {
				done(0, err)
				return nil, err
			}
		}
		ans, err := o.api.Do(ctx, method, path, "SSWS "+o.token.Reveal(), body)
		if err != nil {
			if isWrite(method) {
				o.release(bucket)
			}
			if ctx.Err() != nil {
				err = ctx.Err()
			}
			done(0, err)
			return nil, err
		}
		o.observe(bucket, ans)
		switch {
		case ans.Status == http.StatusTooManyRequests && attempt < maxRateLimitRetries:
			if isWrite(method) {
				o.release(bucket)
			}
			wait := waitFor(ans.Header, o.now())
			o.emit(Event{Kind: Waiting, Phase: phase, Wait: wait,
				Label: fmt.Sprintf("Okta's rate limit for %s is used up: waiting %s, as Okta asks (429)", bucket, wait.Round(time.Second))})
			if err := o.sleep(ctx, wait); err != nil {
				done(0, err)
				return nil, err
			}
			continue
		case ans.Status >= 500 && method != http.MethodPost && !retried5xx:
			retried5xx = true
			if err := o.sleep(ctx, 300*time.Millisecond); err != nil {
				done(0, err)
				return nil, err
			}
			continue
		}
		if isWrite(method) {
			o.mu.Lock()
			o.writes[label]++
			o.mu.Unlock()
		}
		var cerr error
		if (len(ok) == 0 && ans.Status >= 400) || (len(ok) > 0 && !slices.Contains(ok, ans.Status)) {
			cerr = answerError(label, ans)
		}
		done(ans.Status, cerr)
		return ans, nil
	}
}

// expect sends a call that must answer one of ok.
func (o *okta) expect(ctx context.Context, phase, label, method, path string, body any, ok ...int) (*checks.APIAnswer, error) {
	ans, err := o.send(ctx, phase, label, method, path, body, ok)
	if err != nil {
		return nil, err
	}
	for _, s := range ok {
		if ans.Status == s {
			return ans, nil
		}
	}
	return ans, answerError(label, ans)
}

// answerError describes an unexpected answer.
func answerError(label string, ans *checks.APIAnswer) *callError {
	e := &callError{Label: label, Status: ans.Status}
	if ans.Err != nil {
		e.Okta, e.Code = ans.Err.Text(), ans.Err.Code
	}
	return e
}

// reserve takes one write of the token's share of bucket, waiting for
// the next window when this one's share is used up.
func (o *okta) reserve(ctx context.Context, phase, bucket string) error {
	for {
		o.mu.Lock()
		w := o.pace[bucket]
		if w == nil || w.limit == 0 {
			if w == nil {
				w = &window{}
				o.pace[bucket] = w
			}
			w.used++
			o.mu.Unlock()
			return nil
		}
		allowed := max(w.limit*o.share/100, 1)
		now := o.now()
		if !now.Before(w.resetAt) {
			w.used = 0
			w.resetAt = now.Add(time.Minute) // until an answer names the new window
		}
		if w.used < allowed {
			w.used++
			o.mu.Unlock()
			return nil
		}
		wait := w.resetAt.Sub(now)
		o.mu.Unlock()
		o.emit(Event{Kind: Waiting, Phase: phase, Wait: wait,
			Label: fmt.Sprintf("Pacing: this token may make %d changes a minute under %s; the next in %s", allowed, bucket, wait.Round(time.Second))})
		if err := o.sleep(ctx, wait); err != nil {
			return err
		}
		o.mu.Lock()
		if w.resetAt.Sub(o.now()) <= 0 {
			w.used = 0
		}
		o.mu.Unlock()
	}
}

// release gives back a reserved write that Okta did not count.
func (o *okta) release(bucket string) {
	o.mu.Lock()
	if w := o.pace[bucket]; w != nil && w.used > 0 {
		w.used--
	}
	o.mu.Unlock()
}

// observe learns the bucket's limit and window from an answer.
func (o *okta) observe(bucket string, ans *checks.APIAnswer) {
	reset, err := strconv.ParseInt(strings.TrimSpace(ans.Header.Get("X-Rate-Limit-Reset")), 10, 64)
	if err != nil || ans.Status == http.StatusTooManyRequests {
		return
	}
	limit, _ := strconv.Atoi(ans.Header.Get("X-Rate-Limit-Limit"))
	o.mu.Lock()
	defer o.mu.Unlock()
	w := o.pace[bucket]
	if w == nil {
		w = &window{}
		o.pace[bucket] = w
	}
	if limit > 0 {
		w.limit = limit
	}
	if reset > w.reset {
		if w.reset != 0 {
			w.used = 0 // a new window: writes sent before it no longer count
		}
		w.reset = reset
		w.resetAt = o.now().Add(waitFor(ans.Header, o.now()))
	}
}

// waitFor is how long until X-Rate-Limit-Reset, measured against the
// answer's Date (Okta's clock), or a second when Okta named no reset.
func waitFor(h http.Header, now time.Time) time.Duration {
	reset, err := strconv.ParseInt(strings.TrimSpace(h.Get("X-Rate-Limit-Reset")), 10, 64)
	if err != nil {
		return time.Second
	}
	base := now
	if d, err := http.ParseTime(h.Get("Date")); err == nil {
		base = d
	}
	return max(time.Unix(reset, 0).Sub(base), 0)
}

// writeCount is the number of write calls Okta answered (not 429), and
// whether any was sent twice.
func (o *okta) writeCount() (n int, repeated []string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	for k, c := range o.writes {
		n += c
		if c > 1 {
			repeated = append(repeated, k)
		}
	}
	return n, repeated
}
