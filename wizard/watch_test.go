package wizard

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/steps"
)

// toDPoP walks to the DPoP step, which the fake org fails.
func toDPoP(t *testing.T, mod func(*Config)) *harness {
	t.Helper()
	h := newHarness(t, mod)
	h.f.status[checks.IDOAuthDPoP] = checks.Fail
	h.toMethod(0)
	h.typeText("0oaTAKO123")
	h.key("enter", "enter")
	h.at(steps.PrivateKey)
	h.send(tea.PasteMsg{Content: testKey(t).PEM.Reveal()})
	h.key("enter")
	h.expect("✓ oauth.key")
	h.key("enter")
	h.at(steps.DPoP)
	h.expect("▸✗ DPoP off")
	return h
}

// A step failed on a console setting is watched: the clock's tick checks
// it again, and once the admin has fixed it in Okta it turns ✓ by itself.
func TestWatchTurnsAStepGreenWithoutAKey(t *testing.T) {
	h := toDPoP(t, nil)
	h.expect("Watching Okta: checking again every 5 s", "ctrl+w stops")
	if len(h.ticks) != 1 || h.every[len(h.every)-1] != 5*time.Second {
		t.Fatalf("ticks scheduled: %d, every %v", len(h.ticks), h.every)
	}
	calls := len(h.f.calls)
	h.tick() // still off in Okta: checked again, still failing, watched again
	if len(h.f.calls) != calls+1 || len(h.ticks) != 1 {
		t.Fatalf("calls %d→%d, ticks %d", calls, len(h.f.calls), len(h.ticks))
	}
	h.expect("▸✗ DPoP off")
	h.f.status[checks.IDOAuthDPoP] = checks.Pass // the admin unticks DPoP
	h.tick()
	h.at(steps.DPoP)
	h.expect("▸✓ DPoP off", "Press Enter to continue.")
	if strings.Contains(h.screen(), "Watching Okta") || len(h.ticks) != 0 {
		t.Fatalf("still watching a passed step:\n%s", h.screen())
	}
}

// ctrl+w stops the watch (a pending tick checks nothing) and starts it
// again.
func TestWatchStopsOnCtrlW(t *testing.T) {
	h := toDPoP(t, nil)
	h.key("ctrl+w")
	h.expect("Stopped watching Okta", "ctrl+w to watch again")
	calls := len(h.f.calls)
	h.tick()
	if len(h.f.calls) != calls {
		t.Fatal("a stopped watch checked Okta")
	}
	h.key("ctrl+w")
	h.expect("Watching Okta")
	h.tick()
	if len(h.f.calls) != calls+1 {
		t.Fatal("the watch did not start again")
	}
}

// The watch ends after WatchFor, saying so.
func TestWatchGivesUpAfterItsTime(t *testing.T) {
	h := toDPoP(t, func(c *Config) { c.WatchEvery, c.WatchFor = 5*time.Second, 10*time.Second })
	h.tick()
	h.tick()
	if len(h.ticks) != 0 {
		t.Fatalf("still ticking after the watch's time: %d", len(h.ticks))
	}
	h.expect("Stopped watching after")
}

// A generated key waiting to be added stays waiting while the watch finds
// it not there yet: no failure is shown before the admin could act.
func TestWatchKeepsAWaitingKeyWaiting(t *testing.T) {
	h := newHarness(t, nil)
	h.toMethod(0)
	h.typeText("0oaTAKO123")
	h.key("enter", "enter")
	h.key("enter") // generate
	h.at(steps.PrivateKey)
	h.expect("▸○ Private key", "Watching Okta")
	h.f.status[checks.IDOAuthKey] = checks.Fail // not added yet
	h.tick()
	h.expect("▸○ Private key", "In Okta click Add key")
	if strings.Contains(h.screen(), "✗") {
		t.Fatalf("a failure shown while the key waits to be added:\n%s", h.screen())
	}
	delete(h.f.status, checks.IDOAuthKey) // added
	h.tick()
	h.expect("▸✓ Private key")
}

// A step failed on a typed value (the client ID) is not watched: the fix
// is the user's answer, not something in Okta.
func TestWatchLeavesTypedAnswersAlone(t *testing.T) {
	h := newHarness(t, nil)
	h.f.status[checks.IDOAuthClient] = checks.Fail
	h.toMethod(0)
	h.typeText("0oaTAKO123")
	h.key("enter")
	h.expect("▸✗ API Services app")
	if len(h.ticks) != 0 || strings.Contains(h.screen(), "Watching") {
		t.Fatalf("a typed answer is watched:\n%s", h.screen())
	}
}
