// Command tako-setup walks an Okta admin through setting up Tako's Okta
// credentials, checks every step live against Okta, and writes a validated
// .env file.
package main

import (
	"context"
	"errors"
	"os"
	"syscall"

	"charm.land/fang/v2"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"
)

func main() {
	normaliseNoColor()
	root := newRootCmd()
	version := versionString(currentBuild())
	// Known before the arguments are parsed (fang sets it again), so that
	// cobra reads --version as the switch it is: `--version extra` is then
	// an unknown command, not a version with "extra" taken as its value.
	root.Version = version
	root.InitDefaultVersionFlag()
	prepareHelp(root, helpWidth())
	if !term.IsTerminal(os.Stdout.Fd()) {
		root.SetOut(&trailingSpaceTrimmer{w: os.Stdout})
	}
	var told error
	stdin := hideStdin()
	keepFromFang(root, &told, stdin)
	err := fang.Execute(context.Background(), root,
		fang.WithVersion(version),
		fang.WithColorSchemeFunc(colorScheme),
		fang.WithNotifySignal(os.Interrupt, syscall.SIGTERM, syscall.SIGHUP),
		fang.WithErrorHandler(errorHandler),
	)
	stdin.restore()
	if told != nil {
		err = told
	}
	os.Exit(exitCode(err))
}

// keepFromFang wraps the RunE of c and its subcommands so that an error
// whose story is already on screen (an interruption, failed checks) does
// not reach fang; *told keeps it for the exit code. On any error fang
// queries the terminal's background colour for its error styles — which
// errorHandler does not use for these — and right after a TUI that query
// could block forever, its read raced by the TUI's input reader: the
// program hung after "Stopped. Nothing was written." (the hardening suite, TESTING.md).
// The run itself gets the real stdin, hidden from fang outside it
// (helpstyle.go); our commands use RunE. cobra's completion command (Run)
// and our help command (annotationPrintsOnly) keep the hidden one: they
// only print.
func keepFromFang(c *cobra.Command, told *error, stdin *stdinSwap) {
	if run := c.RunE; run != nil && c.Annotations[annotationPrintsOnly] == "" {
		c.RunE = func(cmd *cobra.Command, args []string) error {
			stdin.restore()
			err := run(cmd, args)
			stdin.hide()
			if errors.Is(err, errInterrupted) || errors.Is(err, context.Canceled) {
				*told = withSignal(cmd.Context(), err)
				return nil
			}
			if errors.Is(err, errChecksFailed) {
				*told = err
				return nil
			}
			return err
		}
	}
	for _, sub := range c.Commands() {
		keepFromFang(sub, told, stdin)
	}
}

// normaliseNoColor makes any non-empty NO_COLOR disable colour, as
// no-color.org says. The colour libraries parse NO_COLOR as a boolean, so
// NO_COLOR=yes would otherwise be ignored.
func normaliseNoColor() {
	if v, ok := os.LookupEnv("NO_COLOR"); ok && v != "" {
		_ = os.Setenv("NO_COLOR", "1")
	}
}
