package checks_test

import (
	"strings"
	"testing"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/secret"
)

// TestTokenWithControlCharactersIsNotSent: a token holding an escape
// sequence used to go out, fail to form a request, and be blamed on the
// network ("Check this machine's network"). It is now named for what it
// is, and never sent.
func TestTokenWithControlCharactersIsNotSent(t *testing.T) {
	for name, bad := range map[string]string{
		"escape sequence": "00abc\x1b[31mdefghijklmnopqrstuvwxyz0123456789",
		"tab inside":      "00abcdefghijklm\tnopqrstuvwxyz0123456789AB",
		"C1 control":      "00abcdefghijklm\u009bnopqrstuvwxyz0123456789",
		"byte-order mark": "\uFEFF00abcdefghijklmnopqrstuvwxyz0123456789AB",
		"invalid UTF-8":   "00abcdefghijklm\xffnopqrstuvwxyz0123456789A",
	} {
		t.Run(name, func(t *testing.T) {
			org, _, tok := tokenOrg(t)
			srv := start(t, org)
			in := tokenInput(tok)
			in.APIToken = secret.New(bad)
			rep := run(t, srv, in)
			f := expect(t, rep, checks.IDTokenValid, checks.Fail, "not an Okta API token", "not sent")
			if strings.Contains(strings.ToLower(f.Detail+f.Fix), "network") {
				t.Errorf("blamed on the network: %s %s", f.Detail, f.Fix)
			}
			if n := org.Requests()["GET /api/v1/users/me"]; n != 0 {
				t.Fatalf("the malformed token was sent %d times", n)
			}
			if strings.Contains(dump(rep), "defghijklm") {
				t.Fatal("the token leaked")
			}
		})
	}
}

func TestNormalizeTokenAndTokenProblem(t *testing.T) {
	const tok = "00abcdefghijklmnopqrstuvwxyz0123456789-_AB"
	for _, in := range []string{tok, "\uFEFF" + tok + "\n", "  SSWS " + tok + "\r\n", "\uFEFFSSWS " + tok} {
		if got := checks.NormalizeToken(in); got != tok {
			t.Errorf("NormalizeToken(%q) = %q", in, got)
		}
	}
	if p := checks.TokenProblem(tok); p != "" {
		t.Errorf("a well-formed token: %s", p)
	}
	for _, bad := range []string{tok + "\x1b", tok + "\x7f", tok + "\u00e9", "\uFEFF" + tok} {
		if checks.TokenProblem(bad) == "" {
			t.Errorf("TokenProblem(%q) = \"\"", bad)
		}
	}
}
