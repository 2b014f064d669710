package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/fctr-id/tako-setup/checks/provision"
	"github.com/fctr-id/tako-setup/steps"
	"github.com/fctr-id/tako-setup/wizard"
)

// wireAutomatic gives the wizard the automatic branch's work
// (wizard.Automate) on the same client as its checks: in the TUI each
// event goes to cfg.AutoEvents (drawn as a checklist), in accessible mode
// say prints it in words. The demo keeps its progress in memory.
//
// The run has a context of its own, so that quitting the TUI (a key, not
// a signal) can stop it: stop cancels it, waits until the token is revoked
// and says what remains in Okta.
func wireAutomatic(ctx context.Context, cfg *wizard.Config, hc *http.Client, timeout time.Duration, demo bool, say func(string)) *autoRun {
	ctx, cancel := context.WithCancel(ctx)
	r := &autoRun{cancel: cancel}
	var store provision.Store = provision.MemStore{S: &provision.State{}}
	if !demo {
		if s, err := wizard.DefaultAutoStore(); err == nil {
			store = s
		}
	}
	deps := wizard.AutoDeps{Ctx: ctx, HTTP: hc, Timeout: timeout, Store: store, WriteEnv: cfg.Env.WriteEnv}
	if say != nil {
		deps.OnEvent = func(e provision.Event) {
			if e.Kind != provision.CallStart {
				say(wizard.AutoWords(e))
			}
		}
	} else {
		events := make(chan provision.Event, 4096)
		cfg.AutoEvents = events
		deps.OnEvent = func(e provision.Event) {
			select {
			case events <- e:
			default: // the screen is behind: a line is lost, not the run
			}
		}
	}
	hook := wizard.Automate(deps)
	cfg.Env.Automate = func(a *steps.Answers) error {
		r.mu.Lock()
		r.running++
		r.mu.Unlock()
		err := hook(a)
		if say != nil {
			for _, l := range wizard.AutoSummary(a.Auto.Result, false) {
				say(l)
			}
		}
		r.mu.Lock()
		r.running--
		r.last = a.Auto.Result
		r.mu.Unlock()
		return err
	}
	return r
}

// autoRun follows the automatic branch's runs.
type autoRun struct {
	cancel  context.CancelFunc
	mu      sync.Mutex
	running int
	last    *provision.Result
}

// stop ends a run still going (the wizard was quit): the flow stops at
// its next call, revokes the token (unless the network is gone) and this
// prints what it did and what remains in Okta. Nothing to say when no
// run started.
func (r *autoRun) stop(w io.Writer) {
	if r == nil {
		return
	}
	r.cancel()
	deadline := time.Now().Add(45 * time.Second)
	for {
		r.mu.Lock()
		running, last := r.running, r.last
		r.mu.Unlock()
		if running == 0 {
			for _, l := range wizard.AutoSummary(last, false) {
				fmt.Fprintln(w, l)
			}
			return
		}
		if time.Now().After(deadline) {
			fmt.Fprintln(w, "The automatic setup did not stop in time: check Security › API › Tokens and delete the tako-setup token.")
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
}
