//go:build unix

package envfile_test

import (
	"bufio"
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/canary"
	"github.com/fctr-id/tako-setup/checks/secret"
	"github.com/fctr-id/tako-setup/wizard/envfile"
)

// Crash safety (the hardening suite, TESTING.md): a writer killed with SIGKILL at a random moment
// of a .env write leaves the .env whole — the old content or the new one,
// byte for byte, mode 0600 — every backup that exists whole too (an old
// .env byte for byte, mode 0600), and the temporary file it may leave is
// removed by the next run.
//
// The writer is this test binary, re-executed with crashWriterEnv set: it
// flips the file between two versions A and B with envfile.Write, forever,
// until it is killed. Every other writer backs up by copy, as on a
// filesystem without hard links (crashCopyEnv), so both ways of making a
// backup are killed.

// crashWriterEnv names the .env the helper process rewrites.
const crashWriterEnv = "TAKO_SETUP_CRASH_WRITER_ENV"

// crashCopyEnv, set to 1, makes the writer back up by copy, not hard link.
const crashCopyEnv = "TAKO_SETUP_CRASH_WRITER_COPY"

// crashKillsEnv overrides the number of kills (default 200).
const crashKillsEnv = "TAKO_SETUP_CRASH_KILLS"

// crashVersions are the two versions the writer alternates between: the
// same unrelated settings (8 KiB of them, so a write spans pages) and
// different Okta values.
func crashVersions(t testing.TB) (a, b []byte, sa, sb envfile.Settings) {
	var base strings.Builder
	base.WriteString("# Tako's settings\nLOG_LEVEL=info\n")
	for i := range 120 {
		fmt.Fprintf(&base, "UNRELATED_SETTING_%03d=\"value %03d kept byte for byte by every write\"\n", i, i)
	}
	sa = envfile.Settings{OrgURL: "https://acme.okta.com", Method: checks.APIToken, APIToken: secret.New(canary.Token()), ConcurrentLimit: 18}
	sb = envfile.Settings{OrgURL: "https://acme-new.oktapreview.com", Method: checks.APIToken, APIToken: secret.New(canary.Token()), ConcurrentLimit: 37}
	doc := envfile.Parse([]byte(base.String()))
	envfile.Apply(doc, sa, envfile.ApplyOptions{RemoveOtherMethod: true})
	a = doc.Bytes()
	envfile.Apply(doc, sb, envfile.ApplyOptions{RemoveOtherMethod: true})
	b = doc.Bytes()
	back := envfile.Parse(b)
	envfile.Apply(back, sa, envfile.ApplyOptions{RemoveOtherMethod: true})
	if !bytes.Equal(back.Bytes(), a) {
		t.Fatalf("B edited back to A's settings is not A:\n%s\n---\n%s", back.Bytes(), a)
	}
	return a, b, sa, sb
}

// TestCrashWriterProcess is the writer, run only as a helper process.
func TestCrashWriterProcess(t *testing.T) {
	path := os.Getenv(crashWriterEnv)
	if path == "" {
		t.Skip("the writer of TestKillDuringWriteLeavesOldOrNew; runs only as its helper process")
	}
	// The versions come from the parent through files, since tokens are
	// random.
	a, errA := os.ReadFile(path + ".A")
	b, errB := os.ReadFile(path + ".B")
	if errA != nil || errB != nil {
		fmt.Fprintln(os.Stderr, "reading the versions:", errA, errB)
		os.Exit(3)
	}
	sa, sb := envfile.Parse(a).Settings(), envfile.Parse(b).Settings()
	if os.Getenv(crashCopyEnv) == "1" {
		envfile.PlayFilesystemWithoutHardLinks()
	}
	// Each write's backup needs a name of its own: a clock that ticks a
	// second per call, from a start the parent picks per run.
	start, _ := strconv.ParseInt(os.Getenv(crashWriterEnv+"_CLOCK"), 10, 64)
	tick := time.Unix(start, 0)
	now := func() time.Time { tick = tick.Add(time.Second); return tick }
	out := bufio.NewWriter(os.Stdout)
	began := time.Now()
	for i := 0; ; i++ {
		cur, err := os.ReadFile(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(3)
		}
		doc := envfile.Parse(cur)
		next := sa
		if bytes.Equal(cur, a) {
			next = sb
		}
		envfile.Apply(doc, next, envfile.ApplyOptions{RemoveOtherMethod: true})
		if i == 2 {
			// Tell the parent the loop runs, and how long a round takes
			// here (fsync, the race detector): from now on every moment is
			// inside a write or between two.
			fmt.Fprintf(out, "writing %d\n", time.Since(began)/2)
			_ = out.Flush()
		}
		if _, err := envfile.Write(path, doc, envfile.WriteOptions{Now: now}); err != nil {
			fmt.Fprintln(os.Stderr, "write:", err)
			os.Exit(3)
		}
	}
}

// TestKillDuringWriteLeavesOldOrNew kills the writer at random moments,
// 200 times (30 under -race; TAKO_SETUP_CRASH_KILLS to change), and checks
// after each kill.
func TestKillDuringWriteLeavesOldOrNew(t *testing.T) {
	kills := 200
	if crashRace {
		kills = 30 // writers start slowly under -race; the full 200 run without it
	}
	if v, err := strconv.Atoi(os.Getenv(crashKillsEnv)); err == nil && v > 0 {
		kills = v
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, ".env")
	a, b, sa, _ := crashVersions(t)
	for name, data := range map[string][]byte{path + ".A": a, path + ".B": b} {
		if err := os.WriteFile(name, data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(path, a, 0o600); err != nil {
		t.Fatal(err)
	}

	var (
		wasA, wasB, withTemp         int
		linkedBackups, copiedBackups int
		deadline                     = time.Now().Add(60 * time.Second)
	)
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 7))
	for run := range kills {
		if time.Now().After(deadline) {
			t.Fatalf("only %d kills in 60 s; the machine is too slow for this test", run)
		}
		cmd := exec.Command(exe, "-test.run=^TestCrashWriterProcess$", "-test.count=1")
		copying := run%2 == 1
		cmd.Env = append(os.Environ(), crashWriterEnv+"="+path, crashWriterEnv+"_CLOCK="+strconv.Itoa(run*1_000_000))
		if copying {
			cmd.Env = append(cmd.Env, crashCopyEnv+"=1")
		}
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		ready := make(chan error, 1)
		var round time.Duration
		go func() {
			line, err := bufio.NewReader(stdout).ReadString('\n')
			if err == nil {
				if _, serr := fmt.Sscanf(line, "writing %d\n", &round); serr != nil {
					err = fmt.Errorf("unexpected output %q", line)
				}
			}
			ready <- err
		}()
		select {
		case err := <-ready:
			if err != nil {
				_ = cmd.Process.Kill()
				_ = cmd.Wait()
				t.Fatalf("run %d: the writer did not start: %v\n%s", run, err, stderr.String())
			}
		case <-time.After(20 * time.Second):
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
			t.Fatalf("run %d: the writer did not start in 20 s\n%s", run, stderr.String())
		}
		// A random moment within the next two rounds.
		time.Sleep(time.Duration(rng.Int64N(int64(2*round) + 1)))
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		err = cmd.Wait()
		if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
			t.Fatalf("run %d: the writer ended by itself (%v), not by the kill:\n%s", run, err, stderr.String())
		}

		// The .env: whole, old or new, private.
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("run %d: the .env is gone after the kill: %v", run, err)
		}
		switch {
		case bytes.Equal(got, a):
			wasA++
		case bytes.Equal(got, b):
			wasB++
		default:
			t.Fatalf("run %d: after the kill the .env is neither version (%d bytes; A has %d, B %d)", run, len(got), len(a), len(b))
		}
		if fi, err := os.Lstat(path); err != nil || !fi.Mode().IsRegular() || fi.Mode().Perm() != 0o600 {
			t.Fatalf("run %d: the .env is %v (%v), want a regular file with mode 0600", run, fi.Mode(), err)
		}
		// Temporary files: private while they exist, gone after the next run.
		temps, _ := filepath.Glob(filepath.Join(dir, ".env.tako-setup-*.tmp"))
		for _, tmp := range temps {
			if fi, err := os.Stat(tmp); err == nil && fi.Mode().Perm() != 0o600 {
				t.Fatalf("run %d: the temporary file %s has mode %v", run, filepath.Base(tmp), fi.Mode().Perm())
			}
		}
		if len(temps) > 0 {
			withTemp++
		}
		// Backups: every one that exists is an old .env, whole and private.
		baks, _ := filepath.Glob(filepath.Join(dir, ".env.bak-*"))
		for _, bak := range baks {
			fi, err := os.Lstat(bak)
			if err != nil || !fi.Mode().IsRegular() || fi.Mode().Perm() != 0o600 {
				t.Fatalf("run %d: backup %s is %v (%v), want a regular file with mode 0600", run, filepath.Base(bak), fi.Mode(), err)
			}
			data, err := os.ReadFile(bak)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(data, a) && !bytes.Equal(data, b) {
				how := "hard link"
				if copying {
					how = "copy"
				}
				t.Fatalf("run %d: backup %s (made by %s) is not a whole old .env: %d bytes, A has %d, B %d", run, filepath.Base(bak), how, len(data), len(a), len(b))
			}
			_ = os.Remove(bak)
		}
		if copying {
			copiedBackups += len(baks)
		} else {
			linkedBackups += len(baks)
		}

		// The next run cleans up after the killed one.
		if len(temps) > 0 || run%10 == 0 {
			doc := envfile.Parse(got)
			envfile.Apply(doc, sa, envfile.ApplyOptions{RemoveOtherMethod: true})
			res, err := envfile.Write(path, doc, envfile.WriteOptions{})
			if err != nil {
				t.Fatalf("run %d: the next write failed: %v", run, err)
			}
			if len(res.RemovedTemps) != len(temps) {
				t.Fatalf("run %d: the next write removed %d temporary files, %d were left", run, len(res.RemovedTemps), len(temps))
			}
			if left, _ := filepath.Glob(filepath.Join(dir, ".env.tako-setup-*.tmp")); len(left) > 0 {
				t.Fatalf("run %d: temporary files left after the next write: %q", run, left)
			}
			if now, _ := os.ReadFile(path); !bytes.Equal(now, a) {
				t.Fatalf("run %d: the next write did not write A", run)
			}
			baks, _ := filepath.Glob(filepath.Join(dir, ".env.bak-*"))
			for _, bak := range baks {
				_ = os.Remove(bak)
			}
		}
	}
	t.Logf("%d/%d kills left the old or the new .env whole with mode 0600 (A %d, B %d); %d kills landed mid-write and left a temporary file, each removed by the next write; all %d backups whole and 0600 (%d hard links, %d copies)",
		wasA+wasB, kills, wasA, wasB, withTemp, linkedBackups+copiedBackups, linkedBackups, copiedBackups)
	if wasA == 0 || wasB == 0 {
		t.Errorf("the kills never caught one of the versions (A %d, B %d): the writer is not writing", wasA, wasB)
	}
	if linkedBackups == 0 || copiedBackups == 0 {
		t.Errorf("no backups checked for one way of making them (%d hard links, %d copies): the writers are not backing up", linkedBackups, copiedBackups)
	}
}
