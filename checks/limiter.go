package checks

import (
	"cmp"
	"context"
	"slices"
	"sync"
)

// limiter bounds the engine's requests in flight and adapts the bound to
// what the org accepts. Okta refuses a request beyond the org's
// concurrency ceiling, or beyond the app's or token's share of it, with a
// concurrency 429 (X-Rate-Limit-Limit: 0, docs/okta-behavior.md §5). Such a
// refusal does not last until X-Rate-Limit-Reset: a slot frees as soon as
// any request in flight returns. So a refused request waits, like any
// other, until one of ours returns, and the bound comes down to what the
// org accepted: the requests of ours that were served while the refused
// one was out. That is counted, not guessed from the order requests left
// in — a burst reaches Okta in its own order: each refusal opens an
// episode holding the requests then in flight plus those served since it
// was sent; each of them that turns out refused too takes one off. Each
// answer outside an episode then counts towards growing the bound back,
// one more request per bound's worth of answers (additive increase, as
// TCP grows a window after a loss), never above the most the run may use.
//
// Hand-written rather than golang.org/x/sync/semaphore: a Weighted has a
// fixed size, and shrinking it while requests wait means parking phantom
// acquisitions in goroutines, whose FIFO order then holds back the very
// retries that should go as soon as a slot frees; and the bound is learnt
// from the answers, which a semaphore does not see.
type limiter struct {
	mu       sync.Mutex
	bound    int // requests allowed in flight now
	most     int // what the bound may grow back to
	inFlight map[uint64]bool
	next     uint64 // the next ticket's number
	served   int    // answers that were not refusals, all told
	queue    []*waiter
	episodes []*episode
	answers  int // answers since the bound last grew
	lowered  bool
	// onLowered, when set, is called (outside the lock) each time a
	// refusal lowers the bound.
	onLowered func()

	// Figures for the report.
	highest  int // the largest bound the run used
	lowest   int // the lowest bound a refusal set (0: none)
	refusals int // concurrency 429s
	peak     int // the most requests in flight at once
	// events numbers grants and answers in order; servedSpans are the
	// [grant, answer] spans of the requests the org served, from which
	// the most it served at once is read.
	events      uint64
	servedSpans [][2]uint64
}

// ticket is one request's slot.
type ticket struct {
	id           uint64
	servedBefore int    // limiter.served when the slot was granted
	granted      uint64 // the event number of the grant
}

// episode follows one refusal until every request that was in flight
// when it came back has returned.
type episode struct {
	members  map[uint64]bool
	accepted int // the org's estimate: served beside the refused request
}

type waiter struct {
	ready   chan struct{}
	granted bool
	t       ticket
}

// limiterFigures is what the limiter saw, for the report: the largest
// and lowest bound, the concurrency refusals, the peak in flight, and
// Served, the most requests the org was serving at once (the most
// overlapping spans of requests that were not refused) — what the org
// accepts, whatever a later race between an answer and the next request
// did to the bound.
type limiterFigures struct {
	Highest, Lowest, Refusals, Peak, Served int
}

func newLimiter(n int) *limiter {
	n = max(n, 1)
	return &limiter{bound: n, most: n, highest: n, inFlight: map[uint64]bool{}}
}

// configure sets the most requests the run may have in flight from now
// on (a new wave, a better idea of the org's ceiling). A bound learnt from
// refusals is kept when it is lower.
func (l *limiter) configure(n int) {
	n = max(n, 1)
	l.mu.Lock()
	defer l.mu.Unlock()
	l.most = n
	if !l.lowered || l.bound > n {
		l.bound = n
	}
	l.highest = max(l.highest, l.bound)
	l.dispatchLocked()
}

// capAt lowers the most the bound may reach (the principal's share, once
// known); it never raises it.
func (l *limiter) capAt(n int) {
	n = max(n, 1)
	l.mu.Lock()
	defer l.mu.Unlock()
	l.most = min(l.most, n)
	l.bound = min(l.bound, l.most)
}

// acquire waits for a slot.
func (l *limiter) acquire(ctx context.Context) (ticket, error) {
	l.mu.Lock()
	if len(l.queue) == 0 && len(l.inFlight) < l.bound {
		t := l.takeLocked()
		l.mu.Unlock()
		return t, nil
	}
	w := &waiter{ready: make(chan struct{})}
	l.queue = append(l.queue, w)
	l.mu.Unlock()
	select {
	case <-w.ready:
		return w.t, nil
	case <-ctx.Done():
		l.mu.Lock()
		defer l.mu.Unlock()
		if w.granted {
			l.dropLocked(w.t.id)
			l.dispatchLocked()
		} else {
			for i, q := range l.queue {
				if q == w {
					l.queue = append(l.queue[:i], l.queue[i+1:]...)
					break
				}
			}
		}
		return ticket{}, ctx.Err()
	}
}

// takeLocked counts one more request in flight.
func (l *limiter) takeLocked() ticket {
	l.next++
	l.events++
	t := ticket{id: l.next, servedBefore: l.served, granted: l.events}
	l.inFlight[t.id] = true
	l.peak = max(l.peak, len(l.inFlight))
	return t
}

// forget gives back the slot of a request that got no answer (a network
// failure): it tells nothing about what the org accepts.
func (l *limiter) forget(t ticket) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.dropLocked(t.id)
	l.dispatchLocked()
}

// dropLocked forgets a request that ended without an answer to learn from.
func (l *limiter) dropLocked(id uint64) {
	delete(l.inFlight, id)
	for _, e := range l.episodes {
		delete(e.members, id)
	}
	l.closeEpisodesLocked()
}

// release gives the slot back. refused says the org answered with a
// concurrency 429; alone then says that nothing of ours was served beside
// it — the org's other integrations held every slot — so no return of ours
// will free one.
func (l *limiter) release(t ticket, refused bool) (alone bool) {
	l.mu.Lock()
	lowered := false
	defer func() {
		hook := l.onLowered
		l.mu.Unlock()
		if lowered && hook != nil {
			hook()
		}
	}()
	delete(l.inFlight, t.id)
	for _, e := range l.episodes {
		if e.members[t.id] {
			delete(e.members, t.id)
			if refused {
				e.accepted--
				l.lowerLocked(e.accepted)
			}
		}
	}
	switch {
	case refused:
		l.refusals++
		e := &episode{members: make(map[uint64]bool, len(l.inFlight)), accepted: l.served - t.servedBefore}
		for id := range l.inFlight {
			e.members[id] = true
		}
		e.accepted += len(e.members)
		if e.accepted == 0 {
			// Nothing of ours was served beside it: the org's other
			// integrations held every slot for a moment. That says nothing
			// about how many of ours the org takes; the caller pauses.
			alone = true
			break
		}
		l.lowered = true
		lowered = true
		l.answers = 0
		l.lowerLocked(e.accepted)
		l.episodes = append(l.episodes, e)
	default:
		l.served++
		l.events++
		l.servedSpans = append(l.servedSpans, [2]uint64{t.granted, l.events})
		if l.lowered && len(l.episodes) == 0 && l.bound < l.most {
			l.answers++
			if l.answers >= l.bound {
				l.bound++
				l.answers = 0
			}
		}
	}
	l.closeEpisodesLocked()
	l.dispatchLocked()
	return alone
}

// lowerLocked brings the bound down to n (at least 1).
func (l *limiter) lowerLocked(n int) {
	l.bound = min(l.bound, max(n, 1))
	if l.lowest == 0 || l.bound < l.lowest {
		l.lowest = l.bound
	}
}

// closeEpisodesLocked drops the episodes whose requests have all returned.
func (l *limiter) closeEpisodesLocked() {
	open := l.episodes[:0]
	for _, e := range l.episodes {
		if len(e.members) > 0 {
			open = append(open, e)
		}
	}
	l.episodes = open
}

// dispatchLocked wakes waiters, first come first served, while the bound
// allows.
func (l *limiter) dispatchLocked() {
	for len(l.queue) > 0 && len(l.inFlight) < l.bound {
		w := l.queue[0]
		l.queue = l.queue[1:]
		w.t = l.takeLocked()
		w.granted = true
		close(w.ready)
	}
}

// setOnLowered sets (or, with nil, clears) the hook called when a
// refusal lowers the bound.
func (l *limiter) setOnLowered(hook func()) {
	l.mu.Lock()
	l.onLowered = hook
	l.mu.Unlock()
}

// figures returns what the limiter saw.
func (l *limiter) figures() limiterFigures {
	l.mu.Lock()
	defer l.mu.Unlock()
	return limiterFigures{Highest: l.highest, Lowest: l.lowest, Refusals: l.refusals, Peak: l.peak, Served: maxOverlap(l.servedSpans)}
}

// maxOverlap is the most spans that hold one point at once. Span ends are
// distinct event numbers, so a span that ends before another starts never
// overlaps it.
func maxOverlap(spans [][2]uint64) int {
	type edge struct {
		at    uint64
		delta int
	}
	edges := make([]edge, 0, 2*len(spans))
	for _, s := range spans {
		edges = append(edges, edge{s[0], +1}, edge{s[1], -1})
	}
	slices.SortFunc(edges, func(a, b edge) int { return cmp.Compare(a.at, b.at) })
	most, now := 0, 0
	for _, e := range edges {
		now += e.delta
		most = max(most, now)
	}
	return most
}
