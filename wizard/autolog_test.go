package wizard

import (
	"strings"
	"testing"

	"github.com/fctr-id/tako-setup/checks/provision"
)

// The checklist keeps one line per call (its start replaced by its
// answer), and one progress line, the newest, at the end.
func TestAutoLogOneLinePerCallAndOneProgressLine(t *testing.T) {
	var l AutoLog
	l.Add(provision.Event{Kind: provision.CallStart, ID: 1, Label: "Grant a"})
	l.Add(provision.Event{Kind: provision.CallStart, ID: 2, Label: "Grant b"})
	l.Add(provision.Event{Kind: provision.CallDone, ID: 1, Label: "Grant a", Status: 201})
	l.Add(provision.Event{Kind: provision.Progress, Label: "Scopes granted: 1 of 2"})
	l.Add(provision.Event{Kind: provision.CallStart, ID: 3, Label: "Grant c"})
	l.Add(provision.Event{Kind: provision.CallDone, ID: 2, Label: "Grant b", Err: "Okta answered 400"})
	l.Add(provision.Event{Kind: provision.Progress, Label: "Scopes granted: 2 of 2"})
	l.Add(provision.Event{Kind: provision.CallDone, ID: 3, Label: "Grant c", Status: 201})
	got := strings.Join(l.Lines(0), "\n")
	want := "✓ Grant a\n✗ Grant b — Okta answered 400\n✓ Grant c\n… Scopes granted: 2 of 2"
	if got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
}
