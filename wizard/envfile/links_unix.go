//go:build unix

package envfile

import (
	"io/fs"
	"syscall"
)

// soleLink reports whether the file has no other name, so that a hard link
// made as its backup cannot be changed through a name the user still edits.
func soleLink(info fs.FileInfo) bool {
	st, ok := info.Sys().(*syscall.Stat_t)
	return ok && st.Nlink == 1
}
