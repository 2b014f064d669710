package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A .env path that cannot be read is named once in the error, not again
// inside the operating system's own message.
func TestUnreadableEnvPathIsNamedOnce(t *testing.T) {
	dir := t.TempDir()
	notDir := filepath.Join(dir, "notenv.txt")
	if err := os.WriteFile(notDir, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(notDir, "x.env")
	_, _, err := envFileState(path)
	if err == nil {
		t.Fatal("no error for a path under a file")
	}
	if n := strings.Count(err.Error(), path); n != 1 {
		t.Fatalf("the path appears %d times: %v", n, err)
	}
}
