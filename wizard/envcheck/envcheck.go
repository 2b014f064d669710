// Package envcheck runs the check engine on a .env file the way Tako reads
// it, for `tako-setup check` (and --demo). The file's settings reach the
// engine through checks/takoenv's one converter, as on every other path.
package envcheck

import (
	"context"
	"errors"
	"io/fs"
	"strings"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/inputfile"
	"github.com/fctr-id/tako-setup/checks/takoenv"
	"github.com/fctr-id/tako-setup/wizard/envfile"
)

// FileError means the file cannot be checked: it is missing or unreadable,
// or Tako could not read it as written (an unclosed quote, a
// non-numeric OKTA_CONCURRENT_LIMIT …). Its message names the file and the
// problems, never a value.
type FileError struct {
	Path     string
	Problems []string
	Err      error
}

func (e *FileError) Error() string {
	switch {
	case errors.Is(e.Err, fs.ErrNotExist):
		return "there is no file " + e.Path + ": name the .env with --env-file, or run tako-setup to create one"
	case e.Err != nil:
		return "cannot check the file " + e.Path + ": " + e.Err.Error()
	}
	return "the file " + e.Path + " cannot be read as Tako reads it:\n  " + strings.Join(e.Problems, "\n  ")
}

func (e *FileError) Unwrap() error { return e.Err }

// Result is a checked file.
type Result struct {
	Report checks.Report
	// Notes are things about the file worth fixing that do not stop Tako
	// (a legacy name, a key set twice), as the .env parser words them.
	Notes []string
}

// CheckFile loads the .env at path and checks its Okta settings against
// the org. The error is a *FileError when the file cannot be checked; a
// failed check is in the report, not an error.
func CheckFile(ctx context.Context, path string, opt checks.Options) (Result, error) {
	settings, doc, err := envfile.Load(path)
	if err != nil {
		return Result{}, &FileError{Path: path, Err: err}
	}
	var res Result
	var bad []string
	for _, p := range doc.Problems() {
		switch {
		case p.Severity == envfile.Error && p.Key != envfile.KeyMethod:
			// An unknown TOKEN_METHOD is reported by the engine, with its fix.
			bad = append(bad, p.String())
		case p.Severity != envfile.Error:
			res.Notes = append(res.Notes, p.String())
		}
	}
	if len(bad) > 0 {
		return Result{}, &FileError{Path: path, Problems: bad}
	}
	in := takoenv.Input(settings)
	if is, ok := exposedSecret(path, settings); ok {
		in.FileIssues = append(in.FileIssues, is)
	}
	res.Report = checks.Run(ctx, in, opt)
	return res, nil
}

// exposedSecret is the warning for a .env holding a secret that every user
// of the machine may read. A group-readable .env is not warned about: it is
// how Tako, running as another user of the file's group, reads it (and
// tako-setup's writer keeps that bit).
func exposedSecret(path string, s envfile.Settings) (checks.FileIssue, bool) {
	what := ""
	switch {
	case !s.PrivateKeyPEM.IsZero():
		what = "the private key"
	case !s.APIToken.IsZero():
		what = "the API token"
	default:
		return checks.FileIssue{}, false
	}
	if inputfile.ExposureOf(path) != inputfile.WorldReadable {
		return checks.FileIssue{}, false
	}
	return checks.FileIssue{Warns: true,
		Problem: "The .env holds " + what + " and every user of this machine may read it.",
		Fix:     "Run chmod 600 " + path + " (or chmod 640, if Tako runs as another user of the file's group)."}, true
}
