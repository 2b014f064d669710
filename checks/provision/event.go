package provision

import "time"

// EventKind says what an Event reports.
type EventKind string

// The kinds of events.
const (
	// CallStart: an API call is about to be sent (Label says what it does).
	CallStart EventKind = "call_start"
	// CallDone: the call answered (Status) or failed (Err).
	CallDone EventKind = "call_done"
	// Waiting: pacing or a 429: nothing is sent for Wait.
	Waiting EventKind = "waiting"
	// Progress: Done of Total scope grants, ETA for the rest.
	Progress EventKind = "progress"
	// Note: a line of information (a warning when Warn is set).
	Note EventKind = "note"
)

// Event is one thing the flow reports. None carries a secret.
type Event struct {
	Kind EventKind
	// Phase is the step of the flow ("preflight", "app", "key", "role",
	// "grants", "superadmin", "ratelimit", "verify", "env", "revoke",
	// "rollback").
	Phase string
	// ID identifies a call across its CallStart and CallDone.
	ID     int
	Method string
	Path   string
	Label  string
	Status int
	Err    string
	Warn   bool
	Wait   time.Duration
	Done   int
	Total  int
	ETA    time.Duration
}

// Line renders the event as one checklist line for text front ends.
func (e Event) Line() string {
	switch e.Kind {
	case CallStart:
		return "… " + e.Label
	case CallDone:
		if e.Err != "" {
			return "✗ " + e.Label + " — " + e.Err
		}
		return "✓ " + e.Label
	case Waiting:
		return "… " + e.Label
	case Progress:
		return "… " + e.Label
	default:
		if e.Warn {
			return "! " + e.Label
		}
		return "  " + e.Label
	}
}
