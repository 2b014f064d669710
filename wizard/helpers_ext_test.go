package wizard_test

import (
	"sync"

	"github.com/fctr-id/tako-setup/checks/emulator"
	"github.com/fctr-id/tako-setup/checks/keys"
	"github.com/fctr-id/tako-setup/steps"
)

var (
	sharedOnce sync.Once
	sharedK    *keys.Key
)

// sharedKey is one RSA key generated per test run (never stored in the
// repository); RSA generation is too slow to repeat in every test.
func sharedKey() *steps.Key {
	sharedOnce.Do(func() {
		k, err := keys.Generate(2048)
		if err != nil {
			panic(err)
		}
		sharedK = k
	})
	return steps.KeyFromKeys(sharedK, true)
}

// demoApp is an API Services app as an admin would create it.
var demoApp = emulator.App{Label: "Tako"}
