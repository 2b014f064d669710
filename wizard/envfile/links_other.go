//go:build !unix

package envfile

import "io/fs"

// soleLink reports whether the file has no other name. Without Unix link
// counts that cannot be told, so backups are copies.
func soleLink(fs.FileInfo) bool { return false }
