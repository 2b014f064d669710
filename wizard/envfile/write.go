package envfile

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/fctr-id/tako-setup/checks/inputfile"
)

// ErrChangedOnDisk means the file on disk is no longer the one the Doc was
// parsed from (someone edited it meanwhile); Write refuses to overwrite it.
var ErrChangedOnDisk = errors.New("the file changed on disk since it was read")

// WriteOptions are Write's injected side effects.
type WriteOptions struct {
	// Now stamps the backup's name (default time.Now).
	Now func() time.Time
	// Force writes through a symbolic link out of the .env's folder or
	// onto a file owned by someone else, and replaces a file that does not
	// look like a .env or is read-only (ErrUnusualTarget; ForceFlag).
	Force bool
}

// WriteResult says what Write did.
type WriteResult struct {
	// Path is the file written: the target of path when path is a symlink.
	Path string
	// BackupPath is the copy of the previous file ("" when there was none or
	// nothing changed).
	BackupPath string
	// Created is true when there was no file before.
	Created bool
	// Unchanged is true when the file already held exactly these bytes, so
	// nothing was written and no backup made.
	Unchanged bool
	// RemovedTemps are temporary files left by an interrupted earlier run,
	// now removed.
	RemovedTemps []string
}

// File permissions for the .env and its backups: they hold credentials.
const privateMode fs.FileMode = 0o600

// tempPattern names this run's temporary files, hidden beside the target
// and named after the process: ".env.tako-setup-<pid>-123.tmp" for ".env",
// ".prod.env.tako-setup-<pid>-123.tmp" for "prod.env".
func tempPattern(base string) string {
	return tempPrefix(base) + strconv.Itoa(os.Getpid()) + "-*.tmp"
}

// tempGlob matches every run's temporary files for base.
func tempGlob(base string) string { return tempPrefix(base) + "*.tmp" }

func tempPrefix(base string) string {
	if !strings.HasPrefix(base, ".") {
		base = "." + base
	}
	return base + ".tako-setup-"
}

// testHookBeforeRename, when set by a test, runs after the temporary file is
// complete and before it replaces the target (to simulate a crash).
var testHookBeforeRename func(tmp string) error

// Write replaces the file at path with doc, safely:
//   - it refuses if doc.Validate fails, or if the file changed on disk since
//     doc was parsed (ErrChangedOnDisk), including a file that existed then
//     and is gone now;
//   - a symlink is followed and its target written, unless it leads out of
//     the .env's folder or onto a file owned by someone else; a file that
//     does not look like a .env, or is read-only, is not replaced either
//     (ErrUnusualTarget, unless opts.Force);
//   - one run writes in a folder at a time (a lock on the folder, waited
//     for up to 10 s, else ErrLocked); temporary files are named after the
//     run, and those left by an interrupted run are removed under the lock,
//     so a live run's are never touched;
//   - the previous file is kept as <name>.bak-YYYYMMDD-HHMMSS (mode 0600,
//     same owner) next to it, atomically too: a hard link to it when it is
//     already private, otherwise a flushed temporary copy renamed into place
//     (see writeBackup), so a backup that exists is always whole;
//   - the new text goes to a temporary file in the same directory (mode
//     0600, plus the replaced file's group-read bit: see newFileMode), is
//     flushed to disk, renamed over the target, and the directory
//     is flushed, so a crash leaves either the old file or the new one;
//   - the file keeps its owner (as root; otherwise a file owned by someone
//     else is refused rather than taken over). A new file created by root
//     gets the directory's owner.
//
// Every error names the file (or, for the lock, its folder): callers need
// not add the path again.
//
// After a successful Write the doc counts as read from the new file.
func Write(path string, doc *Doc, opts WriteOptions) (WriteResult, error) {
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	if err := doc.Validate(); err != nil {
		return WriteResult{}, fmt.Errorf("not writing %s: %w", path, err)
	}
	target, err := followLinks(path, opts.Force)
	if err != nil {
		return WriteResult{}, err
	}
	res := WriteResult{Path: target}
	dir, base := filepath.Dir(target), filepath.Base(target)
	unlock, locked, err := lockDir(dir, lockWait)
	if err != nil {
		return res, err
	}
	defer unlock()
	if locked {
		// Only under the lock: a temporary file then belongs to no live
		// run.
		res.RemovedTemps = removeStaleTemps(dir, base)
	}

	data := doc.Bytes()
	info, err := os.Stat(target)
	switch {
	case errors.Is(err, fs.ErrNotExist) && doc.readFromFile():
		// The file the doc was read from has been deleted (or moved)
		// since: recreating it would bring back what someone removed.
		return res, fmt.Errorf("%s: %w (it no longer exists); run tako-setup again to start from the current state", target, ErrChangedOnDisk)
	case errors.Is(err, fs.ErrNotExist):
		res.Created = true
	case err != nil:
		return res, fmt.Errorf("reading %s: %w", target, err)
	case !info.Mode().IsRegular():
		return res, fmt.Errorf("%s is not a regular file", target)
	}

	owner, haveOwner := ownerFor(target, info, dir)
	if !res.Created {
		current, err := inputfile.Read(target, inputfile.EnvLimit)
		if err != nil {
			return res, fmt.Errorf("reading %s: %w", target, err)
		}
		if !bytes.Equal(current, doc.orig) {
			return res, fmt.Errorf("%s: %w; run tako-setup again to start from the new version", target, ErrChangedOnDisk)
		}
		if bytes.Equal(current, data) {
			res.Unchanged = true
			return res, nil
		}
		if err := checkWritable(target, info, opts.Force); err != nil {
			return res, err
		}
		if err := checkLooksLikeEnv(target, current, doc.segs, opts.Force); err != nil {
			return res, err
		}
		if err := checkCanKeepOwner(target, owner, haveOwner); err != nil {
			return res, err
		}
		if res.BackupPath, err = writeBackup(target, info, current, now(), owner, haveOwner); err != nil {
			return res, err
		}
	}
	mode := newFileMode(res.Created, info)
	if err := replaceFile(target, data, mode, owner, haveOwner); err != nil {
		return res, err
	}
	doc.orig = bytes.Clone(data)
	doc.onDisk = true
	return res, nil
}

// resolveSymlinks follows path to the file it names, even when that file
// does not exist yet (a dangling link is written through).
func resolveSymlinks(path string) (string, error) {
	for range 40 {
		fi, err := os.Lstat(path)
		if errors.Is(err, fs.ErrNotExist) {
			return path, nil
		}
		if err != nil {
			return "", fmt.Errorf("reading %s: %w", path, err)
		}
		if fi.Mode()&fs.ModeSymlink == 0 {
			return path, nil
		}
		link, err := os.Readlink(path)
		if err != nil {
			return "", fmt.Errorf("reading symlink %s: %w", path, err)
		}
		if !filepath.IsAbs(link) {
			link = filepath.Join(filepath.Dir(path), link)
		}
		path = link
	}
	return "", fmt.Errorf("%s: too many levels of symbolic links", path)
}

// removeStaleTemps deletes temporary files an interrupted Write left in dir.
func removeStaleTemps(dir, base string) []string {
	matches, _ := filepath.Glob(filepath.Join(dir, tempGlob(base)))
	var removed []string
	for _, m := range matches {
		if fi, err := os.Lstat(m); err == nil && fi.Mode().IsRegular() && os.Remove(m) == nil {
			removed = append(removed, m)
		}
	}
	return removed
}

// replaceFile writes data to a temporary file beside target and renames it
// over target.
// newFileMode is the mode of the written file: 0600, keeping the group-read
// bit of the file it replaces — a .env made 0640 for the group Tako runs
// as stays readable by it (it holds the same kind of secrets it did) —
// but never anything for others, nor group write or execute. A read-only
// file replaced with Force stays read-only for its owner (0400): its owner
// made it so.
func newFileMode(created bool, old fs.FileInfo) fs.FileMode {
	if created {
		return privateMode
	}
	perm := old.Mode().Perm()
	mode := privateMode | perm&groupRead
	if perm&0o200 == 0 {
		mode = perm & (0o500 | groupRead)
	}
	return mode
}

// groupRead is the only permission bit beyond the owner's that a written
// .env keeps from the file it replaces.
const groupRead fs.FileMode = 0o040

func replaceFile(target string, data []byte, mode fs.FileMode, owner fileOwner, haveOwner bool) error {
	dir, base := filepath.Dir(target), filepath.Base(target)
	f, err := os.CreateTemp(dir, tempPattern(base))
	if err != nil {
		return fmt.Errorf("writing %s: %w", target, err)
	}
	tmp := f.Name()
	if err := finishFile(f, data, mode, owner, haveOwner); err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("writing %s: %w", target, err)
	}
	if testHookBeforeRename != nil {
		if err := testHookBeforeRename(tmp); err != nil {
			return err // a simulated crash leaves the temporary file behind
		}
	}
	if err := os.Rename(tmp, target); err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("replacing %s: %w", target, err)
	}
	// Best effort: the rename is done; a filesystem that cannot flush a
	// directory should not turn success into failure.
	_ = syncDir(dir)
	return nil
}

// finishFile writes data, sets mode (0600, or 0400 for a read-only .env
// replaced with Force) and the owner, flushes and closes f.
func finishFile(f *os.File, data []byte, mode fs.FileMode, owner fileOwner, haveOwner bool) error {
	_, err := f.Write(data)
	if err == nil {
		err = f.Chmod(mode)
	}
	if err == nil && haveOwner {
		err = chown(f, owner)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
