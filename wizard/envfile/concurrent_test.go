package envfile_test

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/fctr-id/tako-setup/wizard/envfile"
)

// concurrentEnv names the .env a concurrent writer process rewrites.
const concurrentEnv = "TAKO_SETUP_CONCURRENT_WRITER_ENV"

// concurrentRuns is how many writers run at once.
const concurrentRuns = 10

// TestConcurrentWriterProcess is one run of tako-setup writing the .env,
// run only as a helper process: from the moment the parent picked, it
// reads the file, edits it and writes it, 5 times. A write refused
// because another run changed the file, or holds the lock, is a clean end
// for that round; any other error fails the run.
func TestConcurrentWriterProcess(t *testing.T) {
	path := os.Getenv(concurrentEnv)
	if path == "" {
		t.Skip("a writer of TestConcurrentRunsExcludeEachOther; runs only as its helper process")
	}
	id, _ := strconv.Atoi(os.Getenv(concurrentEnv + "_ID"))
	at, _ := strconv.ParseInt(os.Getenv(concurrentEnv+"_AT"), 10, 64)
	time.Sleep(time.Until(time.Unix(0, at)))
	counts := map[string]int{}
	for round := range 5 {
		s, doc, err := envfile.Load(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, "load:", err)
			os.Exit(3)
		}
		s.ConcurrentLimit = 1 + id*100 + round
		envfile.Apply(doc, s, envfile.ApplyOptions{})
		_, err = envfile.Write(path, doc, envfile.WriteOptions{})
		switch {
		case err == nil:
			counts["wrote"]++
		case errors.Is(err, envfile.ErrChangedOnDisk):
			counts["changed"]++
		case errors.Is(err, envfile.ErrLocked):
			counts["locked"]++
		default:
			fmt.Fprintln(os.Stderr, "write:", err)
			os.Exit(3)
		}
	}
	fmt.Printf("wrote=%d changed=%d locked=%d\n", counts["wrote"], counts["changed"], counts["locked"])
}

// Ten runs writing one .env at the same moment all end cleanly: each write
// either happens whole or is refused with a clear reason (the file changed
// meanwhile, or another run holds the lock) — never "rename … no such
// file" because one run's clean-up removed another's temporary file. The
// .env is whole at the end and no temporary file is left.
func TestConcurrentRunsExcludeEachOther(t *testing.T) {
	if testing.Short() {
		t.Skip("starts 10 processes")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, ".env")
	b := make([]byte, 19)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	token := "00" + hex.EncodeToString(b) + "q" // made up at run time
	initial := "SLACK_CHANNEL=general\nTOKEN_METHOD=API_TOKEN\nOKTA_CLIENT_ORGURL=https://acme.okta.com\nOKTA_API_TOKEN=" + token + "\nOKTA_CONCURRENT_LIMIT=20\n"
	if err := os.WriteFile(path, []byte(initial), 0o600); err != nil {
		t.Fatal(err)
	}
	at := time.Now().Add(300 * time.Millisecond).UnixNano()
	cmds := make([]*exec.Cmd, concurrentRuns)
	outs := make([]*strings.Builder, concurrentRuns)
	for i := range cmds {
		c := exec.Command(exe, "-test.run=^TestConcurrentWriterProcess$", "-test.count=1")
		c.Env = append(os.Environ(), concurrentEnv+"="+path, concurrentEnv+"_ID="+strconv.Itoa(i), concurrentEnv+"_AT="+strconv.FormatInt(at, 10))
		outs[i] = &strings.Builder{}
		c.Stdout, c.Stderr = outs[i], outs[i]
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
		cmds[i] = c
	}
	wrote := 0
	for i, c := range cmds {
		if err := c.Wait(); err != nil {
			t.Errorf("run %d did not end cleanly (%v):\n%s", i, err, outs[i])
			continue
		}
		var w, ch, l int
		for _, line := range strings.Split(outs[i].String(), "\n") {
			if _, err := fmt.Sscanf(line, "wrote=%d changed=%d locked=%d", &w, &ch, &l); err == nil {
				break
			}
		}
		wrote += w
	}
	if wrote == 0 {
		t.Error("no run wrote")
	}
	s, doc, err := envfile.Load(path)
	if err != nil || s.ConcurrentLimit < 1 || len(doc.Problems()) > 0 {
		t.Errorf("the .env at the end: %+v %v", s, err)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".env.tako-setup-*")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
	t.Logf("%d runs × 5 rounds at once: %d writes, the rest refused cleanly", concurrentRuns, wrote)
}
