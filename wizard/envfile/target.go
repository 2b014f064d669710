package envfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/fctr-id/tako-setup/checks/inputfile"
)

// ErrUnusualTarget is a .env that Write will not replace unless told to
// insist (WriteOptions.Force; --force-env-file on the command line): a
// symbolic link out of the .env's own folder or onto a file owned by
// someone else, a file that does not look like a .env, or a read-only
// file. Each could mean the wrong file is about to be rewritten — as root,
// /etc/passwd through a planted link — or that someone made it so on
// purpose.
var ErrUnusualTarget = errors.New("not replaced without --force-env-file")

// unusualError is a refusal that errors.Is finds as ErrUnusualTarget; its
// message says what was found and how to insist.
type unusualError struct{ msg string }

func (e unusualError) Error() string        { return e.msg }
func (e unusualError) Is(target error) bool { return target == ErrUnusualTarget }

func unusualf(format string, args ...any) error {
	return unusualError{msg: fmt.Sprintf(format, args...)}
}

// ForceFlag is the command-line switch that sets WriteOptions.Force.
const ForceFlag = "--force-env-file"

// followLinks resolves path like resolveSymlinks and, unless force, refuses
// a link whose file is not in the link's own folder (or a folder under
// it), or is owned by someone
// other than that folder's owner and the user running tako-setup. A
// dangling link is judged by where its file would be created.
func followLinks(path string, force bool) (string, error) {
	target, err := resolveSymlinks(path)
	if err != nil || target == path || force {
		return target, err
	}
	linkDir, err := realDir(filepath.Dir(path))
	if err != nil {
		return "", fmt.Errorf("reading %s: %w", filepath.Dir(path), err)
	}
	targetDir, err := realDir(filepath.Dir(target))
	if err != nil {
		return "", fmt.Errorf("%s is a symbolic link to %s, whose folder cannot be read: %w", path, target, err)
	}
	if rel, err := filepath.Rel(linkDir, targetDir); err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", unusualf("%s is a symbolic link to %s, outside its folder %s: tako-setup does not write through such a link (it could make it rewrite another file); write to the file itself, or add %s to write through the link",
			path, target, linkDir, ForceFlag)
	}
	if other, ok := ownedByOther(target, linkDir); ok {
		return "", unusualf("%s is a symbolic link to %s, which belongs to %s, not to the owner of %s: tako-setup does not write through it; add %s to write through the link",
			path, target, other, linkDir, ForceFlag)
	}
	return target, nil
}

// realDir is dir with every symbolic link in it resolved.
func realDir(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	return filepath.EvalSymlinks(abs)
}

// isVarName reports a plausible environment variable name:
// [A-Za-z_][A-Za-z0-9_.-]*.
func isVarName(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || i > 0 && (c >= '0' && c <= '9' || c == '.' || c == '-')) {
			return false
		}
	}
	return s != ""
}

// checkLooksLikeEnv refuses (unless force) to replace a file that does not
// read as a .env: one holding NUL bytes, or one where fewer than half of
// the statements are NAME=value settings (a passwd-style file, a key, a
// binary). Comments and blank lines do not count either way; an empty file
// passes. segs are the file's statements as parsed (those of the edited
// Doc: an edit marks the ones it adds with line 0, and only replaces the
// values of Tako's own keys). The message never quotes the file (it may
// hold secrets).
func checkLooksLikeEnv(target string, data []byte, segs []segment, force bool) error {
	if force {
		return nil
	}
	for _, b := range data {
		if b == 0 {
			return unusualf("%s holds NUL bytes, so it is not a .env file (python-dotenv cannot read it): check that the file named is the right one, or add %s to replace it anyway", target, ForceFlag)
		}
	}
	settings, statements := 0, 0
	for _, s := range segs {
		if s.line == 0 {
			continue // added by the edit: not the file's
		}
		switch {
		case s.key != "" && s.hasValue && isVarName(s.key):
			settings++
			statements++
		case s.key != "" || s.bad:
			statements++
		}
	}
	if statements > 0 && settings*2 < statements {
		return unusualf("%s does not look like a .env file: only %d of its %d lines are NAME=value settings; check that the file named is the right one, or add %s to replace it anyway", target, settings, statements, ForceFlag)
	}
	return nil
}

// checkWritable refuses (unless force) to replace a file its owner made
// read-only: that is a way of saying "do not change this".
func checkWritable(target string, info fs.FileInfo, force bool) error {
	if force || info.Mode().Perm()&0o200 != 0 {
		return nil
	}
	return unusualf("%s is read-only (mode %04o): someone made it so that it is not changed; make it writable (chmod u+w %s) and run again, or add %s to replace it (it stays read-only)",
		target, info.Mode().Perm(), target, ForceFlag)
}

// ownedByOther reports whether the file at target (or, when it does not
// exist, its folder) belongs to a user other than dir's owner and the user
// running tako-setup, and names that user.
func ownedByOther(target, dir string) (string, bool) {
	fi, err := os.Stat(target)
	if err != nil {
		return "", false
	}
	di, err := os.Stat(dir)
	if err != nil {
		return "", false
	}
	return otherOwner(fi, di)
}

// CheckTarget runs, before anything is asked, the checks Write runs on the
// file at path — a symbolic link out of its folder or onto another user's
// file, a file that does not look like a .env, a read-only file — so that
// a front end can refuse at once instead of after the review. A missing
// file passes (Write creates it). The errors wrap ErrUnusualTarget.
func CheckTarget(path string, force bool) error {
	target, err := followLinks(path, force)
	if err != nil {
		return err
	}
	info, err := os.Stat(target)
	if err != nil {
		return nil // missing, or unreadable: Write says why when it gets there
	}
	if !info.Mode().IsRegular() {
		return nil
	}
	if err := checkWritable(target, info, force); err != nil {
		return err
	}
	data, err := inputfile.Read(target, inputfile.EnvLimit)
	if err != nil {
		return nil
	}
	return checkLooksLikeEnv(target, data, parseSegments(string(data)), force)
}
