package envfile

import (
	"io/fs"
	"runtime"
	"testing"
)

// TestWriteKeepsGroupReadNeverWorld: a .env made 0640 for the group Tako
// runs as stays readable by that group (it used to become 0600 silently,
// and Tako could no longer read it); nothing is ever kept for others, nor
// group write; a new file is 0600.
func TestWriteKeepsGroupReadNeverWorld(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no Unix modes")
	}
	for _, c := range []struct{ before, want fs.FileMode }{
		{0o640, 0o640},
		{0o600, 0o600},
		{0o644, 0o640},
		{0o666, 0o640},
		{0o604, 0o600},
		{0o660, 0o640},
		{0o700, 0o600},
	} {
		path, _ := writeOld(t, t.TempDir(), "A=1\n", c.before)
		if _, err := Write(path, validDoc(t, "A=1\n"), WriteOptions{Now: fixedNow}); err != nil {
			t.Fatalf("%v: %v", c.before, err)
		}
		if got := mode(t, path); got != c.want {
			t.Errorf("a %v .env became %v, want %v", c.before, got, c.want)
		}
	}
	dir := t.TempDir()
	res, err := Write(dir+"/.env", validDoc(t, ""), WriteOptions{Now: fixedNow})
	if err != nil || !res.Created {
		t.Fatalf("new file: %v %+v", err, res)
	}
	if got := mode(t, dir+"/.env"); got != 0o600 {
		t.Errorf("a new .env has mode %v, want 0600", got)
	}
}
