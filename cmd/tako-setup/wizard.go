package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/termtext"
	"github.com/fctr-id/tako-setup/steps"
	"github.com/fctr-id/tako-setup/wizard"
	"github.com/fctr-id/tako-setup/wizard/demo"
	"github.com/fctr-id/tako-setup/wizard/envfile"
)

// wizardDeps are the wizard command's side effects, replaced in tests.
type wizardDeps struct {
	stdin          io.Reader
	stderr         io.Writer
	getenv         func(string) string
	isTerminal     func(fd uintptr) bool
	progressPath   func() (string, error)
	runTUI         func(ctx context.Context, m *wizard.Model, in io.Reader, out io.Writer) error
	runLines       func(ctx context.Context, cfg wizard.Config, lp wizard.LinePrompter) (wizard.Outcome, *steps.Answers, error)
	newLinePrompts func() (wizard.LinePrompter, error)
}

func osWizardDeps() wizardDeps {
	return wizardDeps{
		stdin:        os.Stdin,
		stderr:       os.Stderr,
		getenv:       os.Getenv,
		isTerminal:   term.IsTerminal,
		progressPath: wizard.DefaultProgressPath,
		runTUI:       runProgram,
		runLines:     wizard.RunLines,
		newLinePrompts: func() (wizard.LinePrompter, error) {
			return wizard.NewTerminalPrompter(os.Stdin, os.Stderr)
		},
	}
}

// accessibleWanted: --accessible, ACCESSIBLE set to a true value, or a dumb
// terminal.
func accessibleWanted(opts *rootOptions, getenv func(string) string) bool {
	if opts.accessible || strings.EqualFold(getenv("TERM"), "dumb") {
		return true
	}
	switch strings.ToLower(strings.TrimSpace(getenv("ACCESSIBLE"))) {
	case "", "0", "false", "no":
		return false
	}
	return true
}

// runWizard is the bare command: the TUI, or the accessible line mode, on
// the real org or the demo org.
func runWizard(cmd *cobra.Command, opts *rootOptions, deps wizardDeps) error {
	ctx := cmd.Context()
	envFile := opts.envFile
	if err := refuseStdinEnvFile(envFile); err != nil {
		return err
	}
	// reach is how the real org is reached (--ca-file, --timeout); a
	// rotation chosen on the welcome screen reaches it the same way.
	var reach clientSettings
	var demoHTTP, realHTTP *http.Client
	cfg := wizard.Config{
		Color: deps.getenv("NO_COLOR") == "" && !strings.EqualFold(deps.getenv("TERM"), "dumb"),
		Now:   time.Now,
	}
	if opts.demo {
		d, err := demo.Start()
		if err != nil {
			return err
		}
		defer d.Close()
		if !cmd.Flags().Changed("env-file") {
			dir, err := os.MkdirTemp("", "tako-setup-demo-")
			if err != nil {
				return fmt.Errorf("making a directory for the demo .env: %w", err)
			}
			envFile = filepath.Join(dir, ".env")
			// Leave no empty directory behind when the demo ends before
			// writing (Remove does nothing to a directory with the .env).
			defer os.Remove(dir)
		}
		cfg.Demo, cfg.Check, cfg.Console = true, d.Check, d.Console()
		demoHTTP = d.HTTP()
		cfg.Answers = d.Answers()
	} else {
		var err error
		if reach, err = rootClientSettings(cmd.Flags(), deps.getenv); err != nil {
			return err
		}
		client, err := reach.newClient(checks.NewHTTPClient)
		if err != nil {
			return err
		}
		realHTTP = client
		cfg.Timeout = reach.stepTimeout()
		cfg.Check = func(ctx context.Context, in checks.Input, only []string) checks.Report {
			return checks.Run(ctx, in, checks.Options{HTTP: client, Timeout: reach.timeout, Only: only})
		}
	}
	if abs, err := filepath.Abs(envFile); err == nil {
		envFile = abs
	}
	cfg.EnvFile = envFile
	cfg.Env = wizard.FileEnv(envFile, nil, time.Now, wizard.ForceWrite(opts.forceEnvFile))
	// A .env the writer would refuse is refused now, not after the person
	// has answered every question (`tako-setup check` still reads it).
	if err := envfile.CheckTarget(envFile, opts.forceEnvFile); err != nil {
		return usageError{fmt.Errorf("%w; to only check it, run tako-setup check --env-file %s", err, envFile)}
	}

	existing, err := wizard.LoadExisting(envFile)
	if err != nil {
		return usageError{fmt.Errorf("reading %s: %w", envFile, err)}
	}
	if existing.Existing != nil {
		cfg.Answers = existing
	}
	if !opts.demo {
		if path, err := deps.progressPath(); err == nil {
			store := &wizard.ProgressStore{Path: path}
			cfg.Progress = store
			if p, ok := store.Load(); ok && p.EnvFile == envFile && existing.Existing == nil {
				cfg.Resume = &p
			}
			// A key generated here is kept until it is written: resume
			// offers it, so its public half added in Okta is not wasted.
			cfg.Keys = &wizard.KeyStore{Path: wizard.KeyPathBeside(path)}
			if k, ok := cfg.Keys.Load(); ok && k.EnvFile == envFile {
				cfg.Kept = &k
			}
		}
	}

	autoHTTP, autoTimeout := realHTTP, reach.timeout
	if opts.demo {
		autoHTTP = demoHTTP
	}
	if accessibleWanted(opts, deps.getenv) {
		lp, err := deps.newLinePrompts()
		if err != nil {
			return usageError{err}
		}
		if lp != nil {
			wireAutomatic(ctx, &cfg, autoHTTP, autoTimeout, opts.demo, lp.Say, lp.Ask)
		}
		deps.newLinePrompts = func() (wizard.LinePrompter, error) { return lp, nil }
		return runAccessible(ctx, cfg, reach, deps)
	}
	auto := wireAutomatic(ctx, &cfg, autoHTTP, autoTimeout, opts.demo, nil, nil)
	if !deps.isTerminal(os.Stdin.Fd()) {
		return usageError{errors.New("the wizard needs a terminal (standard input is not one). Use --accessible at a terminal, or run `tako-setup --help` for the flags that set up Tako without questions")}
	}
	m := wizard.NewModel(ctx, cfg)
	err = deps.runTUI(ctx, m, deps.stdin, deps.stderr)
	if ferr := m.FlushKept(); ferr != nil {
		fmt.Fprintln(deps.stderr, ferr)
	}
	auto.stop(deps.stderr) // quit during the automatic branch: revoke, say what remains
	if err != nil || m.Aborted() {
		if err == nil || errors.Is(err, tea.ErrProgramKilled) || errors.Is(err, tea.ErrInterrupted) || errors.Is(err, context.Canceled) {
			if sayStopped(deps.stderr, m.Machine().Answers(), cfg.EnvFile) {
				return nil // the .env was written before the stop: the work is done
			}
			sayLeftInOkta(deps.stderr, m.LeftInOkta())
			return errInterrupted
		}
		return err
	}
	return finish(cmd, opts, cfg, reach, m.Machine().Outcome(), m.Machine().Answers(), deps.stderr)
}

// rotateArgs are the flags that hand the welcome screen's rotation to
// `tako-setup rotate`: the same file, reached the same way.
func rotateArgs(envFile string, reach clientSettings) []string {
	args := []string{"--env-file", envFile}
	if reach.caFile != "" {
		args = append(args, "--ca-file", reach.caFile)
	}
	if reach.timeout > 0 {
		args = append(args, "--timeout", reach.timeout.String())
	}
	return args
}

// runProgram runs the Bubble Tea program: input from the terminal, the
// screen on stderr (stdout stays free for machine-readable output). The
// context ends it on SIGINT/SIGTERM/SIGHUP; the terminal is restored either
// way. Bubble Tea's own signal handler is off: it turns SIGTERM into a
// plain quit, which raced the context and could end an interrupted wizard
// with exit status 0 and no word.
func runProgram(ctx context.Context, m *wizard.Model, in io.Reader, out io.Writer) error {
	p := tea.NewProgram(m, tea.WithContext(ctx), tea.WithInput(in), tea.WithOutput(out), tea.WithoutSignalHandler())
	_, err := p.Run()
	return err
}

// runAccessible is the line-by-line mode.
func runAccessible(ctx context.Context, cfg wizard.Config, reach clientSettings, deps wizardDeps) error {
	lp, err := deps.newLinePrompts()
	if err != nil {
		return usageError{err}
	}
	outcome, answers, err := deps.runLines(ctx, cfg, lp)
	if err != nil {
		// "quit", ctrl+d, ctrl+c, SIGTERM and SIGHUP all stop the wizard
		// the same way: nothing written, exit status 130 (exitcode.go says
		// why end of input counts as an interruption).
		if errors.Is(err, wizard.ErrEndOfInput) {
			fmt.Fprintln(deps.stderr, "End of input (ctrl+d).")
		}
		if errors.Is(err, wizard.ErrAborted) || errors.Is(err, context.Canceled) {
			if sayStopped(deps.stderr, answers, cfg.EnvFile) {
				return nil // the .env was written before the stop: the work is done
			}
			if cfg.Keys != nil {
				if k, ok := cfg.Keys.Load(); ok && k.EnvFile == cfg.EnvFile {
					sayLeftInOkta(deps.stderr, []string{k.Left(cfg.Keys.Path)})
				}
			}
			return errInterrupted
		}
		return err
	}
	if outcome == wizard.Rotate {
		return rotateFromWizard(ctx, cfg.EnvFile, reach, deps)
	}
	return finishLines(outcome, answers, cfg)
}

// finishLines maps line mode's end to an exit code (it printed the rest).
func finishLines(outcome wizard.Outcome, a *steps.Answers, _ wizard.Config) error {
	if outcome == wizard.Finished && a != nil && a.Final != nil && !a.Final.OK() {
		return errChecksFailed
	}
	return nil
}

// sayStopped says what a stop left behind, truthfully: nothing written, or
// the .env written before the stop (its path, its backup and how to check
// it). It reports whether the .env was written.
func sayStopped(w io.Writer, a *steps.Answers, envFile string) bool {
	if a == nil || a.Written == nil || a.Written.Unchanged {
		fmt.Fprintln(w, "Stopped. Nothing was written.")
		return false
	}
	fmt.Fprintf(w, "Stopped after the .env was written:\n%s\n", termtext.Line(a.Written.Path))
	if a.Written.Backup != "" {
		fmt.Fprintf(w, "The previous file is kept as:\n%s\n", termtext.Line(a.Written.Backup))
	}
	fmt.Fprintf(w, "To check it, run:\n%s\n", steps.CheckCommand(envFile))
	return true
}

// finish prints what happened once the TUI has given the terminal back.
func finish(cmd *cobra.Command, opts *rootOptions, cfg wizard.Config, reach clientSettings, outcome wizard.Outcome, a *steps.Answers, w io.Writer) error {
	switch outcome {
	case wizard.Rotate:
		if rot, _, err := cmd.Root().Find([]string{"rotate"}); err == nil && rot != nil && rot != cmd.Root() && rot.RunE != nil {
			args := rotateArgs(cfg.EnvFile, reach)
			if opts.forceEnvFile {
				args = append(args, "--force-env-file")
			}
			if err := rot.ParseFlags(args); err != nil {
				return err
			}
			rot.SetContext(cmd.Context())
			return rot.RunE(rot, nil)
		}
		fmt.Fprintf(w, "To rotate the credential in %s, run: tako-setup rotate --env-file %s\n", termtext.Line(cfg.EnvFile), termtext.Line(cfg.EnvFile))
		return nil
	case wizard.Finished:
		// Paths on lines of their own: the terminal wraps them, so they
		// copy whole.
		if wr := a.Written; wr != nil {
			if wr.Unchanged {
				fmt.Fprintf(w, "Nothing to change, so nothing was written:\n%s\n", termtext.Line(wr.Path))
			} else {
				fmt.Fprintf(w, "Wrote:\n%s\n", termtext.Line(wr.Path))
			}
			if wr.Backup != "" {
				fmt.Fprintf(w, "The previous file is kept as:\n%s\n", termtext.Line(wr.Backup))
			}
		}
		if a.Final != nil && !a.Final.OK() {
			fmt.Fprintf(w, "The file was written, but a check of it failed; to see why, run:\n%s\n", steps.CheckCommand(cfg.EnvFile))
			return errChecksFailed
		}
		if opts.demo {
			fmt.Fprintln(w, "That was the demo: the org was simulated on this machine, and the file above works only with it.")
		} else {
			fmt.Fprintf(w, "Next: start Tako as usual; to re-check the file whenever you want, run:\n%s\n", steps.CheckCommand(cfg.EnvFile))
		}
	}
	return nil
}

// sayLeftInOkta lists what an interrupted wizard left in Okta.
func sayLeftInOkta(w io.Writer, left []string) {
	if len(left) == 0 {
		return
	}
	fmt.Fprintln(w, "Left in Okta:")
	for _, l := range left {
		fmt.Fprintln(w, "  "+l)
	}
}
