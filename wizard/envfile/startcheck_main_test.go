package envfile_test

import (
	"fmt"
	"os"
	"sync"
	"testing"

	"github.com/fctr-id/tako-setup/wizard/envfile"
	"github.com/fctr-id/tako-setup/wizard/envfile/envfiletest"
)

// TestMain loads every file the writer's tests write through the model of
// Tako's start-up (envfiletest.TakoStarts): the run fails if one of them
// would not start Tako (docs/tako-env.md, "What makes Tako refuse to start").
func TestMain(m *testing.M) {
	var (
		mu      sync.Mutex
		written int
		refused []string
	)
	envfile.ObserveWrites(func(data []byte) {
		mu.Lock()
		defer mu.Unlock()
		written++
		if err := envfiletest.TakoStarts(data); err != nil {
			refused = append(refused, err.Error())
		}
	})
	code := m.Run()
	if testing.Verbose() {
		fmt.Fprintf(os.Stderr, "the writer wrote %d files; %d would not start Tako\n", written, len(refused))
	}
	if len(refused) > 0 {
		fmt.Fprintf(os.Stderr, "FAIL: %d of the %d files the writer wrote would not start Tako:\n", len(refused), written)
		for _, r := range refused {
			fmt.Fprintln(os.Stderr, "  "+r)
		}
		code = 1
	}
	os.Exit(code)
}
