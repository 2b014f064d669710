package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/termtext"
	"github.com/fctr-id/tako-setup/steps"
	ni "github.com/fctr-id/tako-setup/wizard/noninteractive"
)

// The non-interactive mode's own flags (the answer flags come from the step
// graph: ni.AnswerFlags). --env-file is the root command's.
const (
	flagNonInteractive = "non-interactive"
	flagEnvFile        = "env-file"
	flagJSON           = "json"
	flagCAFile         = "ca-file"
	flagTimeout        = "timeout"
)

// defaultTimeout bounds each answer from Okta, as in `tako-setup check`.
const defaultNonInteractiveTimeout = 15 * time.Second

func init() {
	rootModes = append(rootModes, nonInteractiveMode(osNonInteractiveDeps()))
}

// nonInteractiveDeps are the mode's side effects, replaced in tests.
type nonInteractiveDeps struct {
	// httpClient builds the client the engine talks to Okta with.
	httpClient func(checks.HTTPConfig) (*http.Client, error)
	// stdinIsTerminal: a person may be there (prompts, and the wizard's
	// claim on a run without --non-interactive).
	stdinIsTerminal func() bool
	// isTerminal reports whether w is a terminal (colour, wrapping, the
	// confirmation prompt on stderr).
	isTerminal func(w io.Writer) bool
	// lookupEnv reads the TAKO_SETUP_* twins.
	lookupEnv func(string) (string, bool)
	// environ is what colour detection reads (NO_COLOR, TERM).
	environ func() []string
	// now stamps backups.
	now func() time.Time
	// generateKey makes --generate-key's key; nil means steps.GenerateKey.
	generateKey func(bits int) (*steps.Key, error)
}

func osNonInteractiveDeps() nonInteractiveDeps {
	return nonInteractiveDeps{
		httpClient:      checks.NewHTTPClient,
		stdinIsTerminal: func() bool { return term.IsTerminal(os.Stdin.Fd()) },
		isTerminal:      writerIsTerminal,
		lookupEnv:       os.LookupEnv,
		environ:         os.Environ,
		now:             time.Now,
	}
}

// nonInteractiveMode registers the flags on the bare command and claims a
// run given --non-interactive, or given answers with no terminal attached.
func nonInteractiveMode(deps nonInteractiveDeps) rootMode {
	return rootMode{
		AddFlags: addNonInteractiveFlags,
		Claims: func(cmd *cobra.Command, opts *rootOptions) bool {
			return claimsNonInteractive(cmd, opts, deps)
		},
		Run: func(cmd *cobra.Command, opts *rootOptions) error {
			return runNonInteractive(cmd, opts, deps)
		},
	}
}

// settingFlags are the mode's flags that are not answers, with their
// environment twins. --env-file is registered by the root command.
func settingFlags() []ni.Flag {
	return []ni.Flag{
		{Name: flagNonInteractive, Env: ni.EnvName(flagNonInteractive), Bool: true,
			Usage: "set up without questions, from these flags and their TAKO_SETUP_* variables (chosen by itself when no terminal is attached and answers are given)"},
		{Name: flagEnvFile, Env: ni.EnvName(flagEnvFile)},
		{Name: flagJSON, Env: ni.EnvName(flagJSON), Bool: true,
			Usage: "with --non-interactive: print one JSON object (the one check --json prints, plus written, env_file and backup) instead of the checklist"},
		// The wizard reads these two as well (rootClientSettings).
		{Name: flagCAFile, Env: ni.EnvName(flagCAFile), Usage: caFileUsage},
		{Name: flagTimeout, Env: ni.EnvName(flagTimeout), Usage: timeoutUsage},
	}
}

// nonInteractiveFlags are every flag the mode reads.
func nonInteractiveFlags() []ni.Flag {
	return append(settingFlags(), ni.AnswerFlags(steps.Setup())...)
}

// addNonInteractiveFlags registers the mode's flags; each usage names its
// environment twin.
func addNonInteractiveFlags(f *pflag.FlagSet) {
	for _, fl := range nonInteractiveFlags() {
		if f.Lookup(fl.Name) != nil {
			continue // --env-file: the root command's
		}
		usage := fl.Usage + " [$" + fl.Env + "]"
		switch {
		case fl.Name == flagTimeout:
			f.Duration(fl.Name, defaultNonInteractiveTimeout, usage)
		case fl.Bool:
			f.Bool(fl.Name, false, usage)
		default:
			f.String(fl.Name, "", usage)
		}
	}
}

// gatherValues resolves every flag of the mode: the command line's value,
// else its environment twin's.
func gatherValues(f *pflag.FlagSet, lookupEnv func(string) (string, bool)) (ni.Values, error) {
	fromFlag := func(name string) (string, bool) {
		fl := f.Lookup(name)
		if fl == nil || !fl.Changed {
			return "", false
		}
		return fl.Value.String(), true
	}
	return ni.Gather(nonInteractiveFlags(), fromFlag, lookupEnv)
}

// claimsNonInteractive: --non-interactive (or its twin), or no terminal on
// standard input and at least one answer given by flag or environment (a
// script; the answers it lacks are then named). --demo is the wizard's.
func claimsNonInteractive(cmd *cobra.Command, opts *rootOptions, deps nonInteractiveDeps) bool {
	v, err := gatherValues(cmd.Flags(), deps.lookupEnv)
	if err != nil {
		// A malformed switch: claim the run so that the error is reported
		// if it is one of ours and we were asked for.
		return cmd.Flags().Changed(flagNonInteractive)
	}
	if v.On(flagNonInteractive) {
		return true
	}
	if opts.demo || deps.stdinIsTerminal() {
		return false
	}
	for _, f := range ni.AnswerFlags(steps.Setup()) {
		if _, ok := v.Get(f.Name); ok {
			return true
		}
	}
	return false
}

// niSettings are the mode's settings, resolved.
type niSettings struct {
	envFile string
	json    bool
	caFile  string
	timeout time.Duration
}

func resolveSettings(v ni.Values, opts *rootOptions) (niSettings, error) {
	s := niSettings{envFile: opts.envFile, timeout: defaultNonInteractiveTimeout}
	if g, ok := v.Get(flagEnvFile); ok {
		s.envFile = g.Value
	}
	s.json = v.On(flagJSON)
	if g, ok := v.Get(flagCAFile); ok {
		s.caFile = g.Value
	}
	if g, ok := v.Get(flagTimeout); ok {
		d, err := parseTimeout(g.Value)
		if err != nil {
			return s, usagef("invalid %s: %v", g.From, err)
		}
		s.timeout = d
	}
	if strings.TrimSpace(s.envFile) == "" {
		return s, usagef("the .env file needs a name (--env-file)")
	}
	return s, nil
}

// parseTimeout reads a duration ("30s", "2m"); a bare number is seconds.
func parseTimeout(v string) (time.Duration, error) {
	v = strings.TrimSpace(v)
	d, err := time.ParseDuration(v)
	if err != nil {
		n, nerr := strconv.Atoi(v)
		if nerr != nil {
			return 0, errors.New("give a duration such as 30s or 2m")
		}
		d = time.Duration(n) * time.Second
	}
	if d <= 0 {
		return 0, errors.New("the timeout must be positive")
	}
	return d, nil
}

// runNonInteractive is `tako-setup --non-interactive`: gather the answers,
// check them, print the findings as `check` does, and write the .env only
// when no check failed.
func runNonInteractive(cmd *cobra.Command, opts *rootOptions, deps nonInteractiveDeps) error {
	run, err := startScriptedSetup(cmd, opts, deps, func(ni.Values, niSettings) error {
		if opts.demo {
			return usagef("--demo runs the wizard against a simulated org; --non-interactive sets up a real one: choose one")
		}
		return nil
	})
	if err != nil {
		return err
	}
	ctx, set, env, hc, envFile := run.ctx, run.set, run.env, run.hc, run.set.envFile
	stderr := cmd.ErrOrStderr()
	interactive := deps.stdinIsTerminal() && deps.isTerminal(stderr)
	if deps.generateKey != nil {
		env.GenerateKey = deps.generateKey
	}
	cfg := ni.Config{
		Answers: run.answers,
		Env:     env,
		Check: func(ctx context.Context, in checks.Input, only []string) checks.Report {
			return checks.Run(ctx, in, checks.Options{HTTP: hc, Timeout: set.timeout, Only: only})
		},
		Values:     run.values,
		EnvFile:    envFile,
		FileExists: run.exists,
		CanConfirm: interactive && !set.json,
	}

	plan, err := ni.Prepare(ctx, cfg)
	var ae *ni.AnswerError
	switch {
	case errors.As(err, &ae):
		return usageError{ae}
	case ctx.Err() != nil:
		fmt.Fprintln(stderr, "interrupted: nothing was written")
		return errInterrupted
	case err != nil:
		return err
	}
	for _, n := range plan.Notes {
		fmt.Fprintln(stderr, "note: "+termtext.Line(n))
	}
	out := newNIOutput(cmd, set, plan, deps)
	return out.finish(ctx, plan)
}

// envFileState makes path absolute and says whether a file is there.
func envFileState(path string) (string, bool, error) {
	if err := refuseStdinEnvFile(path); err != nil {
		return "", false, err
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", false, usagef("cannot use %s as the .env file (--env-file): %v", path, err)
	}
	fi, err := os.Stat(abs)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if _, derr := os.Stat(filepath.Dir(abs)); derr != nil {
			return "", false, usagef("cannot write %s: its directory does not exist", abs)
		}
		return abs, false, nil
	case err != nil:
		return "", false, usagef("cannot read %s: %v", abs, withoutPath(err))
	case fi.IsDir():
		return "", false, usagef("the --env-file path %s is a directory; give a file name", abs)
	}
	return abs, true, nil
}

// confirmReplace asks the person at the terminal before an existing file
// is replaced, after showing the masked changes, and returns the changes it
// showed: the write that follows writes exactly them (or nothing). Changes
// that cannot be shown are not asked about.
func confirmReplace(in io.Reader, w io.Writer, plan *ni.Plan, path string) (ok bool, shown string, err error) {
	diff, err := plan.Preview()
	if err != nil {
		return false, "", fmt.Errorf("nothing was written: cannot show the changes to %s: %w", path, err)
	}
	fmt.Fprintf(w, "\nChanges to %s:\n", termtext.Line(path))
	for _, l := range strings.Split(strings.TrimRight(diff, "\n"), "\n") {
		fmt.Fprintln(w, "  "+termtext.Line(l))
	}
	r := bufio.NewReader(in)
	for {
		fmt.Fprintf(w, "Replace %s? The current file is kept as a backup. [y/N] ", termtext.Line(path))
		line, rerr := r.ReadString('\n')
		if rerr != nil && line == "" {
			fmt.Fprintln(w)
			return false, diff, nil
		}
		yes, perr := steps.ParseYesNo(line, steps.DefaultNo)
		if perr == nil {
			return yes, diff, nil
		}
		if rerr != nil {
			fmt.Fprintln(w)
			return false, diff, nil // no answer to ask again for
		}
		fmt.Fprintf(w, "Not accepted: %v.\n", perr)
	}
}

// refuseTerminalStdin refuses "-" when standard input is a terminal: what
// would be typed there (a token, a key) would be echoed on the screen, and
// nothing would say that the program is waiting for it.
func refuseTerminalStdin(read func(string) ([]byte, error)) func(string) ([]byte, error) {
	return func(name string) ([]byte, error) {
		if strings.TrimSpace(name) == "-" {
			return nil, errors.New("standard input is a terminal, where the secret would be shown as you type it: pipe it in (… | tako-setup …) or name a file readable only by you")
		}
		return read(name)
	}
}
