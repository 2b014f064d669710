package steps

import (
	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/takoenv"
)

// TakoDefaultLimit is what Tako uses when OKTA_CONCURRENT_LIMIT is unset.
const TakoDefaultLimit = 18

// rateLimitStep: the app's (or token's) rate-limit percentage and the org's
// plan decide OKTA_CONCURRENT_LIMIT. The check runs on entry; its
// recommendation is proposed and can be edited.
func rateLimitStep() Step {
	return Step{
		ID:    RateLimit,
		Title: "Rate limit",
		Applies: func(a *Answers) bool {
			return a.Method == checks.OAuth2 || a.Method == checks.APIToken
		},
		Inputs: []Input{{
			Key:      "concurrent-limit",
			Label:    "OKTA_CONCURRENT_LIMIT",
			Help:     "How many requests Tako sends to Okta at once.",
			Kind:     Number,
			Flag:     "concurrent-limit",
			Env:      "TAKO_SETUP_CONCURRENT_LIMIT",
			Required: true,
			Value:    func(a *Answers) string { return itoa(a.ConcurrentLimit) },
			Default: func(a *Answers) string {
				switch {
				case a.RecommendedLimit > 0:
					return itoa(a.RecommendedLimit)
				case a.Existing != nil && a.Existing.Limit > 0:
					return itoa(a.Existing.Limit)
				}
				return itoa(TakoDefaultLimit)
			},
			Validate: func(v string) error { _, err := parseLimit(v); return err },
			Set: func(_ Env, a *Answers, v string) error {
				n, err := parseLimit(v)
				if err != nil {
					return err
				}
				a.ConcurrentLimit = n
				a.Answered(takoenv.KeyConcurrentLimit)
				return nil
			},
		}},
		Checks:       []string{checks.IDRateLimit},
		CheckOnEnter: true,
		Absorb: func(a *Answers, r checks.Report) {
			if n := r.Recommended.ConcurrentLimit; n > 0 {
				a.RecommendedLimit = n
			}
		},
	}
}
