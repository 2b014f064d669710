package inputfile

import (
	"io/fs"
	"os"
	"runtime"
)

// Exposure is who besides a file's owner may read it, by its permission
// bits (Unix; on Windows, where they mean nothing, always NotExposed).
type Exposure int

// The three exposures, in order.
const (
	NotExposed    Exposure = iota // only the owner (0600, 0400)
	GroupReadable                 // the file's group too (0640)
	WorldReadable                 // every user of the machine (0644)
)

// ExposureOf says who besides its owner may read the file name (following
// a symlink); a file that cannot be looked at counts as NotExposed (its
// reader reports the error).
func ExposureOf(name string) Exposure {
	fi, err := os.Stat(name)
	if err != nil {
		return NotExposed
	}
	return exposureOfMode(fi.Mode())
}

func exposureOfMode(m fs.FileMode) Exposure {
	switch {
	case runtime.GOOS == "windows":
		return NotExposed
	case m.Perm()&0o004 != 0:
		return WorldReadable
	case m.Perm()&0o040 != 0:
		return GroupReadable
	}
	return NotExposed
}

// Who words the exposure for a message: "every user of this machine",
// "the file's group", or "".
func (e Exposure) Who() string {
	switch e {
	case WorldReadable:
		return "every user of this machine"
	case GroupReadable:
		return "the file's group"
	}
	return ""
}
