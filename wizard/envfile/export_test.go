package envfile

import (
	"errors"
	"os"
)

// PlayFilesystemWithoutHardLinks makes Write back files up as on a
// filesystem without hard links (by copy), for the rest of the process: the
// crash test's writer uses it to put the copying path under its kills.
func PlayFilesystemWithoutHardLinks() {
	linkFile = func(oldname, newname string) error {
		return &os.LinkError{Op: "link", Old: oldname, New: newname, Err: errors.ErrUnsupported}
	}
}
