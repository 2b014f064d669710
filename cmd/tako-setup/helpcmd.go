package main

import (
	"strings"

	"github.com/spf13/cobra"
)

// annotationPrintsOnly marks a command that only prints: keepFromFang
// leaves standard input hidden from fang while it runs.
const annotationPrintsOnly = "tako-setup/prints-only"

// newHelpCmd is `tako-setup help [command]`, as cobra's own but for a topic
// it does not know: cobra prints the usage and exits 0, so a script that
// asks for help about a command this version lacks is told it worked. Here
// that is a usage error (exit 2) naming the commands there are.
func newHelpCmd() *cobra.Command {
	return &cobra.Command{
		Annotations: map[string]string{annotationPrintsOnly: "yes"},
		Use:         "help [command]",
		Short:       "Help about any command",
		Long:        "help prints the help of any command: tako-setup help check.",
		ValidArgsFunction: func(c *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
			var names []cobra.Completion
			for _, sub := range c.Root().Commands() {
				if sub.IsAvailableCommand() && strings.HasPrefix(sub.Name(), toComplete) {
					names = append(names, cobra.CompletionWithDesc(sub.Name(), sub.Short))
				}
			}
			return names, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(c *cobra.Command, args []string) error {
			cmd, rest, err := c.Root().Find(args)
			if cmd == nil || err != nil || len(rest) > 0 {
				var names []string
				for _, sub := range c.Root().Commands() {
					if sub.IsAvailableCommand() {
						names = append(names, sub.Name())
					}
				}
				return usagef("no help about %q: the commands are %s", strings.Join(args, " "), strings.Join(names, ", "))
			}
			cmd.InitDefaultHelpFlag()
			cmd.InitDefaultVersionFlag()
			return cmd.Help()
		},
	}
}
