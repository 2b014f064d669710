package main

import (
	"bytes"
	"context"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/emulator"
	"github.com/fctr-id/tako-setup/checks/emulator/emutest"
)

// checkScenario is an emulated org and a .env that points at it.
type checkScenario struct {
	srv *emulator.Server
	org *emulator.Org
	env string
}

// oauthScenario is a well set-up OAuth app, with DPoP as asked, and a .env
// for it holding keyPEM.
func oauthScenario(t *testing.T, dpop bool, keyPEM string) checkScenario {
	t.Helper()
	o := emutest.StartOAuthOrg(t, emutest.AppDPoP(dpop), emutest.AppScopes("okta.users.read", "okta.groups.read", "okta.apps.read"))
	env := emutest.WriteEnv(t, t.TempDir(), "# Tako\nOPENAI_API_KEY=keep-me\nOKTA_CLIENT_ORGURL=https://acme.okta.com\nTOKEN_METHOD=OAUTH2\n"+
		"OKTA_OAUTH2_CLIENT_ID="+o.App.ClientID+"\nOKTA_OAUTH2_SCOPES=\"okta.users.read okta.groups.read okta.apps.read\"\n"+
		"OKTA_OAUTH2_PRIVATE_KEY_PEM=\""+keyPEM+"\"\nOKTA_API_TOKEN=\nOKTA_CONCURRENT_LIMIT=20\n")
	return checkScenario{srv: o.Server, org: o.Org, env: env}
}

// tokenScenario is an admin's API token, restricted to a zone that
// includes this host, and a .env for it: lines with $TOKEN replaced.
func tokenScenario(t *testing.T, lines string) (checkScenario, *emulator.APIToken) {
	t.Helper()
	o := emutest.StartTokenOrg(t, emutest.TokenZone("nzo1"))
	env := emutest.WriteEnv(t, t.TempDir(), "OKTA_CLIENT_ORGURL=https://acme.okta.com\n"+strings.ReplaceAll(lines, "$TOKEN", o.Token.Value))
	return checkScenario{srv: o.Server, org: o.Org, env: env}, o.Token
}

type checkResult struct {
	stdout, stderr string
	code           int
}

func runCheckCmd(t *testing.T, ctx context.Context, sc checkScenario, args ...string) checkResult {
	t.Helper()
	deps := checkDeps{
		httpClient: func(cfg checks.HTTPConfig) (*http.Client, error) {
			if cfg.CAFile != "" {
				// Exercise the real CA-file handling, then talk to the emulator.
				if _, err := checks.NewHTTPClient(cfg); err != nil {
					return nil, err
				}
			}
			if sc.srv == nil {
				return http.DefaultClient, nil
			}
			return sc.srv.Client(), nil
		},
		isTerminal: func(io.Writer) bool { return false },
		environ:    func() []string { return nil },
	}
	cmd := newCheckCmdWith(deps)
	var out, errb bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetErr(&errb)
	cmd.SetArgs(append([]string{"--env-file", sc.env}, args...))
	cmd.SilenceUsage = true
	cmd.SilenceErrors = true
	if ctx == nil {
		ctx = context.Background()
	}
	err := cmd.ExecuteContext(ctx)
	if err != nil {
		errb.WriteString("error: " + err.Error())
	}
	return checkResult{stdout: out.String(), stderr: errb.String(), code: exitCode(err)}
}

func TestCheckTextPasses(t *testing.T) {
	key := emutest.PKCS8PEM(t, emutest.Key(0))
	sc := oauthScenario(t, false, key)
	r := runCheckCmd(t, nil, sc)
	if r.code != 0 {
		t.Fatalf("exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	for _, want := range []string{"Checking https://acme.okta.com with OAuth 2.0", "[ok] org", "[ok] oauth.key", "[ok] oauth.dpop",
		"[ok] oauth.roles", "OKTA_CONCURRENT_LIMIT=38", "0 failed"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, r.stdout)
		}
	}
	if strings.Contains(r.stdout+r.stderr, "PRIVATE KEY") || strings.Contains(r.stdout, key[40:80]) {
		t.Fatal("the key leaked into the output")
	}
}

func TestCheckTextFailsWithFix(t *testing.T) {
	sc := oauthScenario(t, true, emutest.PKCS8PEM(t, emutest.Key(0)))
	r := runCheckCmd(t, nil, sc)
	if r.code != 1 {
		t.Fatalf("exit %d, want 1\n%s", r.code, r.stdout)
	}
	if !strings.Contains(r.stdout, "[XX] oauth.dpop") || !strings.Contains(r.stdout, "Fix: In Admin Console") || !strings.Contains(r.stdout, "1 failed") {
		t.Fatalf("output:\n%s", r.stdout)
	}
}

func TestCheckJSON(t *testing.T) {
	sc, tok := tokenScenario(t, "TOKEN_METHOD=api_token\nSSWS_API_KEY=$TOKEN\nOKTA_API_TOKEN=$TOKEN\n")
	r := runCheckCmd(t, nil, sc, "--json")
	if r.code != 0 {
		t.Fatalf("exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	dec := json.NewDecoder(strings.NewReader(r.stdout))
	var doc struct {
		OK          bool              `json:"ok"`
		Method      string            `json:"method"`
		OrgURL      string            `json:"org_url"`
		Checks      []map[string]any  `json:"checks"`
		Recommended map[string]string `json:"recommended"`
	}
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("stdout is not JSON: %v\n%s", err, r.stdout)
	}
	if dec.More() {
		t.Fatal("stdout holds more than one JSON value")
	}
	if !doc.OK || doc.Method != "API_TOKEN" || doc.OrgURL != "https://acme.okta.com" || len(doc.Checks) != 7 || doc.Recommended["OKTA_CONCURRENT_LIMIT"] != "38" {
		t.Fatalf("doc = %+v", doc)
	}
	// The legacy name is a note on stderr, never in the JSON stream.
	if !strings.Contains(r.stderr, "SSWS_API_KEY") {
		t.Errorf("no note about the legacy name: %q", r.stderr)
	}
	if strings.Contains(r.stdout, tok.Value) || strings.Contains(r.stderr, tok.Value) {
		t.Fatal("the token leaked")
	}
}

func TestCheckJSONFailure(t *testing.T) {
	sc, tok := tokenScenario(t, "TOKEN_METHOD=API_TOKEN\nOKTA_API_TOKEN=$TOKEN\n")
	_ = sc.org.RevokeToken(tok.ID)
	r := runCheckCmd(t, nil, sc, "--json")
	if r.code != 1 {
		t.Fatalf("exit %d", r.code)
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil || doc["ok"] != false {
		t.Fatalf("doc %v (%v)", doc, err)
	}
	list := doc["checks"].([]any)
	valid := list[2].(map[string]any)
	if valid["id"] != "token.valid" || valid["status"] != "fail" || !strings.Contains(valid["fix"].(string), "Create token") {
		t.Fatalf("token.valid = %v", valid)
	}
}

func TestCheckPKCS1KeyFails(t *testing.T) {
	pkcs1 := string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(emutest.Key(0))}))
	sc := oauthScenario(t, false, pkcs1)
	r := runCheckCmd(t, nil, sc)
	if r.code != 1 || !strings.Contains(r.stdout, "[XX] oauth.key") || !strings.Contains(r.stdout, "PKCS#1") {
		t.Fatalf("exit %d\n%s", r.code, r.stdout)
	}
	// The key itself is right: Okta accepted it.
	if !strings.Contains(r.stdout, "Okta accepted an assertion signed with it") {
		t.Fatalf("output:\n%s", r.stdout)
	}
}

func TestCheckUsageErrors(t *testing.T) {
	good, _ := tokenScenario(t, "OKTA_API_TOKEN=$TOKEN\n")
	cases := []struct {
		name string
		sc   checkScenario
		args []string
		says string
	}{
		{"missing file", checkScenario{env: filepath.Join(t.TempDir(), "nope.env")}, nil, "there is no file"},
		{"unclosed quote", checkScenario{env: emutest.WriteEnv(t, t.TempDir(), "OKTA_CLIENT_ORGURL=https://acme.okta.com\nOKTA_API_TOKEN=\"abc\n")}, nil, "quote"},
		{"bad limit", checkScenario{env: emutest.WriteEnv(t, t.TempDir(), "OKTA_CLIENT_ORGURL=https://acme.okta.com\nOKTA_API_TOKEN=x\nOKTA_CONCURRENT_LIMIT=lots\n")}, nil, "whole number"},
		{"zero timeout", good, []string{"--timeout", "0s"}, "timeout must be positive"},
		{"missing CA file", good, []string{"--ca-file", filepath.Join(t.TempDir(), "ca.pem")}, "CA certificates"},
		{"stray argument", good, []string{"extra"}, "unknown command"},
		{"unknown flag", good, []string{"--colour"}, "unknown flag"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := runCheckCmd(t, nil, c.sc, c.args...)
			if r.code != 2 {
				t.Fatalf("exit %d, want 2\n%s\n%s", r.code, r.stdout, r.stderr)
			}
			if !strings.Contains(r.stderr, c.says) {
				t.Fatalf("stderr %q lacks %q", r.stderr, c.says)
			}
			if r.stdout != "" {
				t.Fatalf("stdout not empty: %q", r.stdout)
			}
		})
	}
}

func TestCheckInterrupted(t *testing.T) {
	sc, _ := tokenScenario(t, "OKTA_API_TOKEN=$TOKEN\n")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r := runCheckCmd(t, ctx, sc)
	if r.code != 130 || r.stdout != "" {
		t.Fatalf("exit %d, stdout %q", r.code, r.stdout)
	}
}

func TestCheckDefaultMethodIsAPIToken(t *testing.T) {
	sc, _ := tokenScenario(t, "OKTA_API_TOKEN=$TOKEN\n")
	r := runCheckCmd(t, nil, sc, "--json")
	if r.code != 0 || !strings.Contains(r.stdout, `"method": "API_TOKEN"`) {
		t.Fatalf("exit %d\n%s", r.code, r.stdout)
	}
}
