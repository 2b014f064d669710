package emutest

import (
	"os"
	"path/filepath"
	"testing"
)

// WriteFile writes content to dir/name with mode 0600 (tests' files hold
// keys and tokens) and returns its path.
func WriteFile(t testing.TB, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatalf("writing the test's %s: %v", name, err)
	}
	return p
}

// WriteEnv writes text as dir/.env (mode 0600) and returns its path.
func WriteEnv(t testing.TB, dir, text string) string {
	t.Helper()
	return WriteFile(t, dir, ".env", text)
}
