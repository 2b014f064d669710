package envcheck

import (
	"context"
	"errors"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/emulator/emutest"
)

func TestCheckFileErrors(t *testing.T) {
	dir := t.TempDir()
	_, err := CheckFile(context.Background(), filepath.Join(dir, "missing"), checks.Options{})
	var fe *FileError
	if !errors.As(err, &fe) || !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), "there is no file") {
		t.Fatalf("missing file: %v", err)
	}
	bad := emutest.WriteEnv(t, dir, "OKTA_API_TOKEN=\"unterminated\nOKTA_CONCURRENT_LIMIT=many\n")
	_, err = CheckFile(context.Background(), bad, checks.Options{})
	if !errors.As(err, &fe) || len(fe.Problems) == 0 || strings.Contains(err.Error(), "unterminated") {
		t.Fatalf("invalid file: %v", err)
	}
}
