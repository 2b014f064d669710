package envfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// noHardLinks plays a filesystem without hard links for the test's length.
func noHardLinks(t *testing.T) {
	t.Helper()
	linkFile = func(oldname, newname string) error {
		return &os.LinkError{Op: "link", Old: oldname, New: newname, Err: errors.ErrUnsupported}
	}
	t.Cleanup(func() { linkFile = os.Link })
}

// writeOld puts text at dir/.env with perm and returns its path and stat.
func writeOld(t *testing.T, dir, text string, perm fs.FileMode) (string, fs.FileInfo) {
	t.Helper()
	path := filepath.Join(dir, ".env")
	if err := os.WriteFile(path, []byte(text), perm); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, perm); err != nil { // past the umask
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return path, fi
}

func tempsIn(t *testing.T, dir string) []string {
	t.Helper()
	temps, err := filepath.Glob(filepath.Join(dir, ".env.tako-setup-*.tmp"))
	if err != nil {
		t.Fatal(err)
	}
	return temps
}

// A private .env is kept by a hard link: the backup is the old file itself.
func TestBackupOfPrivateFileIsTheOldFile(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("backups are copies without Unix modes and link counts")
	}
	dir := t.TempDir()
	old := "# mine\nA=1\n"
	path, before := writeOld(t, dir, old, 0o600)
	res, err := Write(path, validDoc(t, old), WriteOptions{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	bak, err := os.Stat(res.BackupPath)
	if err != nil {
		t.Fatal(err)
	}
	if !os.SameFile(before, bak) {
		t.Fatal("the backup of a private file is a copy, want the old file kept by a hard link")
	}
	if readString(t, res.BackupPath) != old || bak.Mode().Perm() != 0o600 {
		t.Fatalf("backup holds %q with mode %v, want the old file with mode 0600", readString(t, res.BackupPath), bak.Mode().Perm())
	}
	if now, _ := os.Stat(path); os.SameFile(now, bak) {
		t.Fatal("the new .env shares the backup's inode")
	}
	if !soleLink(bak) {
		t.Fatal("after the write the backup should be the old file's only name")
	}

	// The next write in the same second links to the next name.
	d := Parse([]byte(readString(t, path)))
	Apply(d, Settings{ConcurrentLimit: 5}, ApplyOptions{})
	res2, err := Write(path, d, WriteOptions{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	if res2.BackupPath != res.BackupPath+"-2" {
		t.Fatalf("second backup %s, want %s-2", res2.BackupPath, res.BackupPath)
	}
	if readString(t, res.BackupPath) != old {
		t.Fatal("the first backup changed")
	}
	if temps := tempsIn(t, dir); len(temps) != 0 {
		t.Fatalf("temporary files left: %v", temps)
	}
}

// A .env with a second name is copied: a link would let edits through that
// other name change the backup.
func TestBackupOfFileWithAnotherNameIsACopy(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("needs Unix link counts")
	}
	dir := t.TempDir()
	old := "A=1\n"
	path, _ := writeOld(t, dir, old, 0o600)
	other := filepath.Join(dir, "tako.env")
	if err := os.Link(path, other); err != nil {
		t.Skipf("no hard links here: %v", err)
	}
	res, err := Write(path, validDoc(t, old), WriteOptions{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(other, []byte("B=2\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if got := readString(t, res.BackupPath); got != old {
		t.Fatalf("backup holds %q after the other name was edited, want %q", got, old)
	}
	if m := mode(t, res.BackupPath); m != 0o600 {
		t.Fatalf("backup mode %v", m)
	}
}

// Without hard links the backup is a flushed copy renamed into place.
func TestBackupWithoutHardLinksIsACompleteCopy(t *testing.T) {
	noHardLinks(t)
	dir := t.TempDir()
	old := "# mine\nA=1\n"
	path, _ := writeOld(t, dir, old, 0o600)
	if err := os.WriteFile(filepath.Join(dir, ".env.bak-20260304-050607"), []byte("an earlier backup"), 0o600); err != nil {
		t.Fatal(err)
	}
	res, err := Write(path, validDoc(t, old), WriteOptions{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(dir, ".env.bak-20260304-050607-2"); res.BackupPath != want {
		t.Fatalf("backup %s, want %s (the first name is taken)", res.BackupPath, want)
	}
	if readString(t, res.BackupPath) != old {
		t.Fatal("backup does not hold the old file")
	}
	if readString(t, filepath.Join(dir, ".env.bak-20260304-050607")) != "an earlier backup" {
		t.Fatal("an earlier backup was overwritten")
	}
	if runtime.GOOS != "windows" && mode(t, res.BackupPath) != 0o600 {
		t.Fatalf("backup mode %v", mode(t, res.BackupPath))
	}
	if temps := tempsIn(t, dir); len(temps) != 0 {
		t.Fatalf("temporary files left: %v", temps)
	}
}

// A crash while a copied backup is written leaves no backup, the .env
// untouched and a temporary file the next run removes.
func TestBackupCrashLeavesNoPartialBackup(t *testing.T) {
	noHardLinks(t)
	dir := t.TempDir()
	old := "A=1\n"
	path, _ := writeOld(t, dir, old, 0o644)
	crash := errors.New("power cut")
	testHookBeforeBackupRename = func(string) error { return crash }
	_, err := Write(path, validDoc(t, old), WriteOptions{Now: fixedNow})
	testHookBeforeBackupRename = nil
	if !errors.Is(err, crash) {
		t.Fatalf("err = %v", err)
	}
	if baks, _ := filepath.Glob(filepath.Join(dir, ".env.bak-*")); len(baks) != 0 {
		t.Fatalf("an interrupted backup left %v", baks)
	}
	if readString(t, path) != old {
		t.Fatal("the .env changed although its backup was not made")
	}
	temps := tempsIn(t, dir)
	if len(temps) != 1 {
		t.Fatalf("expected the crashed backup's temporary file, found %v", temps)
	}
	if runtime.GOOS != "windows" && mode(t, temps[0]) != 0o600 {
		t.Fatalf("the backup's temporary file has mode %v", mode(t, temps[0]))
	}
	res, err := Write(path, validDoc(t, old), WriteOptions{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.RemovedTemps) != 1 || res.RemovedTemps[0] != temps[0] {
		t.Fatalf("removed %v, want %v", res.RemovedTemps, temps)
	}
	if readString(t, res.BackupPath) != old {
		t.Fatal("the next run's backup does not hold the old file")
	}
}
