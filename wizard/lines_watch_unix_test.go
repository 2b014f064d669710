//go:build linux || darwin

package wizard

import (
	"context"
	"io"
	"testing"
	"time"

	"github.com/creack/pty"
)

// AskWatching in a real terminal: a tick whose check passes ends the
// wait; a line typed meanwhile is returned whole, not lost.
func TestTerminalAskWatching(t *testing.T) {
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Skip("no pty:", err)
	}
	t.Cleanup(func() { ptmx.Close(); tty.Close() })
	go func() { _, _ = io.Copy(io.Discard, ptmx) }() // the prompt's echo
	tp, err := NewTerminalPrompter(tty, io.Discard)
	if err != nil {
		t.Fatal(err)
	}

	ticks := make(chan time.Time, 2)
	ticks <- time.Time{}
	ticks <- time.Time{}
	calls := 0
	_, done, err := tp.AskWatching(context.Background(), "> ", ticks, func() bool { calls++; return calls == 2 })
	if err != nil || !done || calls != 2 {
		t.Fatalf("done %v after %d checks: %v", done, calls, err)
	}

	if _, err := ptmx.Write([]byte("again\n")); err != nil {
		t.Fatal(err)
	}
	idle := make(chan time.Time) // no tick: the line decides
	v, done, err := tp.AskWatching(context.Background(), "> ", idle, func() bool { return true })
	if err != nil || done || v != "again" {
		t.Fatalf("got %q done %v: %v", v, done, err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := tp.AskWatching(ctx, "> ", idle, func() bool { return false }); err == nil {
		t.Fatal("an ended context did not end the wait")
	}
}
