package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/fctr-id/tako-setup/checks/provision"
	"github.com/fctr-id/tako-setup/checks/termtext"
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
//
// ask (accessible mode) asks which app to use when several carry the
// label; without it such a run is refused with their ids.
func wireAutomatic(ctx context.Context, cfg *wizard.Config, hc *http.Client, timeout time.Duration, demo bool, say func(string), ask func(string) (string, error)) *autoRun {
	ctx, cancel := context.WithCancel(ctx)
	r := &autoRun{cancel: cancel}
	if say != nil {
		raw := say
		say = func(s string) { raw(termtext.Text(s)) } // app ids, statuses and events come from Okta
	}
	var store provision.Store = provision.MemStore{S: &provision.State{}}
	if !demo {
		if s, err := wizard.DefaultAutoStore(cfg.EnvFile); err == nil {
			store = s
		}
	}
	deps := wizard.AutoDeps{Ctx: ctx, HTTP: hc, Timeout: timeout, Store: store, WriteEnv: cfg.Env.WriteEnv}
	if ask != nil && say != nil {
		deps.ChooseApp = func(_ context.Context, apps []provision.AppRef) (provision.AppRef, error) {
			say(fmt.Sprintf("%d apps carry this label:", len(apps)))
			for i, a := range apps {
				say(fmt.Sprintf("  %d. %s (%s%s)", i+1, a.ID, strings.ToLower(a.Status), managedBy(a)))
			}
			for {
				v, err := ask(fmt.Sprintf("Which one should Tako use? Choose 1-%d, or 0 to stop: ", len(apps)))
				if err != nil {
					return provision.AppRef{}, err
				}
				n, err := strconv.Atoi(strings.TrimSpace(v))
				switch {
				case err == nil && n == 0:
					return provision.AppRef{}, &provision.RefusedError{Reason: "Stopped: no app was chosen; nothing was changed.", Fix: "Give another label, or remove the extra apps."}
				case err == nil && n >= 1 && n <= len(apps):
					return apps[n-1], nil
				}
				say("Not accepted: type a number from the list.")
			}
		}
	}
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

// managedBy notes an app tako-setup created.
func managedBy(a provision.AppRef) string {
	if a.ManagedBy == "tako-setup" {
		return ", made by tako-setup"
	}
	return ""
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
