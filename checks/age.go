package checks

import (
	"fmt"
	"time"
)

// maxCredentialAge is how old a key or token may be before the age check
// warns: the setup guide advises rotating credentials every 90 days.
const maxCredentialAge = 90 * 24 * time.Hour

// ageFinding judges when a credential was created.
func (r *run) ageFinding(what string, created time.Time, fix string, extra string) {
	age := r.opt.Now().Sub(created)
	days := int(age / (24 * time.Hour))
	detail := fmt.Sprintf("The %s was created on %s (%d days ago).", what, created.UTC().Format("2 Jan 2006"), days)
	if extra != "" {
		detail += " " + extra
	}
	if age > maxCredentialAge {
		r.set(Finding{ID: IDAge, Status: Warn, Title: fmt.Sprintf("The %s is over 90 days old", what),
			Detail: detail + " Rotating every 90 days limits the damage of a leaked credential.", Fix: fix})
		return
	}
	r.set(Finding{ID: IDAge, Status: Pass, Title: fmt.Sprintf("The %s is %d days old", what, days), Detail: detail})
}

// parseOktaTime reads Okta's timestamps ("2023-04-06T21:32:33.000Z").
func parseOktaTime(s string) (time.Time, bool) {
	t, err := time.Parse(time.RFC3339Nano, s)
	return t, err == nil && !t.IsZero()
}
