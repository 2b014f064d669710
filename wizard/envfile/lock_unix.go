//go:build unix

package envfile

import (
	"errors"
	"fmt"
	"os"
	"syscall"
	"time"
)

// lockDir takes the write lock of dir: an exclusive flock on the folder
// itself, so no lock file is left behind and a run that dies releases it.
// Every Write holds it from the clean-up of stale temporary files to the
// rename, so concurrent runs exclude each other and none removes another's
// live temporary file. It waits up to wait for a run that holds it.
//
// locked is false when the folder cannot be locked here (it cannot be
// opened for reading, or the filesystem has no locks, as some network
// mounts): the write goes on unlocked, and leaves other runs' temporary
// files alone.
func lockDir(dir string, wait time.Duration) (unlock func(), locked bool, err error) {
	d, err := os.Open(dir)
	if err != nil {
		return func() {}, false, nil
	}
	deadline := time.Now().Add(wait)
	for {
		err = syscall.Flock(int(d.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			return func() {
				_ = syscall.Flock(int(d.Fd()), syscall.LOCK_UN)
				_ = d.Close()
			}, true, nil
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) && !errors.Is(err, syscall.EINTR) {
			_ = d.Close()
			if errors.Is(err, syscall.ENOLCK) || errors.Is(err, syscall.EOPNOTSUPP) {
				return func() {}, false, nil
			}
			return nil, false, fmt.Errorf("locking %s: %w", dir, err)
		}
		if time.Now().After(deadline) {
			_ = d.Close()
			return nil, false, fmt.Errorf("%w (%s)", ErrLocked, dir)
		}
		time.Sleep(lockPoll)
	}
}
