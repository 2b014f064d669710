package envfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

var fixedNow = func() time.Time { return time.Date(2026, 3, 4, 5, 6, 7, 0, time.Local) }

// validDoc parses text and applies complete API-token settings.
func validDoc(t *testing.T, text string) *Doc {
	t.Helper()
	d := Parse([]byte(text))
	Apply(d, tokenSettings(t), ApplyOptions{RemoveOtherMethod: true})
	return d
}

func mode(t *testing.T, path string) fs.FileMode {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Mode().Perm()
}

func readString(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestWriteNewFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), ".env")
	d := validDoc(t, "")
	res, err := Write(path, d, WriteOptions{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Created || res.BackupPath != "" || res.Path != path {
		t.Fatalf("result %+v", res)
	}
	if readString(t, path) != string(d.Bytes()) {
		t.Fatal("content differs")
	}
	if runtime.GOOS != "windows" && mode(t, path) != 0o600 {
		t.Fatalf("mode %v", mode(t, path))
	}
}

func TestWriteReplacesWithBackup(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, ".env")
	old := "# mine\nOPENAI_API_KEY=replace-me\n"
	if err := os.WriteFile(path, []byte(old), 0o644); err != nil {
		t.Fatal(err)
	}
	d := validDoc(t, old)
	res, err := Write(path, d, WriteOptions{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	wantBackup := filepath.Join(dir, ".env.bak-20260304-050607")
	if res.BackupPath != wantBackup || res.Created {
		t.Fatalf("result %+v, want backup %s", res, wantBackup)
	}
	if readString(t, wantBackup) != old {
		t.Fatal("backup does not hold the old file")
	}
	if got := readString(t, path); got != string(d.Bytes()) || !strings.HasPrefix(got, old) {
		t.Fatal("new content wrong")
	}
	if runtime.GOOS != "windows" {
		if mode(t, path) != 0o640 || mode(t, wantBackup) != 0o600 {
			t.Fatalf("modes %v %v, want 0640 (group read kept, never others) and 0600 (the old file was 0644)", mode(t, path), mode(t, wantBackup))
		}
	}
	if d.Edited() {
		t.Fatal("after Write the doc should count as read from the new file")
	}

	// A second write in the same second gets its own backup.
	Apply(d, Settings{ConcurrentLimit: 5}, ApplyOptions{})
	res2, err := Write(path, d, WriteOptions{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	if res2.BackupPath != wantBackup+"-2" {
		t.Fatalf("second backup %s", res2.BackupPath)
	}
	if readString(t, wantBackup) != old {
		t.Fatal("first backup overwritten")
	}
	leftovers, _ := filepath.Glob(filepath.Join(dir, ".env.tako-setup-*"))
	if len(leftovers) != 0 {
		t.Fatalf("temporary files left: %v", leftovers)
	}
}

func TestWriteUnchangedMakesNoBackup(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, ".env")
	d := validDoc(t, "")
	if err := os.WriteFile(path, d.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	res, err := Write(path, Parse(d.Bytes()), WriteOptions{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Unchanged || res.BackupPath != "" {
		t.Fatalf("result %+v", res)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Fatalf("extra files: %v", entries)
	}
}

func TestWriteThroughSymlink(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symlinks need privileges on Windows")
	}
	dir := t.TempDir()
	realDir := filepath.Join(dir, "config")
	if err := os.Mkdir(realDir, 0o700); err != nil {
		t.Fatal(err)
	}
	target := filepath.Join(realDir, "tako.env")
	if err := os.WriteFile(target, []byte("A=1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, ".env")
	if err := os.Symlink("config/tako.env", link); err != nil {
		t.Fatal(err)
	}
	d := validDoc(t, "A=1\n")
	res, err := Write(link, d, WriteOptions{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	if res.Path != target || filepath.Dir(res.BackupPath) != realDir {
		t.Fatalf("result %+v", res)
	}
	fi, err := os.Lstat(link)
	if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		t.Fatal("the symlink was replaced by a file")
	}
	if readString(t, link) != string(d.Bytes()) {
		t.Fatal("target not updated")
	}

	// A dangling link creates its target.
	dangling := filepath.Join(dir, "dangling.env")
	if err := os.Symlink(filepath.Join(realDir, "new.env"), dangling); err != nil {
		t.Fatal(err)
	}
	res, err = Write(dangling, validDoc(t, ""), WriteOptions{Now: fixedNow})
	if err != nil || !res.Created || res.Path != filepath.Join(realDir, "new.env") {
		t.Fatalf("dangling link: %+v, %v", res, err)
	}
}

func TestWriteRemovesStaleTemps(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, ".env")
	stale := filepath.Join(dir, ".env.tako-setup-123456.tmp")
	other := filepath.Join(dir, ".other.tako-setup-1.tmp")
	for _, p := range []string{stale, other} {
		if err := os.WriteFile(p, []byte("half written"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	res, err := Write(path, validDoc(t, ""), WriteOptions{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.RemovedTemps) != 1 || res.RemovedTemps[0] != stale {
		t.Fatalf("removed %v", res.RemovedTemps)
	}
	if _, err := os.Stat(stale); !errors.Is(err, fs.ErrNotExist) {
		t.Fatal("stale temp still there")
	}
	if _, err := os.Stat(other); err != nil {
		t.Fatal("another file's temp was removed")
	}
}

func TestWriteCrashLeavesOldFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, ".env")
	old := "A=1\n"
	if err := os.WriteFile(path, []byte(old), 0o600); err != nil {
		t.Fatal(err)
	}
	crash := errors.New("power cut")
	testHookBeforeRename = func(string) error { return crash }
	_, err := Write(path, validDoc(t, old), WriteOptions{Now: fixedNow})
	testHookBeforeRename = observeHook
	if !errors.Is(err, crash) {
		t.Fatalf("err = %v", err)
	}
	if readString(t, path) != old {
		t.Fatal("the old file was damaged by an interrupted write")
	}
	temps, _ := filepath.Glob(filepath.Join(dir, ".env.tako-setup-*.tmp"))
	if len(temps) != 1 {
		t.Fatalf("expected the crashed run's temp file, found %v", temps)
	}
	// The next run cleans up and succeeds.
	res, err := Write(path, validDoc(t, old), WriteOptions{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.RemovedTemps) != 1 {
		t.Fatalf("removed %v", res.RemovedTemps)
	}
}

func TestWriteRefuses(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, ".env")
	old := "A=1\n"
	if err := os.WriteFile(path, []byte(old), 0o600); err != nil {
		t.Fatal(err)
	}

	t.Run("invalid settings", func(t *testing.T) {
		d := Parse([]byte(old))
		Apply(d, Settings{OrgURL: "http://insecure.example.com"}, ApplyOptions{})
		_, err := Write(path, d, WriteOptions{Now: fixedNow})
		var fe *FieldError
		if !errors.As(err, &fe) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("file changed on disk", func(t *testing.T) {
		d := validDoc(t, old)
		if err := os.WriteFile(path, []byte("A=1\nEDITED=meanwhile\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		defer os.WriteFile(path, []byte(old), 0o600)
		if _, err := Write(path, d, WriteOptions{Now: fixedNow}); !errors.Is(err, ErrChangedOnDisk) {
			t.Fatalf("err = %v", err)
		}
		if readString(t, path) != "A=1\nEDITED=meanwhile\n" {
			t.Fatal("overwrote someone else's edit")
		}
	})
	t.Run("a directory", func(t *testing.T) {
		sub := filepath.Join(dir, "sub")
		_ = os.Mkdir(sub, 0o700)
		if _, err := Write(sub, validDoc(t, ""), WriteOptions{Now: fixedNow}); err == nil {
			t.Fatal("wrote over a directory")
		}
	})
	if readString(t, path) != old {
		t.Fatal("file changed by a refused write")
	}
	backups, _ := filepath.Glob(filepath.Join(dir, ".env.bak-*"))
	if len(backups) != 0 {
		t.Fatalf("refused writes made backups: %v", backups)
	}
}

// A file that existed when the doc was read and is gone at write time has
// changed on disk: Write must not bring it back (someone deleted or moved
// it on purpose), and must leave nothing behind.
func TestWriteRefusesFileDeletedSinceRead(t *testing.T) {
	tests := []struct {
		name string
		text string                                            // the file when read
		read func(t *testing.T, path string, text string) *Doc // how the doc was read
		link bool                                              // path is a symlink to the file
	}{
		{name: "loaded file", text: "A=1\n", read: loadDoc},
		{name: "loaded empty file", text: "", read: loadDoc},
		{name: "parsed file text", text: "A=1\n# note\n", read: func(t *testing.T, _ string, text string) *Doc { return Parse([]byte(text)) }},
		{name: "file behind a symlink", text: "A=1\n", read: loadDoc, link: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			file := filepath.Join(dir, "tako.env")
			if err := os.WriteFile(file, []byte(tc.text), 0o600); err != nil {
				t.Fatal(err)
			}
			path := file
			if tc.link {
				path = filepath.Join(dir, ".env")
				if err := os.Symlink("tako.env", path); err != nil {
					t.Fatal(err)
				}
			}
			d := tc.read(t, path, tc.text)
			Apply(d, tokenSettings(t), ApplyOptions{RemoveOtherMethod: true})
			if err := os.Remove(file); err != nil {
				t.Fatal(err)
			}

			res, err := Write(path, d, WriteOptions{Now: fixedNow})
			if !errors.Is(err, ErrChangedOnDisk) {
				t.Fatalf("err = %v, want ErrChangedOnDisk", err)
			}
			if res.Created || res.BackupPath != "" {
				t.Fatalf("result %+v", res)
			}
			if _, err := os.Stat(file); !errors.Is(err, fs.ErrNotExist) {
				t.Fatalf("the deleted file was recreated (stat: %v)", err)
			}
			want := map[string]bool{"tako.env": false, ".env": tc.link}
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				if !want[e.Name()] {
					t.Errorf("left %s behind", e.Name())
				}
			}
		})
	}

	// A doc that stands for no file yet still creates one.
	path := filepath.Join(t.TempDir(), ".env")
	d := validDoc(t, "")
	if res, err := Write(path, d, WriteOptions{Now: fixedNow}); err != nil || !res.Created {
		t.Fatalf("new file: %+v, %v", res, err)
	}
	// Once written, the doc stands for that file: deleting it is noticed.
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	Apply(d, Settings{ConcurrentLimit: 7}, ApplyOptions{})
	if _, err := Write(path, d, WriteOptions{Now: fixedNow}); !errors.Is(err, ErrChangedOnDisk) {
		t.Fatalf("after a write, err = %v, want ErrChangedOnDisk", err)
	}
}

func loadDoc(t *testing.T, path string, _ string) *Doc {
	t.Helper()
	_, d, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
