package main

import (
	"bytes"
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
	"github.com/spf13/cobra"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/inputfile"
	"github.com/fctr-id/tako-setup/checks/termtext"
	"github.com/fctr-id/tako-setup/steps"
	"github.com/fctr-id/tako-setup/wizard"
	"github.com/fctr-id/tako-setup/wizard/demo"
	"github.com/fctr-id/tako-setup/wizard/envfile"
)

// rotateOptions are the flags of `tako-setup rotate`.
type rotateOptions struct {
	envFile    string
	demo       bool
	demoMethod string
	accessible bool
	// forceEnvFile is --force-env-file.
	forceEnvFile bool
	// reach is --ca-file and --timeout (a zero timeout: the default).
	reach clientSettings
}

// rotateDeps are rotate's side effects, replaced in tests.
type rotateDeps struct {
	wizardDeps
	// genKey makes the new key (nil: a new RSA key each time); seedKey the
	// demo app's current key (nil: likewise).
	genKey, seedKey func(bits int) (*steps.Key, error)
	now             func() time.Time
	// tick is the TUI's watch clock (nil: real time).
	tick func(time.Duration, func(time.Time) tea.Msg) tea.Cmd
}

// rotateHTTPClient makes the engine's client for a real org from
// --ca-file and --timeout. Tests point it at the emulated org (the welcome
// screen's "rotate" reaches rotation through the wizard's dependencies,
// which carry no client).
var rotateHTTPClient = checks.NewHTTPClient

func osRotateDeps() rotateDeps { return rotateDeps{wizardDeps: osWizardDeps(), now: time.Now} }

func newRotateCmd() *cobra.Command { return newRotateCmdWith(osRotateDeps()) }

func newRotateCmdWith(deps rotateDeps) *cobra.Command {
	opts := &rotateOptions{}
	cmd := &cobra.Command{
		Use:   "rotate",
		Short: "Replace the key or token; prove the old one dead",
		Long: `rotate replaces the Okta credential in your .env — the OAuth 2.0 app's
private key or the API token — step by step, checking each step live against
Okta, and ends by proving that the old credential no longer works.

OAuth 2.0: a new key is generated here (or supplied); you add its public key
to the app; Okta must accept it by its kid; the .env gets the new key; you
deactivate the old key at once (Tako sends no kid, so it fails while two
keys are active); the new key must then work as Tako sends it, and the old
key must be refused.

API token: you create a new token as the same read-only admin; it is
checked; the .env gets it; the old token is revoked — by you in the admin
console, or, if you say yes, by tako-setup sending DELETE
/api/v1/api-tokens/current with the old token — and must then be refused
with 401 E0000011.

The .env is written once, after the new credential is proven, with a backup
of the previous file; only the credential line changes. Quitting before that
changes nothing.`,
		Example: `  tako-setup rotate
  tako-setup rotate --env-file /srv/tako/.env --accessible
  tako-setup rotate --ca-file /etc/ssl/corp-proxy-ca.pem --timeout 30s
  tako-setup rotate --demo       # a simulated org; its console clicks for you
  tako-setup rotate --demo --demo-method api-token`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			// Reached from the wizard's welcome screen, this command was not
			// the one cobra executed: take the root's context (signals).
			ctx := cmd.Context()
			if ctx == nil {
				ctx = cmd.Root().Context()
			}
			if ctx == nil {
				ctx = context.Background()
			}
			if opts.reach.timeout <= 0 {
				return usagef("the timeout must be positive (--timeout %s)", opts.reach.timeout)
			}
			if err := refuseStdinEnvFile(opts.envFile); err != nil {
				return err
			}
			if auto, ok := automaticRotation(cmd, opts, deps); ok {
				return auto(ctx)
			}
			return runRotate(ctx, opts, cmd.Flags().Changed("env-file"), deps)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.envFile, "env-file", ".env", "the .env whose credential to rotate (with --demo: a temporary file unless given)")
	f.BoolVar(&opts.demo, "demo", false, "rotate in a simulated Okta org on this machine (nothing leaves it)")
	f.StringVar(&opts.demoMethod, "demo-method", "oauth2", "with --demo: the credential the demo .env starts with, oauth2 or api-token")
	f.BoolVar(&opts.accessible, "accessible", false, "line-by-line prompts for screen readers and simple terminals (also ACCESSIBLE=1, TERM=dumb)")
	f.BoolVar(&opts.forceEnvFile, "force-env-file", false, forceEnvFileUsage)
	f.StringVar(&opts.reach.caFile, "ca-file", "", caFileUsage)
	f.DurationVar(&opts.reach.timeout, "timeout", 15*time.Second, timeoutUsage)
	addAutomaticRotationFlags(f)
	return cmd
}

// rotateFromWizard is the wizard welcome screen's "rotate" choice in
// accessible mode: the rotation on the same file, line by line, reaching
// the org as the wizard does.
func rotateFromWizard(ctx context.Context, envFile string, reach clientSettings, deps wizardDeps) error {
	return runRotate(ctx, &rotateOptions{envFile: envFile, accessible: true, reach: reach}, true, rotateDeps{wizardDeps: deps, now: time.Now})
}

// runRotate loads the .env, starts the rotation graph in the TUI or line
// mode, and reports how it ended.
func runRotate(ctx context.Context, opts *rotateOptions, envFileGiven bool, deps rotateDeps) error {
	if deps.now == nil {
		deps.now = time.Now
	}
	envFile := opts.envFile
	cfg := wizard.Config{
		Graph: steps.Rotate(),
		Color: deps.getenv("NO_COLOR") == "" && !strings.EqualFold(deps.getenv("TERM"), "dumb"),
		Now:   deps.now,
		Tick:  deps.tick,
	}
	var client *http.Client
	if opts.demo {
		method, err := parseDemoMethod(opts.demoMethod)
		if err != nil {
			return usageError{err}
		}
		d, err := demo.Start()
		if err != nil {
			return err
		}
		defer d.Close()
		if envFileGiven {
			if _, err := os.Stat(envFile); err == nil {
				return usagef("the demo writes its own .env and will not touch %s; give --env-file a new file, or leave it out", envFile)
			}
		} else {
			dir, err := os.MkdirTemp("", "tako-setup-rotate-demo-")
			if err != nil {
				return fmt.Errorf("making a directory for the demo .env: %w", err)
			}
			envFile = filepath.Join(dir, ".env")
		}
		seed := deps.seedKey
		if seed == nil {
			seed = steps.GenerateKey
		}
		rd, err := startRotationDemo(d, envFile, method, seed, deps.now)
		if err != nil {
			return err
		}
		client, cfg.Demo, cfg.Console = d.HTTP(), true, rd
	} else {
		var err error
		if client, err = opts.reach.newClient(rotateHTTPClient); err != nil {
			return err
		}
		cfg.Timeout = opts.reach.stepTimeout()
	}
	cfg.Check = func(ctx context.Context, in checks.Input, only []string) checks.Report {
		return checks.RunRotation(ctx, in, checks.Options{HTTP: client, Timeout: opts.reach.timeout, Only: only})
	}
	if abs, err := filepath.Abs(envFile); err == nil {
		envFile = abs
	}
	cfg.EnvFile = envFile
	// Refused before a new credential is made in Okta: the file is written.
	if err := envfile.CheckTarget(envFile, opts.forceEnvFile); err != nil {
		return usageError{err}
	}
	rf := newRotationFile(envFile, deps.now)
	rf.force = opts.forceEnvFile
	cfg.Env = rotationEnv(rf)
	if deps.genKey != nil {
		cfg.Env.GenerateKey = deps.genKey
	}

	before, err := inputfile.Read(envFile, inputfile.EnvLimit)
	if err != nil {
		return usagef("cannot rotate %s: %v (run tako-setup to create it)", envFile, err)
	}
	loaded, err := wizard.LoadExisting(envFile)
	if err != nil {
		return usageError{fmt.Errorf("reading %s: %w", envFile, err)}
	}
	cfg.Answers, err = steps.BeginRotation(loaded)
	if err != nil {
		return usageError{err}
	}

	var (
		outcome wizard.Outcome
		final   *steps.Answers
		runErr  error
	)
	if opts.accessible || accessibleWanted(&rootOptions{}, deps.getenv) {
		lp, err := deps.newLinePrompts()
		if err != nil {
			return usageError{err}
		}
		outcome, final, runErr = deps.runLines(ctx, cfg, lp)
	} else {
		if !deps.isTerminal(os.Stdin.Fd()) {
			return usagef("tako-setup rotate needs a terminal (standard input is not one); use --accessible at a terminal")
		}
		m := wizard.NewModel(ctx, cfg)
		runErr = deps.runTUI(ctx, m, deps.stdin, deps.stderr)
		outcome, final = m.Machine().Outcome(), m.Machine().Answers()
		if runErr == nil && m.Aborted() {
			runErr = wizard.ErrAborted
		}
	}
	return finishRotation(deps.stderr, envFile, before, rf.Wrote(), cfg.Answers, outcome, final, runErr)
}

func parseDemoMethod(v string) (checks.Method, error) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "oauth2", "oauth":
		return checks.OAuth2, nil
	case "api-token", "token":
		return checks.APIToken, nil
	}
	return "", fmt.Errorf("--demo-method %q: choose oauth2 or api-token", v)
}

// finishRotation says how the rotation ended — above all what the .env
// holds now — and maps it to an exit code. before is the file when the
// rotation began; wrote says whether the rotation wrote it.
func finishRotation(w io.Writer, envFile string, before []byte, wrote bool, start steps.Answers, outcome wizard.Outcome, a *steps.Answers, runErr error) error {
	what := "key"
	if start.Token() {
		what = "token"
	}
	after, _ := inputfile.Read(envFile, inputfile.EnvLimit)
	shown := termtext.Line(envFile)
	stopped := runErr != nil || outcome != wizard.Finished
	if stopped {
		switch {
		case !wrote && bytes.Equal(before, after):
			fmt.Fprintf(w, "Stopped. %s was not changed: it still holds the old %s.\n", shown, what)
		case !wrote:
			fmt.Fprintf(w, "Stopped. Nothing was written: %s was changed during the rotation by something other than tako-setup; check what it holds before you run tako-setup rotate again.\n", shown)
		case start.OAuth():
			fmt.Fprintf(w, "Stopped after the write: %s holds the new, verified key. Deactivate the old key in Okta now (Tako fails while two keys are active), then run %s.\n", shown, steps.CheckCommand(envFile))
		default:
			fmt.Fprintf(w, "Stopped after the write: %s holds the new, verified token. Revoke the old token in Okta (Security › API › Tokens), then run %s.\n", shown, steps.CheckCommand(envFile))
		}
		if runErr == nil || errors.Is(runErr, wizard.ErrAborted) || errors.Is(runErr, context.Canceled) ||
			errors.Is(runErr, tea.ErrProgramKilled) || errors.Is(runErr, tea.ErrInterrupted) {
			return errInterrupted
		}
		return runErr
	}
	if a.Written != nil && a.Written.Backup != "" {
		fmt.Fprintf(w, "Rotated the %s in:\n%s\nThe previous file is kept (it holds the old %s: delete it when you no longer need it) as:\n%s\n", what, termtext.Line(a.Written.Path), what, termtext.Line(a.Written.Backup))
	}
	if a.Final == nil || !a.Final.OK() {
		fmt.Fprintf(w, "A check of the rotated file failed (see above); to see it again, run:\n%s\n", steps.CheckCommand(envFile))
		return errChecksFailed
	}
	fmt.Fprintf(w, "Okta refuses the old %s. Restart Tako if it is running, so it reads the new one.\n", what)
	return nil
}
