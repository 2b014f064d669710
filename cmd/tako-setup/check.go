package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/render"
	"github.com/fctr-id/tako-setup/checks/termtext"
	"github.com/fctr-id/tako-setup/wizard/envcheck"
)

// checkOptions are the flags of `tako-setup check`.
type checkOptions struct {
	envFile string
	json    bool
	quiet   bool
	caFile  string
	timeout time.Duration
}

// checkDeps are check's side effects, replaced in tests (as cli/cli passes
// an HttpClient func to its commands).
type checkDeps struct {
	// httpClient builds the client the engine talks to Okta with.
	httpClient func(checks.HTTPConfig) (*http.Client, error)
	// isTerminal reports whether w is a terminal (colour and wrapping).
	isTerminal func(w io.Writer) bool
	// environ is the environment colour detection reads (NO_COLOR, TERM).
	environ func() []string
}

func osCheckDeps() checkDeps {
	return checkDeps{httpClient: checks.NewHTTPClient, isTerminal: writerIsTerminal, environ: os.Environ}
}

func newCheckCmd() *cobra.Command { return newCheckCmdWith(osCheckDeps()) }

func newCheckCmdWith(deps checkDeps) *cobra.Command {
	opts := &checkOptions{}
	cmd := &cobra.Command{
		Use:   "check",
		Short: "Check the Okta settings in a .env against your org",
		Long: `check reads Tako's Okta settings from a .env file and tests them live against
your Okta org, the way Tako will use them: the org URL, this machine's clock,
and then either the OAuth 2.0 app (client ID, private key, kid, DPoP, scopes,
admin role) or the API token (its admin, roles and network), the age of the
key or token, and the rate limit behind OKTA_CONCURRENT_LIMIT.

It prints one line per check — [ok] passed, [!!] warning, [XX] failed,
[--] skipped — with what to fix under each warning or failure. Nothing is
written. Secrets are never printed, only masked.

Exit status: 0 when nothing failed (warnings allowed), 1 when a check failed,
2 for a usage error or an unreadable or invalid file, 130 when interrupted
(ctrl+c), 143 when stopped by SIGTERM.

--timeout bounds the whole check (a check that has not finished by then
fails); no single answer from Okta is waited for longer. As Tako's
preflight, --quiet prints only the failures, one line each. It never needs
a terminal.`,
		Example: `  tako-setup check
  tako-setup check --env-file /srv/tako/.env
  tako-setup check --json | jq '.checks[] | select(.status == "fail")'
  tako-setup check --ca-file /etc/ssl/corp-proxy-ca.pem --timeout 30s
  tako-setup check --quiet --env-file .env && python main.py`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runCheck(cmd, opts, deps)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.envFile, "env-file", ".env", "the .env file to check")
	f.BoolVar(&opts.json, "json", false, "print one JSON object on standard output instead of the checklist")
	f.StringVar(&opts.caFile, "ca-file", "", "extra CA certificates (PEM) to trust, for networks that inspect TLS (also SSL_CERT_FILE)")
	f.BoolVarP(&opts.quiet, "quiet", "q", false, "print only the failed checks, one line each on standard error")
	f.DurationVar(&opts.timeout, "timeout", 15*time.Second, "how long the whole check may take (and so each answer from Okta)")
	return cmd
}

// runCheck builds the HTTP client from the flags and checks the file.
func runCheck(cmd *cobra.Command, opts *checkOptions, deps checkDeps) error {
	if opts.timeout <= 0 {
		return usagef("the timeout must be positive (--timeout %s)", opts.timeout)
	}
	if opts.json && opts.quiet {
		return usagef("--json and --quiet do not go together: --json prints the whole report as one object, --quiet only the failures")
	}
	if strings.TrimSpace(opts.envFile) == "" {
		return usagef("the .env file needs a name (--env-file)")
	}
	hc, err := deps.httpClient(checks.HTTPConfig{Timeout: opts.timeout, CAFile: opts.caFile})
	if err != nil {
		return usagef("cannot use the CA certificates: %v", err)
	}
	out := checkOutput{JSON: opts.json, Quiet: opts.quiet, Timeout: opts.timeout}
	stdout := cmd.OutOrStdout()
	if !opts.json && !opts.quiet && deps.isTerminal(stdout) {
		st := render.ColorStyles()
		out.Styles = &st
		if f, ok := stdout.(*os.File); ok {
			if w, _, err := term.GetSize(f.Fd()); err == nil && w > 0 {
				out.Width = w
			}
		}
		// The colour writer drops or downgrades colours as NO_COLOR and
		// TERM ask.
		stdout = colorprofile.NewWriter(stdout, deps.environ())
	}
	return checkEnvFile(cmd.Context(), stdout, cmd.ErrOrStderr(), opts.envFile, hc, out)
}

// checkOutput is how checkEnvFile prints.
type checkOutput struct {
	JSON bool
	// Quiet prints only the failures, one line each, on stderr.
	Quiet  bool
	Styles *render.Styles
	Width  int
	// Timeout bounds the whole check and each answer from Okta.
	Timeout time.Duration
}

// checkEnvFile checks the .env at path with hc and prints the result: the
// checklist or, with out.JSON, exactly one JSON object on stdout (notes go
// to stderr). `tako-setup check` calls it with a real client and --demo
// with the in-process emulator's. The error maps to the exit code:
// usageError for a file that cannot be checked, errChecksFailed when a
// check failed, errInterrupted when ctx was cancelled.
func checkEnvFile(ctx context.Context, stdout, stderr io.Writer, path string, hc *http.Client, out checkOutput) error {
	if ctx == nil {
		ctx = context.Background()
	}
	runCtx, cancel := boundRun(ctx, out.Timeout)
	defer cancel()
	res, err := envcheck.CheckFile(runCtx, path, checks.Options{HTTP: hc, Timeout: out.Timeout})
	var fe *envcheck.FileError
	switch {
	case errors.As(err, &fe):
		return usageError{err: fe}
	case err != nil:
		return err
	case ctx.Err() != nil:
		fmt.Fprintln(stderr, "check interrupted: nothing was written")
		return errInterrupted
	}
	rep := res.Report
	if runCtx.Err() != nil {
		rep = withTimeoutFinding(rep, out.Timeout)
	}
	switch {
	case out.Quiet:
		if err := writeFailures(stderr, rep); err != nil {
			return err
		}
	case out.JSON:
		if err := render.JSON(stdout, rep); err != nil {
			return fmt.Errorf("writing the report: %w", err)
		}
		for _, n := range res.Notes {
			fmt.Fprintln(stderr, termtext.Line("note: "+path+": "+n))
		}
	default:
		if err := render.Text(stdout, rep, render.TextOptions{Styles: out.Styles, Width: out.Width}); err != nil {
			return fmt.Errorf("writing the report: %w", err)
		}
		if len(res.Notes) > 0 {
			fmt.Fprintln(stdout, "\nAbout "+termtext.Line(path)+":")
			for _, n := range res.Notes {
				fmt.Fprintln(stdout, "  - "+termtext.Line(n))
			}
		}
	}
	if !rep.OK() {
		return errChecksFailed
	}
	return nil
}
