package wizard_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/fctr-id/tako-setup/steps"
	"github.com/fctr-id/tako-setup/wizard"
	"github.com/fctr-id/tako-setup/wizard/tuitest"
)

// Every step of both methods, at each size: addresses and paths whole on a
// line of their own, no finding cut (tuitest.CheckWizardScreen).
func TestEveryScreenKeepsAddressesWholeAndFindingsReachable(t *testing.T) {
	for _, size := range tuitest.ScreenSizes {
		for _, method := range []string{"oauth2", "api-token"} {
			t.Run(fmt.Sprintf("%s %dx%d", method, size[0], size[1]), func(t *testing.T) {
				cfg, _ := demoConfig(t)
				cfg.Tick = tuitest.InstantTick
				m := wizard.NewModel(context.Background(), cfg)
				d := tuitest.NewDriver(t, m, size[0], size[1])
				keys := map[steps.ID][]string{}
				if method == "api-token" {
					keys[steps.Method] = []string{"2"}
				}
				n := tuitest.WalkDemo(t, d, m, cfg.Console, cfg.EnvFile, keys)
				if n < 10 {
					t.Fatalf("only %d screens checked", n)
				}
				t.Logf("%d screens checked", n)
			})
		}
	}
}
