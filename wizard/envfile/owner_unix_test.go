//go:build unix

package envfile

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func uidOf(t *testing.T, path string) (int, int) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	st := fi.Sys().(*syscall.Stat_t)
	return int(st.Uid), int(st.Gid)
}

// As root (sudo tako-setup), the .env and its backup keep the owner of the
// file Tako runs as.
func TestWriteKeepsOwnerAsRoot(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to give files to another user")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, ".env")
	if err := os.WriteFile(path, []byte("A=1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(path, 4321, 4322); err != nil {
		t.Fatal(err)
	}
	res, err := Write(path, validDoc(t, "A=1\n"), WriteOptions{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{path, res.BackupPath} {
		if uid, gid := uidOf(t, p); uid != 4321 || gid != 4322 {
			t.Errorf("%s owned by %d:%d, want 4321:4322", p, uid, gid)
		}
	}

	// A new file created by root belongs to the directory's owner.
	owned := filepath.Join(dir, "home")
	if err := os.Mkdir(owned, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(owned, 4321, 4322); err != nil {
		t.Fatal(err)
	}
	res, err = Write(filepath.Join(owned, ".env"), validDoc(t, ""), WriteOptions{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	if uid, _ := uidOf(t, res.Path); uid != 4321 {
		t.Errorf("new file owned by %d, want the directory owner 4321", uid)
	}
}

func TestCheckCanKeepOwner(t *testing.T) {
	me := os.Geteuid()
	if err := checkCanKeepOwner("x", fileOwner{uid: me}, true); err != nil {
		t.Fatalf("own file refused: %v", err)
	}
	err := checkCanKeepOwner("/srv/tako/.env", fileOwner{uid: me + 1}, true)
	if me == 0 {
		if err != nil {
			t.Fatalf("root refused: %v", err)
		}
		return
	}
	if err == nil || !strings.Contains(err.Error(), "sudo") {
		t.Fatalf("err = %v", err)
	}
}
