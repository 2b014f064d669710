package noninteractive_test

import (
	"crypto/rand"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fctr-id/tako-setup/checks/emulator/emutest"
	"github.com/fctr-id/tako-setup/steps"
	"github.com/fctr-id/tako-setup/wizard/envfile/envfiletest"
	ni "github.com/fctr-id/tako-setup/wizard/noninteractive"
)

// An API-token .env switched to OAuth 2.0 from flags: the token goes,
// unless --keep-other-credentials (or its environment twin) keeps it.
func TestSwitchingMethodRemovesTheOtherSecretUnlessKept(t *testing.T) {
	b := make([]byte, 19)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	token := "00" + hex.EncodeToString(b) + "q" // made up at run time
	cases := []struct {
		name string
		v    func(ni.Values)
		keep bool
	}{
		{"default", func(ni.Values) {}, false},
		{"--keep-other-credentials", func(v ni.Values) {
			v["keep-other-credentials"] = ni.Given{Value: "true", From: "--keep-other-credentials"}
		}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv, clientID := oauthOrg(t)
			dir := t.TempDir()
			keyFile := emutest.WriteFile(t, dir, "key.pem", keyPEM(t))
			envPath := emutest.WriteFile(t, dir, ".env", "SLACK_CHANNEL=general\nTOKEN_METHOD=API_TOKEN\nOKTA_CLIENT_ORGURL="+orgURL+"\nOKTA_API_TOKEN="+token+"\n")
			v := values("method", "oauth2", "client-id", clientID, "private-key-file", keyFile, "yes", "true")
			c.v(v)
			p := prepare(t, config(t, srv, envPath, v, ""))
			if !p.OK() {
				t.Fatalf("checks failed:\n%s", dump(p.Report()))
			}
			diff, err := p.Preview()
			if err != nil {
				t.Fatal(err)
			}
			if removes := strings.Contains(diff, "~ OKTA_API_TOKEN: …"); removes == c.keep {
				t.Fatalf("preview (keep=%v):\n%s", c.keep, diff)
			}
			if _, err := p.Write(); err != nil {
				t.Fatal(err)
			}
			got, err := os.ReadFile(filepath.Clean(envPath))
			if err != nil {
				t.Fatal(err)
			}
			if err := envfiletest.TakoStarts(got); err != nil {
				t.Fatalf("Tako would not start with the written file: %v", err)
			}
			if kept := strings.Contains(string(got), "OKTA_API_TOKEN="+token); kept != c.keep {
				t.Fatalf("token kept = %v, want %v:\n%s", kept, c.keep, got)
			}
			// Emptied, not removed: Tako's settings require the line.
			if !c.keep && !strings.Contains(string(got), "\nOKTA_API_TOKEN=\n") {
				t.Fatalf("the emptied OKTA_API_TOKEN line is missing:\n%s", got)
			}
			if !strings.Contains(string(got), "TOKEN_METHOD=OAUTH2") || !strings.HasPrefix(string(got), "SLACK_CHANNEL=general\n") {
				t.Fatalf("written:\n%s", got)
			}
		})
	}
}

func TestKeepOtherCredentialsHasAnEnvironmentTwin(t *testing.T) {
	flags := ni.AnswerFlags(steps.Setup())
	none := func(string) (string, bool) { return "", false }
	env := func(k string) (string, bool) {
		if k == "TAKO_SETUP_KEEP_OTHER_CREDENTIALS" {
			return "1", true
		}
		return "", false
	}
	v, err := ni.Gather(flags, none, env)
	if err != nil {
		t.Fatal(err)
	}
	if !v.On("keep-other-credentials") {
		t.Fatalf("TAKO_SETUP_KEEP_OTHER_CREDENTIALS=1 gave %v", v)
	}
}

func TestKeepOtherCredentialsHasItsOwnHelp(t *testing.T) {
	for _, f := range ni.AnswerFlags(steps.Setup()) {
		if f.Name != "keep-other-credentials" {
			continue
		}
		if !strings.Contains(f.Usage, "other method's secret") || !strings.Contains(f.Usage, "removed") {
			t.Fatalf("usage = %q", f.Usage)
		}
		return
	}
	t.Fatal("no --keep-other-credentials flag")
}

// --keep-other-credentials with nothing to keep is noted for what it is: the
// .env holds no other method's secret (the method is not the reason).
func TestKeepOtherCredentialsWithNothingToKeepIsNoted(t *testing.T) {
	srv, tok := tokenOrg(t)
	cases := []struct {
		name string
		env  string // the .env before the run ("" = none)
		want string // the note ("" = no note)
	}{
		{"only this method's secret", "TOKEN_METHOD=API_TOKEN\nOKTA_CLIENT_ORGURL=" + orgURL + "\nOKTA_API_TOKEN=" + tok.Value + "\n",
			"--keep-other-credentials was ignored: there is no other method's credential in %s to keep (no OAuth 2.0 private key)"},
		{"only other settings", "SLACK_CHANNEL=general\n",
			"--keep-other-credentials was ignored: there is no other method's credential in %s to keep (no OAuth 2.0 private key)"},
		{"no file yet", "",
			"--keep-other-credentials was ignored: %s does not exist yet, so there is no other method's credential to keep"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			envPath := filepath.Join(dir, ".env")
			if c.env != "" {
				emutest.WriteFile(t, dir, ".env", c.env)
			}
			tokFile := emutest.WriteFile(t, dir, "token", tok.Value)
			v := values("org-url", orgURL, "method", "api-token", "api-token-file", tokFile, "yes", "true", "keep-other-credentials", "true")
			p := prepare(t, config(t, srv, envPath, v, ""))
			want := strings.Replace(c.want, "%s", envPath, 1)
			if len(p.Notes) != 1 || p.Notes[0] != want {
				t.Fatalf("notes = %q\nwant  %q", p.Notes, want)
			}
		})
	}
}
