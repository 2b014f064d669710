//go:build unix

package provision

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// lockFile takes an exclusive flock on path without waiting: a run that
// dies releases it, so no stale lock is left. (Hand-written like
// wizard/envfile's folder lock: a dozen lines of the standard library
// instead of a new dependency.) A filesystem without locks runs unlocked.
func lockFile(path string) (func(), error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("locking the automatic setup: %w", err)
	}
	for {
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if !errors.Is(err, syscall.EINTR) {
			break
		}
	}
	switch {
	case err == nil:
		return func() {
			_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
			_ = f.Close()
		}, nil
	case errors.Is(err, syscall.EWOULDBLOCK):
		_ = f.Close()
		return nil, fmt.Errorf("%w (it holds %s)", ErrBusy, path)
	case errors.Is(err, syscall.ENOLCK), errors.Is(err, syscall.EOPNOTSUPP):
		_ = f.Close()
		return func() {}, nil
	}
	_ = f.Close()
	return nil, fmt.Errorf("locking the automatic setup: %w", err)
}
