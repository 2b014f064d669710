package main

import (
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// rootOptions are the flags of the bare `tako-setup` command (the wizard).
type rootOptions struct {
	demo       bool
	envFile    string
	accessible bool
	// forceEnvFile is --force-env-file (envfile.WriteOptions.Force).
	forceEnvFile bool
}

// forceEnvFileUsage describes --force-env-file, the same for the wizard,
// --non-interactive and rotate.
const forceEnvFileUsage = "write the .env even through a symbolic link out of its folder or onto another user's file, or when the file is read-only or does not look like a .env (each refused without it)"

// refuseStdinEnvFile refuses "-" as the .env to write: elsewhere "-" is
// standard input, and the .env is read, backed up and replaced in place, so
// it cannot be one (it used to write a file named "-").
func refuseStdinEnvFile(path string) error {
	if strings.TrimSpace(path) == "-" {
		return usagef("--env-file - would be standard input, but the .env is read and then replaced in place, so it must be a file: give its name (./- for a file really named -)")
	}
	return nil
}

// rootMode lets another front end of the bare command (non-interactive
// setup) add its flags and claim a run, from its own file:
//
//	func init() { rootModes = append(rootModes, rootMode{AddFlags: …, Claims: …, Run: …}) }
//
// The first mode whose Claims returns true runs instead of the wizard.
type rootMode struct {
	AddFlags func(f *pflag.FlagSet)
	Claims   func(cmd *cobra.Command, opts *rootOptions) bool
	Run      func(cmd *cobra.Command, opts *rootOptions) error
}

var rootModes []rootMode

func newRootCmd() *cobra.Command {
	opts := &rootOptions{}
	cmd := &cobra.Command{
		Use:   "tako-setup",
		Short: "Set up and check Tako's Okta credentials",
		Long: `tako-setup walks you through creating Tako's Okta credentials (OAuth 2.0 or
an API token), checks each step live against your Okta org, and writes a
validated .env.

Keys: enter checks a step or continues, esc goes back, f1 shows help and every
key, ctrl+c quits (before the review's yes, nothing is written). The wizard
never opens a browser: it prints the admin-console address of each step.

With --accessible (or ACCESSIBLE=1, or TERM=dumb) it asks one question per
line, for screen readers and simple terminals.`,
		Example: `  tako-setup --demo               # try it against a simulated org, here
  tako-setup --env-file /srv/tako/.env
  tako-setup --accessible
  tako-setup --ca-file /etc/ssl/corp-ca.pem   # a network that inspects TLS
  # scripts, no questions:
  tako-setup --non-interactive --org-url https://acme.okta.com \
      --client-id 0oa1example --private-key-file tako-key.pem --yes`,
		// No Args validator: cobra's own check for a root command with
		// subcommands then refuses any argument as an unknown command and
		// adds "Did you mean this?" for a typo (`tako-setup chekc`).
		RunE: func(cmd *cobra.Command, _ []string) error {
			for _, m := range rootModes {
				if m.Claims != nil && m.Claims(cmd, opts) {
					return m.Run(cmd, opts)
				}
			}
			return runWizard(cmd, opts, osWizardDeps())
		},
	}
	f := cmd.Flags()
	f.BoolVar(&opts.demo, "demo", false, "run against a simulated Okta org on this machine (nothing leaves it)")
	f.StringVar(&opts.envFile, "env-file", ".env", "the .env file to write (with --demo: a temporary file unless given)")
	f.BoolVar(&opts.forceEnvFile, "force-env-file", false, forceEnvFileUsage)
	f.BoolVar(&opts.accessible, "accessible", false, "one question per line, for screen readers and simple terminals (also ACCESSIBLE=1, TERM=dumb)")
	for _, m := range rootModes {
		if m.AddFlags != nil {
			m.AddFlags(f)
		}
	}
	cmd.SetFlagErrorFunc(flagError)
	cmd.SetHelpCommand(newHelpCmd())
	cmd.AddCommand(newKeygenCmd())
	cmd.AddCommand(newCheckCmd())
	cmd.AddCommand(newRotateCmd())
	return cmd
}
