package envfile

import (
	"strings"
	"testing"

	"github.com/fctr-id/tako-setup/checks"
)

func TestChangeStringForEveryKind(t *testing.T) {
	for _, tc := range []struct {
		c    Change
		want string
	}{
		{Change{Kind: Added, Key: "K", New: "v"}, "+ K = v"},
		{Change{Kind: Updated, Key: "K", Old: "a", New: "b", Note: "why"}, "~ K: a → b (why)"},
		{Change{Kind: Removed, Key: "K", Old: "…abcd"}, "- K (was …abcd)"},
		{Change{Kind: Renamed, Key: "K", OldKey: "OLD", Old: "v", New: "v"}, "~ OLD → K = v"},
		{Change{Kind: Kept, Key: "K", Note: "unsafe"}, "! K not changed (unsafe)"},
	} {
		if got := tc.c.String(); got != tc.want {
			t.Errorf("%q, want %q", got, tc.want)
		}
	}
}

func TestSettingsFromFile(t *testing.T) {
	doc := Parse([]byte(`OKTA_ORG_URL=https://legacy.okta.com
TOKEN_METHOD=oauth2
OKTA_OAUTH2_CLIENT_ID= 0oa1
OKTA_OAUTH2_SCOPES='"okta.users.read  okta.groups.read"'
SSWS_API_KEY=legacy-token
OKTA_CONCURRENT_LIMIT=26
`))
	s := doc.Settings()
	if s.OrgURL != "https://legacy.okta.com" || s.Method != checks.OAuth2 || s.ClientID != "0oa1" || s.ConcurrentLimit != 26 {
		t.Fatalf("Settings = %+v", s)
	}
	if s.APIToken.Reveal() != "legacy-token" {
		t.Fatal("legacy SSWS_API_KEY not read")
	}
	if strings.Join(s.Scopes, ",") != "okta.users.read,okta.groups.read" {
		t.Fatalf("Scopes = %q", s.Scopes)
	}
	canon := Parse([]byte("OKTA_ORG_URL=https://legacy.okta.com\nOKTA_CLIENT_ORGURL=https://canonical.okta.com\nOKTA_API_TOKEN=new\nSSWS_API_KEY=old\nTOKEN_METHOD=Bogus\nOKTA_CONCURRENT_LIMIT=many\n")).Settings()
	if canon.OrgURL != "https://canonical.okta.com" || canon.APIToken.Reveal() != "new" || canon.Method != "BOGUS" || canon.ConcurrentLimit != 0 {
		t.Fatalf("canonical names do not win: %+v", canon)
	}
	if e := Parse(nil).Settings(); e.OrgURL != "" || e.Method != "" || e.Scopes != nil || !e.APIToken.IsZero() || !e.PrivateKeyPEM.IsZero() || e.ConcurrentLimit != 0 {
		t.Fatalf("empty file has settings: %+v", e)
	}
}

func TestApplyThenSettingsRoundTrip(t *testing.T) {
	for _, s := range []Settings{oauthSettings(t), tokenSettings(t)} {
		doc := Parse(nil)
		Apply(doc, s, ApplyOptions{RemoveOtherMethod: true})
		got := Parse(doc.Bytes()).Settings()
		if got.OrgURL != s.OrgURL || got.Method != s.Method || got.ClientID != s.ClientID ||
			got.APIToken.Reveal() != s.APIToken.Reveal() || strings.Join(got.Scopes, " ") != strings.Join(s.Scopes, " ") ||
			got.ConcurrentLimit != s.ConcurrentLimit || got.PrivateKeyPEM.Reveal() != strings.TrimSpace(s.PrivateKeyPEM.Reveal()) {
			t.Fatalf("read back %+v, wrote %+v", got, s)
		}
	}
}
