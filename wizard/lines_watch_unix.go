//go:build darwin || dragonfly || freebsd || linux || netbsd || openbsd || solaris

package wizard

import (
	"context"
	"errors"
	"fmt"
	"time"

	"golang.org/x/sys/unix"
)

// The terminal prompter can wait while Okta is watched.
var _ WatchingPrompter = (*TerminalPrompter)(nil)

// pollEvery is how long AskWatching waits for a line before it looks at
// the ticks and the context again.
const pollEvery = 100 * time.Millisecond

// AskWatching prints prompt and waits for a line, calling check on each
// tick. The terminal is in canonical mode, so poll(2) reports it readable
// only once a whole line (or end of input) is there: the line is then
// read, never abandoned half-way, so nothing typed is lost.
func (t *TerminalPrompter) AskWatching(ctx context.Context, prompt string, ticks <-chan time.Time, check func() bool) (string, bool, error) {
	if err := ctx.Err(); err != nil {
		return "", false, err
	}
	fmt.Fprint(t.out, prompt)
	fd := int(t.in.Fd())
	for {
		fds := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}
		n, err := unix.Poll(fds, int(pollEvery/time.Millisecond))
		switch {
		case err != nil && !errors.Is(err, unix.EINTR):
			return "", false, fmt.Errorf("waiting for an answer: %w", err)
		case n > 0:
			v, err := readLine(t.in)
			if err != nil {
				fmt.Fprintln(t.out)
			}
			return v, false, err
		}
		select {
		case <-ctx.Done():
			fmt.Fprintln(t.out)
			return "", false, ctx.Err()
		case _, ok := <-ticks:
			if ok && check() {
				fmt.Fprintln(t.out)
				return "", true, nil
			}
		default:
		}
	}
}
