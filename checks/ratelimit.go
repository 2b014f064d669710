package checks

import (
	"fmt"
	"strings"
)

// rateLimitSource is what the engine learnt about the app's or token's
// rate-limit percentage.
type rateLimitSource struct {
	// percent is the principal's share; known says it was read from Okta
	// (an entity, or the list without one, which means Okta's 50 %).
	percent int
	known   bool
	// fromEntity: the percentage came from a principal-rate-limit entity
	// (false: no entity exists, so Okta's default applies).
	fromEntity bool
	// principal names the app or token, for the detail.
	principal string
	// unknownWhy says why the percentage could not be read.
	unknownWhy string
}

// principalRateLimit is one entity of /api/v1/principal-rate-limits.
type principalRateLimit struct {
	PrincipalID                  string `json:"principalId"`
	PrincipalType                string `json:"principalType"`
	DefaultPercentage            *int   `json:"defaultPercentage"`
	DefaultConcurrencyPercentage *int   `json:"defaultConcurrencyPercentage"`
}

// percentFromEntities finds the principal's entity. OKTA_CONCURRENT_LIMIT
// is about concurrency, so the concurrency percentage wins when Okta gives
// one; otherwise the general percentage. No entity means Okta's implicit
// 50 % (docs/okta-behavior.md §5: treat "absent" as 50/50).
func percentFromEntities(list []principalRateLimit, principalID string) (pct int, fromEntity bool) {
	for _, e := range list {
		if e.PrincipalID != principalID {
			continue
		}
		switch {
		case e.DefaultConcurrencyPercentage != nil:
			return *e.DefaultConcurrencyPercentage, true
		case e.DefaultPercentage != nil:
			return *e.DefaultPercentage, true
		}
	}
	return defaultRateLimitPercent, false
}

// rateLimitSourceFrom reads a principal-rate-limits answer.
func rateLimitSourceFrom(pr *probe, principalID, principal string, grantHint string) rateLimitSource {
	if pr == nil {
		return rateLimitSource{principal: principal, unknownWhy: grantHint}
	}
	if pr.outcome() != probeOK {
		why := "Okta refused to list rate limits (" + pr.why() + ")"
		if pr.outcome() == probeNoRole {
			why = "the admin role does not allow reading rate limits"
		}
		return rateLimitSource{principal: principal, unknownWhy: why}
	}
	var list []principalRateLimit
	if p := decodeJSON(pr.a, "the rate limits", &list); p != nil {
		return rateLimitSource{principal: principal, unknownWhy: "Okta's answer could not be read"}
	}
	pct, fromEntity := percentFromEntities(list, principalID)
	return rateLimitSource{percent: pct, known: true, fromEntity: fromEntity, principal: principal}
}

// rateLimitFinding recommends OKTA_CONCURRENT_LIMIT from the org's ceiling
// and the principal's share, and compares it with the .env's value.
func (r *run) rateLimitFinding(src rateLimitSource) {
	if !r.wants(IDRateLimit) {
		return
	}
	ceiling, reason := CeilingForHost(hostOf(r.canon))
	pct := src.percent
	var share string
	switch {
	case src.known && src.fromEntity:
		share = fmt.Sprintf("%s may use %d %% of the org's rate limits.", capitalise(src.principal), pct)
	case src.known:
		share = fmt.Sprintf("%s has no rate-limit setting of its own, so Okta's default applies: %d %%.", capitalise(src.principal), pct)
	default:
		pct = defaultRateLimitPercent
		share = fmt.Sprintf("The rate-limit percentage could not be read (%s); assuming Okta's default, %d %%.", src.unknownWhy, pct)
	}
	rec := RecommendConcurrentLimit(ceiling, pct)
	r.rec.ConcurrentLimit = rec
	r.stayWithinShare(src)
	defer r.noteSlowdown(ceiling, pct, src)
	basis := fmt.Sprintf(" The org's concurrency ceiling is taken as %d: %s. Tako's rule: %d × %d %% = %d.", ceiling, reason, ceiling, pct, rec)
	if ceiling == ceilingLarge {
		basis += fmt.Sprintf(" (On a One App org, whose ceiling is %d, use %d.)", ceilingSmall, RecommendConcurrentLimit(ceilingSmall, pct))
	}
	fixTo := fmt.Sprintf("Set OKTA_CONCURRENT_LIMIT=%d.", rec)
	set := r.in.ConcurrentLimit
	switch {
	case set == 0 && takoDefaultConcurrentLimit > rec:
		r.set(Finding{ID: IDRateLimit, Status: Warn, Title: "OKTA_CONCURRENT_LIMIT is not set",
			Detail: share + basis + fmt.Sprintf(" Unset, Tako uses %d, more than this share allows: expect 429 errors during syncs.", takoDefaultConcurrentLimit),
			Fix:    fixTo})
	case set == 0:
		r.set(Finding{ID: IDRateLimit, Status: Pass, Title: fmt.Sprintf("Recommended OKTA_CONCURRENT_LIMIT=%d", rec),
			Detail: share + basis + fmt.Sprintf(" It is not set, so Tako uses %d, which is within the share.", takoDefaultConcurrentLimit)})
	case set > rec && !src.known:
		// The share was not read (a 429, a missing scope, a refusal), so
		// the .env's value cannot be judged against it: it may be exactly
		// what an earlier check recommended from the real share. Keep it.
		r.rec.ConcurrentLimit = set
		r.set(Finding{ID: IDRateLimit, Status: Warn, Title: "OKTA_CONCURRENT_LIMIT could not be checked against the share",
			Detail: share + basis + fmt.Sprintf(" The .env has %d, more than that default share allows; whether the app's or token's real share allows it is not known, so tako-setup keeps %d.", set, set),
			Fix:    "Run the check again in a minute. If the share still cannot be read, compare OKTA_CONCURRENT_LIMIT with " + shareConsole(src.principal) + ": it should be at most the ceiling × that percentage."})
	case set > rec:
		r.set(Finding{ID: IDRateLimit, Status: Warn, Title: "OKTA_CONCURRENT_LIMIT is higher than the share",
			Detail: share + basis + fmt.Sprintf(" The .env has %d: Tako would send more requests at once than its share, and hit 429 errors.", set),
			Fix:    fixTo + " Or raise the share in " + shareConsole(src.principal) + "."})
	case set < rec:
		r.set(Finding{ID: IDRateLimit, Status: Pass, Title: fmt.Sprintf("OKTA_CONCURRENT_LIMIT=%d is within the share", set),
			Detail: share + basis + fmt.Sprintf(" The .env has %d, below the %d Tako could use: syncs are slower than they could be.", set, rec)})
	default:
		r.set(Finding{ID: IDRateLimit, Status: Pass, Title: fmt.Sprintf("OKTA_CONCURRENT_LIMIT=%d as recommended", set), Detail: share + basis})
	}
}

// stayWithinShare keeps the run's requests in flight within the app's or
// token's concurrency share once it is known (and two thirds of the
// ceiling, as ever).
func (r *run) stayWithinShare(src rateLimitSource) {
	if !src.known {
		return
	}
	ceiling, _ := CeilingForHost(hostOf(r.canon))
	r.c.lim.capAt(min(InFlightLimit(ceiling), RecommendConcurrentLimit(ceiling, src.percent)))
}

// shareConsole names where the principal's share is set.
func shareConsole(principal string) string {
	if strings.Contains(principal, "token") {
		return "Admin Console › Security › API › Tokens › (the token) › Token rate limits"
	}
	return appConsole + " › Application rate limits"
}
