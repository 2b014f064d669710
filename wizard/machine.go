// Package wizard is the interactive front end of tako-setup: a pure step
// machine over the steps graph (this file), and the adapters that drive it —
// the Bubble Tea program (tui*.go) and the accessible line mode (lines*.go).
package wizard

import (
	"errors"
	"fmt"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/steps"
)

// Status is the state of one step in the machine.
type Status int

// Step statuses, as the sidebar shows them.
const (
	Pending  Status = iota // not reached, or changed since it was checked
	Checking               // a check (or Prepare) is running
	Waiting                // prepared; the user must act in the console, then check
	Passed
	Warned
	Failed
	Errored // Prepare or the engine returned an error (IO, not a finding)
)

func (s Status) String() string {
	return [...]string{"pending", "checking", "waiting", "passed", "warned", "failed", "error"}[s]
}

// Done reports whether the step may be left forward.
func (s Status) Done() bool { return s == Passed || s == Warned }

// Request asks the front end to run a step's work: Prepare (if any) then the
// checks, on a copy of the answers, off the UI goroutine. Attempt identifies
// it; a Result whose Attempt is not the machine's latest is dropped.
type Request struct {
	Attempt int
	Step    steps.Step
	Answers steps.Answers
	// Only is the check IDs to run; nil with All means every check.
	Only []string
	All  bool
	// SkipChecks runs Prepare alone (a generated key the user must add first).
	SkipChecks bool
}

// Result is the answer to a Request.
type Result struct {
	Attempt int
	Answers steps.Answers
	Report  checks.Report
	// Err is a fault running Prepare or the engine (not a failed check).
	Err error
}

// Entry is one line of the sidebar.
type Entry struct {
	Step    steps.Step
	Status  Status
	Current bool
}

// Outcome is how the walk ended, for the caller.
type Outcome int

// The ways a wizard run ends.
const (
	Running Outcome = iota
	Finished
	Rotate // the user chose "rotate" on the welcome screen
)

// ErrNotDone is returned by Continue while the current step has not passed.
var ErrNotDone = errors.New("this step has not passed yet")

// Machine is the wizard's state: the graph, the answers, the current step,
// each step's status and last findings, and the attempt counter. It does no
// IO: checks and Prepare are returned as Requests, and their Results fed
// back. Every front end (TUI, line mode, tests) drives the same Machine.
type Machine struct {
	graph    steps.Graph
	env      steps.Env
	answers  steps.Answers
	current  steps.ID
	status   map[steps.ID]Status
	findings map[steps.ID][]checks.Finding
	errs     map[steps.ID]error
	attempt  int
	inflight int // attempt of the running request, 0 = none
	// prepareOnly is true when the running request skips the checks.
	prepareOnly bool
	// auto walks forward on its own while steps pass (resume / check existing).
	auto    bool
	outcome Outcome
	// quiet: the running request is a watch check of a waiting step; a
	// failure leaves the step waiting (the admin has not acted yet).
	quiet bool
	// advanceOnPass: the running request was started by Continue (the
	// proposals of a step checked on entry); when it passes, move on.
	advanceOnPass bool
}

// New starts a machine at the first applicable step of g.
func New(g steps.Graph, a steps.Answers, env steps.Env) *Machine {
	m := &Machine{
		graph:    g,
		env:      env,
		answers:  a,
		status:   map[steps.ID]Status{},
		findings: map[steps.ID][]checks.Finding{},
		errs:     map[steps.ID]error{},
	}
	if s, ok := g.First(&m.answers); ok {
		m.current = s.ID
	}
	return m
}

// Current is the step on screen.
func (m *Machine) Current() steps.Step {
	s, _ := m.graph.Step(m.current)
	return s
}

// Answers are the answers so far. Front ends read them; they change them
// only through Set, Submit and Result.
func (m *Machine) Answers() *steps.Answers { return &m.answers }

// Env is the environment the machine's setters use.
func (m *Machine) Env() steps.Env { return m.env }

// Status of a step.
func (m *Machine) Status(id steps.ID) Status { return m.status[id] }

// Findings of a step's last check.
func (m *Machine) Findings(id steps.ID) []checks.Finding { return m.findings[id] }

// Err is the fault of a step's last run (Errored status).
func (m *Machine) Err(id steps.ID) error { return m.errs[id] }

// Busy reports whether a request is in flight.
func (m *Machine) Busy() bool { return m.inflight != 0 }

// Auto reports whether the machine is walking forward on its own.
func (m *Machine) Auto() bool { return m.auto }

// Outcome says whether the walk has ended and how.
func (m *Machine) Outcome() Outcome { return m.outcome }

// Sidebar lists the steps on the current path with their status.
func (m *Machine) Sidebar() []Entry {
	var out []Entry
	for _, s := range m.graph.Path(&m.answers) {
		out = append(out, Entry{Step: s, Status: m.status[s.ID], Current: s.ID == m.current})
	}
	return out
}

// Position returns the current step's 1-based index on the path and the
// path's length.
func (m *Machine) Position() (int, int) {
	path := m.graph.Path(&m.answers)
	for i, s := range path {
		if s.ID == m.current {
			return i + 1, len(path)
		}
	}
	return 0, len(path)
}

// PositionText is the header's position, "step 4 of 12". Before the
// method is chosen the path's length is not known: it gives both lengths.
func (m *Machine) PositionText() string {
	i, n := m.Position()
	if m.answers.Method != "" {
		return fmt.Sprintf("step %d of %d", i, n)
	}
	lo, hi := 0, 0
	for i, branch := range []struct {
		method checks.Method
		auto   bool
	}{{checks.OAuth2, false}, {checks.APIToken, false}, {checks.OAuth2, true}} {
		a := m.answers
		a.Method, a.Auto.On = branch.method, branch.auto
		k := len(m.graph.Path(&a))
		if i == 0 {
			lo, hi = k, k
		}
		lo, hi = min(lo, k), max(hi, k)
	}
	if lo == hi {
		return fmt.Sprintf("step %d of %d", i, hi)
	}
	return fmt.Sprintf("step %d of %d–%d", i, lo, hi)
}

// Watchable reports whether the current step waits for something the admin
// does in the Okta console, so that a front end may check it again on its
// own: a step waiting for the admin (a key to add, an old key to
// deactivate, a token to revoke), or a failed step whose answers are all
// choices, so the fix is in Okta, not in a typed value. A step revoking
// the old token itself is never re-run by a watch.
func (m *Machine) Watchable() bool {
	s := m.Current()
	if m.inflight != 0 || m.auto || !s.Answered(&m.answers) || len(s.Checks) == 0 {
		return false
	}
	if s.ID == steps.RotateRevoke && m.answers.Rotation.RevokeNow {
		return false
	}
	switch m.status[s.ID] {
	case Waiting:
		return true
	case Failed:
		if steps.KeyStep(s.ID) && steps.PublicKeyToAdd(&m.answers, m.findings[s.ID], false) != nil {
			return true
		}
		for _, in := range personInputs(s, &m.answers) {
			if in.Kind != steps.Choice && in.Kind != steps.Confirm {
				return false
			}
		}
		return true
	}
	return false
}

// Watch re-runs the current step's checks for a front end that watches
// Okta: like CheckAgain, except that a step waiting for the admin stays
// waiting when the check still fails. Nil when the step is not Watchable.
func (m *Machine) Watch() *Request {
	if !m.Watchable() {
		return nil
	}
	quiet := m.status[m.current] == Waiting
	req := m.CheckAgain()
	m.quiet = quiet && req != nil
	return req
}

// awaits reports whether s waits for the admin before its checks run.
func awaits(s steps.Step, a *steps.Answers) bool {
	return s.AwaitsConsole != nil && s.AwaitsConsole(a)
}

// Set stores one input of the current step (validating it). A change marks
// the step, and every later step, as needing a new check.
func (m *Machine) Set(key, value string) error {
	for _, in := range m.Current().ActiveInputs(&m.answers) {
		if in.Key != key {
			continue
		}
		before := in.Value(&m.answers)
		if err := in.Set(m.env, &m.answers, value); err != nil {
			return err
		}
		if in.Kind.IsSecret() || in.Value(&m.answers) != before {
			m.invalidateFrom(m.current)
		}
		return nil
	}
	return errors.New("no such input on this step: " + key)
}

// invalidateFrom marks id and every later step pending, and drops any
// running request (its answers are stale).
func (m *Machine) invalidateFrom(id steps.ID) {
	for i := m.graph.Index(id); i >= 0 && i < len(m.graph); i++ {
		sid := m.graph[i].ID
		if m.status[sid] != Pending {
			m.status[sid] = Pending
			delete(m.findings, sid)
			delete(m.errs, sid)
		}
	}
	m.cancel()
}

// cancel forgets the running request: its result will be dropped.
func (m *Machine) cancel() {
	m.attempt++
	m.inflight = 0
	m.quiet, m.advanceOnPass = false, false
}

// personInputs are the active inputs a person is asked.
func personInputs(s steps.Step, a *steps.Answers) []steps.Input {
	var out []steps.Input
	for _, in := range s.ActiveInputs(a) {
		if !in.FlagOnly {
			out = append(out, in)
		}
	}
	return out
}

// runsOnEnter reports whether entering s starts its work at once.
func runsOnEnter(s steps.Step, a *steps.Answers) bool {
	if s.Role == steps.Intro {
		return false
	}
	if s.CheckOnEnter {
		return true
	}
	work := len(s.Checks) > 0 || s.Prepare != nil || s.Role == steps.Final
	return work && len(personInputs(s, a)) == 0
}

// request builds the Request for the current step.
func (m *Machine) request() *Request {
	s := m.Current()
	if !s.Answered(&m.answers) && !s.CheckOnEnter {
		return nil
	}
	m.attempt++
	m.inflight = m.attempt
	m.status[s.ID] = Checking
	delete(m.errs, s.ID)
	req := &Request{Attempt: m.attempt, Step: s, Answers: m.answers, Only: s.Checks}
	req.All = s.Role == steps.Final && len(s.Checks) == 0
	req.SkipChecks = s.PrepareAlone != nil && s.PrepareAlone(&m.answers)
	m.prepareOnly = req.SkipChecks
	return req
}

// Start enters the first step (it may start work at once).
func (m *Machine) Start() *Request { return m.enter() }

// enter is called when a step becomes current.
func (m *Machine) enter() *Request {
	s := m.Current()
	if m.auto {
		return m.autoStep()
	}
	if m.status[s.ID].Done() && s.Role != steps.Final {
		return nil // coming back to a passed step shows its result
	}
	if runsOnEnter(s, &m.answers) && (s.Answered(&m.answers) || s.CheckOnEnter) {
		if awaits(s, &m.answers) {
			m.status[s.ID] = Waiting
			return nil
		}
		return m.request()
	}
	return nil
}

// Submit stores the values of the current step's inputs (in order,
// re-evaluating which inputs apply after each) and starts the step's work.
// A step with no work passes and the machine moves on. Errors name the
// input key that was refused (InputError).
func (m *Machine) Submit(values map[string]string) (*Request, error) {
	s := m.Current()
	if m.status[s.ID] == Checking {
		m.cancel()
	}
	// The active inputs are re-evaluated after each one is set: a choice
	// may open or close the inputs after it.
	done := map[string]bool{}
	for {
		in, ok := steps.NextUndone(personInputs(s, &m.answers), done)
		if !ok {
			break
		}
		done[in.Key] = true
		v, given := values[in.Key]
		if !given {
			if in.Value(&m.answers) != "" || !in.Required {
				continue
			}
			if in.Kind == steps.Confirm {
				// Consent is never a default applied here: an unanswered
				// or declined confirmation stays so (the check below
				// refuses the step), whatever the proposal was.
				continue
			}
			v = in.Proposed(&m.answers)
		}
		if err := m.Set(in.Key, v); err != nil {
			return nil, InputError{Key: in.Key, Err: err}
		}
	}
	for _, in := range personInputs(s, &m.answers) {
		if in.Required && in.Value(&m.answers) == "" {
			return nil, InputError{Key: in.Key, Err: errors.New("this needs an answer")}
		}
	}
	if s.ID == steps.Welcome {
		return m.afterWelcome(), nil
	}
	if len(s.Checks) == 0 && s.Prepare == nil && s.Role != steps.Final {
		m.status[s.ID] = Passed
		return m.advance(), nil
	}
	if awaits(s, &m.answers) && m.status[s.ID] != Failed {
		// Nothing to check before the admin acts in the console.
		m.status[s.ID] = Waiting
		return nil, nil
	}
	return m.request(), nil
}

// InputError is a refused input value.
type InputError struct {
	Key string
	Err error
}

func (e InputError) Error() string { return e.Err.Error() }
func (e InputError) Unwrap() error { return e.Err }

// afterWelcome follows the welcome choice.
func (m *Machine) afterWelcome() *Request {
	m.status[steps.Welcome] = Passed
	switch m.answers.Start {
	case steps.StartRotate:
		m.outcome = Rotate
		return nil
	case steps.StartCheck:
		m.auto = true
	}
	return m.advance()
}

// CheckAgain re-runs the current step's work with the same answers.
func (m *Machine) CheckAgain() *Request {
	s := m.Current()
	if len(s.Checks) == 0 && s.Prepare == nil && s.Role != steps.Final {
		return nil
	}
	m.cancel()
	return m.request()
}

// Result takes a finished Request's answer. It reports false when the
// result is stale (an older attempt, or the user moved on) and was dropped.
// It may return the next Request (auto walk, or a step that starts on
// entry after a write). A write refused with steps.ErrStaleReview returns
// to the review step, unconfirmed: front ends say why and preview afresh.
func (m *Machine) Result(r Result) (bool, *Request) {
	if r.Attempt != m.inflight || m.inflight == 0 {
		return false, nil
	}
	m.inflight = 0
	quiet, advanceOnPass := m.quiet, m.advanceOnPass
	m.quiet, m.advanceOnPass = false, false
	s := m.Current()
	m.answers = r.Answers
	if r.Err != nil && s.Role == steps.WriteRole && errors.Is(r.Err, steps.ErrStaleReview) {
		if prev, ok := m.graph.Prev(&m.answers, s.ID); ok && prev.Role == steps.ReviewRole {
			// Nothing was written: the review showed something else than
			// what would be written now. Review again, from a fresh preview.
			m.status[s.ID], m.status[prev.ID] = Pending, Pending
			m.answers.Confirmed = false
			m.current = prev.ID
			m.auto = false
			return true, nil
		}
	}
	if r.Err != nil {
		m.status[s.ID] = Errored
		m.errs[s.ID] = r.Err
		m.auto = false
		return true, nil
	}
	if m.prepareOnly {
		m.status[s.ID] = Waiting
		m.auto = false
		return true, nil
	}
	if s.Absorb != nil {
		s.Absorb(&m.answers, r.Report)
	}
	if s.Role == steps.Final && len(s.Checks) == 0 {
		m.findings[s.ID] = r.Report.Findings
	} else {
		m.findings[s.ID] = s.Findings(r.Report)
	}
	m.status[s.ID] = statusOf(s, r.Report)
	if quiet && m.status[s.ID] == Failed {
		m.status[s.ID] = Waiting // the admin has not done it yet
		return true, nil
	}
	if s.Role == steps.Final {
		m.outcome = Finished
		m.auto = false
		return true, nil
	}
	if m.status[s.ID] == Failed {
		m.auto = false
		return true, nil
	}
	if m.auto || s.Role == steps.WriteRole || (advanceOnPass && m.status[s.ID].Done()) {
		return true, m.advance()
	}
	return true, nil
}

// statusOf maps a step's outcome to a status.
func statusOf(s steps.Step, r checks.Report) Status {
	if s.Role == steps.Final && len(s.Checks) == 0 {
		if !r.OK() {
			return Failed
		}
		for _, f := range r.Findings {
			if f.Status == checks.Warn {
				return Warned
			}
		}
		return Passed
	}
	switch s.Outcome(r) {
	case checks.Fail:
		return Failed
	case checks.Warn:
		return Warned
	}
	return Passed
}

// Continue leaves a passed (or warned) step forward.
func (m *Machine) Continue() (*Request, error) {
	s := m.Current()
	switch {
	case s.Role == steps.Intro && s.Answered(&m.answers) && len(personInputs(s, &m.answers)) == 0:
		return m.Submit(nil)
	case !m.status[s.ID].Done():
		return nil, ErrNotDone
	case !s.Answered(&m.answers):
		// Checked on entry, but an input still has only its proposal (the
		// rate limit): take the proposals, check them, and move on when
		// they pass — one Enter, as the screen says.
		req, err := m.Submit(nil)
		m.advanceOnPass = req != nil && err == nil
		return req, err
	}
	return m.advance(), nil
}

// advance moves to the next applicable step and enters it.
func (m *Machine) advance() *Request {
	next, ok := m.graph.Next(&m.answers, m.current)
	if !ok {
		m.outcome = Finished
		return nil
	}
	m.current = next.ID
	return m.enter()
}

// CanGoBack reports whether Back would move: not at the first step, not
// while the file is being written, and not on the steps after it was
// written (going back cannot un-write it), not from a finished automatic
// setup (BackRefused). Front ends offer "back" only when it is true.
func (m *Machine) CanGoBack() bool {
	if m.BackRefused() != "" {
		return false
	}
	cur := m.Current()
	if cur.Role == steps.WriteRole && m.status[cur.ID] == Checking {
		return false
	}
	if m.status[steps.Write].Done() && m.graph.Index(m.current) > m.graph.Index(steps.Write) {
		return false
	}
	_, ok := m.graph.Prev(&m.answers, m.current)
	return ok
}

// BackRefused is why Back does not move, where the user needs telling
// ("" otherwise): once the automatic setup has run, its admin token is
// revoked and the .env written, so the token step behind it cannot be
// answered or checked again — going back would strand the user there.
func (m *Machine) BackRefused() string {
	a := &m.answers
	if m.current != steps.Automatic || a.Auto.Result == nil || a.Written == nil {
		return ""
	}
	return "The automatic setup is done: Okta is set up, the .env written and the admin token revoked, so there is no going back. To change something later, run tako-setup again."
}

// Back moves to the previous applicable step, dropping any running check.
// It reports false where CanGoBack is false.
func (m *Machine) Back() bool {
	if !m.CanGoBack() {
		return false
	}
	prev, _ := m.graph.Prev(&m.answers, m.current)
	if m.inflight != 0 {
		m.status[m.current] = Pending
	}
	m.cancel()
	m.auto = false
	m.current = prev.ID
	if m.status[prev.ID] == Checking {
		m.status[prev.ID] = Pending
	}
	return true
}

// autoStep walks forward from the current step while steps are answered and
// pass: it returns the current step's request, or stops (auto off) at the
// first step that needs the user.
func (m *Machine) autoStep() *Request {
	s := m.Current()
	switch {
	case s.Role == steps.ReviewRole || s.Role == steps.WriteRole || s.Role == steps.Final:
		m.auto = false
		return nil
	case s.ID == steps.Welcome:
		m.status[s.ID] = Passed
		return m.advance()
	case !s.Answered(&m.answers) || (s.PrepareAlone != nil && s.PrepareAlone(&m.answers)):
		m.auto = false
		return m.enter()
	case len(s.Checks) == 0 && s.Prepare == nil:
		m.status[s.ID] = Passed
		return m.advance()
	}
	return m.request()
}
