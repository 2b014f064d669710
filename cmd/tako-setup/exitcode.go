package main

import (
	"context"
	"errors"
	"fmt"
	"github.com/fctr-id/tako-setup/checks/termtext"
	"io"
	"strings"

	"charm.land/fang/v2"

	"github.com/fctr-id/tako-setup/steps"
)

// Exit codes, mapped in this one place.
const (
	exitOK          = 0
	exitFailed      = 1 // a check failed, or the .env changed before the write; nothing was written
	exitUsage       = 2 // bad flags, a missing answer, an unreadable or invalid file
	exitInterrupted = 130
)

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
	switch {
	case err == nil:
		return exitOK
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

// errorHandler prints errors through fang's styles, except the ones whose
// story has already been told on screen.
func errorHandler(w io.Writer, styles fang.Styles, err error) {
	if errors.Is(err, errChecksFailed) || errors.Is(err, errInterrupted) || errors.Is(err, context.Canceled) {
		return
	}
	// fang capitalises the first word of an error, which turns a leading
	// path or flag into "/Tmp/…" or "--Bits"; our messages are already
	// written as sentences.
	styles.ErrorText = styles.ErrorText.UnsetTransform()
	fang.DefaultErrorHandler(w, styles, safeError{err})
}

// safeError is err with its message made safe for the terminal
// (termtext.Text): errors quote file names, flag values and what a file
// or a server held.
type safeError struct{ err error }

func (e safeError) Error() string { return termtext.Text(e.err.Error()) }
func (e safeError) Unwrap() error { return e.err }
