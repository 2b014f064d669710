//go:build !unix

package provision

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"
)

// staleLock is the age after which a lock file is taken to be left by a
// run that died (an automatic run takes a few minutes at most).
const staleLock = 30 * time.Minute

// lockFile creates path exclusively (no flock here), removed on unlock.
func lockFile(path string) (func(), error) {
	for range 2 {
		f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
		if err == nil {
			_ = f.Close()
			return func() { _ = os.Remove(path) }, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return func() {}, nil // cannot lock here: unlocked
		}
		if fi, serr := os.Stat(path); serr == nil && time.Since(fi.ModTime()) > staleLock {
			_ = os.Remove(path)
			continue
		}
		break
	}
	return nil, fmt.Errorf("%w (it holds %s)", ErrBusy, path)
}
