package checks

import (
	"fmt"
	"time"

	"github.com/fctr-id/tako-setup/checks/oktaerr"
)

// maxClockSkew is how far this machine's clock may be from Okta's before
// the clock check warns.
const maxClockSkew = 60 * time.Second

// clockFinding judges this machine's clock against Okta's Date header.
// refused is the time claim Okta refused in a client assertion ("" when
// none was refused); then the clock check fails, whatever the size of the
// skew, because Tako's token requests would be refused the same way.
func (r *run) clockFinding(refused oktaerr.Kind, oauth bool) {
	s, ok := r.c.skew()
	if !ok {
		r.skip("No answer from Okta carried its time (the Date header).", IDClock)
		return
	}
	off := s.skew.Round(time.Second)
	abs := off
	if abs < 0 {
		abs = -abs
	}
	// skew is Okta's clock minus ours: positive means this machine is behind.
	direction := "behind"
	if off < 0 {
		direction = "ahead of"
	}
	seen := fmt.Sprintf("This machine's clock is %s %s Okta's (measured from Okta's Date header, ±1 s).", abs, direction)
	if abs < 2*time.Second {
		seen = "This machine's clock agrees with Okta's (within the Date header's 1 s precision)."
	}
	why := " Tako signs each token request with a 5-minute assertion that Okta checks against its own clock: a clock ahead makes it \"issued in the future\", one more than 5 minutes behind makes it \"expired\"."
	if !oauth {
		why = " API tokens do not depend on the clock, but Tako's sync times and log queries will be off."
	}
	fix := "Turn on time synchronisation (NTP), for example `sudo timedatectl set-ntp true` on Linux, or Settings › Date & Time › Set automatically on macOS and Windows."
	switch {
	case refused != "":
		r.set(Finding{ID: IDClock, Status: Fail, Title: "This machine's clock makes Okta refuse Tako's sign-in",
			Detail: seen + " Okta refused the assertion: " + oktaerr.Lookup(&oktaerr.Error{Code: "invalid_client", Description: refusedText(refused)}).Meaning + why,
			Fix:    fix})
	case abs > maxClockSkew:
		r.set(Finding{ID: IDClock, Status: Warn, Title: "This machine's clock is off", Detail: seen + why, Fix: fix})
	default:
		r.set(Finding{ID: IDClock, Status: Pass, Title: "Clock in step with Okta", Detail: seen})
	}
}

// refusedText maps a time-claim Kind back to Okta's words, for the detail.
func refusedText(k oktaerr.Kind) string {
	switch k {
	case oktaerr.AssertionExpired:
		return "The client_assertion token is expired."
	case oktaerr.AssertionExpTooFar:
		return "The client_assertion token has an expiration too far into the future."
	default:
		return "The client_assertion token must be issued before the current time."
	}
}
