package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/provision"
	"github.com/fctr-id/tako-setup/checks/render"
	"github.com/fctr-id/tako-setup/checks/termtext"
	"github.com/fctr-id/tako-setup/steps"
	"github.com/fctr-id/tako-setup/wizard"
	ni "github.com/fctr-id/tako-setup/wizard/noninteractive"
)

// flagAdminTokenFile selects the automatic branch without questions: the
// step graph's admin-token input (steps.AdminToken).
const flagAdminTokenFile = "admin-token-file"

func init() {
	// Before the guided non-interactive mode, which would also accept the
	// admin-token flags (they are answer flags of the graph).
	rootModes = append([]rootMode{automaticMode(osNonInteractiveDeps())}, rootModes...)
}

// automaticMode claims `--non-interactive … --admin-token-file FILE` (or
// TAKO_SETUP_ADMIN_TOKEN_FILE with no terminal): the automatic branch of
// the setup graph, walked without questions.
func automaticMode(deps nonInteractiveDeps) rootMode {
	return rootMode{
		Claims: func(cmd *cobra.Command, opts *rootOptions) bool {
			v, err := gatherValues(cmd.Flags(), deps.lookupEnv)
			if err != nil {
				return false
			}
			if _, ok := v.Get(flagAdminTokenFile); !ok || opts.demo {
				return false
			}
			return v.On(flagNonInteractive) || !deps.stdinIsTerminal()
		},
		Run: func(cmd *cobra.Command, opts *rootOptions) error {
			return runAutomatic(cmd, opts, deps)
		},
	}
}

// runAutomatic walks the automatic path of steps.Setup() from the flags:
// org URL, method "automatic", admin token and label; then the automatic
// step's work (wizard.Automate, the one implementation) and the Done
// step's re-read and full check of the written file.
func runAutomatic(cmd *cobra.Command, opts *rootOptions, deps nonInteractiveDeps) error {
	run, err := startScriptedSetup(cmd, opts, deps, func(v ni.Values, set niSettings) error {
		if !v.On("yes") {
			return usagef("automatic setup changes your Okta org and writes %s: give --yes (or TAKO_SETUP_YES=1) to agree; nothing was changed", set.envFile)
		}
		return nil
	})
	if err != nil {
		return err
	}
	ctx, set, env, hc, a := run.ctx, run.set, run.env, run.hc, run.answers
	stderr := cmd.ErrOrStderr()
	if err := walkAutomatic(&a, env, run.values); err != nil {
		return err
	}
	var store provision.Store // nil: progress kept in memory only
	if fs, err := wizard.DefaultAutoStore(set.envFile); err == nil {
		store = fs
	}
	lines := termtext.Writer(stderr) // event lines quote Okta's answers
	if set.json {
		lines = io.Discard
	}
	lastWait := "" // OnEvent is called one event at a time
	env.Automate = wizard.Automate(wizard.AutoDeps{
		Ctx: ctx, HTTP: hc, Timeout: set.timeout, Store: store, WriteEnv: env.WriteEnv,
		OnEvent: func(e provision.Event) {
			// One line per answered call; the grants' progress every tenth;
			// a wait once, not once per grant waiting on it.
			if e.Kind == provision.CallStart || (e.Kind == provision.Progress && e.Done%10 != 0 && e.Done != e.Total) ||
				(e.Kind == provision.Waiting && e.Label == lastWait) {
				return
			}
			if e.Kind == provision.Waiting {
				lastWait = e.Label
			}
			fmt.Fprintln(lines, e.Line())
		},
	})
	g := steps.Setup()
	auto, _ := g.Step(steps.Automatic)
	runErr := auto.Prepare(env, &a)
	res := a.Auto.Result
	if runErr != nil {
		return automaticFailed(cmd, set, res, runErr)
	}
	// The Done step: the written file, re-read from disk and checked.
	done, _ := g.Step(steps.Done)
	if err := done.Prepare(env, &a); err != nil {
		return err
	}
	rep := checks.Run(ctx, a.CheckInput(), checks.Options{HTTP: hc, Timeout: set.timeout})
	return automaticReport(cmd, set, a, rep)
}

// walkAutomatic sets the automatic path's inputs from the flags, through
// the steps' own Set (the same validation as every front end). A missing
// answer is a usage error naming its flag and variable.
func walkAutomatic(a *steps.Answers, env steps.Env, v ni.Values) error {
	g := steps.Setup()
	method, _ := g.Step(steps.Method)
	if err := method.Inputs[0].Set(env, a, "automatic"); err != nil {
		return usageError{err}
	}
	for _, id := range []steps.ID{steps.OrgURL, steps.AdminToken} {
		s, _ := g.Step(id)
		for _, in := range s.ActiveInputs(a) {
			if in.Flag == "" {
				continue
			}
			given, ok := v.Get(in.Flag)
			val := given.Value
			switch {
			case ok && in.FlagIsFile:
				if looksLikeInlineSecret(val) {
					return usagef("%s must name a file (or - for standard input), not hold the token itself", given.From)
				}
				b, err := env.ReadFile(val)
				if err != nil {
					return usagef("cannot read the file given by %s: %v", given.From, err)
				}
				val = string(b)
			case !ok && in.Value != nil && in.Value(a) != "":
				continue // kept from the existing .env
			case !ok && in.Default != nil:
				val = in.Default(a)
			}
			if strings.TrimSpace(val) == "" {
				if !in.Required {
					continue
				}
				return usagef("missing %s: give --%s (or %s); nothing was changed", strings.ToLower(in.Label), in.Flag, in.Env)
			}
			if err := in.Set(env, a, val); err != nil {
				from := "--" + in.Flag
				if ok {
					from = given.From
				}
				return usagef("invalid %s: %v; nothing was changed", from, err)
			}
		}
	}
	return nil
}

// looksLikeInlineSecret: a token given where a file name belongs.
func looksLikeInlineSecret(v string) bool {
	v = strings.TrimSpace(v)
	return len(v) >= 30 && !strings.ContainsAny(v, "/.\\~") && v != "-"
}

// automaticFailed reports a run that wrote nothing: refused before any
// change (exit 2), interrupted (130), or failed and rolled back (1).
func automaticFailed(cmd *cobra.Command, set niSettings, res *provision.Result, err error) error {
	out := termtext.Writer(cmd.ErrOrStderr())
	var re *provision.RefusedError
	if set.json {
		if jerr := automaticJSON(cmd.OutOrStdout(), nil, res, false, set.envFile, "", err); jerr != nil {
			return jerr
		}
	}
	switch {
	case errors.As(err, &re):
		if !set.json {
			fmt.Fprintln(out, "\nNothing was changed in Okta or on disk.")
			if res != nil {
				fmt.Fprintln(out, res.TokenLine())
			}
		}
		return usageError{fmt.Errorf("automatic setup refused: %w", err)}
	case errors.Is(err, context.Canceled):
		if !set.json {
			printAftermath(out, res, "Interrupted")
		}
		return errInterrupted
	}
	if !set.json {
		printAftermath(out, res, "Failed")
	}
	return fmt.Errorf("automatic setup failed, nothing was written to %s: %w", set.envFile, err)
}

// printAftermath says what was rolled back, what remains in Okta and
// whether the token is dead.
func printAftermath(w io.Writer, res *provision.Result, what string) {
	w = termtext.Writer(w)
	fmt.Fprintf(w, "\n%s. Nothing was written to the .env.\n", what)
	if res == nil {
		return
	}
	if len(res.RolledBack) > 0 {
		fmt.Fprintln(w, "Rolled back: "+strings.Join(res.RolledBack, ", ")+".")
	}
	if len(res.Remains) > 0 {
		fmt.Fprintln(w, "Left in Okta: "+strings.Join(res.Remains, "; ")+". A re-run for the same .env and label resumes from there.")
	}
	fmt.Fprintln(w, res.TokenLine())
}

// automaticReport prints the final check of the written file and what was
// created; with --json one object: `check --json`'s, plus written,
// env_file, backup and created.
func automaticReport(cmd *cobra.Command, set niSettings, a steps.Answers, rep checks.Report) error {
	res := a.Auto.Result
	backup := ""
	if a.Written != nil {
		backup = a.Written.Backup
	}
	if set.json {
		var err error
		if !rep.OK() {
			err = errChecksFailed
		}
		if jerr := automaticJSON(cmd.OutOrStdout(), &rep, res, true, set.envFile, backup, nil); jerr != nil {
			return jerr
		}
		return err
	}
	out := termtext.Writer(cmd.OutOrStdout()) // plain text quoting Okta's ids and names
	if err := render.Text(out, rep, render.TextOptions{}); err != nil {
		return fmt.Errorf("writing the report: %w", err)
	}
	fmt.Fprintf(out, "\nWrote %s", set.envFile)
	if backup != "" {
		fmt.Fprintf(out, " (the previous file is kept as %s)", backup)
	}
	fmt.Fprintln(out, ".")
	c := res.Created()
	verb := "Found"
	if c.AppCreated {
		verb = "Created"
	}
	fmt.Fprintf(out, "%s the app %s%s; key %s (kid %s).\n", verb, c.AppID, clientIDNote(c.AppID, c.ClientID), c.KeyID, c.KID)
	fmt.Fprintf(out, "Granted %d scopes this run; roles assigned: %s; rate-limit share %d %%.\n", len(c.ScopesGranted), orNone(c.Roles), c.RateLimitPercent)
	for _, w := range res.Warnings {
		fmt.Fprintln(out, "Warning: "+w)
	}
	fmt.Fprintln(out, res.TokenLine())
	fmt.Fprintln(out, "System Log event types an auditor will see: "+strings.Join(c.AuditEvents, ", ")+".")
	if !rep.OK() {
		return errChecksFailed
	}
	return nil
}

// clientIDNote names the client ID when it is not the app id (Okta makes
// them equal unless the client ID was chosen, docs/okta-automation.md §2.1).
func clientIDNote(appID, clientID string) string {
	if clientID == "" || clientID == appID {
		return ""
	}
	return " (client ID " + clientID + ")"
}

func orNone(s []string) string {
	if len(s) == 0 {
		return "none (already held)"
	}
	return strings.Join(s, ", ")
}

// automaticJSON prints the report object with written, env_file, backup
// and created (and "error" when the run failed before the check).
func automaticJSON(w io.Writer, rep *checks.Report, res *provision.Result, written bool, envFile, backup string, runErr error) error {
	extra := []jsonField{{"written", written}, {"env_file", envFile}, {"backup", nil}}
	if backup != "" {
		extra[2].value = backup
	}
	if res != nil {
		extra = append(extra, jsonField{"created", res.Created()}, jsonField{"token_revoked", res.TokenRevoked})
		if len(res.Remains) > 0 {
			extra = append(extra, jsonField{"remains_in_okta", res.Remains})
		}
	}
	if runErr != nil {
		extra = append(extra, jsonField{"error", runErr.Error()})
	}
	return writeReportJSON(w, rep, extra)
}
