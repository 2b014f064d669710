package wizard

import (
	"context"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/emulator"
	"github.com/fctr-id/tako-setup/checks/emulator/emutest"
	"github.com/fctr-id/tako-setup/steps"
	"github.com/fctr-id/tako-setup/wizard/envcheck"
	ni "github.com/fctr-id/tako-setup/wizard/noninteractive"
)

// verdictOrg is one emulated org holding both an OAuth 2.0 service app (its
// key Key(0)) and an admin's API token, so that every .env of the table
// below is checked against the same org.
type verdictOrg struct {
	srv      *emulator.Server
	clientID string
	token    string
}

func startVerdictOrg(t *testing.T) verdictOrg {
	t.Helper()
	org := emulator.NewOrg()
	app := emutest.AddOAuthApp(t, org)
	_, tok := emutest.AddAdminToken(t, org)
	return verdictOrg{srv: emutest.Start(t, org), clientID: app.ClientID, token: tok.Value}
}

func (o verdictOrg) check(ctx context.Context, in checks.Input, only []string) checks.Report {
	return checks.Run(ctx, in, checks.Options{HTTP: o.srv.Client(), Timeout: 5 * time.Second, Only: only})
}

// statuses is a report as finding id → status.
func statuses(r checks.Report) map[string]checks.Status {
	m := map[string]checks.Status{}
	for _, f := range r.Findings {
		m[f.ID] = f.Status
	}
	return m
}

// TestEveryPathGivesTheSameVerdict: for the same .env, `tako-setup check`
// (envcheck.CheckFile), the wizard's "Check it", the Done screen's read-back
// and --non-interactive (no answers, --yes) reach the same finding ids and
// statuses. The wizard's walk stops at its first failing step, so it is
// compared on the findings it reached, and must stop where check fails.
func TestEveryPathGivesTheSameVerdict(t *testing.T) {
	pkcs8 := strings.TrimSpace(emutest.PKCS8PEM(t, emutest.Key(0)))
	pkcs1 := strings.TrimSpace(string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(emutest.Key(0))})))
	jwk, err := json.Marshal(jose.JSONWebKey{Key: emutest.Key(0), KeyID: emutest.KeyID(t, emutest.Key(0).Public()), Algorithm: "RS256", Use: "sig"})
	if err != nil {
		t.Fatal(err)
	}
	const org = emutest.OrgURL
	// oauth and token are .env files for an org's app or token; $ORG is
	// replaced by the org URL written, $KEY by the key line's value.
	oauth := func(orgURL, keyValue, tail string) func(verdictOrg) string {
		return func(o verdictOrg) string {
			return "# Tako\nOPENAI_API_KEY=keep-me\nOKTA_CLIENT_ORGURL=" + orgURL + "\nTOKEN_METHOD=OAUTH2\nOKTA_OAUTH2_CLIENT_ID=" + o.clientID +
				"\nOKTA_OAUTH2_PRIVATE_KEY_PEM=" + keyValue + "\nOKTA_CONCURRENT_LIMIT=18\n" + tail
		}
	}
	token := func(lines string) func(verdictOrg) string {
		return func(o verdictOrg) string { return strings.ReplaceAll(lines, "$TOKEN", o.token) }
	}
	tokenFile := "OKTA_CLIENT_ORGURL=" + org + "\nTOKEN_METHOD=API_TOKEN\nOKTA_API_TOKEN=$TOKEN\nOKTA_CONCURRENT_LIMIT=18\n"
	quoted := func(pem string) string { return "\"" + pem + "\"" }
	cases := []struct {
		name string
		env  func(verdictOrg) string
		// fails is the finding that must fail on every path ("" = none).
		fails string
	}{
		{"OAuth 2.0, PKCS#8, empty token line", oauth(org, quoted(pkcs8), "OKTA_API_TOKEN=\n"), ""},
		{"OAuth 2.0, PKCS#1 key", oauth(org, quoted(pkcs1), "OKTA_API_TOKEN=\n"), checks.IDOAuthKey},
		// A JWK holds double quotes: written in single quotes, as a user would.
		{"OAuth 2.0, JWK key", oauth(org, "'"+string(jwk)+"'", "OKTA_API_TOKEN=\n"), checks.IDOAuthKey},
		{"OAuth 2.0, no OKTA_API_TOKEN line", oauth(org, quoted(pkcs8), ""), checks.IDOrg},
		{"OAuth 2.0, -admin URL", oauth("https://acme-admin.okta.com", quoted(pkcs8), "OKTA_API_TOKEN=\n"), checks.IDOrg},
		{"OAuth 2.0, quoted trailing newline in the org URL", oauth("\""+org+"\n\"", quoted(pkcs8), "OKTA_API_TOKEN=\n"), checks.IDOrg},
		{"API token", token(tokenFile), ""},
		{"API token, legacy names only", token("OKTA_ORG_URL=" + org + "\nTOKEN_METHOD=API_TOKEN\nSSWS_API_KEY=$TOKEN\nOKTA_CONCURRENT_LIMIT=18\n"), checks.IDOrg},
		// The canonical key is the one Tako's SDK path reads.
		{"API token, empty OKTA_API_TOKEN beside SSWS_API_KEY", token(strings.Replace(tokenFile, "OKTA_API_TOKEN=$TOKEN", "OKTA_API_TOKEN=\nSSWS_API_KEY=$TOKEN", 1)), checks.IDOrg},
		{"API token, bare host", token(strings.Replace(tokenFile, org, "acme.okta.com", 1)), checks.IDOrg},
		{"API token, a path", token(strings.Replace(tokenFile, org, org+"/admin/dashboard", 1)), checks.IDOrg},
		{"API token, CRLF file", token(strings.ReplaceAll(tokenFile+"# end\n", "\n", "\r\n")), ""},
		{"API token, NUL byte in another value", token(tokenFile + "SLACK_BOT_TOKEN=ab\x00cd\n"), checks.IDOrg},
		{"API token, TOKEN_METHOD unset", token(strings.Replace(tokenFile, "TOKEN_METHOD=API_TOKEN\n", "", 1)), ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			// Each file gets its own org, so that no path meets the rate
			// limit another path's run caused.
			o := startVerdictOrg(t)
			path := emutest.WriteEnv(t, t.TempDir(), c.env(o))
			ctx := context.Background()

			// 1. tako-setup check.
			res, err := envcheck.CheckFile(ctx, path, checks.Options{HTTP: o.srv.Client(), Timeout: 5 * time.Second})
			if err != nil {
				t.Fatalf("check: %v", err)
			}
			want := statuses(res.Report)
			if (c.fails == "") != res.Report.OK() || c.fails != "" && want[c.fails] != checks.Fail {
				t.Fatalf("check: %s fails? report %v", c.fails, want)
			}

			// 2. The Done screen's read-back of the same file.
			done, _ := steps.Setup().Step(steps.Done)
			a := steps.Answers{Written: &steps.WriteResult{Path: path}}
			if err := done.Prepare(FileEnv(path, nil, nil), &a); err != nil {
				t.Fatalf("read-back: %v", err)
			}
			if got := statuses(o.check(ctx, a.CheckInput(), nil)); !mapsEqual(got, want) {
				t.Errorf("Done read-back %v, check %v", got, want)
			}

			// 3. --non-interactive with no answer: the file as it stands.
			start, err := LoadExisting(path)
			if err != nil {
				t.Fatal(err)
			}
			p, err := ni.Prepare(ctx, ni.Config{Answers: start, Env: FileEnv(path, nil, nil), Check: o.check,
				Values: ni.Values{"yes": {Value: "true", From: "--yes"}}, EnvFile: path, FileExists: true})
			if err != nil {
				t.Fatalf("non-interactive: %v", err)
			}
			if got := statuses(p.Report()); !mapsEqual(got, want) {
				t.Errorf("--non-interactive %v, check %v", got, want)
				for _, f := range p.Report().Findings {
					t.Logf("ni %s %s %s %s", f.ID, f.Status, f.Title, f.Detail)
				}
				for _, f := range res.Report.Findings {
					t.Logf("check %s %s %s %s", f.ID, f.Status, f.Title, f.Detail)
				}
			}

			// 4. The wizard's "Check it": every step it reached agrees, and
			// it stops at a step whose check fails exactly when check fails.
			cfg := &Config{Graph: steps.Setup(), Answers: start, Env: FileEnv(path, nil, nil), Check: o.check, Timeout: 20 * time.Second}
			m := New(cfg.Graph, start, cfg.Env)
			req, err := m.Submit(map[string]string{"start": string(steps.StartCheck)})
			if err != nil {
				t.Fatal(err)
			}
			for i := 0; req != nil; i++ {
				if i > 40 {
					t.Fatal("the wizard does not settle")
				}
				_, req = m.Result(runRequest(ctx, cfg, *req))
			}
			failed := false
			for _, e := range m.Sidebar() {
				for _, f := range m.Findings(e.Step.ID) {
					if want[f.ID] != f.Status {
						t.Errorf("Check it: %s on %s is %s, check says %s", f.ID, e.Step.ID, f.Status, want[f.ID])
					}
				}
				failed = failed || e.Status == Failed
			}
			if failed != (c.fails != "") {
				t.Errorf("Check it failed = %v, check fails %q (stopped at %s)", failed, c.fails, m.Current().ID)
			}
			if c.fails != "" && !slices.ContainsFunc(m.Findings(m.Current().ID), func(f checks.Finding) bool { return f.ID == c.fails }) {
				t.Errorf("Check it stopped at %s, without %s", m.Current().ID, c.fails)
			}
		})
	}
}

func mapsEqual(a, b map[string]checks.Status) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// Rotation starts from the file as it stands: a file Tako would not start
// with keeps its issue through BeginRotation (only the credential is
// answered again), so the rotation's first check fails as check does.
func TestRotationChecksTheFileAsItStands(t *testing.T) {
	pkcs8 := strings.TrimSpace(emutest.PKCS8PEM(t, emutest.Key(0)))
	path := emutest.WriteEnv(t, t.TempDir(), "OKTA_CLIENT_ORGURL="+emutest.OrgURL+"\nTOKEN_METHOD=OAUTH2\nOKTA_OAUTH2_CLIENT_ID=0oaTAKO1\nOKTA_OAUTH2_PRIVATE_KEY_PEM=\""+pkcs8+"\"\n")
	start, err := LoadExisting(path)
	if err != nil {
		t.Fatal(err)
	}
	a, err := steps.BeginRotation(start)
	if err != nil {
		t.Fatal(err)
	}
	in := a.CheckInput()
	if len(in.FileIssues) != 1 || !strings.Contains(in.FileIssues[0].Fix, "OKTA_API_TOKEN=") || in.Retired == nil {
		t.Fatalf("rotation input: issues %+v, retired %v", in.FileIssues, in.Retired != nil)
	}
}

// "Set up again" on a file Tako would not start with: the answers are what
// will be written (the writer renames the old names and writes the URL as
// https://…), so the org step passes instead of failing on the file's issues.
func TestSetUpAgainIsNotHeldBackByWhatTheWriterFixes(t *testing.T) {
	o := startVerdictOrg(t)
	pkcs8 := strings.TrimSpace(emutest.PKCS8PEM(t, emutest.Key(0)))
	path := emutest.WriteEnv(t, t.TempDir(), "OKTA_ORG_URL=acme.okta.com\nTOKEN_METHOD=OAUTH2\nOKTA_OAUTH2_CLIENT_ID="+o.clientID+"\nOKTA_OAUTH2_PRIVATE_KEY_PEM=\""+pkcs8+"\"\n")
	start, err := LoadExisting(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(start.Issues) != 2 {
		t.Fatalf("issues = %+v", start.Issues)
	}
	cfg := &Config{Graph: steps.Setup(), Answers: start, Env: FileEnv(path, nil, nil), Check: o.check, Timeout: 20 * time.Second}
	m := New(cfg.Graph, start, cfg.Env)
	ctx := context.Background()
	run := func(req *Request) {
		for i := 0; req != nil; i++ {
			if i > 40 {
				t.Fatal("the wizard does not settle")
			}
			_, req = m.Result(runRequest(ctx, cfg, *req))
		}
	}
	req, err := m.Submit(map[string]string{"start": string(steps.StartSetup)})
	if err != nil {
		t.Fatal(err)
	}
	run(req)
	req, err = m.Submit(map[string]string{"org-url": m.Answers().OrgURL})
	if err != nil {
		t.Fatal(err)
	}
	run(req)
	if st := m.Status(steps.OrgURL); st != Passed {
		t.Fatalf("org step %s: %+v", st, m.Findings(steps.OrgURL))
	}
	if len(m.Answers().Issues) != 0 {
		t.Fatalf("issues left: %+v", m.Answers().Issues)
	}
}
