package envcheck

import (
	"os"
	"testing"

	"github.com/fctr-id/tako-setup/checks/emulator/nodns"
)

// TestMain keeps every test of this package off the machine's DNS servers:
// Okta is reached only through the emulated org on loopback.
func TestMain(m *testing.M) {
	nodns.Install()
	os.Exit(m.Run())
}
