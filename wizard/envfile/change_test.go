package envfile

import (
	"strings"
	"testing"

	"github.com/fctr-id/tako-setup/checks"
)

func TestDiff(t *testing.T) {
	k := generatedKey(t)
	oldTok, newTok := fakeToken(t), fakeToken(t)
	before := Parse([]byte("OPENAI_API_KEY=sk-placeholder-value-1234\nOKTA_ORG_URL=https://x.okta.com\nOKTA_API_TOKEN=" + oldTok + "\nTOKEN_METHOD=API_TOKEN\nREMOVED=1\n"))
	after := Parse([]byte("OPENAI_API_KEY=sk-placeholder-value-9999\nOKTA_CLIENT_ORGURL=https://x.okta.com\nOKTA_API_TOKEN=" + newTok + "\nTOKEN_METHOD=OAUTH2\nOKTA_OAUTH2_PRIVATE_KEY_PEM=\"" + strings.TrimSpace(k.PEM().Reveal()) + "\"\n"))
	got := Diff(before, after)
	want := []string{
		"~ OPENAI_API_KEY: …1234 → …9999",
		"~ OKTA_ORG_URL → OKTA_CLIENT_ORGURL = https://x.okta.com",
		"~ OKTA_API_TOKEN: …" + oldTok[len(oldTok)-4:] + " → …" + newTok[len(newTok)-4:],
		"~ TOKEN_METHOD: API_TOKEN → OAUTH2",
		"- REMOVED (was ********)",
		"+ OKTA_OAUTH2_PRIVATE_KEY_PEM = RSA 2048-bit key, kid " + k.KID[:12] + "…",
	}
	if len(got) != len(want) {
		t.Fatalf("Diff = %q", got)
	}
	for i := range want {
		if got[i].String() != want[i] {
			t.Errorf("change %d = %q, want %q", i, got[i], want[i])
		}
	}
	if got[0].Line != 1 || got[2].Line != 3 || got[5].Line != 0 {
		t.Errorf("lines: %d %d %d", got[0].Line, got[2].Line, got[5].Line)
	}
	for _, c := range got {
		for _, s := range []string{oldTok, newTok, "sk-placeholder", "MII"} {
			if strings.Contains(c.String(), s) || strings.Contains(c.Old+c.New, s) {
				t.Fatalf("change shows a secret: %q", c)
			}
		}
	}
}

func TestDiffTellsApartSecretsWithTheSameEnding(t *testing.T) {
	a := Parse([]byte("OKTA_API_TOKEN=aaaaaaaaaaaaaaaaaaaaaaaa1234\n"))
	b := Parse([]byte("OKTA_API_TOKEN=bbbbbbbbbbbbbbbbbbbbbbbb1234\n"))
	c := Diff(a, b)
	if len(c) != 1 || c[0].Old == c[0].New || !strings.HasPrefix(c[0].Old, "sha256:") {
		t.Fatalf("Diff = %q", c)
	}
}

func TestDiffOfApplyMatchesApply(t *testing.T) {
	sample := "A=1\nOKTA_ORG_URL=https://old.okta.com\nTOKEN_METHOD=API_TOKEN\nOKTA_API_TOKEN=placeholder-token-0001\n"
	doc := Parse([]byte(sample))
	before := doc.Clone()
	s := oauthSettings(t)
	applied := Apply(doc, s, ApplyOptions{RemoveOtherMethod: true})
	diffed := Diff(before, doc)
	kinds := func(cs []Change) map[string]ChangeKind {
		m := map[string]ChangeKind{}
		for _, c := range cs {
			m[c.Key] = c.Kind
		}
		return m
	}
	a, d := kinds(applied), kinds(diffed)
	if len(a) != len(d) {
		t.Fatalf("Apply: %q\nDiff: %q", applied, diffed)
	}
	for k, v := range a {
		if d[k] != v {
			t.Errorf("%s: Apply says %s, Diff says %s", k, v, d[k])
		}
	}
	if d[KeyAPIToken] != Removed || d[KeyOrgURL] != Renamed || d[KeyPrivateKey] != Added {
		t.Errorf("Diff kinds: %v", d)
	}
}

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
