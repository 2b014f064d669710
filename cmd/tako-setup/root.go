package main

import (
	"github.com/spf13/cobra"
)

// rootOptions are the flags of the bare `tako-setup` command (the wizard).
type rootOptions struct {
	demo       bool
	envFile    string
	accessible bool
}

func newRootCmd() *cobra.Command {
	opts := &rootOptions{}
	cmd := &cobra.Command{
		Use:   "tako-setup",
		Short: "Set up and check Tako's Okta credentials",
		Long: `tako-setup walks you through creating Tako's Okta credentials (OAuth 2.0 or an
API token), checks each step live against your Okta org, and writes a validated .env.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return cmd.Help()
		},
	}
	f := cmd.Flags()
	f.BoolVar(&opts.demo, "demo", false, "run against a simulated Okta org on this machine (nothing leaves it)")
	f.StringVar(&opts.envFile, "env-file", ".env", "the .env file to write")
	f.BoolVar(&opts.accessible, "accessible", false, "line-by-line prompts for screen readers and simple terminals")
	cmd.AddCommand(newKeygenCmd())
	return cmd
}
