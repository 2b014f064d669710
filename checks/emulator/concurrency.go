package emulator

import (
	"strings"
	"time"
)

// The org's concurrency model (docs/okta-behavior.md §5): the org serves at
// most ConcurrencyLimit management and token requests at once, summed over
// every integration; each API token or OAuth app may hold at most its
// concurrency percentage of that ceiling; a request beyond either answers
// 429 with X-Rate-Limit-Limit: 0 and X-Rate-Limit-Remaining: 0. Nothing in
// the host name tells the ceiling: any host may be given 35 or 75.
//
// The org's other integrations are modelled as a load of slots they hold
// (OtherLoad): steady, or coming and going on a schedule. Their slots count
// against the ceiling like ours; when their load rises into slots our
// requests hold, their requests are refused — the
// core.concurrency.org.limit.violation an admin would blame on us — and
// OthersRefused counts them.

// LoadLevel is one phase of the other integrations' load: they hold Slots
// requests in flight for For (0 = from then on).
type LoadLevel struct {
	Slots int
	For   time.Duration
}

// concurrency is the org's count of requests in flight.
type concurrency struct {
	ours        int            // admitted HTTP requests in flight
	byPrincipal map[string]int // of those, per token id or client id
	peakOurs    int            // the most of ours admitted at once
	peakFree    int            // the free slots (ceiling − others) when peakOurs was reached

	refusedOurs   int // our requests refused for concurrency
	othersRefused int // the others' requests refused because the org was full

	load      []LoadLevel
	loadStart time.Time
	lastEval  time.Time // others' demand is settled up to here
	lastLevel int
}

// SetOtherLoad sets the load of the org's other integrations: the levels
// are played in order, from now, and repeat; a level with For 0 lasts
// for ever. SetOtherLoad() (no levels) removes the load.
func (o *Org) SetOtherLoad(levels ...LoadLevel) {
	o.mu.Lock()
	defer o.mu.Unlock()
	now := o.nowLocked()
	o.settleLocked(now)
	o.conc.load = append([]LoadLevel(nil), levels...)
	o.conc.loadStart = now
	o.conc.lastEval = now
	o.conc.lastLevel = o.othersAtLocked(now)
}

// othersAtLocked is the number of slots the other integrations want at t.
func (o *Org) othersAtLocked(t time.Time) int {
	c := &o.conc
	if len(c.load) == 0 {
		return 0
	}
	var cycle time.Duration
	for _, l := range c.load {
		if l.For <= 0 {
			break
		}
		cycle += l.For
	}
	pos := t.Sub(c.loadStart)
	for _, l := range c.load {
		if l.For <= 0 || pos < l.For {
			return l.Slots
		}
		pos -= l.For
	}
	// Every level has a duration: the schedule repeats.
	pos = t.Sub(c.loadStart) % cycle
	for _, l := range c.load {
		if pos < l.For {
			return l.Slots
		}
		pos -= l.For
	}
	return c.load[len(c.load)-1].Slots
}

// settleLocked walks the load's changes since the last event up to now:
// when the others' demand rose into slots our requests held, the requests
// that did not fit were refused. Ours only change at events, so this is
// exact.
func (o *Org) settleLocked(now time.Time) {
	c := &o.conc
	if len(c.load) == 0 || o.ConcurrencyLimit <= 0 {
		c.lastEval = now
		return
	}
	free := o.ConcurrencyLimit - c.ours
	unmet := func(level int) int { return max(level-free, 0) }
	// Step through the schedule's boundaries between lastEval and now.
	t := c.lastEval
	for t.Before(now) {
		next := o.nextChangeLocked(t)
		if next.IsZero() || next.After(now) {
			next = now
		}
		level := o.othersAtLocked(next)
		if level > c.lastLevel {
			c.othersRefused += unmet(level) - unmet(c.lastLevel)
		}
		c.lastLevel = level
		t = next
	}
	c.lastEval = now
}

// nextChangeLocked is the next boundary of the schedule after t (zero if
// the load no longer changes).
func (o *Org) nextChangeLocked(t time.Time) time.Time {
	c := &o.conc
	var cycle time.Duration
	for _, l := range c.load {
		if l.For <= 0 {
			cycle = 0
			break
		}
		cycle += l.For
	}
	pos := t.Sub(c.loadStart)
	if cycle > 0 {
		pos %= cycle
	}
	var edge time.Duration
	for _, l := range c.load {
		if l.For <= 0 {
			return time.Time{}
		}
		edge += l.For
		if pos < edge {
			return t.Add(edge - pos)
		}
	}
	return time.Time{}
}

// admitConcurrencyLocked takes a slot for one of our requests, or says
// why not: the org's ceiling (counting the others' load) or the
// principal's share of it. principal is "" when it is not known (the token
// endpoint: the client is inside the form).
func (o *Org) admitConcurrencyLocked(principal string, pct int, now time.Time) bool {
	c := &o.conc
	o.settleLocked(now)
	others := o.othersAtLocked(now)
	if limit := o.ConcurrencyLimit; limit > 0 {
		if c.ours+1+others > limit || (principal != "" && c.byPrincipal[principal]+1 > principalShare(limit, pct)) {
			c.refusedOurs++
			return false
		}
	}
	c.ours++
	if principal != "" {
		if c.byPrincipal == nil {
			c.byPrincipal = map[string]int{}
		}
		c.byPrincipal[principal]++
	}
	if c.ours > c.peakOurs {
		c.peakOurs = c.ours
		c.peakFree = max(o.ConcurrencyLimit-others, 0)
	}
	return true
}

// releaseConcurrencyLocked gives back a slot taken by admitConcurrencyLocked.
func (o *Org) releaseConcurrencyLocked(principal string, now time.Time) {
	c := &o.conc
	o.settleLocked(now)
	c.ours--
	if principal != "" {
		c.byPrincipal[principal]--
	}
}

// principalShare is a principal's concurrency share: the ceiling × its
// percentage, rounded half up, at least 1 — Tako's own rule for
// OKTA_CONCURRENT_LIMIT (docs/tako-env.md).
func principalShare(ceiling, pct int) int {
	pct = min(max(pct, 0), 100)
	return max((ceiling*pct+50)/100, 1)
}

// concurrencyPrincipalLocked names the principal of a management request
// from its Authorization header, with its concurrency percentage (the
// principal-rate-limit percentage; 50 without an entity). An unknown
// credential has no share to enforce ("").
func (o *Org) concurrencyPrincipalLocked(authorization string) (string, int) {
	scheme, cred, _ := strings.Cut(authorization, " ")
	cred = strings.TrimSpace(cred)
	pctOf := func(p *int) int {
		if p == nil {
			return defaultPrincipalPercent
		}
		return *p
	}
	switch {
	case strings.EqualFold(scheme, "SSWS"):
		for _, t := range o.Tokens {
			if t.Value == cred {
				return t.ID, pctOf(t.RateLimitPercent)
			}
		}
	case strings.EqualFold(scheme, "Bearer") || strings.EqualFold(scheme, "DPoP"):
		if it := o.issued[cred]; it != nil {
			if a := o.Apps[it.ClientID]; a != nil {
				return a.ClientID, pctOf(a.RateLimitPercent)
			}
		}
	}
	return "", 0
}

// defaultPrincipalPercent is Okta's share for a principal without a
// principal-rate-limit entity (docs/okta-behavior.md §5).
const defaultPrincipalPercent = 50

// ConcurrencyStats is what the org saw of our requests' concurrency since
// start or the last ResetStats.
type ConcurrencyStats struct {
	// PeakInFlight is the most of our requests the org served at once.
	PeakInFlight int
	// FreeAtPeak is how many slots the other integrations left free then.
	FreeAtPeak int
	// Refused counts our requests refused with a concurrency 429.
	Refused int
	// OthersRefused counts the other integrations' requests refused
	// because the org was full.
	OthersRefused int
}

// ConcurrencyStats returns the org's concurrency figures.
func (o *Org) ConcurrencyStats() ConcurrencyStats {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.settleLocked(o.nowLocked())
	c := o.conc
	return ConcurrencyStats{PeakInFlight: c.peakOurs, FreeAtPeak: c.peakFree, Refused: c.refusedOurs, OthersRefused: c.othersRefused}
}

// resetConcurrencyStatsLocked zeroes the figures (ResetStats).
func (o *Org) resetConcurrencyStatsLocked() {
	o.settleLocked(o.nowLocked())
	c := &o.conc
	c.peakOurs, c.peakFree, c.refusedOurs, c.othersRefused = c.ours, 0, 0, 0
}
