package main

// Secret canaries through the command line (the hardening suite, TESTING.md): `check`, setup with
// --non-interactive and `keygen` run as a user runs them, on their success
// and error paths, with a canary API token and a canary RSA key made at run
// time. No 16-character piece of either may appear on stdout, on stderr,
// or in any file the run leaves outside the .env and its backups (the
// resume file and anything else under the run's home).

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fctr-id/tako-setup/checks/canary"
	"github.com/fctr-id/tako-setup/checks/emulator"
	"github.com/fctr-id/tako-setup/checks/emulator/emutest"
)

// cnOrg is an emulated org that accepts the canaries: an API token whose
// value is the canary token (a read-only admin's), and an API Services app
// with the canary key registered, set up as Tako needs it.
type cnOrg struct {
	set      *canary.Set
	srv      *emulator.Server
	org      *emulator.Org
	clientID string
	tokenID  string
	dir      string // the .env's directory
	home     string // the run's $HOME (resume file, caches)
	caFile   string
}

func newCNOrg(t *testing.T) *cnOrg {
	t.Helper()
	set := canary.New(t)
	org := emulator.NewOrg()
	_, tok := emutest.AddAdminToken(t, org, emutest.TokenValue(set.Token))
	app := emutest.AddOAuthApp(t, org, emutest.AppKeys(set.Key))
	srv := emutest.Start(t, org)
	o := &cnOrg{set: set, srv: srv, org: org, clientID: app.ClientID, tokenID: tok.ID, dir: t.TempDir(), home: t.TempDir()}
	o.caFile = o.file(t, "ca.pem", string(srv.CAPEM()))
	return o
}

// file writes a file of the test (mode 0600) and returns its path.
func (o *cnOrg) file(t *testing.T, name, content string) string {
	t.Helper()
	return emutest.WriteFile(t, o.dir, name, content)
}

// tokenEnv and oauthEnv are .env files that hold the canaries.
func (o *cnOrg) tokenEnv(t *testing.T, orgURL string) string {
	return o.file(t, ".env", "OKTA_CLIENT_ORGURL="+orgURL+"\nTOKEN_METHOD=API_TOKEN\nOKTA_API_TOKEN="+o.set.Token+"\n")
}

func (o *cnOrg) oauthEnv(t *testing.T, keyPEM string) string {
	return o.file(t, ".env", "OKTA_CLIENT_ORGURL="+o.srv.URL+"\nTOKEN_METHOD=OAUTH2\nOKTA_OAUTH2_CLIENT_ID="+o.clientID+
		"\nOKTA_OAUTH2_PRIVATE_KEY_PEM=\""+strings.TrimSpace(keyPEM)+"\"\nOKTA_API_TOKEN=\n")
}

// run runs tako-setup and checks its output and its home for canaries.
// Files under the .env's directory other than the .env, its backups and
// the test's own inputs are checked too.
func (o *cnOrg) run(t *testing.T, p hardProc, inputs ...string) hardOut {
	t.Helper()
	if p.dir == "" {
		p.dir = o.dir
	}
	out := hardRunMain(t, o.home, p)
	o.set.CheckString(t, "stdout of tako-setup "+strings.Join(p.args, " "), out.stdout)
	o.set.CheckString(t, "stderr of tako-setup "+strings.Join(p.args, " "), out.stderr)
	o.set.CheckTree(t, o.home, nil)
	o.set.CheckTree(t, o.dir, func(path string) bool {
		base := filepath.Base(path)
		if base == ".env" || strings.HasPrefix(base, ".env.bak-") {
			return true
		}
		for _, in := range inputs {
			if path == in {
				return true
			}
		}
		return false
	})
	return out
}

func TestCanariesInCheck(t *testing.T) {
	t.Parallel()
	o := newCNOrg(t)
	ca := []string{"--ca-file", o.caFile}
	cases := []struct {
		name     string
		env      func(t *testing.T) string
		args     []string
		wantCode int
		setup    func(t *testing.T)
	}{
		{"token that works", func(t *testing.T) string { return o.tokenEnv(t, o.srv.URL) }, ca, exitOK, nil},
		{"token that works, --json", func(t *testing.T) string { return o.tokenEnv(t, o.srv.URL) }, append([]string{"--json"}, ca...), exitOK, nil},
		{"key that works", func(t *testing.T) string { return o.oauthEnv(t, o.set.PEM) }, ca, exitOK, nil},
		{"key that works, --json", func(t *testing.T) string { return o.oauthEnv(t, o.set.PEM) }, append([]string{"--json"}, ca...), exitOK, nil},
		{"PKCS#1 key (Tako cannot read it)", func(t *testing.T) string { return o.oauthEnv(t, o.set.PKCS1PEM) }, ca, exitFailed, nil},
		{"JWK in place of the PEM", func(t *testing.T) string { return o.oauthEnv(t, o.set.JWK) }, ca, -1, nil},
		{"unknown CA", func(t *testing.T) string { return o.tokenEnv(t, o.srv.URL) }, nil, exitFailed, nil},
		{"http:// org URL", func(t *testing.T) string { return o.tokenEnv(t, "http://acme.okta.com") }, ca, -1, nil},
		{"org that does not answer", func(t *testing.T) string { return o.tokenEnv(t, "https://127.0.0.1:1") }, append([]string{"--timeout", "2s"}, ca...), exitFailed, nil},
		{"broken .env around the secrets", func(t *testing.T) string {
			return o.file(t, ".env", "OKTA_CLIENT_ORGURL="+o.srv.URL+"\nTOKEN_METHOD=API_TOKEN\nOKTA_API_TOKEN=\"x"+o.set.Token+"\n"+
				"x"+o.set.Token+"\nOKTA_OAUTH2_PRIVATE_KEY_PEM="+o.set.PEM+"junk "+o.set.Token+" ="+o.set.Token+"\n")
		}, ca, -1, nil},
		{"token the org revoked", func(t *testing.T) string { return o.tokenEnv(t, o.srv.URL) }, ca, exitFailed, func(t *testing.T) {
			if err := o.org.RevokeToken(o.tokenID); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			env := c.env(t)
			if c.setup != nil {
				c.setup(t)
			}
			out := o.run(t, hardProc{args: append([]string{"check", "--env-file", env}, c.args...)})
			if c.wantCode >= 0 && out.code != c.wantCode {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", out.code, c.wantCode, out.stdout, out.stderr)
			}
		})
	}
}

// TestCanariesWhenTheServerEchoesTheToken: a server (a broken proxy, a
// hostile host at a mistyped URL) that quotes the credential it received
// in its error answer must not get it printed.
func TestCanariesWhenTheServerEchoesTheToken(t *testing.T) {
	t.Parallel()
	o := newCNOrg(t)
	echo := `{"errorCode":"E0000011","errorSummary":"Invalid token provided: SSWS ` + o.set.Token + `","errorCauses":[{"errorSummary":"token ` + o.set.Token + ` is not valid"}]}`
	o.org.InjectFault("/api/v1/users/me", emulator.StatusFault(401, echo))
	env := o.tokenEnv(t, o.srv.URL)
	for _, json := range []bool{false, true} {
		args := []string{"check", "--env-file", env, "--ca-file", o.caFile}
		if json {
			args = append(args, "--json")
		}
		out := o.run(t, hardProc{args: args})
		if out.code != exitFailed {
			t.Errorf("exit %d, want %d\n%s", out.code, exitFailed, out.stdout)
		}
	}
}

func TestCanariesInNonInteractiveSetup(t *testing.T) {
	t.Parallel()
	o := newCNOrg(t)
	tokenFile := o.file(t, "token.txt", o.set.Token+"\n")
	keyFile := o.file(t, "key.pem", o.set.PEM)
	pkcs1File := o.file(t, "key-pkcs1.pem", o.set.PKCS1PEM)
	jwkFile := o.file(t, "key.json", o.set.JWK)
	inputs := []string{tokenFile, keyFile, pkcs1File, jwkFile}
	// Each case gets arguments of its own (appending to a shared slice
	// would let one case overwrite another's).
	base := func(more ...string) []string {
		return append([]string{"--non-interactive", "--org-url", o.srv.URL, "--ca-file", o.caFile, "--yes"}, more...)
	}
	token := func(more ...string) []string { return base(append([]string{"--method", "api-token"}, more...)...) }
	oauth := func(more ...string) []string {
		return base(append([]string{"--method", "oauth2", "--client-id", o.clientID}, more...)...)
	}
	cases := []struct {
		name     string
		args     []string
		stdin    string
		env      []string
		wantCode int
	}{
		{"API token from a file", token("--api-token-file", tokenFile), "", nil, exitOK},
		{"API token from stdin, --json", token("--api-token-file", "-", "--json"), o.set.Token + "\n", nil, exitOK},
		{"API token named by the environment", token(), "", []string{"TAKO_SETUP_API_TOKEN_FILE=" + tokenFile}, exitOK},
		{"key from a file", oauth("--private-key-file", keyFile), "", nil, exitOK},
		{"key from stdin, --json", oauth("--private-key-file", "-", "--json"), o.set.PEM, nil, exitOK},
		{"PKCS#1 key", oauth("--private-key-file", pkcs1File), "", nil, -1},
		{"JWK", oauth("--private-key-file", jwkFile), "", nil, -1},
		{"the token given in place of its file name", token("--api-token-file", o.set.Token), "", nil, exitUsage},
		{"the key given in place of its file name", oauth("--private-key-file", o.set.PEM), "", nil, exitUsage},
		{"the token in a variable that does not exist", token(), "", []string{"TAKO_SETUP_API_TOKEN=" + o.set.Token, "OKTA_API_TOKEN=" + o.set.Token}, exitUsage},
		{"a token the org does not know", token("--api-token-file", "-"), canary.Token() + "\n", nil, exitFailed},
		{"a key for another client ID", base("--method", "oauth2", "--client-id", "0oaNOTTAKO000000000", "--private-key-file", keyFile), "", nil, exitFailed},
		{"the org does not answer", []string{"--non-interactive", "--org-url", "https://127.0.0.1:1", "--method", "api-token", "--api-token-file", tokenFile, "--timeout", "2s", "--yes"}, "", nil, exitFailed},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_ = os.Remove(filepath.Join(o.dir, ".env"))
			args := append(append([]string{}, c.args...), "--env-file", filepath.Join(o.dir, ".env"))
			out := o.run(t, hardProc{args: args, stdin: c.stdin, env: c.env}, inputs...)
			if c.wantCode >= 0 && out.code != c.wantCode {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", out.code, c.wantCode, out.stdout, out.stderr)
			}
		})
	}
}

// TestKeygenPrintsNoPrivateKey: the key keygen makes is read back from the
// file it wrote, and no piece of its private part is on stdout or stderr.
func TestKeygenPrintsNoPrivateKey(t *testing.T) {
	t.Parallel()
	dir, home := t.TempDir(), t.TempDir()
	keyFile := filepath.Join(dir, "tako-key.pem")
	out := hardRunMain(t, home, hardProc{args: []string{"keygen", "--out", keyFile}, dir: dir})
	if out.code != exitOK {
		t.Fatalf("keygen: exit %d\n%s\n%s", out.code, out.stdout, out.stderr)
	}
	data, err := os.ReadFile(keyFile)
	if err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode(data)
	if block == nil {
		t.Fatalf("keygen wrote no PEM: %q", data[:min(len(data), 40)])
	}
	parsed, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	set := canary.Of(t, "", parsed.(*rsa.PrivateKey))
	set.CheckString(t, "keygen's stdout", out.stdout)
	set.CheckString(t, "keygen's stderr", out.stderr)
	if !strings.Contains(out.stdout, `"kty":"RSA"`) && !strings.Contains(out.stdout, `"kty": "RSA"`) {
		t.Errorf("keygen printed no public JWK:\n%s", out.stdout)
	}
	set.CheckTree(t, home, nil)
}
