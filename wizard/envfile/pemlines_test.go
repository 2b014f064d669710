package envfile

import (
	"strings"
	"testing"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/secret"
)

// unquotedPEMFile is a .env whose key was pasted without quotes.
func unquotedPEMFile(t *testing.T) (text string, keyLines []string) {
	t.Helper()
	pem := strings.TrimSpace(generatedKey(t).PEM().Reveal())
	lines := strings.Split(pem, "\n")
	return "A=1\nTOKEN_METHOD=OAUTH2\nOKTA_OAUTH2_PRIVATE_KEY_PEM=" + pem + "\nB=2\n", lines[1 : len(lines)-1]
}

func assertNoKeyLines(t *testing.T, what, s string, keyLines []string) {
	t.Helper()
	for _, l := range keyLines {
		if strings.Contains(s, l[:16]) {
			t.Fatalf("%s shows key material: %s", what, s)
		}
	}
}

func TestUnquotedPEMIsOneProblem(t *testing.T) {
	text, keyLines := unquotedPEMFile(t)
	d := Parse([]byte(text))
	if v, _ := d.Get(KeyPrivateKey); v != "-----BEGIN PRIVATE KEY-----" {
		t.Fatalf("Get = %q, want only the first line, as python-dotenv reads it", v)
	}
	ps := d.Problems()
	if len(ps) != 1 || ps[0].Key != KeyPrivateKey || ps[0].Severity != Error || !strings.Contains(ps[0].Message, "double quotes") {
		t.Fatalf("Problems = %v", ps)
	}
	for _, p := range ps {
		assertNoKeyLines(t, "problem", p.String()+p.Key, keyLines)
	}
	if d.Validate() == nil {
		t.Fatal("Validate accepts a key Tako reads as one line")
	}
}

func TestApplyReplacesEveryLineOfAnUnquotedPEM(t *testing.T) {
	text, keyLines := unquotedPEMFile(t)
	d := Parse([]byte(text))
	s := oauthSettings(t)
	changes := Apply(d, s, ApplyOptions{RemoveOtherMethod: true})
	out := string(d.Bytes())
	if strings.Count(out, "-----END PRIVATE KEY-----") != 1 || !strings.HasPrefix(out, "A=1\n") || !strings.Contains(out, "\nB=2\n") {
		t.Fatalf("result:\n%s", secretFree([]byte(out)))
	}
	if err := d.Validate(); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	if v, _ := Parse(d.Bytes()).Get(KeyPrivateKey); v != strings.TrimSpace(s.PrivateKeyPEM.Reveal()) {
		t.Fatal("the new key does not read back")
	}
	for _, c := range changes {
		assertNoKeyLines(t, "change", c.String()+c.Key, keyLines)
	}
	var noted bool
	for _, c := range changes {
		noted = noted || c.Key == KeyPrivateKey && strings.Contains(c.Note, "not in quotes")
	}
	if !noted {
		t.Errorf("no note about the unquoted key: %q", changes)
	}
}

func TestRemovingAnUnquotedPEMRemovesAllItsLines(t *testing.T) {
	text, keyLines := unquotedPEMFile(t)
	d := Parse([]byte(text))
	Apply(d, tokenSettings(t), ApplyOptions{RemoveOtherMethod: true})
	out := string(d.Bytes())
	assertNoKeyLines(t, "file", out, keyLines)
	if strings.Contains(out, "PRIVATE KEY") {
		t.Fatalf("key lines left:\n%s", out)
	}
	if d.Validate() != nil {
		t.Fatalf("Validate: %v", d.Validate())
	}
}

func TestPEMNotStandardIsRefused(t *testing.T) {
	pem := strings.TrimSpace(generatedKey(t).PEM().Reveal())
	for name, v := range map[string]string{
		"literal \\n on one line": strings.ReplaceAll(pem, "\n", `\n`),
		"one line with spaces":    strings.ReplaceAll(pem, "\n", " "),
	} {
		s := Settings{OrgURL: "https://x.okta.com", Method: checks.OAuth2, ClientID: "0oa1", PrivateKeyPEM: secret.New(v)}
		err := Validate(s)
		if err == nil || !strings.Contains(err.Error(), "standard PEM") {
			t.Errorf("%s: err = %v", name, err)
		}
	}
}

func TestSafeName(t *testing.T) {
	for name, want := range map[string]bool{
		"OKTA_API_TOKEN": true, "a.b": true, "x-y": true, "DEBUG": true, "somelowercasevariable": true,
		"MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7": false,
		"ab+cd/ef": false, "": false, "1ABC": false,
	} {
		if got := safeName(name); got != want {
			t.Errorf("safeName(%q) = %v", name, got)
		}
	}
}
