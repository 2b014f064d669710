package checks_test

// Hostile answers (the hardening suite, TESTING.md): whatever a server puts in its answers — error
// texts, names, ids — ends up in findings that are printed on the admin's
// terminal. No control character may get there (an escape sequence can
// retitle the window, rewrite the screen or, with OSC 52, fill the
// clipboard).

import (
	"net/http"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/emulator"
	"github.com/fctr-id/tako-setup/checks/secret"
)

// hostileText holds the escape sequences a hostile server would send: OSC
// (window title, clipboard), CSI (clear screen), a bell, a C1 CSI, and a
// line break that would forge a fake finding.
const hostileText = "Ann\x1b]0;pwned\x07\x1b]52;c;ZWNobyBwd25lZA==\x07\x1b[2J\u009b31m\r\n[ok] org: all good\x00"

// hostileJSON is hostileText as a JSON string body.
var hostileJSON = `"Ann\u001b]0;pwned\u0007\u001b]52;c;ZWNobyBwd25lZA==\u0007\u001b[2J\u009b31m\r\n[ok] org: all good\u0000"`

func TestHostileAnswersNeverReachTheTerminal(t *testing.T) {
	t.Parallel()
	errBody := `{"errorCode":` + hostileJSON + `,"errorSummary":` + hostileJSON + `,"errorId":` + hostileJSON + `,"errorCauses":[{"errorSummary":` + hostileJSON + `}]}`
	oauthBody := `{"error":` + hostileJSON + `,"error_description":` + hostileJSON + `}`
	challenge := http.Header{"Www-Authenticate": {`Bearer error="insufficient_scope", error_description="` + strings.ReplaceAll(hostileText, "\r\n", " ") + `", scope="okta.users.read"`}}
	cases := []struct {
		name  string
		setup func(t *testing.T) (*emulator.Org, checks.Input)
	}{
		{"names in the token's admin, roles and token list", func(t *testing.T) (*emulator.Org, checks.Input) {
			org := emulator.NewOrg()
			u := org.AddUser(&emulator.User{Login: hostileText + "@example.com", FirstName: hostileText, LastName: hostileText})
			if _, err := org.AssignUserCustomRole(u.ID, hostileText, "okta.users.read"); err != nil {
				t.Fatal(err)
			}
			tok := org.AddToken(&emulator.APIToken{UserID: u.ID, Name: hostileText, ClientName: hostileText})
			return org, checks.Input{OrgURL: "https://acme.okta.com", Method: checks.APIToken, APIToken: secret.New(tok.Value)}
		}},
		{"management error envelope", func(t *testing.T) (*emulator.Org, checks.Input) {
			org, in := hardTokenOrg(t)
			org.InjectFault("/api/v1/users/me", emulator.StatusFault(401, errBody))
			return org, in
		}},
		{"management error envelope on a 500", func(t *testing.T) (*emulator.Org, checks.Input) {
			org, in := hardTokenOrg(t)
			org.InjectFault("/api/v1/users/me", emulator.StatusFault(500, errBody))
			return org, in
		}},
		{"rate-limit error envelope", func(t *testing.T) (*emulator.Org, checks.Input) {
			org, in := hardTokenOrg(t)
			f := emulator.RateLimitFault(time.Hour)
			f.Body = errBody
			org.InjectFault("/api/v1/users/me", f)
			return org, in
		}},
		{"OAuth error envelope at the token endpoint", func(t *testing.T) (*emulator.Org, checks.Input) {
			org, in := hardOAuthOrg(t)
			org.InjectFault("/oauth2/v1/token", emulator.StatusFault(401, oauthBody))
			return org, in
		}},
		{"WWW-Authenticate challenge", func(t *testing.T) (*emulator.Org, checks.Input) {
			org, in := hardOAuthOrg(t)
			org.InjectFault("/api/v1/", emulator.Fault{Kind: emulator.FaultStatus, Status: 403, Header: challenge})
			return org, in
		}},
		{"org discovery", func(t *testing.T) (*emulator.Org, checks.Input) {
			org, in := hardTokenOrg(t)
			org.InjectFault("/.well-known/okta-organization", emulator.StatusFault(200,
				`{"id":`+hostileJSON+`,"pipeline":`+hostileJSON+`,"_links":{"organization":{"href":`+hostileJSON+`}}}`))
			return org, in
		}},
		{"org discovery refusal", func(t *testing.T) (*emulator.Org, checks.Input) {
			org, in := hardTokenOrg(t)
			org.InjectFault("/.well-known/okta-organization", emulator.StatusFault(418, errBody))
			in.APIToken = secret.New("00not-a-token-of-this-org-000000000000000")
			return org, in
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			org, in := c.setup(t)
			srv := start(t, org)
			rep, _ := hardRun(t, in, srv.Client(), calmTimeout, slack)
			for _, f := range rep.Findings {
				for field, text := range map[string]string{"title": f.Title, "detail": f.Detail, "fix": f.Fix} {
					if i := strings.IndexFunc(text, unicode.IsControl); i >= 0 {
						t.Errorf("%s's %s holds control character %q from the server: %q", f.ID, field, text[i], text)
					}
					if strings.Contains(text, "\n[ok]") {
						t.Errorf("%s's %s lets the server forge a line of the checklist: %q", f.ID, field, text)
					}
				}
			}
			if rep.OrgURL != "" && strings.IndexFunc(rep.OrgURL, unicode.IsControl) >= 0 {
				t.Errorf("the report's org URL holds a control character: %q", rep.OrgURL)
			}
		})
	}
}

// TestEchoedCredentialsAreRedacted: a server that quotes the credential it
// received — whole, or a piece of it — in its error answer does not get it
// printed in a finding.
func TestEchoedCredentialsAreRedacted(t *testing.T) {
	t.Parallel()
	org, in := hardTokenOrg(t)
	tok := in.APIToken.Reveal()
	body := `{"errorCode":"E0000011","errorSummary":"Invalid token provided: SSWS ` + tok + `","errorCauses":[{"errorSummary":"token starting ` + tok[:20] + ` is not valid"}]}`
	org.InjectFault("/api/v1/users/me", emulator.StatusFault(401, body))
	srv := start(t, org)
	rep, _ := hardRun(t, in, srv.Client(), calmTimeout, slack)
	f := hardWant(t, rep, checks.IDTokenValid, checks.Fail, "[redacted]")
	for _, f := range rep.Findings {
		text := f.Title + f.Detail + f.Fix
		for i := 0; i+12 <= len(tok); i++ {
			if strings.Contains(text, tok[i:i+12]) {
				t.Fatalf("%s shows 12 characters of the token: %q", f.ID, text)
			}
		}
	}
	if !strings.Contains(f.Detail, "Okta") {
		t.Errorf("the detail lost its words: %q", f.Detail)
	}
}
