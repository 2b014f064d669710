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

// ObserveWrites calls see with the text of every file Write is about to put
// in place (after the temporary file is complete, before the rename), for
// the rest of the process; a test that sets its own hook keeps calling it.
func ObserveWrites(see func(data []byte)) {
	observer = see
}

// observer is ObserveWrites' function, called by the hook below.
var observer func(data []byte)

func init() {
	testHookBeforeRename = observeHook
}

// observeHook shows the temporary file to the observer.
func observeHook(tmp string) error {
	if observer != nil {
		if b, err := os.ReadFile(tmp); err == nil {
			observer(b)
		}
	}
	return nil
}
