package wizard

import (
	"regexp"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/provision"
	"github.com/fctr-id/tako-setup/checks/takoenv"
	"github.com/fctr-id/tako-setup/checks/termtext"
	"github.com/fctr-id/tako-setup/steps"
)

// ownSequences are the escape sequences the TUI's own styling writes:
// SGR (colours, bold) and OSC 8 links to an Okta admin address.
var ownSequences = regexp.MustCompile(`\x1b\[[0-9;:]*m|\x1b\]8;[^;\x07\x1b]*;https://[a-z0-9.-]*-admin\.okta\.com/[^\x07\x1b]*(\x07|\x1b\\)`)

// frameIsInert reports whether a frame, once the TUI's own sequences are
// taken out, holds nothing a terminal acts on: no escape, no C1, no bidi
// or zero-width character, valid UTF-8.
func frameIsInert(frame string) bool {
	s := ownSequences.ReplaceAllString(frame, "")
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if r != '\n' && (unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == '\u2028' || r == '\u2029') {
			return false
		}
	}
	return true
}

// The welcome screen's summary of a hostile .env, the resume offer of a
// hostile progress file and a step's admin-console link made from a
// hostile org URL: no frame holds a live escape sequence (a hostile OSC 8
// never becomes a link), a C1 control, a bidi or zero-width character.
func TestTUIShowsHostileValuesInert(t *testing.T) {
	for i, h := range termtext.Samples {
		ex := &steps.Existing{Path: "/srv/" + h + "/.env", OrgURL: "https://acme.okta.com" + h, Method: checks.Method("OAUTH2" + h), ClientID: "0oa" + h, Unrelated: 1}
		welcome := newHarness(t, func(c *Config) {
			c.Answers = steps.Answers{Settings: takoenv.Settings{OrgURL: "https://acme.okta.com" + h, Method: checks.OAuth2, ClientID: "0oa" + h}, Existing: ex}
			c.EnvFile = ex.Path
		})
		if !strings.Contains(welcome.screen(), "Found ") {
			t.Fatalf("sample %d: no summary of the .env:\n%s", i, welcome.screen())
		}
		if f := welcome.m.render(); !frameIsInert(f) {
			t.Errorf("sample %d: the welcome screen is not inert: %q", i, f)
		}
		p := &Progress{Version: progressVersion, OrgURL: "https://acme.okta.com" + h, Method: checks.OAuth2, ClientID: "0oa" + h, Passed: []steps.ID{steps.OrgURL}}
		resume := newHarness(t, func(c *Config) { c.Resume = p })
		resume.expect("Resume where you left off?")
		if f := resume.m.render(); !frameIsInert(f) {
			t.Errorf("sample %d: the resume offer is not inert: %q", i, f)
		}
		resume.key("enter") // the client ID step and on: the console links
		for _, f := range []string{resume.m.render()} {
			if !frameIsInert(f) {
				t.Errorf("sample %d: a step's screen is not inert: %q", i, f)
			}
		}
	}
}

// The automatic setup's checklist and summary quote Okta (labels, errors,
// ids, roles, event types): each line comes out inert.
func TestAutomaticSetupLinesAreInert(t *testing.T) {
	for _, h := range termtext.Samples {
		var l AutoLog
		l.Add(provision.Event{Kind: provision.CallStart, ID: 1, Label: "POST " + h})
		l.Add(provision.Event{Kind: provision.CallDone, ID: 1, Label: "POST " + h, Err: h})
		l.Add(provision.Event{Kind: provision.Waiting, Label: h})
		lines := append(l.Lines(0), AutoSummary(&provision.Result{AppID: "0oa" + h, KeyID: h, Roles: []string{h}, RolledBack: []string{h}, Remains: []string{h}, AuditEvents: []string{h}}, false)...)
		for _, line := range lines {
			if !frameIsInert(line) || strings.Contains(line, "\n") {
				t.Errorf("%q came out as %q", h, line)
			}
		}
	}
}
