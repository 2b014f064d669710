package steps

import (
	"github.com/fctr-id/tako-setup/checks"
)

// ID names a step. IDs are stable: they are saved in the resume file and
// used as keys in assets/ (one help page per ID).
type ID string

// The setup graph's steps, in the order the guide walks them.
const (
	Welcome      ID = "welcome"
	OrgURL       ID = "org-url"
	Method       ID = "method"
	OAuthApp     ID = "oauth-app"
	PrivateKey   ID = "private-key"
	DPoP         ID = "dpop"
	Scopes       ID = "scopes"
	AdminRoles   ID = "admin-roles"
	TokenCreate  ID = "token-create"
	TokenValue   ID = "token-value"
	TokenNetwork ID = "token-network"
	RateLimit    ID = "rate-limit"
	Review       ID = "review"
	Write        ID = "write"
	Done         ID = "done"
)

// Role tells a front end what kind of screen a step is. Most steps are
// Questions; the others need a little front-end specific rendering (a diff, a
// write, a final report) but are walked the same way.
type Role int

// The roles a step can play.
const (
	// Question asks inputs (possibly none) and runs live checks.
	Question Role = iota
	// Intro explains what will happen; it runs no checks.
	Intro
	// ReviewRole shows the masked diff of the .env (Env.Preview) and asks
	// for confirmation.
	ReviewRole
	// WriteRole writes the .env (its Prepare calls Env.WriteEnv).
	WriteRole
	// Final re-reads the written file and checks it end to end.
	Final
)

// Step is one screen of the guide: when it applies, what it asks, which live
// checks prove it, and (through assets/) how it is explained.
//
// A Step is plain data plus pure functions; every front end (TUI, accessible
// line mode, non-interactive flags, rotation) walks the same values.
type Step struct {
	ID ID
	// Title is the short name shown in the sidebar and in line mode.
	Title string
	Role  Role
	// Applies says whether the step is on the path for these answers (the
	// OAuth 2.0 and API-token branches). Nil means always.
	Applies func(a *Answers) bool
	// Inputs are asked in order; each input may itself apply conditionally.
	Inputs []Input
	// Checks are the engine check IDs (checks.ID…) that prove this step.
	// The step passes when none of them fails. Empty: nothing to check.
	// A Final step with no Checks runs every check.
	Checks []string
	// CheckOnEnter runs the checks as soon as the step is entered, before
	// its inputs are asked (their defaults come from what the checks learn,
	// e.g. the recommended concurrency limit). Steps without person-asked
	// inputs behave this way too.
	CheckOnEnter bool
	// Prepare, when set, does the step's work after its inputs are set and
	// before its checks run (generate a key, write the file, re-read it). It
	// runs off the UI goroutine on a copy of the answers; a front end must
	// not run it for a step whose inputs are invalid.
	Prepare func(e Env, a *Answers) error
	// PrepareAlone, when it returns true for the answers about to be
	// prepared, tells an interactive front end to run Prepare without the
	// checks and let the user act first: a freshly generated key must be
	// added in the console before any check can pass.
	PrepareAlone func(a *Answers) bool
	// AwaitsConsole, when it returns true, says that the step's checks can
	// only pass once the admin has done something in the console (deactivate
	// the old key, revoke the old token): an interactive front end then
	// waits for the admin (and may watch Okta) instead of checking at once
	// and showing a failure before the admin could act.
	AwaitsConsole func(a *Answers) bool
	// Absorb takes what the checks learned into the answers (the canonical
	// org URL, the granted scopes, the recommended concurrency limit).
	Absorb func(a *Answers, r checks.Report)
}

// AppliesTo reports whether s is on the path for a.
func (s Step) AppliesTo(a *Answers) bool {
	if a.Auto.On && !onAutoPath(s.ID) {
		return false
	}
	return s.Applies == nil || s.Applies(a)
}

// ActiveInputs returns the inputs that apply to a, in order.
func (s Step) ActiveInputs(a *Answers) []Input {
	var out []Input
	for _, in := range s.Inputs {
		if in.AppliesTo(a) {
			out = append(out, in)
		}
	}
	return out
}

// Answered reports whether every required active input has a value, so the
// step's checks can run without asking anything (used by resume and by the
// "check my existing .env" path).
func (s Step) Answered(a *Answers) bool {
	for _, in := range s.ActiveInputs(a) {
		if in.Required && in.Value(a) == "" {
			return false
		}
	}
	return true
}

// Outcome folds the step's findings into one status: Fail if any failed,
// else Warn if any warned, else Pass (Skip counts as pass: the engine had
// nothing to prove for this answer).
func (s Step) Outcome(r checks.Report) checks.Status {
	out := checks.Pass
	for _, id := range s.Checks {
		f, ok := r.Find(id)
		if !ok {
			continue
		}
		switch f.Status {
		case checks.Fail:
			return checks.Fail
		case checks.Warn:
			out = checks.Warn
		}
	}
	return out
}

// Findings returns the report's findings for this step, in the step's order.
func (s Step) Findings(r checks.Report) []checks.Finding {
	if s.Role == Final && len(s.Checks) == 0 {
		return r.Findings
	}
	var out []checks.Finding
	for _, id := range s.Checks {
		if f, ok := r.Find(id); ok {
			out = append(out, f)
		}
	}
	return out
}
