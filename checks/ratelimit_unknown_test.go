package checks_test

import (
	"strings"
	"testing"
	"time"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/emulator"
)

// A check that recommended OKTA_CONCURRENT_LIMIT=56 (the app's share is
// 75 %) and then, on a later run, could not read the share because Okta
// answered 429 must not call its own recommendation "higher than the
// share": the share is unknown, so the .env's value is kept.
func TestRateLimitKeepsItsRecommendationWhenTheShareCannotBeRead(t *testing.T) {
	org, cid := oauthOrg(t)
	must(t, org.SetAppRateLimit(cid, 75))
	srv := start(t, org)
	in := oauthInput(cid, rsaKeyA())
	rep := run(t, srv, in, checks.IDRateLimit)
	if rep.Recommended.ConcurrentLimit != 56 {
		t.Fatalf("first run recommended %d, want 56", rep.Recommended.ConcurrentLimit)
	}
	in.ConcurrentLimit = rep.Recommended.ConcurrentLimit

	org.InjectFault("/api/v1/principal-rate-limits", emulator.RateLimitFault(time.Minute))
	rep = run(t, srv, in, checks.IDRateLimit)
	f := expect(t, rep, checks.IDRateLimit, checks.Warn, "could not be read", "keeps 56", "Run the check again")
	if strings.Contains(f.Title+f.Detail, "higher than the share") {
		t.Errorf("the check flags its own recommendation as too high: %s — %s", f.Title, f.Detail)
	}
	if rep.Recommended.ConcurrentLimit != 56 {
		t.Errorf("recommended %d after the 429, want the .env's 56 kept", rep.Recommended.ConcurrentLimit)
	}
}
