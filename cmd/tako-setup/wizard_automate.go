package main

import (
	"context"
	"net/http"
	"time"

	"github.com/fctr-id/tako-setup/checks/provision"
	"github.com/fctr-id/tako-setup/wizard"
)

// wireAutomatic gives the wizard the automatic branch's work
// (wizard.Automate) on the same client as its checks: in the TUI each
// event goes to cfg.AutoEvents (drawn as a checklist), in accessible mode
// say prints it in words. The demo keeps its progress in memory.
func wireAutomatic(ctx context.Context, cfg *wizard.Config, hc *http.Client, timeout time.Duration, demo bool, say func(string)) {
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
	cfg.Env.Automate = wizard.Automate(deps)
}
