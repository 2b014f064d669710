package envfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// maxBackupsPerSecond bounds the names tried for one backup stamp:
// <name>.bak-<stamp>, then -2 … -99.
const maxBackupsPerSecond = 99

// linkFile makes a hard link; a variable so tests can play a filesystem
// without hard links.
var linkFile = os.Link

// testHookBeforeBackupRename, when set by a test, runs after a copied
// backup's temporary file is complete and before it takes the backup's name.
var testHookBeforeBackupRename func(tmp string) error

// errBackupNamesUsed means every backup name for this second is taken.
var errBackupNamesUsed = errors.New("too many backups")

// writeBackup keeps the file about to be replaced (target, whose bytes are
// data and whose stat is info) as <name>.bak-<stamp> beside it, mode 0600
// with the file's owner. The backup appears whole or not at all, like the
// .env itself:
//   - when the file is already private (0600) and has no other name, the
//     backup is a hard link to it: one directory entry, no bytes written, and
//     once the new file is renamed over target the backup is the old file
//     itself;
//   - otherwise, or when the filesystem has no hard links, the bytes go to a
//     temporary file in the same directory (the .env's temporary name, so
//     an interrupted run's leftover is removed by the next one), are flushed
//     and the file is renamed to the backup's name.
func writeBackup(target string, info fs.FileInfo, data []byte, now time.Time, owner fileOwner, haveOwner bool) (string, error) {
	stem := target + ".bak-" + now.Format("20060102-150405")
	if info.Mode().Perm() == privateMode && soleLink(info) {
		name, err := linkBackup(target, stem)
		if err == nil {
			return name, nil
		}
		if errors.Is(err, errBackupNamesUsed) {
			return "", fmt.Errorf("backing up %s: %w named %s*", target, err, filepath.Base(stem))
		}
		// No hard links here (FAT, some network filesystems): copy.
	}
	name, err := copyBackup(target, stem, data, owner, haveOwner)
	if err != nil {
		return "", fmt.Errorf("backing up %s: %w", target, err)
	}
	return name, nil
}

// backupName is the n-th name (from 1) for a backup stamped stem.
func backupName(stem string, n int) string {
	if n == 1 {
		return stem
	}
	return stem + "-" + strconv.Itoa(n)
}

// linkBackup gives target a second name, the first free backup name.
func linkBackup(target, stem string) (string, error) {
	for n := 1; n <= maxBackupsPerSecond; n++ {
		name := backupName(stem, n)
		err := linkFile(target, name)
		if err == nil {
			return name, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return "", err
		}
	}
	return "", errBackupNamesUsed
}

// copyBackup writes data to a temporary file beside target and renames it
// to the first free backup name.
func copyBackup(target, stem string, data []byte, owner fileOwner, haveOwner bool) (string, error) {
	f, err := os.CreateTemp(filepath.Dir(target), tempPattern(filepath.Base(target)))
	if err != nil {
		return "", err
	}
	tmp := f.Name()
	if err := finishFile(f, data, privateMode, owner, haveOwner); err != nil {
		_ = os.Remove(tmp)
		return "", err
	}
	if testHookBeforeBackupRename != nil {
		if err := testHookBeforeBackupRename(tmp); err != nil {
			return "", err // a simulated crash leaves the temporary file behind
		}
	}
	for n := 1; n <= maxBackupsPerSecond; n++ {
		name := backupName(stem, n)
		// Rename replaces an existing file, so look first. Two runs backing
		// up the same file in the same second could still pick one name;
		// one of their two copies is kept, whole either way.
		if _, err := os.Lstat(name); err == nil {
			continue
		} else if !errors.Is(err, fs.ErrNotExist) {
			_ = os.Remove(tmp)
			return "", err
		}
		if err := os.Rename(tmp, name); err != nil {
			_ = os.Remove(tmp)
			return "", err
		}
		return name, nil
	}
	_ = os.Remove(tmp)
	return "", fmt.Errorf("%w named %s*", errBackupNamesUsed, filepath.Base(stem))
}
