package main

import (
	"os"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/fctr-id/tako-setup/checks/termtext"
)

// maxHelpWidth is the widest the help is laid out: an 80-column terminal
// shows every line whole.
const maxHelpWidth = 80

// Where fang puts a flag's description: after a left margin and a column as
// wide as the longest flag or subcommand, plus a gap (fang's longPad,
// minSpace and spaceBetween).
const (
	helpIndent   = 4
	helpMinSpace = 10
	helpGap      = 2
	// helpMinText keeps a description readable next to very long flag names.
	helpMinText = 24
	// helpLongPad is fang's left margin before the long description.
	helpLongPad = 2
)

// helpWidth is the width the help is wrapped at: the terminal's on standard
// output when it is narrower than maxHelpWidth, else maxHelpWidth.
func helpWidth() int {
	if w, _, err := term.GetSize(os.Stdout.Fd()); err == nil && w > 0 && w < maxHelpWidth {
		return w
	}
	return maxHelpWidth
}

// prepareHelp lays out every command's help to fit width columns. cobra
// adds its help and completion commands when it runs; they are added now so
// that the layout counts them, and the completion command gets a summary
// short enough for the command list.
func prepareHelp(root *cobra.Command, width int) {
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		if c.Name() == "completion" {
			c.Short = "Print a shell completion script"
		}
	}
	wrapFlagHelp(root, width)
	if width < maxHelpWidth {
		reflowAll(root, width)
	}
}

// reflowAll reflows the long description of c and of its subcommands.
func reflowAll(c *cobra.Command, width int) {
	c.Long = reflowLong(c.Long, width)
	for _, sub := range c.Commands() {
		reflowAll(sub, width)
	}
}

// wrapFlagHelp word-wraps the description of every flag of c and of its
// subcommands so that each command's help fits in width columns. fang
// prints a flag's description on one line, however long, after the name
// column; a description with line breaks is printed as an indented block.
func wrapFlagHelp(c *cobra.Command, width int) {
	// cobra adds -h/--help only when it runs; count it now.
	space := max(helpMinSpace, ansi.StringWidth("-h --help")+helpGap)
	var flags []*pflag.Flag
	visit := func(f *pflag.Flag) {
		if f.Hidden {
			return
		}
		flags = append(flags, f)
		space = max(space, ansi.StringWidth(flagKey(f))+helpGap)
	}
	c.LocalFlags().VisitAll(visit)
	c.InheritedFlags().VisitAll(visit)
	for _, sub := range c.Commands() {
		if !sub.Hidden {
			// fang shows a subcommand as "name [command] [--flags]" at most.
			space = max(space, ansi.StringWidth(sub.Name()+" [command] [--flags]")+helpGap)
		}
	}
	text := max(helpMinText, width-helpIndent-space)
	for _, f := range flags {
		f.Usage = wrapWords(f.Usage, text, defaultSuffixWidth(f))
	}
	for _, sub := range c.Commands() {
		wrapFlagHelp(sub, width)
	}
}

// flagKey is the flag's name as fang shows it.
func flagKey(f *pflag.Flag) string {
	if f.Shorthand != "" {
		return "-" + f.Shorthand + " --" + f.Name
	}
	return "--" + f.Name
}

// defaultSuffixWidth is the width of the " (default)" fang appends to the
// description's last line.
func defaultSuffixWidth(f *pflag.Flag) int {
	switch f.DefValue {
	case "", "false", "0", "[]":
		return 0
	}
	return ansi.StringWidth(" (" + f.DefValue + ")")
}

// wrapWords wraps s at width columns, each paragraph (line) on its own,
// leaving room for reserve more columns on the last line. A word longer
// than width stays whole on its own line (termtext.WrapWords).
func wrapWords(s string, width, reserve int) string {
	out := termtext.WrapWords(s, width, false)
	last := out[len(out)-1]
	if last != "" && ansi.StringWidth(last)+reserve > width {
		if cut := strings.LastIndex(last, " "); cut > 0 {
			out = append(out[:len(out)-1], last[:cut], last[cut+1:])
		}
	}
	return strings.Join(out, "\n")
}

// reflowLong lays a command's long description out for width columns
// (fang prints it 2 columns in): the source text is broken by hand to fit
// 80 columns, and in a narrower terminal each of its lines would be wrapped
// again on its own, raggedly. Paragraphs (separated by blank lines) are
// joined and wrapped afresh; an indented line (a command to type) is kept
// as it is.
func reflowLong(long string, width int) string {
	text := max(helpMinText, width-helpLongPad)
	var out, para []string
	flush := func() {
		if len(para) > 0 {
			out = append(out, termtext.WrapWords(strings.Join(para, " "), text, false)...)
			para = nil
		}
	}
	for _, line := range strings.Split(long, "\n") {
		switch {
		case strings.TrimSpace(line) == "":
			flush()
			out = append(out, "")
		case line[0] == ' ' || line[0] == '\t':
			flush()
			out = append(out, line)
		default:
			para = append(para, strings.TrimSpace(line))
		}
	}
	flush()
	return strings.Join(out, "\n")
}
