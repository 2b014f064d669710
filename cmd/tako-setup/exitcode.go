package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"
	"syscall"

	"charm.land/fang/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/term"

	"github.com/fctr-id/tako-setup/checks/termtext"
	"github.com/fctr-id/tako-setup/steps"
)

// Exit codes, mapped in this one place.
const (
	exitOK          = 0
	exitFailed      = 1   // a check failed, or the .env changed before the write; nothing was written
	exitUsage       = 2   // bad flags, a missing answer, an unreadable or invalid file
	exitInterrupted = 130 // ctrl+c (SIGINT or typed), "quit" or end of input in accessible mode
	exitTerminated  = 143 // SIGTERM (128 + 15): docker stop, systemctl stop, kill
	exitHungUp      = 129 // SIGHUP (128 + 1): the terminal or SSH link went away
)

// signalled is an interruption by a signal that is not ctrl+c: the run
// ends as any interruption does (nothing more printed), with the shell's
// 128 + signal number, so that a service manager or a script can tell a
// stop (143) from a person's ctrl+c (130).
type signalled struct {
	sig syscall.Signal
	err error
}

func (e signalled) Error() string { return e.err.Error() }
func (e signalled) Unwrap() error { return e.err }

// withSignal wraps err, the error of an interrupted run, with the signal
// that cancelled ctx, when that is SIGTERM or SIGHUP (os/signal's
// NotifyContext, which fang uses, cancels with a cause that names the
// signal: "<name> signal received").
func withSignal(ctx context.Context, err error) error {
	if ctx == nil || context.Cause(ctx) == nil {
		return err
	}
	cause := context.Cause(ctx).Error()
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGHUP} {
		if cause == sig.String()+" signal received" {
			return signalled{sig: sig, err: err}
		}
	}
	return err
}

// errChecksFailed reports that at least one check failed. The findings have
// already been printed, so the error handler prints nothing more.
var errChecksFailed = errors.New("a check failed")

// usageError is a mistake in the command line or in an input file (exit 2).
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// usagef builds a usageError.
func usagef(format string, args ...any) error {
	return usageError{fmt.Errorf(format, args...)}
}

// exitCode maps an error returned by a command to the process exit code.
func exitCode(err error) int {
	var ue usageError
	var sig signalled
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &sig) && sig.sig == syscall.SIGTERM:
		return exitTerminated
	case errors.As(err, &sig) && sig.sig == syscall.SIGHUP:
		return exitHungUp
	case errors.Is(err, context.Canceled), errors.Is(err, errInterrupted):
		return exitInterrupted
	case errors.Is(err, errChecksFailed):
		return exitFailed
	case errors.Is(err, steps.ErrStaleReview):
		// The .env changed after its preview: not a mistake in the command
		// line (running it again works), so not the usage code.
		return exitFailed
	case errors.As(err, &ue), isCobraUsageError(err):
		return exitUsage
	default:
		return exitFailed
	}
}

// errInterrupted reports that the user pressed Ctrl-C, the program got
// SIGTERM, or the terminal hung up — or, in accessible mode, that the user
// typed "quit" or ended the input (ctrl+d). End of input maps here (130),
// not to exitFailed (1): accessible mode reads only from a terminal, so
// end of input is a person's ctrl+d, a way to stop like ctrl+c, and 1
// would tell a caller that a check failed, which none did.
var errInterrupted = errors.New("interrupted")

// isCobraUsageError recognises cobra's own flag and argument errors.
func isCobraUsageError(err error) bool {
	msg := err.Error()
	for _, p := range []string{"unknown flag", "unknown shorthand flag", "unknown command", "invalid argument", "flag needs an argument", "accepts ", "requires at least", "if any flags in the group"} {
		if strings.Contains(msg, p) {
			return true
		}
	}
	return false
}

// errorHandler prints errors, except the ones whose story has already been
// told on screen: in a terminal with fang's styles (the colours decided
// without asking the terminal, helpstyle.go), elsewhere — a pipe, a log, a
// compose service — as plain lines, the first starting "tako-setup: ".
// A usage error ends with where to find the usage.
func errorHandler(w io.Writer, styles fang.Styles, err error) {
	if errors.Is(err, errChecksFailed) || errors.Is(err, errInterrupted) || errors.Is(err, context.Canceled) {
		return
	}
	// Our messages are written without a final full stop; cobra's "Did
	// you mean this?" list ends with a newline.
	msg := termtext.Text(strings.TrimRight(err.Error(), "\n\t ."))
	var ue usageError
	usage := isCobraUsageError(err) && !errors.As(err, &ue)
	if !writesToTerminal(w) {
		fmt.Fprintln(w, "tako-setup: "+msg)
		if usage {
			fmt.Fprintln(w, "Run 'tako-setup --help' (or '<command> --help') for usage.")
		}
		return
	}
	// fang capitalises the first word of an error, which turns a leading
	// path or flag into "/Tmp/…" or "--Bits"; our messages are already
	// written as sentences.
	text := styles.ErrorText.UnsetTransform()
	fmt.Fprintln(w, styles.ErrorHeader.String())
	fmt.Fprintln(w, text.Render(msg))
	fmt.Fprintln(w)
	if usage {
		fmt.Fprintln(w, lipgloss.JoinHorizontal(lipgloss.Left,
			text.UnsetWidth().Render("Try"),
			styles.Program.Flag.Render(" --help "),
			text.UnsetWidth().UnsetMargins().Render("for usage.")))
		fmt.Fprintln(w)
	}
}

// writesToTerminal reports whether w (fang hands a colour writer around
// standard error) ends in a terminal.
func writesToTerminal(w io.Writer) bool {
	if cw, ok := w.(*colorprofile.Writer); ok {
		w = cw.Forward
	}
	f, ok := w.(term.File)
	return ok && term.IsTerminal(f.Fd())
}

// withoutPath is err without the path an *fs.PathError repeats, for
// messages that name the file themselves ("cannot read X: not a directory",
// not "cannot read X: stat X: not a directory").
func withoutPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
