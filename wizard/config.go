package wizard

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/provision"
	"github.com/fctr-id/tako-setup/steps"
)

// CheckFunc runs the engine for one step: the checks named in only (nil =
// every check) on in. It is checks.Run with the caller's options bound.
type CheckFunc func(ctx context.Context, in checks.Input, only []string) checks.Report

// Console performs "do it in the admin console" for the demo: it changes
// the emulated org the way an admin would by clicking. Real runs have none.
type Console interface {
	// Offer returns the label of what the console can do on this step, or
	// ok=false when there is nothing to do.
	Offer(step steps.ID, a *steps.Answers) (label string, ok bool)
	// Do performs it. It runs off the UI goroutine.
	Do(ctx context.Context, step steps.ID, a steps.Answers) (ConsoleResult, error)
}

// ConsoleResult is what a console action did.
type ConsoleResult struct {
	// Message says what was clicked, in the console's words.
	Message string
	// Fill pre-fills inputs of the current step by input key (a client ID,
	// a pasted key). Secret values are never drawn.
	Fill map[string]string
	// ShowOnce is a value the console shows once, as Okta shows a new API
	// token once (demo tokens only: they work only in the emulated org).
	ShowOnce string
}

// Config is everything a wizard run needs, injected by cmd/.
type Config struct {
	Graph steps.Graph
	// Answers are the starting answers (an existing .env already loaded).
	Answers steps.Answers
	Env     steps.Env
	Check   CheckFunc
	// Timeout bounds one step's checks (default 30 s).
	Timeout time.Duration
	// Console is the demo console (nil in real runs).
	Console Console
	// Demo labels the header and the Done screen.
	Demo bool
	// EnvFile is the .env path (shown, and the key of the saved progress).
	EnvFile string
	// Progress stores resume progress; nil disables saving.
	Progress *ProgressStore
	// Resume is saved progress to offer (nil = none).
	Resume *Progress
	// Color is false under NO_COLOR or on a colourless terminal.
	Color bool
	// Now is the clock (progress timestamps).
	Now func() time.Time
	// WatchEvery is how often a step waiting for the console is checked
	// again (default 5 s); WatchFor is how long a watch lasts (default 10
	// minutes). Tick schedules one watch tick (default tea.Tick; tests
	// inject their own, so no test sleeps).
	WatchEvery time.Duration
	WatchFor   time.Duration
	Tick       func(time.Duration, func(time.Time) tea.Msg) tea.Cmd
	// Ticks is accessible mode's watch clock: a channel ticking every d
	// and its stop (default a time.Ticker; tests inject their own).
	Ticks func(d time.Duration) (<-chan time.Time, func())
	// Keys keeps a generated private key until it is written or discarded
	// (nil: not kept). Kept is a key kept by an earlier run, offered on
	// resume.
	Keys *KeyStore
	Kept *KeptKey
	// AutoEvents are the automatic branch's events (the Automate hook's
	// OnEvent sends them); the TUI draws them as a checklist. Nil: none.
	AutoEvents <-chan provision.Event
}

func (c *Config) defaults() {
	if c.Graph == nil {
		c.Graph = steps.Setup()
	}
	if c.Timeout <= 0 {
		c.Timeout = 30 * time.Second
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.WatchEvery <= 0 {
		c.WatchEvery = defaultWatchEvery
	}
	if c.WatchFor <= 0 {
		c.WatchFor = defaultWatchFor
	}
	if c.Tick == nil {
		c.Tick = tea.Tick
	}
	if c.Ticks == nil {
		c.Ticks = realTicks
	}
}

// runRequest performs a Request: Prepare on a copy of the answers, then
// the checks. It is the body of the TUI's command and of line mode's loop.
func runRequest(ctx context.Context, cfg *Config, req Request) Result {
	ctx, cancel := context.WithTimeout(ctx, cfg.Timeout)
	defer cancel()
	a := req.Answers
	if req.Step.Prepare != nil {
		if err := req.Step.Prepare(cfg.Env, &a); err != nil {
			return Result{Attempt: req.Attempt, Answers: a, Err: err}
		}
	}
	var r checks.Report
	if !req.SkipChecks && cfg.Check != nil {
		only := req.Only
		if req.All {
			only = nil
		}
		r = cfg.Check(ctx, a.CheckInput(), only)
	}
	if err := ctx.Err(); err != nil && len(r.Findings) == 0 && !req.SkipChecks {
		return Result{Attempt: req.Attempt, Answers: a, Err: err}
	}
	return Result{Attempt: req.Attempt, Answers: a, Report: r}
}
