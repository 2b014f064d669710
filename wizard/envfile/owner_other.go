//go:build !unix

package envfile

import (
	"io/fs"
	"os"
)

type fileOwner struct{}

// On systems without Unix owners the file keeps the ACLs of its directory.
func ownerFor(string, fs.FileInfo, string) (fileOwner, bool) { return fileOwner{}, false }

func checkCanKeepOwner(string, fileOwner, bool) error { return nil }

func chown(*os.File, fileOwner) error { return nil }

// Directories cannot be opened for flushing on Windows; the rename is
// already durable there.
func syncDir(string) error { return nil }

// Without Unix owners there is no other owner to tell.
func otherOwner(fs.FileInfo, fs.FileInfo) (string, bool) { return "", false }
