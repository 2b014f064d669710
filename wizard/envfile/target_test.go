//go:build unix

package envfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"
)

const passwd = "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\nbob:x:1000:1000::/home/bob:/bin/sh\n"

// Every way a .env can lead Write to the wrong file — a symlink out of its
// folder (to a passwd-style file, to a .env), a dangling symlink into
// another user's folder, a symlink onto another user's file, a file that
// is not a .env (through a link in the folder, or named directly), a
// read-only file — is refused with ErrUnusualTarget and leaves every file
// as it was; with Force the write goes through.
func TestWriteRefusesUnusualTargets(t *testing.T) {
	type setup struct {
		link  string // the path given to Write
		check string // the file that must stay unchanged (or not appear)
		text  string // its text ("" = it must not be created)
	}
	otherUID := -1
	if os.Geteuid() == 0 {
		otherUID = 4242
	}
	cases := []struct {
		name  string
		root  bool // needs root (chown)
		make  func(t *testing.T, dir string) setup
		force bool // with Force the write goes through
	}{
		{"symlink out of the folder to a passwd-style file", false, func(t *testing.T, dir string) setup {
			etc := mkdir(t, dir, "etc")
			write(t, filepath.Join(etc, "passwd"), passwd, 0o644)
			app := mkdir(t, dir, "app")
			link(t, "../etc/passwd", filepath.Join(app, ".env"))
			return setup{filepath.Join(app, ".env"), filepath.Join(etc, "passwd"), passwd}
		}, true},
		{"symlink out of the folder to a .env", false, func(t *testing.T, dir string) setup {
			other := mkdir(t, dir, "other")
			write(t, filepath.Join(other, ".env"), "A=1\n", 0o600)
			app := mkdir(t, dir, "app")
			link(t, filepath.Join(other, ".env"), filepath.Join(app, ".env"))
			return setup{filepath.Join(app, ".env"), filepath.Join(other, ".env"), "A=1\n"}
		}, true},
		{"dangling symlink into another user's folder", true, func(t *testing.T, dir string) setup {
			home := mkdir(t, dir, "home-bob")
			chownTo(t, home, otherUID)
			app := mkdir(t, dir, "app")
			link(t, filepath.Join(home, "token.env"), filepath.Join(app, ".env"))
			return setup{filepath.Join(app, ".env"), filepath.Join(home, "token.env"), ""}
		}, false},
		{"symlink in the folder onto another user's file", true, func(t *testing.T, dir string) setup {
			app := mkdir(t, dir, "app")
			write(t, filepath.Join(app, "bob.env"), "A=1\n", 0o600)
			chownTo(t, filepath.Join(app, "bob.env"), otherUID)
			link(t, "bob.env", filepath.Join(app, ".env"))
			return setup{filepath.Join(app, ".env"), filepath.Join(app, "bob.env"), "A=1\n"}
		}, true},
		{"symlink in the folder to a passwd-style file", false, func(t *testing.T, dir string) setup {
			write(t, filepath.Join(dir, "passwd"), passwd, 0o644)
			link(t, "passwd", filepath.Join(dir, ".env"))
			return setup{filepath.Join(dir, ".env"), filepath.Join(dir, "passwd"), passwd}
		}, true},
		{"a passwd-style file named as the .env", false, func(t *testing.T, dir string) setup {
			write(t, filepath.Join(dir, ".env"), passwd, 0o644)
			return setup{filepath.Join(dir, ".env"), filepath.Join(dir, ".env"), passwd}
		}, true},
		{"a read-only .env (0400)", false, func(t *testing.T, dir string) setup {
			write(t, filepath.Join(dir, ".env"), "A=1\n", 0o400)
			return setup{filepath.Join(dir, ".env"), filepath.Join(dir, ".env"), "A=1\n"}
		}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.root && otherUID < 0 {
				t.Skip("needs root to give a file to another user")
			}
			dir := t.TempDir()
			s := c.make(t, dir)
			before := ""
			if b, err := os.ReadFile(s.link); err == nil {
				before = string(b)
			}
			_, err := Write(s.link, validDoc(t, before), WriteOptions{Now: fixedNow})
			if !errors.Is(err, ErrUnusualTarget) {
				t.Fatalf("written, or refused for another reason: %v", err)
			}
			got, rerr := os.ReadFile(s.check)
			switch {
			case s.text == "" && !errors.Is(rerr, fs.ErrNotExist):
				t.Fatalf("%s was created", s.check)
			case s.text != "" && string(got) != s.text:
				t.Fatalf("%s was changed:\n%s", s.check, got)
			}
			if c.force {
				res, err := Write(s.link, validDoc(t, before), WriteOptions{Now: fixedNow, Force: true})
				if err != nil || readString(t, s.check) == s.text {
					t.Fatalf("with Force: %+v %v", res, err)
				}
				if fi, err := os.Stat(s.check); err == nil && (before == "A=1\n" && c.name == "a read-only .env (0400)") != (fi.Mode().Perm() == 0o400) {
					t.Errorf("mode %v after the forced write", fi.Mode().Perm())
				}
			}
		})
	}
}

// A symlink to a file in a folder under the .env's own is followed.
func TestWriteFollowsALinkWithinItsFolder(t *testing.T) {
	dir := t.TempDir()
	sub := mkdir(t, dir, "config")
	write(t, filepath.Join(sub, "tako.env"), "A=1\n", 0o600)
	link(t, "config/tako.env", filepath.Join(dir, ".env"))
	if _, err := Write(filepath.Join(dir, ".env"), validDoc(t, "A=1\n"), WriteOptions{Now: fixedNow}); err != nil {
		t.Fatal(err)
	}
}

func mkdir(t *testing.T, dir, name string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.Mkdir(p, 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

func write(t *testing.T, path, text string, mode fs.FileMode) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, mode); err != nil {
		t.Fatal(err)
	}
}

func link(t *testing.T, target, name string) {
	t.Helper()
	if err := os.Symlink(target, name); err != nil {
		t.Fatal(err)
	}
}

func chownTo(t *testing.T, path string, uid int) {
	t.Helper()
	if err := os.Chown(path, uid, uid); err != nil {
		t.Fatal(err)
	}
}

// A run that finds the folder locked by another waits, then says so and
// writes nothing; the other run's temporary file is left alone.
func TestWriteWaitsForTheLockThenSaysSo(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, ".env")
	write(t, path, "A=1\n", 0o600)
	live := filepath.Join(dir, ".env.tako-setup-1-live.tmp") // another run's
	write(t, live, "half", 0o600)
	unlock, locked, err := lockDir(dir, time.Second)
	if err != nil || !locked {
		t.Fatalf("lock: %v %v", locked, err)
	}
	defer unlock()
	saved := lockWait
	lockWait = 100 * time.Millisecond
	defer func() { lockWait = saved }()
	start := time.Now()
	_, err = Write(path, validDoc(t, "A=1\n"), WriteOptions{Now: fixedNow})
	if !errors.Is(err, ErrLocked) || time.Since(start) < 100*time.Millisecond {
		t.Fatalf("%v after %v", err, time.Since(start))
	}
	if readString(t, path) != "A=1\n" || readString(t, live) != "half" {
		t.Fatal("a file was changed while another run held the lock")
	}
}
