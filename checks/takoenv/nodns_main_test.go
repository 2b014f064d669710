package takoenv_test

import (
	"testing"

	"github.com/fctr-id/tako-setup/checks/emulator/nodns"
)

// TestMain keeps this package's tests off the machine's DNS servers.
func TestMain(m *testing.M) { nodns.Main(m) }
