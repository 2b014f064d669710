package envfile

import (
	"strings"
	"testing"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/secret"
)

const testPEM = "-----BEGIN PRIVATE KEY-----\nAAAA\nBBBB\n-----END PRIVATE KEY-----"

func TestApply(t *testing.T) {
	tok := secret.New("00tokenvalue-for-tests-only-0001")
	cases := []struct {
		name    string
		in      string
		s       Settings
		opts    ApplyOptions
		want    string
		changes []string // Change.String() prefixes, in order
	}{
		{
			name: "new file gets a commented block",
			in:   "",
			s:    Settings{OrgURL: "https://example.okta.com", Method: checks.OAuth2, ClientID: "0oa1", Scopes: []string{"okta.users.read", "okta.groups.read"}, PrivateKeyPEM: secret.New(testPEM + "\n"), ConcurrentLimit: 18},
			want: blockHeader + "\n" +
				"OKTA_CLIENT_ORGURL=https://example.okta.com\nTOKEN_METHOD=OAUTH2\nOKTA_OAUTH2_CLIENT_ID=0oa1\n" +
				"OKTA_OAUTH2_SCOPES=\"okta.users.read okta.groups.read\"\nOKTA_OAUTH2_PRIVATE_KEY_PEM=\"" + testPEM + "\"\nOKTA_API_TOKEN=\nOKTA_CONCURRENT_LIMIT=18\n",
			changes: []string{"+ OKTA_CLIENT_ORGURL = https://example.okta.com", "+ TOKEN_METHOD = OAUTH2", "+ OKTA_OAUTH2_CLIENT_ID = 0oa1", "+ OKTA_OAUTH2_SCOPES = 2 scopes", "+ OKTA_OAUTH2_PRIVATE_KEY_PEM = key sha256:", "+ OKTA_API_TOKEN = (empty)", "+ OKTA_CONCURRENT_LIMIT = 18"},
		},
		{
			name:    "block appended after the user's lines, one blank line between",
			in:      "# mine\nA=1\n",
			s:       Settings{Method: checks.APIToken},
			want:    "# mine\nA=1\n\n" + blockHeader + "\nTOKEN_METHOD=API_TOKEN\n",
			changes: []string{"+ TOKEN_METHOD = API_TOKEN"},
		},
		{
			name: "no trailing newline",
			in:   "A=1",
			s:    Settings{Method: checks.APIToken},
			want: "A=1\n\n" + blockHeader + "\nTOKEN_METHOD=API_TOKEN\n",
		},
		{
			name: "file already ending with a blank line",
			in:   "A=1\n\n",
			s:    Settings{Method: checks.APIToken},
			want: "A=1\n\n" + blockHeader + "\nTOKEN_METHOD=API_TOKEN\n",
		},
		{
			name:    "in place, keeping export, spacing and comment",
			in:      "X=1\nexport OKTA_CLIENT_ORGURL = https://old.okta.com   # prod org\nY=2\n",
			s:       Settings{OrgURL: "https://new.okta.com"},
			want:    "X=1\nexport OKTA_CLIENT_ORGURL = https://new.okta.com   # prod org\nY=2\n",
			changes: []string{"~ OKTA_CLIENT_ORGURL: https://old.okta.com → https://new.okta.com"},
		},
		{
			name: "quoted value with a comment glued to the quote",
			in:   "OKTA_OAUTH2_CLIENT_ID='0oaold'#app\n",
			s:    Settings{ClientID: "0oanew"},
			want: "OKTA_OAUTH2_CLIENT_ID=0oanew #app\n",
		},
		{
			name:    "legacy name renamed in place",
			in:      "A=1\nOKTA_ORG_URL=https://old.okta.com\nB=2\n",
			s:       Settings{OrgURL: "https://new.okta.com"},
			want:    "A=1\nOKTA_CLIENT_ORGURL=https://new.okta.com\nB=2\n",
			changes: []string{"~ OKTA_ORG_URL → OKTA_CLIENT_ORGURL: https://old.okta.com → https://new.okta.com (OKTA_ORG_URL is the old name"},
		},
		{
			name:    "legacy token renamed, same value",
			in:      "SSWS_API_KEY=" + tok.Reveal() + "\n",
			s:       Settings{APIToken: tok},
			want:    "OKTA_API_TOKEN=" + tok.Reveal() + "\n",
			changes: []string{"~ SSWS_API_KEY → OKTA_API_TOKEN = …0001"},
		},
		{
			name:    "legacy name dropped when the canonical one is set",
			in:      "OKTA_ORG_URL=https://a.okta.com\n\nOKTA_CLIENT_ORGURL=https://b.okta.com\n",
			s:       Settings{OrgURL: "https://c.okta.com"},
			want:    "\nOKTA_CLIENT_ORGURL=https://c.okta.com\n",
			changes: []string{"~ OKTA_CLIENT_ORGURL: https://b.okta.com → https://c.okta.com", "- OKTA_ORG_URL (was https://a.okta.com) (old name for OKTA_CLIENT_ORGURL"},
		},
		{
			name:    "duplicates: the last one is edited and the user told",
			in:      "OKTA_CONCURRENT_LIMIT=10\nA=1\nOKTA_CONCURRENT_LIMIT=12\n",
			s:       Settings{ConcurrentLimit: 26},
			want:    "OKTA_CONCURRENT_LIMIT=10\nA=1\nOKTA_CONCURRENT_LIMIT=26\n",
			changes: []string{"~ OKTA_CONCURRENT_LIMIT: 12 → 26 (set 2 times in the file (lines 1, 3); the last one is what Tako reads"},
		},
		{
			// Emptied, not removed: Tako's settings require OKTA_API_TOKEN
			// whatever TOKEN_METHOD is (docs/tako-env.md).
			name: "switch to OAuth empties the API token and removes its legacy twin",
			in:   "OKTA_CLIENT_ORGURL=https://x.okta.com\nTOKEN_METHOD=API_TOKEN\n\nOKTA_API_TOKEN=" + tok.Reveal() + "\nSSWS_API_KEY=old\nZ=1\n",
			s:    Settings{Method: checks.OAuth2, ClientID: "0oa1"},
			opts: ApplyOptions{RemoveOtherMethod: true},
			want: "OKTA_CLIENT_ORGURL=https://x.okta.com\nTOKEN_METHOD=OAUTH2\n\nOKTA_API_TOKEN=\nOKTA_OAUTH2_CLIENT_ID=0oa1\nZ=1\n",
			changes: []string{"~ TOKEN_METHOD: API_TOKEN → OAUTH2", "~ OKTA_API_TOKEN: …0001 → (empty) (not used with OAuth 2.0",
				"- SSWS_API_KEY (was ********)", "+ OKTA_OAUTH2_CLIENT_ID = 0oa1"},
		},
		{
			name: "switch to OAuth renames a lone SSWS_API_KEY and empties it",
			in:   "OKTA_CLIENT_ORGURL=https://x.okta.com\nSSWS_API_KEY=" + tok.Reveal() + "\n",
			s:    Settings{OrgURL: "https://x.okta.com", Method: checks.OAuth2, ClientID: "0oa1"},
			opts: ApplyOptions{RemoveOtherMethod: true},
			want: "OKTA_CLIENT_ORGURL=https://x.okta.com\nTOKEN_METHOD=OAUTH2\nOKTA_OAUTH2_CLIENT_ID=0oa1\nOKTA_API_TOKEN=\n",
		},
		{
			name: "keeping the other credential renames a lone SSWS_API_KEY, value kept",
			in:   "OKTA_ORG_URL=https://x.okta.com\nSSWS_API_KEY=" + tok.Reveal() + "\n",
			s:    Settings{OrgURL: "https://x.okta.com", Method: checks.OAuth2, ClientID: "0oa1"},
			want: "OKTA_CLIENT_ORGURL=https://x.okta.com\nOKTA_API_TOKEN=" + tok.Reveal() + "\nTOKEN_METHOD=OAUTH2\nOKTA_OAUTH2_CLIENT_ID=0oa1\n",
		},
		{
			name: "without RemoveOtherMethod the other credential stays",
			in:   "TOKEN_METHOD=API_TOKEN\nOKTA_API_TOKEN=" + tok.Reveal() + "\n",
			s:    Settings{Method: checks.OAuth2},
			want: "TOKEN_METHOD=OAUTH2\nOKTA_API_TOKEN=" + tok.Reveal() + "\n",
		},
		{
			name: "switch to API token removes the multi-line PEM, keeping spacing",
			in:   "TOKEN_METHOD=OAUTH2\n\nOKTA_OAUTH2_PRIVATE_KEY_PEM=\"" + testPEM + "\"\n\nAFTER=1\n",
			s:    Settings{Method: checks.APIToken, APIToken: tok},
			opts: ApplyOptions{RemoveOtherMethod: true},
			want: "TOKEN_METHOD=API_TOKEN\nOKTA_API_TOKEN=" + tok.Reveal() + "\n\nAFTER=1\n",
		},
		{
			name: "missing keys go after the last Okta key",
			in:   "A=1\nOKTA_CLIENT_ORGURL=https://x.okta.com\nB=2\n",
			s:    Settings{Method: checks.APIToken, APIToken: tok},
			want: "A=1\nOKTA_CLIENT_ORGURL=https://x.okta.com\nTOKEN_METHOD=API_TOKEN\nOKTA_API_TOKEN=" + tok.Reveal() + "\nB=2\n",
		},
		{
			name: "last Okta key at end of file without newline",
			in:   "A=1\nTOKEN_METHOD=API_TOKEN",
			s:    Settings{APIToken: tok},
			want: "A=1\nTOKEN_METHOD=API_TOKEN\nOKTA_API_TOKEN=" + tok.Reveal() + "\n",
		},
		{
			name: "CRLF file: new lines in CRLF, PEM inside the quotes with LF",
			in:   "A=1\r\nTOKEN_METHOD=API_TOKEN\r\n",
			s:    Settings{Method: checks.OAuth2, PrivateKeyPEM: secret.New(strings.ReplaceAll(testPEM, "\n", "\r\n"))},
			want: "A=1\r\nTOKEN_METHOD=OAUTH2\r\nOKTA_OAUTH2_PRIVATE_KEY_PEM=\"" + testPEM + "\"\r\n",
		},
		{
			name: "bare key without = is given its value",
			in:   "OKTA_OAUTH2_CLIENT_ID\nA=1\n",
			s:    Settings{ClientID: "0oa1"},
			want: "OKTA_OAUTH2_CLIENT_ID=0oa1\nA=1\n",
		},
		{
			name: "case of TOKEN_METHOD normalised only when it changes",
			in:   "TOKEN_METHOD=oauth2\n",
			s:    Settings{Method: checks.OAuth2},
			want: "TOKEN_METHOD=OAUTH2\n",
		},
		{
			name:    "same values: nothing changes",
			in:      "OKTA_CLIENT_ORGURL=https://x.okta.com\nOKTA_OAUTH2_SCOPES=\"a b\"\n",
			s:       Settings{OrgURL: "https://x.okta.com", Scopes: []string{"a", "b"}},
			want:    "OKTA_CLIENT_ORGURL=https://x.okta.com\nOKTA_OAUTH2_SCOPES=\"a b\"\n",
			changes: []string{},
		},
		{
			name:    "a value readers disagree on is left alone and reported",
			in:      "OKTA_OAUTH2_CLIENT_ID=0oa1\n",
			s:       Settings{ClientID: "0oa$HOME"},
			want:    "OKTA_OAUTH2_CLIENT_ID=0oa1\n",
			changes: []string{`! OKTA_OAUTH2_CLIENT_ID not changed (OKTA_OAUTH2_CLIENT_ID contains "$"`},
		},
		{
			name:    "zero settings touch nothing",
			in:      "A=1\n",
			s:       Settings{},
			opts:    ApplyOptions{RemoveOtherMethod: true},
			want:    "A=1\n",
			changes: []string{},
		},
		{
			name: "OAuth with a token also given keeps the token",
			in:   "OKTA_API_TOKEN=x\n",
			s:    Settings{Method: checks.OAuth2, APIToken: secret.New("x")},
			opts: ApplyOptions{RemoveOtherMethod: true},
			want: "OKTA_API_TOKEN=x\nTOKEN_METHOD=OAUTH2\n",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			doc := Parse([]byte(tc.in))
			changes := Apply(doc, tc.s, tc.opts)
			if got := string(doc.Bytes()); got != tc.want {
				t.Fatalf("file:\n%q\nwant:\n%q", got, tc.want)
			}
			if tc.changes != nil {
				if len(changes) != len(tc.changes) {
					t.Fatalf("changes = %q, want %d", changes, len(tc.changes))
				}
				for i, c := range changes {
					if !strings.HasPrefix(c.String(), tc.changes[i]) {
						t.Errorf("change %d = %q, want prefix %q", i, c, tc.changes[i])
					}
				}
			}
			for _, c := range changes {
				if strings.Contains(c.String(), tok.Reveal()) || strings.Contains(c.String(), "BBBB") {
					t.Fatalf("change shows a secret: %q", c)
				}
			}
			// The edited text reads back as Apply says it does.
			again := Parse(doc.Bytes())
			for _, key := range doc.Keys() {
				v1, ok1 := doc.Get(key)
				v2, ok2 := again.Get(key)
				if v1 != v2 || ok1 != ok2 {
					t.Errorf("%s reads %q after a re-parse, Apply thought %q", key, v2, v1)
				}
			}
		})
	}
}

func TestApplyCloneKeepsBefore(t *testing.T) {
	doc := Parse([]byte("A=1\n"))
	before := doc.Clone()
	Apply(doc, Settings{Method: checks.APIToken}, ApplyOptions{})
	if string(before.Bytes()) != "A=1\n" || before.Edited() {
		t.Fatal("Clone shares state with the original")
	}
	if !doc.Edited() {
		t.Fatal("Edited() = false after Apply")
	}
}
