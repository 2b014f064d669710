//go:build !unix

package envfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// lockDir takes the write lock of dir: a lock file created exclusively
// (Windows has no flock on folders), removed on unlock; one older than
// staleLock is taken to be left by a run that died.
func lockDir(dir string, wait time.Duration) (unlock func(), locked bool, err error) {
	name := filepath.Join(dir, ".tako-setup.lock")
	deadline := time.Now().Add(wait)
	for {
		f, err := os.OpenFile(name, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
		if err == nil {
			_ = f.Close()
			return func() { _ = os.Remove(name) }, true, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return func() {}, false, nil // cannot lock here: unlocked
		}
		if fi, serr := os.Stat(name); serr == nil && time.Since(fi.ModTime()) > staleLock {
			_ = os.Remove(name)
			continue
		}
		if time.Now().After(deadline) {
			return nil, false, fmt.Errorf("%w (%s)", ErrLocked, dir)
		}
		time.Sleep(lockPoll)
	}
}

const staleLock = 2 * time.Minute
