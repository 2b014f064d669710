package takoenv_test

import (
	"os"
	"testing"

	"github.com/fctr-id/tako-setup/checks/emulator/nodns"
)

// TestMain keeps every test of this package off the machine's DNS servers.
func TestMain(m *testing.M) {
	nodns.Install()
	os.Exit(m.Run())
}
