//go:build unix

package inputfile

import (
	"os"
	"syscall"
)

// openFlags opens without waiting: opening a FIFO for reading otherwise
// blocks until a writer comes.
const openFlags = syscall.O_NONBLOCK

// blocking turns O_NONBLOCK off again for the read (a regular file ignores
// it, but a file that is swapped for something else must not spin).
func blocking(f *os.File) error {
	return syscall.SetNonblock(int(f.Fd()), false)
}
