package checks

import "fmt"

// noteSlowdown adds to the ratelimit finding when, and why, the run had to
// slow down: Okta refused some of its requests for concurrency (429 with
// X-Rate-Limit-Limit: 0), and the limiter lowered its bound to what the
// org accepted. Why is told from the figures: the bound fell to the
// principal's share (of the ceiling assumed from the host, or of the 35 a
// One App org has behind a host that does not say so), or below it, when
// the org's other integrations were holding the rest.
func (r *run) noteSlowdown(ceiling, pct int, src rateLimitSource) {
	f, ok := r.findings[IDRateLimit]
	if !ok {
		return
	}
	fig := r.c.lim.figures()
	if fig.Refusals == 0 {
		return
	}
	k := fig.Lowest
	if k == 0 {
		f.Detail += fmt.Sprintf(" The check had to wait: Okta refused %d of its requests for concurrency (429 with X-Rate-Limit-Limit: 0) while none of its others was being served — the org's other integrations held every slot — so it paused briefly before sending each again (never until X-Rate-Limit-Reset). Tako's syncs will meet the same 429s while the org is this busy.", fig.Refusals)
		r.findings[IDRateLimit] = f
		return
	}
	note := fmt.Sprintf(" The check had to slow down: Okta refused %d of its requests for concurrency (429 with X-Rate-Limit-Limit: 0), so it went from %d to %d requests at once, sending each refused request again as soon as one of its own returned (at most %d were out at once, refused ones included).",
		fig.Refusals, fig.Highest, k, fig.Peak)
	assumed := ""
	if !src.known {
		assumed = ", the default"
	}
	who := src.principal
	if who == "" {
		who = "the app or token"
	}
	share := RecommendConcurrentLimit(ceiling, pct)
	small := RecommendConcurrentLimit(ceilingSmall, pct)
	// What the org served at once tells why; the lowest bound may be a
	// little lower (a request sent the moment an answer arrived can beat
	// the org to freeing that slot).
	served := max(fig.Served, k)
	switch {
	case served == share:
		note += fmt.Sprintf(" Why: %s's share is small — Okta serves %d of its requests at once, %d %%%s of the ceiling of %d.", who, served, pct, assumed, ceiling)
	case ceiling == ceilingLarge && served == small:
		note += fmt.Sprintf(" Why: %s's share is small — Okta served %d at once, which is %d %%%s of a ceiling of %d, not of %d: this org's concurrency ceiling looks like %d (a One App org, whose host name does not say so). There, Tako's rule gives OKTA_CONCURRENT_LIMIT=%d.",
			who, served, pct, assumed, ceilingSmall, ceilingLarge, ceilingSmall, small)
	default:
		note += fmt.Sprintf(" Why: the org was busy — Okta served only %d at once, fewer than %s's share of %d (%d %%%s of %d): the org's other integrations were holding the rest of its concurrency, and Tako's syncs will meet the same 429s while they do.",
			served, who, share, pct, assumed, ceiling)
	}
	f.Detail += note
	r.findings[IDRateLimit] = f
}
