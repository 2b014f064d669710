package main

import (
	"os"
	"strings"
	"testing"

	"github.com/fctr-id/tako-setup/wizard/envfile/envfiletest"
)

// takoSampleOkta is the Okta part of Tako's own .env.sample, as shipped:
// both start keys, an API token method, an empty OAuth 2.0 section with a
// placeholder key.
const takoSampleOkta = "# 1. Your Okta organization URL\nOKTA_CLIENT_ORGURL=https://your-domain.okta.com\n\n" +
	"# 2. Authentication method. Options: API_TOKEN or OAUTH2\nTOKEN_METHOD=API_TOKEN\n\n" +
	"# 3. Okta API Token (required when TOKEN_METHOD=API_TOKEN)\nOKTA_API_TOKEN=\n\nOKTA_CONCURRENT_LIMIT=18\n\n" +
	"SYNC_OKTA_DEVICES=false\n\n# --- OAuth2 Configuration ---\nOKTA_OAUTH2_CLIENT_ID=\nOKTA_OAUTH2_SCOPES=\"okta.users.read okta.groups.read\"\n" +
	"OKTA_OAUTH2_PRIVATE_KEY_PEM=\"-----BEGIN PRIVATE KEY-----\nYOUR_PRIVATE_KEY_HERE\n-----END PRIVATE KEY-----\"\n\nJWT_SECRET_KEY=change-me\n"

// TestNonInteractiveWritesFilesTakoStartsWith: what --non-interactive writes
// for OAuth 2.0 into Tako's .env.sample, into a new file and into a former
// API-token file, and for an API token into .env.sample, starts Tako (the
// model of its start-up: both OKTA_CLIENT_ORGURL and OKTA_API_TOKEN set).
// Before the writer kept OKTA_API_TOKEN, the three OAuth 2.0 files had no
// such line and Tako stopped with "OKTA_API_TOKEN Field required".
func TestNonInteractiveWritesFilesTakoStartsWith(t *testing.T) {
	cases := []struct {
		name, start string
		args        func(o *niOrg) []string
		// emptyToken: the file must hold OKTA_API_TOKEN= (empty).
		emptyToken bool
	}{
		{"OAuth 2.0 into .env.sample", takoSampleOkta, func(o *niOrg) []string { return o.oauthArgs("--method", "oauth2", "--yes") }, true},
		{"OAuth 2.0 into a new file", "", func(o *niOrg) []string { return o.oauthArgs("--method", "oauth2") }, true},
		{"OAuth 2.0 into a former API-token file", "OKTA_CLIENT_ORGURL=https://acme.okta.com\nTOKEN_METHOD=API_TOKEN\nOKTA_API_TOKEN=$TOKEN\nA=1\n",
			func(o *niOrg) []string { return o.oauthArgs("--method", "oauth2", "--yes") }, true},
		{"API token into .env.sample", takoSampleOkta, func(o *niOrg) []string {
			return []string{"--non-interactive", "--org-url", o.srv.URL, "--method", "api-token", "--api-token-file", o.file(t, "token", o.token),
				"--ca-file", o.caFile, "--env-file", o.envPath(), "--yes"}
		}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o := newNIOrg(t)
			if c.start != "" {
				o.file(t, ".env", strings.ReplaceAll(c.start, "$TOKEN", o.token))
			}
			r := runTakoSetup(t, niSetup{}, c.args(o)...)
			if r.code != 0 {
				t.Fatalf("exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
			}
			got, err := os.ReadFile(o.envPath())
			if err != nil {
				t.Fatal(err)
			}
			if err := envfiletest.TakoStarts(got); err != nil {
				t.Fatalf("Tako would not start: %v\n%s", err, got)
			}
			if c.emptyToken && !strings.Contains(string(got), "\nOKTA_API_TOKEN=\n") {
				t.Fatalf("no empty OKTA_API_TOKEN line:\n%s", got)
			}
		})
	}
}
