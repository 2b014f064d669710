package wizard

import (
	"context"
	"errors"
	"net/http"
	"path/filepath"
	"time"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/provision"
	"github.com/fctr-id/tako-setup/checks/secret"
	"github.com/fctr-id/tako-setup/steps"
)

// AutoDeps are the side effects of the automatic branch, given by the
// front end (TUI, accessible mode, non-interactive setup, the demo).
type AutoDeps struct {
	// Ctx ends the run (ctrl+c): the token is still revoked.
	Ctx     context.Context
	HTTP    *http.Client
	Timeout time.Duration
	// Store keeps the progress without secrets (nil: memory only).
	Store provision.Store
	// OnEvent draws one checklist line per API call.
	OnEvent func(provision.Event)
	// ChooseApp asks which of several apps with the label to use (nil
	// refuses, naming their ids).
	ChooseApp func(ctx context.Context, apps []provision.AppRef) (provision.AppRef, error)
	// WriteEnv is the front end's Env.WriteEnv: the same writer as the
	// guided branch (backup, atomic, only Okta keys changed).
	WriteEnv func(a *steps.Answers) (steps.WriteResult, error)
}

// Automate returns the steps.Env.Automate hook: it runs provision.Setup
// for the answers and takes what it did into them. Every front end uses
// this one function, so the automatic branch behaves the same everywhere.
func Automate(d AutoDeps) func(a *steps.Answers) error {
	return func(a *steps.Answers) error {
		ctx := d.Ctx
		if ctx == nil {
			ctx = context.Background()
		}
		if d.WriteEnv == nil {
			return errors.New("writing the .env is not available here")
		}
		// Consent to writing over an existing .env is the person's answer
		// (steps' replace-env input, or --yes), never given here.
		if a.Existing != nil && !a.Confirmed {
			return &provision.RefusedError{
				Reason: "Replacing " + a.Existing.Path + " was not agreed to; nothing was changed in Okta or on disk.",
				Fix:    "Answer yes to the question about replacing the .env (or give --yes)."}
		}
		cfg := provision.Config{
			OrgURL: a.OrgURL, AdminToken: a.Auto.AdminToken, AppLabel: a.Auto.AppLabel, Scopes: a.Scopes,
			HTTP: d.HTTP, Timeout: d.Timeout, Store: d.Store, OnEvent: d.OnEvent, ChooseApp: d.ChooseApp,
			Env: provision.EnvFunc(func(_ context.Context, v provision.EnvValues) error {
				a.OrgURL, a.Method = v.OrgURL, checks.OAuth2
				a.ClientID = v.ClientID
				a.SetKey(steps.KeyFromKeys(v.Key, true))
				a.KeySource = steps.KeyGenerate
				a.Granted = v.Scopes
				if v.ConcurrentLimit > 0 {
					a.ConcurrentLimit, a.RecommendedLimit = v.ConcurrentLimit, v.ConcurrentLimit
				}
				if a.Existing == nil {
					a.Confirmed = true // a new file: nothing to replace (as the review's default)
				}
				res, err := d.WriteEnv(a)
				if err != nil {
					return err
				}
				a.Written = &res
				return nil
			}),
		}
		res, err := provision.Setup(ctx, cfg)
		a.Auto.Result = res
		a.Auto.AdminToken = secret.Secret{} // revoked (or to be deleted): not kept
		return err
	}
}

// DefaultAutoStore is where the automatic setup for the .env at envFile
// keeps its progress (no secrets) and, until the .env holds it, a private
// key it generated (mode 0600): beside the wizard's progress,
// $XDG_STATE_HOME/tako-setup/automatic-<hash of the path>.json. Its lock
// (automatic.lock in that directory) is shared by every automatic setup
// and rotation.
func DefaultAutoStore(envFile string) (provision.FileStore, error) {
	p, err := DefaultProgressPath()
	if err != nil {
		return "", err
	}
	return provision.StateDir(filepath.Dir(p)).For(envFile), nil
}

// AutoWords renders an event for accessible mode: the status in words.
func AutoWords(e provision.Event) string {
	switch e.Kind {
	case provision.CallDone:
		if e.Err != "" {
			return "FAILED: " + e.Label + " — " + e.Err
		}
		return "DONE: " + e.Label
	case provision.Waiting, provision.Progress:
		return "WAIT: " + e.Label
	case provision.CallStart:
		return "START: " + e.Label
	}
	if e.Warn {
		return "WARNING: " + e.Label
	}
	return e.Label
}
