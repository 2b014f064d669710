package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/spf13/cobra"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/inputfile"
	"github.com/fctr-id/tako-setup/checks/termtext"
	"github.com/fctr-id/tako-setup/steps"
	"github.com/fctr-id/tako-setup/wizard"
	"github.com/fctr-id/tako-setup/wizard/envfile"
	ni "github.com/fctr-id/tako-setup/wizard/noninteractive"
)

// scriptedSetup is what both scripted setups — `--non-interactive` and its
// automatic form with --admin-token-file — start from.
type scriptedSetup struct {
	ctx    context.Context
	values ni.Values
	set    niSettings
	// exists says whether set.envFile (absolute) is there.
	exists bool
	// answers are the .env's current settings.
	answers steps.Answers
	// env reads the secret files (noting any others may read) and writes
	// the .env.
	env steps.Env
	hc  *http.Client
}

// startScriptedSetup resolves the flags and variables, refuses at once a
// .env that cannot be written (not after the checks or the changes in
// Okta), reads it, and builds the file environment and the HTTP client.
// refuse, when given, is asked right after the .env's path is known: a
// mode's own refusals come before anything is read.
func startScriptedSetup(cmd *cobra.Command, opts *rootOptions, deps nonInteractiveDeps, refuse func(ni.Values, niSettings) error) (*scriptedSetup, error) {
	ctx := cmd.Context()
	if ctx == nil {
		ctx = context.Background()
	}
	v, err := gatherValues(cmd.Flags(), deps.lookupEnv)
	if err != nil {
		return nil, usageError{err}
	}
	set, err := resolveSettings(v, opts)
	if err != nil {
		return nil, err
	}
	envFile, exists, err := envFileState(set.envFile)
	if err != nil {
		return nil, err
	}
	set.envFile = envFile
	if refuse != nil {
		if err := refuse(v, set); err != nil {
			return nil, err
		}
	}
	if err := envfile.CheckTarget(envFile, opts.forceEnvFile); err != nil {
		return nil, usageError{err}
	}
	a, err := wizard.LoadExisting(envFile)
	if err != nil {
		return nil, usagef("cannot read %s: %v", envFile, withoutPath(err))
	}
	if exists {
		// What the writer would refuse whatever the answers is refused
		// now, before the checks (and the changes in Okta).
		if _, doc, err := envfile.Load(envFile); err == nil {
			if err := doc.Unwritable(); err != nil {
				return nil, usagef("not writing %s, so nothing was checked or changed: %v", envFile, err)
			}
		}
	}
	hc, err := deps.httpClient(checks.HTTPConfig{Timeout: set.timeout, CAFile: set.caFile})
	if err != nil {
		return nil, usagef("cannot use the CA certificates: %v", err)
	}
	// "-" reads standard input; ctrl+c ends a read that waits on it.
	env := wizard.FileEnv(envFile, inputfile.ContextReader(ctx, cmd.InOrStdin()), deps.now, wizard.ForceWrite(opts.forceEnvFile))
	env.ReadFile = secretFileReader(env.ReadFile, deps.stdinIsTerminal(), cmd.ErrOrStderr())
	return &scriptedSetup{ctx: ctx, values: v, set: set, exists: exists, answers: a, env: env, hc: hc}, nil
}

// secretFileReader wraps the reader of the secret files (a token, a private
// key): "-" is refused when standard input is a terminal, and a file that
// others may read is noted on w (it is read anyway: the note says how to
// close it).
func secretFileReader(read func(string) ([]byte, error), stdinIsTerminal bool, w io.Writer) func(string) ([]byte, error) {
	if stdinIsTerminal {
		read = refuseTerminalStdin(read)
	}
	return func(name string) ([]byte, error) {
		b, err := read(name)
		if err == nil && strings.TrimSpace(name) != "-" {
			if who := inputfile.ExposureOf(name).Who(); who != "" {
				fmt.Fprintln(w, termtext.Line(fmt.Sprintf("note: %s holds a secret and %s may read it: chmod 600 %s (or delete it once the setup is done)", name, who, name)))
			}
		}
		return b, err
	}
}
