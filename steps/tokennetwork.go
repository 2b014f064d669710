package steps

import "github.com/fctr-id/tako-setup/checks"

// tokenNetworkStep: whether the token is restricted to a network zone
// (ANYWHERE warns) and usable from this machine. Checked on entry.
func tokenNetworkStep() Step {
	return Step{
		ID:           TokenNetwork,
		Title:        "Network zones",
		Applies:      (*Answers).Token,
		Checks:       []string{checks.IDTokenNetwork},
		CheckOnEnter: true,
	}
}
