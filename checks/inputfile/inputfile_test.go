//go:build unix

package inputfile

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

func TestReadsARegularFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(p, []byte("A=1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if b, err := Read(p, 4); err != nil || string(b) != "A=1\n" {
		t.Fatalf("%q %v", b, err)
	}
	if _, err := Read(p, 3); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("a file above the bound: %v", err)
	}
	if _, err := Read(filepath.Join(t.TempDir(), "none"), 10); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("a missing file: %v", err)
	}
}

// A FIFO with no writer, /dev/zero and a directory are refused at once.
func TestRefusesWhatIsNotARegularFile(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("no FIFO here: %v", err)
	}
	for _, name := range []string{fifo, "/dev/zero", dir} {
		done := make(chan error, 1)
		go func() { _, err := Read(name, SecretLimit); done <- err }()
		select {
		case err := <-done:
			if !errors.Is(err, ErrNotRegular) {
				t.Errorf("%s: %v, want ErrNotRegular", name, err)
			}
		case <-time.After(2 * time.Second):
			t.Fatalf("%s: the read still waits after 2 s", name)
		}
	}
}

// A 100 MB file is refused from its size, without reading it.
func TestRefusesAHugeFileAtOnce(t *testing.T) {
	p := filepath.Join(t.TempDir(), "huge.env")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(100 << 20); err != nil { // sparse: no disk used
		t.Fatal(err)
	}
	_ = f.Close()
	start := time.Now()
	_, err = Read(p, EnvLimit)
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("%v, want ErrTooLarge", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("took %v", d)
	}
}

func TestStreamsAreBoundedAndInterruptible(t *testing.T) {
	if _, err := ReadStream(context.Background(), io.LimitReader(zeros{}, 2<<20), SecretLimit); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("2 MiB of input: %v", err)
	}
	pr, pw := io.Pipe() // never written, never closed
	defer pw.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := ReadStream(ctx, pr, SecretLimit); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("a pipe that never closes: %v", err)
	}
	if _, err := io.ReadAll(ContextReader(ctx, pr)); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("ContextReader: %v", err)
	}
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }
