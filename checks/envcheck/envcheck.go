// Package envcheck runs the check engine on a .env file the way Tako reads
// it. `tako-setup check` and `--demo` use it; the wizard, which has its
// answers in memory, calls checks.Run directly.
package envcheck

import (
	"context"
	"errors"
	"io/fs"
	"strings"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/keys"
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
	res.Report = checks.Run(ctx, Input(settings), opt)
	return res, nil
}

// Input turns the .env's settings into the engine's input, as Tako would
// use them: TOKEN_METHOD unset means API_TOKEN (Tako's default); the key is
// read leniently so the engine can test it with Okta, and Tako's own rule —
// PKCS#8 PEM only — is passed on as KeyFormatIssue.
func Input(s envfile.Settings) checks.Input {
	in := checks.Input{
		OrgURL:          s.OrgURL,
		Method:          s.Method,
		ClientID:        s.ClientID,
		Scopes:          s.Scopes,
		APIToken:        s.APIToken,
		ConcurrentLimit: s.ConcurrentLimit,
	}
	if in.Method == "" {
		in.Method = checks.APIToken
	}
	if in.Method != checks.OAuth2 || s.PrivateKeyPEM.IsZero() {
		return in
	}
	text := s.PrivateKeyPEM.Reveal()
	key, err := keys.Parse(text)
	if err != nil {
		// keys' errors explain the problem and never quote key material.
		in.KeyFormatIssue = "OKTA_OAUTH2_PRIVATE_KEY_PEM holds no usable private key: " + err.Error()
		var ke *keys.KeyError
		if !errors.As(err, &ke) {
			in.KeyFormatIssue = "OKTA_OAUTH2_PRIVATE_KEY_PEM holds no usable private key."
		}
		return in
	}
	in.PrivateKey = key
	if nk, err := keys.Normalize(text); err == nil {
		in.KeyID = nk.SourceKID
	}
	if issue := takoPEMIssue(text); issue != "" {
		in.KeyFormatIssue = issue
	}
	return in
}

// takoPEMIssue applies Tako's own test of the key text: it must contain
// "BEGIN PRIVATE KEY" and "END PRIVATE KEY" (PKCS#8), as one PEM block.
func takoPEMIssue(text string) string {
	switch {
	case strings.Contains(text, "BEGIN RSA PRIVATE KEY"):
		return "OKTA_OAUTH2_PRIVATE_KEY_PEM is a PKCS#1 key (\"-----BEGIN RSA PRIVATE KEY-----\"); Tako reads only PKCS#8 (\"-----BEGIN PRIVATE KEY-----\") and will refuse it."
	case strings.Contains(text, "BEGIN EC PRIVATE KEY"):
		return "OKTA_OAUTH2_PRIVATE_KEY_PEM is an EC key in SEC 1 form; Tako reads only RSA keys in PKCS#8 form (\"-----BEGIN PRIVATE KEY-----\")."
	case !strings.Contains(text, "-----BEGIN PRIVATE KEY-----") || !strings.Contains(text, "-----END PRIVATE KEY-----"):
		return "OKTA_OAUTH2_PRIVATE_KEY_PEM is not a PEM block (it looks like a JWK or bare base64); Tako reads only PKCS#8 PEM (\"-----BEGIN PRIVATE KEY-----\") and will refuse it."
	case strings.Count(text, "-----BEGIN") != 1:
		return "OKTA_OAUTH2_PRIVATE_KEY_PEM holds more than one PEM block; Tako needs the private key alone."
	}
	return ""
}
