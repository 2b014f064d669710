package checks

import "strings"

// Org concurrency ceilings (docs/tako-env.md, docs/okta-behavior.md §5): the most
// requests an org serves at once, summed over every integration.
const (
	ceilingSmall = 35 // Integrator Free Plan, trial, legacy developer and One App orgs
	ceilingLarge = 75 // Enterprise / Workforce Identity / Customer Identity orgs
)

// CeilingForHost returns the org's concurrency ceiling as far as its host
// name tells, and the reason, to show the user. Okta has no API that names
// an org's plan, so the host name is the only hint: integrator-…, trial-…
// and dev-… hosts are the free plans (35); anything else is taken as a paid
// org (75), and the reason says so, since a One App org also has 35.
func CeilingForHost(host string) (ceiling int, reason string) {
	h := strings.ToLower(host)
	if i := strings.LastIndexByte(h, ':'); i >= 0 && !strings.Contains(h[i:], "]") {
		h = h[:i]
	}
	first, _, _ := strings.Cut(h, ".")
	switch {
	case strings.HasPrefix(first, "integrator-"):
		return ceilingSmall, "the host name starts with \"integrator-\", which Okta gives Integrator Free Plan orgs; their concurrency ceiling is 35 requests"
	case strings.HasPrefix(first, "trial-"):
		return ceilingSmall, "the host name starts with \"trial-\", which Okta gives free trial orgs; their concurrency ceiling is 35 requests"
	case strings.HasPrefix(first, "dev-"):
		return ceilingSmall, "the host name starts with \"dev-\", which Okta gave Developer Edition orgs; their concurrency ceiling is 35 requests"
	}
	return ceilingLarge, "Okta has no API that names an org's plan, and this host name does not mark a free plan, so the org is taken as Enterprise or Workforce Identity, whose concurrency ceiling is 75 requests"
}

// RecommendConcurrentLimit is Tako's published rule for OKTA_CONCURRENT_LIMIT:
// the org's concurrency ceiling scaled by the app's (or token's) rate-limit
// percentage, rounded half up, at least 1. Percentages outside 0–100 are
// clamped.
func RecommendConcurrentLimit(ceiling, percent int) int {
	percent = min(max(percent, 0), 100)
	n := (ceiling*percent + 50) / 100
	return max(n, 1)
}

// InFlightLimit bounds the requests the engine has in flight at once: two
// thirds of the org's concurrency ceiling, rounded down (50 for 75, 23 for
// 35). A check must never be the reason another integration of the org gets
// a concurrency 429, so it leaves a third of the ceiling to them; two thirds
// is still enough to send Tako's ~40 scope probes in one wave on a paid org.
func InFlightLimit(ceiling int) int {
	return max(ceiling*2/3, 1)
}

// startBound is the in-flight bound a run starts from on host: two thirds
// of the ceiling the host name suggests, and within the share Okta gives
// an app or token that has no rate-limit setting of its own (50 %) — 38 on
// a paid org (75), 18 where the host name shows a free plan (35). On a
// paid org that sends Tako's ~37 probes in one wave. Where the plan is a
// guess (a One App org looks like a paid one) or the org is busy, the first
// concurrency refusals bring the bound down to what the org accepts (see
// limiter), at the cost of one wave; once the app's or token's real share
// is read, the bound stays within that.
func startBound(host string) int {
	ceiling, _ := CeilingForHost(host)
	return min(InFlightLimit(ceiling), RecommendConcurrentLimit(ceiling, defaultRateLimitPercent))
}

// defaultRateLimitPercent is Okta's implicit principal rate limit when no
// principal-rate-limit entity exists for an app or token (docs/okta-behavior.md §5).
const defaultRateLimitPercent = 50

// takoDefaultConcurrentLimit is what Tako uses when OKTA_CONCURRENT_LIMIT is unset.
const takoDefaultConcurrentLimit = 18
