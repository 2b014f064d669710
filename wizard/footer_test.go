package wizard

import (
	"strings"
	"testing"

	"github.com/fctr-id/tako-setup/steps"
)

// footerOf is the last line of a screen.
func footerOf(screen string) string {
	lines := strings.Split(screen, "\n")
	return lines[len(lines)-1]
}

func TestFooterOffersBackOnlyWhereBackWorks(t *testing.T) {
	h := newHarness(t, nil)
	if f := footerOf(h.screen()); strings.Contains(f, "esc back") {
		t.Fatalf("the first step offers back: %q", f)
	}
	h.toMethod(1)
	h.at(steps.TokenCreate)
	if f := footerOf(h.screen()); !strings.Contains(f, "esc back") {
		t.Fatalf("a middle step does not offer back: %q", f)
	}
	h.key("enter") // token created
	h.typeText("00tokenTOKENtokenTOKENtokenTOKENtokenTOK")
	h.key("enter")
	for h.m.mach.Current().ID != steps.Review {
		h.key("enter")
	}
	if f := footerOf(h.screen()); !strings.Contains(f, "esc back") {
		t.Fatalf("the review does not offer back: %q", f)
	}
	from := len(h.screens)
	h.key("enter") // confirm: write, then the final check
	h.at(steps.Done)
	for _, s := range h.screens[from:] {
		if strings.Contains(footerOf(s), "esc back") {
			t.Fatalf("a screen after the confirmation offers back:\n%s", s)
		}
	}
	if len(h.screens) == from {
		t.Fatal("no screen drawn after the confirmation")
	}
	// Back is refused there too, not only hidden.
	h.key("esc")
	h.at(steps.Done)
}

func TestBackIsRefusedWhileTheFileIsBeingWritten(t *testing.T) {
	f := newFakeOrg()
	m := New(steps.Setup(), steps.Answers{}, f.env(t))
	settle(t, m, f, m.Start())
	cont(t, m, f)
	submit(t, m, f, map[string]string{"org-url": "acme.okta.com"})
	cont(t, m, f)
	submit(t, m, f, map[string]string{"method": "api-token"})
	submit(t, m, f, nil) // token created
	submit(t, m, f, map[string]string{"api-token": "00tokenTOKENtokenTOKENtokenTOKENtokenTOK"})
	for m.Current().ID != steps.Review {
		cont(t, m, f)
	}
	if !m.CanGoBack() {
		t.Fatal("back refused on the review")
	}
	req, err := m.Submit(map[string]string{"confirm": "yes"})
	if err != nil || req == nil || req.Step.ID != steps.Write {
		t.Fatalf("confirming did not start the write: %v %v", req, err)
	}
	if m.CanGoBack() || m.Back() {
		t.Fatal("back offered while the file is being written")
	}
	settle(t, m, f, req)
	expectAt(t, m, steps.Done, Passed)
	if m.CanGoBack() || m.Back() {
		t.Fatal("back offered after the file was written")
	}
}

// The footer is drawn from the frame it is under: leaving a step whose
// result area scrolled, the next screen offers no scrolling it lacks.
func TestFooterOffersScrollingOnlyWhereTheScreenScrolls(t *testing.T) {
	h := toWaitingKey(t, 80, 24)
	if !h.m.scrollable {
		t.Fatal("the key step does not scroll at 80×24")
	}
	from := len(h.screens)
	h.key("esc")
	h.at(steps.OAuthApp)
	if len(h.screens) == from {
		t.Fatal("no screen drawn")
	}
	for _, s := range h.screens[from:] {
		scrolls := strings.Contains(s, " more lines: pgdn") || strings.Contains(s, " lines above: pgup")
		if strings.Contains(footerOf(s), "pgdn") && !scrolls {
			t.Fatalf("the footer offers scrolling, nothing scrolls:\n%s", s)
		}
	}
}
