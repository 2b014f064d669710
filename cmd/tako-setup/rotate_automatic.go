package main

import (
	"bufio"
	"context"
	"crypto/rsa"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/keys"
	"github.com/fctr-id/tako-setup/checks/provision"
	"github.com/fctr-id/tako-setup/checks/render"
	"github.com/fctr-id/tako-setup/checks/secret"
	"github.com/fctr-id/tako-setup/checks/termtext"
	"github.com/fctr-id/tako-setup/steps"
	"github.com/fctr-id/tako-setup/wizard"
)

// The flags of `tako-setup rotate --non-interactive --admin-token-file …`.
const (
	envAdminTokenFile = "TAKO_SETUP_ADMIN_TOKEN_FILE"
)

// addAutomaticRotationFlags registers rotate's automatic-rotation flags.
func addAutomaticRotationFlags(f *pflag.FlagSet) {
	f.Bool(flagNonInteractive, false, "rotate without questions, through Okta's API with a temporary Super Administrator token (needs --admin-token-file and --yes)")
	f.String(flagAdminTokenFile, "", "rotate through Okta's API: a file holding a temporary Super Administrator API token; - reads standard input [$"+envAdminTokenFile+"]")
	f.Bool("yes", false, "with --admin-token-file: agree to the changes in Okta and to replacing the .env (a backup is kept)")
	f.Bool(flagJSON, false, "with --non-interactive: print one JSON object")
}

// automaticRotation returns the automatic rotation when the command line
// asks for it: --non-interactive with --admin-token-file (or its variable).
func automaticRotation(cmd *cobra.Command, opts *rotateOptions, deps rotateDeps) (func(context.Context) error, bool) {
	f := cmd.Flags()
	ni, _ := f.GetBool(flagNonInteractive)
	file, _ := f.GetString(flagAdminTokenFile)
	if file == "" {
		file = os.Getenv(envAdminTokenFile)
	}
	// At a terminal only the flag selects it (the variable is for scripts).
	if !ni && (!f.Changed(flagAdminTokenFile) || opts.demo) {
		return nil, false
	}
	yes, _ := f.GetBool("yes")
	asJSON, _ := f.GetBool(flagJSON)
	return func(ctx context.Context) error {
		if file == "" {
			return usagef("automatic rotation needs a temporary Super Administrator token: give --%s FILE (or %s); nothing was changed", flagAdminTokenFile, envAdminTokenFile)
		}
		if !yes {
			// At a terminal, a person may agree; a script must say --yes.
			if ni || !term.IsTerminal(os.Stdin.Fd()) || !confirmRotation(cmd.InOrStdin(), cmd.ErrOrStderr(), opts.envFile) {
				return usagef("automatic rotation changes the app's keys and replaces %s: give --yes to agree; nothing was changed", opts.envFile)
			}
		}
		return runAutomaticRotation(ctx, cmd, opts, deps, file, asJSON)
	}, true
}

// confirmRotation asks the person at the terminal before the automatic
// rotation changes anything.
func confirmRotation(in io.Reader, w io.Writer, envFile string) bool {
	fmt.Fprintf(w, "tako-setup will add a new key to the app of %s through Okta's API, write it to the .env (a backup is kept), deactivate and delete the old key, prove the old key refused, and revoke the admin token.\n", envFile)
	fmt.Fprint(w, "Go ahead? [y/N] ")
	line, _ := bufio.NewReader(in).ReadString('\n')
	yes, err := steps.ParseYesNo(line, steps.DefaultNo)
	return err == nil && yes
}

// runAutomaticRotation is provision.Rotate on the .env's app and key.
func runAutomaticRotation(ctx context.Context, cmd *cobra.Command, opts *rotateOptions, deps rotateDeps, tokenFile string, asJSON bool) error {
	envFile, exists, err := envFileState(opts.envFile)
	if err != nil {
		return err
	}
	if !exists {
		return usagef("nothing to rotate: %s does not exist", envFile)
	}
	a, err := wizard.LoadExisting(envFile)
	if err != nil {
		return usagef("cannot read %s: %v", envFile, withoutPath(err))
	}
	if a.Method == checks.APIToken {
		return usagef("%s. Run `tako-setup rotate --env-file %s` for the guided rotation; nothing was changed", sentence(provision.ErrNoTokenAPI.Error()), envFile)
	}
	old, ok := oldRSAKey(a)
	if !ok || a.ClientID == "" || a.OrgURL == "" {
		return usagef("nothing to rotate: %s holds no OAuth 2.0 org URL, client ID and RSA private key", envFile)
	}
	env := wizard.FileEnv(envFile, cmd.InOrStdin(), deps.now)
	env.ReadFile = secretFileReader(env.ReadFile, term.IsTerminal(os.Stdin.Fd()), cmd.ErrOrStderr())
	raw, err := env.ReadFile(tokenFile)
	if err != nil {
		return usagef("cannot read the file given by --%s: %v", flagAdminTokenFile, err)
	}
	token := checks.NormalizeToken(string(raw))
	if token == "" {
		return usagef("the file given by --%s is empty", flagAdminTokenFile)
	}
	if p := checks.TokenProblem(token); p != "" {
		return usagef("the token in the file given by --%s %s; nothing was changed", flagAdminTokenFile, p)
	}
	hc, err := opts.reach.newClient(rotateHTTPClient)
	if err != nil {
		return err
	}
	out, errOut := cmd.OutOrStdout(), cmd.ErrOrStderr()
	lines := termtext.Writer(errOut) // event lines quote Okta's answers
	if asJSON {
		lines = io.Discard
	}
	var written *steps.WriteResult
	var lock provision.Locker // the automatic runs' lock, when there is a state directory
	if st, err := wizard.DefaultAutoStore(envFile); err == nil {
		lock = st
	}
	res, rerr := provision.Rotate(ctx, provision.RotateConfig{
		OrgURL: a.OrgURL, ClientID: a.ClientID, OldKey: old, AdminToken: secret.New(token),
		HTTP: hc, Timeout: opts.reach.timeout, Lock: lock,
		OnEvent: func(e provision.Event) {
			if e.Kind != provision.CallStart {
				fmt.Fprintln(lines, e.Line())
			}
		},
		Env: provision.EnvFunc(func(_ context.Context, v provision.EnvValues) error {
			b := a
			b.SetKey(steps.KeyFromKeys(v.Key, true))
			b.Confirmed = true
			r, err := env.WriteEnv(&b)
			if err != nil {
				return err
			}
			written = &r
			return nil
		}),
	})
	if asJSON {
		if err := rotationJSON(out, res, written, envFile, rerr); err != nil {
			return err
		}
	} else {
		printRotation(out, errOut, res, written, rerr)
	}
	var re *provision.RefusedError
	switch {
	case rerr == nil:
		return nil
	case errors.As(rerr, &re):
		return usageError{fmt.Errorf("automatic rotation refused: %w", rerr)}
	case errors.Is(rerr, context.Canceled):
		return errInterrupted
	}
	return fmt.Errorf("automatic rotation failed: %w", rerr)
}

// sentence starts s with a capital letter (an error text shown as a
// sentence of its own).
func sentence(s string) string {
	if s == "" {
		return s
	}
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// oldRSAKey is the .env's key as a checks/keys key.
func oldRSAKey(a steps.Answers) (*keys.Key, bool) {
	if a.Key == nil {
		return nil, false
	}
	r, ok := a.Key.Private.(*rsa.PrivateKey)
	if !ok {
		return nil, false
	}
	k, err := keys.FromRSA(r)
	return k, err == nil
}

func printRotation(out, errOut io.Writer, res *provision.RotateResult, written *steps.WriteResult, err error) {
	out, errOut = termtext.Writer(out), termtext.Writer(errOut) // plain text quoting Okta's ids
	if res.Report != nil {
		_ = render.Text(out, *res.Report, render.TextOptions{})
	}
	if written != nil {
		fmt.Fprintf(out, "\nWrote %s", written.Path)
		if written.Backup != "" {
			fmt.Fprintf(out, " (the previous file is kept as %s)", written.Backup)
		}
		fmt.Fprintln(out, ": only the private key changed.")
		if errors.Is(err, context.Canceled) {
			// ctrl+c after the write: the swap was finished rather than
			// leaving two active keys. Say so, so nobody rotates again.
			fmt.Fprintln(errOut, "Stopped after the new key was written: the swap was finished first, so the rotation is done (do not run it again); "+
				"only the last proofs may have been skipped. To confirm, run: "+steps.CheckCommand(written.Path))
		}
	} else {
		fmt.Fprintln(errOut, "\nNothing was written to the .env.")
	}
	if res.KeyID != "" {
		fmt.Fprintf(out, "New key %s (kid %s) on the app %s; old key entries deleted: %s.\n", res.KeyID, res.KID, res.AppID, strings.Join(res.Deleted, ", "))
	}
	if res.OldKeyRefused {
		fmt.Fprintln(out, "An assertion signed with the old key is refused: the old key is dead.")
	}
	if res.TokenRevoked {
		fmt.Fprintln(out, res.TokenLine())
	} else {
		fmt.Fprintln(errOut, res.TokenLine())
	}
	if len(res.Remains) > 0 {
		fmt.Fprintln(errOut, "Left in Okta: "+strings.Join(res.Remains, "; ")+".")
	}
	if len(res.AuditEvents) > 0 {
		fmt.Fprintln(out, "System Log event types an auditor will see: "+strings.Join(res.AuditEvents, ", ")+".")
	}
}

func rotationJSON(w io.Writer, res *provision.RotateResult, written *steps.WriteResult, envFile string, runErr error) error {
	extra := []jsonField{{"rotated", runErr == nil}, {"written", written != nil}, {"env_file", envFile}, {"backup", nil},
		{"created", res}, {"token_revoked", res.TokenRevoked}}
	if written != nil && written.Backup != "" {
		extra[3].value = written.Backup
	}
	if runErr != nil {
		extra = append(extra, jsonField{"error", runErr.Error()})
	}
	return writeReportJSON(w, res.Report, extra)
}
