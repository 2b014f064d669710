//go:build unix

package envfile

import (
	"fmt"
	"io/fs"
	"os"
	"syscall"
)

type fileOwner struct{ uid, gid int }

// ownerFor is the owner the written file must have: the existing file's, or
// for a new file created by root, the directory's (so `sudo tako-setup` does
// not leave a .env the Tako user cannot read).
func ownerFor(target string, info fs.FileInfo, dir string) (fileOwner, bool) {
	if info == nil {
		if os.Geteuid() != 0 {
			return fileOwner{}, false
		}
		di, err := os.Stat(dir)
		if err != nil {
			return fileOwner{}, false
		}
		info = di
	}
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return fileOwner{}, false
	}
	return fileOwner{uid: int(st.Uid), gid: int(st.Gid)}, true
}

// checkCanKeepOwner refuses to take over someone else's file: only root can
// give the new file its old owner.
func checkCanKeepOwner(target string, o fileOwner, ok bool) error {
	if !ok || os.Geteuid() == 0 || o.uid == os.Geteuid() {
		return nil
	}
	return fmt.Errorf("%s belongs to user ID %d; run tako-setup as that user (or with sudo) so the file keeps its owner", target, o.uid)
}

func chown(f *os.File, o fileOwner) error {
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok && int(st.Uid) == o.uid && int(st.Gid) == o.gid {
		return nil
	}
	if err := f.Chown(o.uid, o.gid); err != nil {
		if os.Geteuid() != 0 {
			// Not root: the group may not be ours to give; the owner is.
			return nil
		}
		return err
	}
	return nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

// otherOwner reports whether fi belongs to a user other than the owner of
// the folder di and the user running tako-setup, and names that user.
func otherOwner(fi, di fs.FileInfo) (string, bool) {
	f, ok1 := fi.Sys().(*syscall.Stat_t)
	d, ok2 := di.Sys().(*syscall.Stat_t)
	if !ok1 || !ok2 || f.Uid == d.Uid || int(f.Uid) == os.Geteuid() {
		return "", false
	}
	return fmt.Sprintf("user ID %d", f.Uid), true
}
