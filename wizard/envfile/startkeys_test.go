package envfile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fctr-id/tako-setup/checks"
)

// takoSample is the Okta part of Tako's own .env.sample: both start keys,
// the OAuth 2.0 keys empty.
const takoSample = "OKTA_CLIENT_ORGURL=https://your-domain.okta.com\nTOKEN_METHOD=API_TOKEN\nOKTA_API_TOKEN=\nOKTA_CONCURRENT_LIMIT=18\n" +
	"SYNC_OKTA_DEVICES=false\nOKTA_OAUTH2_CLIENT_ID=\nOKTA_OAUTH2_SCOPES=\"okta.users.read okta.groups.read\"\nOKTA_OAUTH2_PRIVATE_KEY_PEM=\"\"\n"

// TestEveryWholeSetupKeepsTakosStartKeys writes every method over every
// kind of starting file, removing or keeping the other method's secret: the
// written file always sets OKTA_CLIENT_ORGURL and OKTA_API_TOKEN (empty
// under OAuth 2.0 unless kept), which TestMain's model of Tako's start-up
// then checks again.
func TestEveryWholeSetupKeepsTakosStartKeys(t *testing.T) {
	tok := "00tokenvalue-for-tests-only-0001"
	starts := map[string]string{
		"new file":                 "",
		"Tako's .env.sample":       takoSample,
		"an API-token file":        "OKTA_CLIENT_ORGURL=https://acme.okta.com\nTOKEN_METHOD=API_TOKEN\nOKTA_API_TOKEN=" + tok + "\n",
		"legacy names only":        "OKTA_ORG_URL=https://acme.okta.com\nSSWS_API_KEY=" + tok + "\n",
		"OAuth without token line": "OKTA_CLIENT_ORGURL=https://acme.okta.com\nTOKEN_METHOD=OAUTH2\nOKTA_OAUTH2_CLIENT_ID=0oa1\n",
		"CRLF API-token file":      "OKTA_CLIENT_ORGURL=https://acme.okta.com\r\nOKTA_API_TOKEN=" + tok + "\r\nA=1\r\n",
	}
	oauth, token := oauthSettings(t), tokenSettings(t)
	oauth.OrgURL, token.OrgURL = "https://acme.okta.com", "https://acme.okta.com"
	for name, start := range starts {
		for _, s := range []Settings{oauth, token} {
			for _, remove := range []bool{true, false} {
				t.Run(name+"/"+string(s.Method)+map[bool]string{true: "/remove", false: "/keep"}[remove], func(t *testing.T) {
					path := filepath.Join(t.TempDir(), ".env")
					doc := Parse([]byte(start))
					if start != "" {
						if err := os.WriteFile(path, []byte(start), 0o600); err != nil {
							t.Fatal(err)
						}
						_, doc, _ = Load(path)
					}
					Apply(doc, s, ApplyOptions{RemoveOtherMethod: remove})
					if _, err := Write(path, doc, WriteOptions{Now: fixedNow}); err != nil {
						t.Fatalf("Write: %v", err)
					}
					_, back, err := Load(path)
					if err != nil {
						t.Fatal(err)
					}
					org, orgOK := back.Get(KeyOrgURL)
					tokVal, tokOK := back.Get(KeyAPIToken)
					if !orgOK || org != "https://acme.okta.com" || !tokOK {
						t.Fatalf("start keys: org %q %v, token set %v:\n%s", org, orgOK, tokOK, back.Bytes())
					}
					if s.Method == checks.OAuth2 && remove && tokVal != "" {
						t.Fatalf("the old token was not emptied:\n%s", back.Bytes())
					}
					if _, ok := back.Get(KeyOrgURLLegacy); ok && !strings.Contains(start, KeyOrgURL) {
						t.Fatalf("a lone legacy name stayed:\n%s", back.Bytes())
					}
				})
			}
		}
	}
}
