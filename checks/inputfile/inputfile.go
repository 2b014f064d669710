// Package inputfile reads the files a person names on the command line or
// that tako-setup keeps — the .env, a private key, an API token, a CA
// bundle, the progress file — the one way all of them are read: only a
// regular file is opened for reading (a FIFO, a device such as /dev/zero,
// a directory or a socket is refused at once, never waited on), and never
// more than a bound, so a huge or endless file cannot use up memory.
// Standard input ("-") is read with the same bound, and the read gives up
// when its context ends (ctrl+c, SIGTERM), so a pipe that never closes
// cannot hang the program.
package inputfile

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// Bounds on what is read, far above any real file of the kind.
const (
	// EnvLimit bounds a .env: Tako's own is a few KB; 4 MiB holds tens of
	// thousands of keys.
	EnvLimit = 4 << 20
	// SecretLimit bounds a private key or an API token file (an RSA 8192
	// key as a JWK is under 10 KB).
	SecretLimit = 1 << 20
	// CALimit bounds a CA bundle (the whole Mozilla bundle is ~250 KB).
	CALimit = 8 << 20
	// StateLimit bounds tako-setup's own progress file.
	StateLimit = 1 << 20
)

// ErrNotRegular is a name that is not a regular file.
var ErrNotRegular = errors.New("not a regular file")

// ErrTooLarge is a file (or input) above the bound for its kind.
var ErrTooLarge = errors.New("too large")

// Read reads the regular file name, at most limit bytes. A name that is not
// a regular file fails with an *fs.PathError wrapping ErrNotRegular (it is
// opened without waiting, so a FIFO with no writer does not block); a file
// above limit fails wrapping ErrTooLarge, after reading limit+1 bytes at
// most. A missing file fails wrapping fs.ErrNotExist, as os.ReadFile does.
func Read(name string, limit int64) ([]byte, error) {
	f, err := os.OpenFile(name, os.O_RDONLY|openFlags, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, &fs.PathError{Op: "open", Path: name, Err: notRegular(fi.Mode())}
	}
	if fi.Size() > limit {
		return nil, &fs.PathError{Op: "read", Path: name, Err: tooLarge(fi.Size(), limit)}
	}
	if err := blocking(f); err != nil {
		return nil, err
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit { // it grew while being read
		return nil, &fs.PathError{Op: "read", Path: name, Err: tooLarge(int64(len(data)), limit)}
	}
	return data, nil
}

// ReadStream reads r (standard input) to its end, at most limit bytes,
// giving up with ctx's error as soon as ctx ends. The read of r goes on in
// a goroutine until r answers; the program is ending by then.
func ReadStream(ctx context.Context, r io.Reader, limit int64) ([]byte, error) {
	type result struct {
		data []byte
		err  error
	}
	got := make(chan result, 1)
	go func() {
		data, err := io.ReadAll(io.LimitReader(r, limit+1))
		got <- result{data, err}
	}()
	select {
	case res := <-got:
		if res.err != nil {
			return nil, res.err
		}
		if int64(len(res.data)) > limit {
			return nil, fmt.Errorf("standard input is %w: more than %s", ErrTooLarge, size(limit))
		}
		return res.data, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// notRegular says what the name is instead.
func notRegular(m fs.FileMode) error {
	what := "not a regular file"
	switch {
	case m.IsDir():
		what = "a directory"
	case m&fs.ModeNamedPipe != 0:
		what = "a named pipe (FIFO)"
	case m&fs.ModeCharDevice != 0, m&fs.ModeDevice != 0:
		what = "a device"
	case m&fs.ModeSocket != 0:
		what = "a socket"
	}
	// No word of "-" (standard input) here: only some inputs take it, and
	// their readers say so (wizard's readFileOrStdin); --ca-file does not.
	return fmt.Errorf("%w: it is %s; give the name of a file", ErrNotRegular, what)
}

func tooLarge(n, limit int64) error {
	return fmt.Errorf("%w: %s, more than the %s such a file can be", ErrTooLarge, size(n), size(limit))
}

func size(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// ContextReader is r whose reads give up with ctx's error as soon as ctx
// ends: standard input handed to code that has no context of its own
// (a pipe that never closes must not outlive ctrl+c). A read that gave up
// goes on in a goroutine until r answers; its bytes are dropped.
func ContextReader(ctx context.Context, r io.Reader) io.Reader {
	if r == nil {
		return nil
	}
	if ctx == nil {
		ctx = context.Background()
	}
	return &ctxReader{ctx: ctx, r: r}
}

type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c *ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	type result struct {
		n   int
		err error
	}
	buf := make([]byte, len(p))
	got := make(chan result, 1)
	go func() {
		n, err := c.r.Read(buf)
		got <- result{n, err}
	}()
	select {
	case res := <-got:
		copy(p, buf[:res.n])
		return res.n, res.err
	case <-c.ctx.Done():
		return 0, c.ctx.Err()
	}
}
