package noninteractive

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/takoenv"
	"github.com/fctr-id/tako-setup/steps"
)

// CheckFunc runs the engine: the checks named in only (nil = every check)
// on in. It is checks.Run with the caller's options (HTTP client, timeout)
// bound, the same function the wizard is given.
type CheckFunc func(ctx context.Context, in checks.Input, only []string) checks.Report

// Config is everything one non-interactive run needs, injected by cmd/.
type Config struct {
	// Graph is walked; nil means steps.Setup().
	Graph steps.Graph
	// Answers are the starting answers: an existing .env already loaded
	// (wizard.LoadExisting), so a re-run needs only what changes.
	Answers steps.Answers
	// Env is the wizard's steps.Env for the same .env (wizard.FileEnv):
	// reading key and token files ("-" = standard input), writing, re-reading.
	Env steps.Env
	// Check runs the engine. Required.
	Check CheckFunc
	// Values are the answers given by flags and environment (Gather).
	Values Values
	// EnvFile is the .env's path, for messages.
	EnvFile string
	// FileExists says the .env already exists, so writing replaces it and
	// needs --yes (or CanConfirm).
	FileExists bool
	// CanConfirm says a person at a terminal can be asked before an existing
	// file is replaced (Plan.NeedsConfirmation); without it, a missing --yes
	// is an error.
	CanConfirm bool
}

func (c *Config) graph() steps.Graph {
	if c.Graph == nil {
		c.Graph = steps.Setup()
	}
	return c.Graph
}

// Plan is a set of answers that has been checked and is ready to be written.
type Plan struct {
	cfg     Config
	answers steps.Answers
	report  checks.Report
	// Notes are things the user should know that are not findings (a flag
	// given but not used by the chosen method).
	Notes []string
}

// keyIndependent are the checks that need no credential: the only ones
// that can pass for a key generated a moment ago, which Okta cannot know
// until the admin adds its public half.
var keyIndependent = []string{checks.IDOrg, checks.IDClock}

// Prepare walks the graph from cfg.Values: it sets every answer (exactly as
// the wizard would from the same values), does the steps' preparation
// (generating a key when asked), runs the checks of every step on the path
// in one engine run and lets the steps absorb what it learnt. Missing or
// refused answers are an *AnswerError, found before any network request.
// Failed checks are not an error: see Plan.Report and Plan.OK.
func Prepare(ctx context.Context, cfg Config) (*Plan, error) {
	if cfg.Check == nil {
		return nil, errors.New("noninteractive: no check function")
	}
	if cfg.Values == nil {
		cfg.Values = Values{}
	}
	p := &Plan{cfg: cfg, answers: cfg.Answers}
	g := p.cfg.graph()
	w := &walker{cfg: &p.cfg, a: &p.answers, used: map[string]bool{}}
	w.walk()
	if len(w.probs) > 0 {
		return nil, &AnswerError{Problems: w.probs}
	}
	if w.answered {
		// A setup: the writer rewrites every Okta key in the form Tako
		// needs, so what the file got wrong no longer counts (what the
		// writer cannot fix stays). Without any answer, the file is checked
		// as it stands, as tako-setup check would.
		p.answers.Answered(takoenv.OktaKeys...)
	}
	p.Notes = unusedNotes(g, &p.cfg, &p.answers, w.used)

	for _, s := range g.Path(&p.answers) {
		if s.Prepare == nil || s.Role == steps.WriteRole || s.Role == steps.Final {
			continue
		}
		if err := s.Prepare(p.cfg.Env, &p.answers); err != nil {
			return nil, fmt.Errorf("%s: %w", s.Title, err)
		}
	}

	only := g.CheckIDs(&p.answers)
	generated := p.Generated()
	if generated {
		only = slices.DeleteFunc(only, func(id string) bool { return !slices.Contains(keyIndependent, id) })
		// The granted scopes cannot be learnt yet: write the wanted list
		// (Okta grants what it can of it; tako-setup check tells which).
		if len(p.answers.Scopes) == 0 {
			p.answers.Scopes = slices.Clone(checks.DefaultScopes)
		}
	}
	p.report = cfg.Check(ctx, p.answers.CheckInput(), only)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	p.absorb(p.report)

	// Inputs whose default the checks provide (the concurrency limit):
	// take the default, then check that step again with it, as the wizard
	// does when the user accepts its proposal.
	for _, l := range w.later {
		if l.in.Value == nil || l.in.Value(&p.answers) != "" {
			continue
		}
		w.setDefault(l.in)
		if len(w.probs) > 0 {
			return nil, &AnswerError{Problems: w.probs}
		}
		// Nothing to prove when nothing will be written anyway, or when the
		// step could not be checked the first time.
		if generated || !p.report.OK() || len(l.step.Checks) == 0 || !ran(p.report, l.step.Checks) {
			continue
		}
		again := cfg.Check(ctx, p.answers.CheckInput(), l.step.Checks)
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		p.report = replaceFindings(p.report, again)
	}
	if generated {
		p.report = withGeneratedKeySkips(p.report, p.answers.Method)
	}
	return p, nil
}

// absorb lets every step on the path take what the checks learnt.
func (p *Plan) absorb(r checks.Report) {
	for _, s := range p.cfg.graph().Path(&p.answers) {
		if s.Absorb != nil && s.Role != steps.Final {
			s.Absorb(&p.answers, r)
		}
	}
}

// ran reports whether any of ids was actually checked (not skipped).
func ran(r checks.Report, ids []string) bool {
	for _, id := range ids {
		if f, ok := r.Find(id); ok && f.Status != checks.Skip {
			return true
		}
	}
	return false
}

// replaceFindings puts again's findings in place of r's with the same ID.
func replaceFindings(r, again checks.Report) checks.Report {
	out := r
	out.Findings = slices.Clone(r.Findings)
	for i, f := range out.Findings {
		if g, ok := again.Find(f.ID); ok {
			out.Findings[i] = g
		}
	}
	return out
}

// withGeneratedKeySkips completes the report of a run with a generated key:
// every check that needs the key is listed as not checked, with what to do.
func withGeneratedKeySkips(r checks.Report, m checks.Method) checks.Report {
	out := r
	out.Findings = nil
	first := true
	for _, id := range checks.IDs(m) {
		if f, ok := r.Find(id); ok {
			out.Findings = append(out.Findings, f)
			continue
		}
		f := checks.Finding{
			ID: id, Status: checks.Skip, Title: "Not checked",
			Detail: "Needs the new key to be added to the app first.",
			Fix:    "Add the public key (the JWK printed by tako-setup) to the app's Public keys, then run tako-setup check.",
		}
		if first {
			f.Detail = "The private key was generated just now: Okta does not know it until its public key is added to the app, so nothing that signs in could be checked."
			first = false
		}
		out.Findings = append(out.Findings, f)
	}
	return out
}

// unusedNotes names flags given on the command line that the chosen path
// does not use (environment variables are often set for every run, so they
// are not mentioned).
func unusedNotes(g steps.Graph, cfg *Config, a *steps.Answers, used map[string]bool) []string {
	var notes []string
	for _, f := range AnswerFlags(g) {
		given, ok := cfg.Values.Get(f.Name)
		if !ok || used[f.Name] || given.From != "--"+f.Name {
			continue
		}
		if f.Bool && !cfg.Values.On(f.Name) {
			continue
		}
		notes = append(notes, fmt.Sprintf("--%s was ignored: %s", f.Name, whyUnused(f.Name, cfg, a)))
	}
	return notes
}

// whyUnused says why the chosen path did not use flag.
func whyUnused(flag string, cfg *Config, a *steps.Answers) string {
	if flag == keepOtherFlag {
		// The review asks about the other method's secret only when the
		// .env holds one; the method is not the reason.
		other := "OAuth 2.0 private key"
		if a.OAuth() {
			other = "API token"
		}
		name := cfg.EnvFile
		if name == "" {
			name = "the .env file"
		}
		if !cfg.FileExists {
			return fmt.Sprintf("%s does not exist yet, so there is no other method's credential to keep", name)
		}
		return fmt.Sprintf("there is no other method's credential in %s to keep (no %s)", name, other)
	}
	return fmt.Sprintf("it is not used with --method %s", methodFlag(a.Method))
}

// keepOtherFlag keeps the other method's secret (steps' other-credential
// input).
const keepOtherFlag = "keep-other-credentials"

// methodFlag spells a method as --method does.
func methodFlag(m checks.Method) string {
	if m == checks.APIToken {
		return "api-token"
	}
	return "oauth2"
}

// Answers are the checked answers (secrets stay masked in every printed
// form).
func (p *Plan) Answers() steps.Answers { return p.answers }

// Report is the engine's report for the answers.
func (p *Plan) Report() checks.Report { return p.report }

// OK reports whether no check failed (warnings allowed): only then is the
// .env written.
func (p *Plan) OK() bool { return p.report.OK() }

// Generated reports whether the private key was generated by this run.
func (p *Plan) Generated() bool {
	return p.answers.OAuth() && p.answers.Key != nil && p.answers.Key.Generated
}

// PublicJWK is the public half of a key generated by this run, for Okta's
// "Add key" (nil otherwise). It is not secret.
func (p *Plan) PublicJWK() []byte {
	if !p.Generated() {
		return nil
	}
	return p.answers.Key.PublicJWK
}

// NeedsConfirmation reports whether replacing the existing .env still needs
// a person's yes (no --yes was given and Config.CanConfirm is set).
func (p *Plan) NeedsConfirmation() bool { return !p.answers.Confirmed }

// Confirm records the person's yes.
func (p *Plan) Confirm() { p.answers.Confirmed = true }

// Preview is the masked list of changes the write would make. With the
// wizard's Env (wizard.FileEnv), Write then writes exactly the edit the last
// Preview described, so call it once, for what the person confirms.
func (p *Plan) Preview() (string, error) {
	if p.cfg.Env.Preview == nil {
		return "", errors.New("no preview is available")
	}
	return p.cfg.Env.Preview(&p.answers)
}

// Write writes the .env through the write step (the wizard's Env.WriteEnv)
// when no check failed and the replacement is confirmed, then re-reads the
// file (the done step) and makes sure it holds the credentials that were
// checked. It returns ErrChecksFailed or ErrNotConfirmed without touching
// the file, and an error wrapping steps.ErrStaleReview, having written
// nothing, when the file changed on disk (or was removed) after the last
// Preview.
func (p *Plan) Write() (steps.WriteResult, error) {
	if !p.OK() {
		return steps.WriteResult{}, ErrChecksFailed
	}
	if !p.answers.Confirmed {
		return steps.WriteResult{}, ErrNotConfirmed
	}
	write, done := p.roleStep(steps.WriteRole), p.roleStep(steps.Final)
	if write == nil || write.Prepare == nil {
		return steps.WriteResult{}, errors.New("the graph has no write step")
	}
	if err := write.Prepare(p.cfg.Env, &p.answers); err != nil {
		return steps.WriteResult{}, err
	}
	res := *p.answers.Written
	if done != nil && done.Prepare != nil && p.cfg.Env.ReadBack != nil {
		back := p.answers
		if err := done.Prepare(p.cfg.Env, &back); err != nil {
			return res, err
		}
		if err := sameCredentials(p.answers.CheckInput(), back.CheckInput()); err != nil {
			return res, fmt.Errorf("%s was written but does not read back as checked: %w", res.Path, err)
		}
		if len(back.Issues) > 0 {
			return res, fmt.Errorf("%s was written but Tako could not use it: %s %s", res.Path, back.Issues[0].Problem, back.Issues[0].Fix)
		}
	}
	return res, nil
}

// roleStep is the first step on the path with role r.
func (p *Plan) roleStep(r steps.Role) *steps.Step {
	for _, s := range p.cfg.graph().Path(&p.answers) {
		if s.Role == r {
			return &s
		}
	}
	return nil
}
