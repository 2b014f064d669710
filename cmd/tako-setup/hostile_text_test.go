package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"charm.land/fang/v2"

	"github.com/fctr-id/tako-setup/checks/emulator/emutest"
	"github.com/fctr-id/tako-setup/checks/termtext"
)

// inertOutput reports whether s holds nothing a terminal acts on (see
// checks/termtext): line breaks and tabs only.
func inertOutput(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if r != '\n' && r != '\t' && (unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == '\u2028' || r == '\u2029') {
			return false
		}
	}
	return true
}

// `check` on a .env whose values are hostile — the method (the header),
// the org URL, the client ID, another key — and in a folder whose name is
// hostile (notes, errors): nothing reaches stdout or stderr as it is, in
// text or in JSON.
func TestCheckShowsHostileValuesInert(t *testing.T) {
	o := emutest.StartOAuthOrg(t)
	tried := 0
	for i, h := range termtext.Samples {
		h := strings.NewReplacer("\n", " ", "\r", " ").Replace(h)
		for _, broken := range []bool{false, true} {
			for _, args := range [][]string{nil, {"--json"}, {"--quiet"}} {
				dir := filepath.Join(t.TempDir(), "dir"+strings.ReplaceAll(h, "/", ""))
				if err := os.Mkdir(dir, 0o700); err != nil {
					t.Fatal(err)
				}
				text := "TOKEN_METHOD=OAUTH2" + h + "\nOKTA_CLIENT_ORGURL=https://acme.okta.com\nOKTA_OAUTH2_CLIENT_ID=" + o.App.ClientID + h + "\n"
				if broken {
					text += "OKTA_CLIENT_ORGURL=https://acme.okta.com" + h + "\nOKTA_CONCURRENT_LIMIT=2" + h + "\nOKTA_OAUTH2_PRIVATE_KEY_PEM=x" + h + "\nOTHER=\"a" + h + "\n"
				}
				env := emutest.WriteEnv(t, dir, text)
				r := runCheckCmd(t, nil, checkScenario{srv: o.Server, env: env}, args...)
				tried++
				if r.code == 0 || r.stdout+r.stderr == "" {
					t.Fatalf("sample %d %v: exit %d, output %q", i, args, r.code, r.stdout+r.stderr)
				}
				if !broken && utf8.ValidString(h) && len(args) == 0 && !strings.Contains(r.stdout, "org") {
					t.Fatalf("sample %d %v: no report: %q", i, args, r.stdout+r.stderr)
				}
				if !inertOutput(r.stdout) {
					t.Errorf("sample %d %v: stdout is not inert: %q", i, args, r.stdout)
				}
				// The error goes through errorHandler in main.
				stderr, msg, _ := strings.Cut(r.stderr, "error: ")
				if msg != "" {
					var b bytes.Buffer
					errorHandler(&b, fang.Styles{}, errors.New(msg))
					stderr += b.String()
				}
				if !inertOutput(stderr) {
					t.Errorf("sample %d %v: stderr is not inert: %q", i, args, stderr)
				}
			}
		}
	}
	t.Logf("%d hostile samples × 6 .env shapes and outputs: %d runs of check, all inert", len(termtext.Samples), tried)
}

// An error message that quotes something hostile (a file name, a value)
// is printed inert.
func TestErrorsArePrintedInert(t *testing.T) {
	for _, h := range termtext.Samples {
		var b bytes.Buffer
		errorHandler(&b, fang.Styles{}, errors.New("cannot read /tmp/"+h+": no such file"))
		if !inertOutput(b.String()) {
			t.Errorf("%q printed as %q", h, b.String())
		}
	}
}
