package render

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/fctr-id/tako-setup/checks"
)

func sample() checks.Report {
	return checks.Report{
		OrgURL: "https://acme.okta.com",
		Method: checks.OAuth2,
		Findings: []checks.Finding{
			{ID: checks.IDOrg, Status: checks.Pass, Title: "Okta org found", Detail: "Okta org 00o1 answers.", Fix: ""},
			{ID: checks.IDOAuthDPoP, Status: checks.Fail, Title: "The app requires DPoP", Detail: "Okta refused the request.", Fix: "Untick the DPoP box."},
			{ID: checks.IDOAuthRoles, Status: checks.Warn, Title: "Some calls were refused", Detail: "2 of 3.", Fix: "Assign Read-only Administrator."},
			{ID: checks.IDAge, Status: checks.Skip, Title: "Not checked", Detail: "Needs a token.", Fix: "ignored for skips"},
		},
		Recommended: checks.Recommended{ConcurrentLimit: 38, Scopes: []string{"okta.users.read", "okta.groups.read"}},
	}
}

func TestTextChecklist(t *testing.T) {
	var b bytes.Buffer
	if err := Text(&b, sample(), TextOptions{}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"Checking https://acme.okta.com with OAuth 2.0 (OAUTH2)",
		"[ok] org            Okta org found\n     Okta org 00o1 answers.\n",
		"[XX] oauth.dpop     The app requires DPoP\n     Okta refused the request.\n     Fix: Untick the DPoP box.\n",
		"[!!] oauth.roles    Some calls were refused\n",
		"     Fix: Assign Read-only Administrator.\n",
		"[--] age            Not checked\n     Needs a token.\n",
		"OKTA_CONCURRENT_LIMIT=38",
		"OKTA_OAUTH2_SCOPES: the 2 granted scopes",
		"1 passed, 1 warning, 1 failed, 1 skipped: Tako will not work until the failures are fixed.\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("checklist lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "ignored for skips") {
		t.Error("a skipped finding's fix was printed")
	}
	if strings.Contains(out, "\x1b[") {
		t.Error("plain text contains escape codes")
	}
}

func TestTextWrapsUnderTheTitle(t *testing.T) {
	rep := sample()
	rep.Findings[1].Detail = strings.Repeat("word ", 40)
	var b bytes.Buffer
	_ = Text(&b, rep, TextOptions{Width: 40})
	for _, line := range strings.Split(b.String(), "\n") {
		if len(line) > 40 {
			t.Errorf("line longer than 40 columns: %q", line)
		}
	}
	if !strings.Contains(b.String(), "\n     word word") {
		t.Error("wrapped lines are not indented")
	}
}

func TestTextColour(t *testing.T) {
	st := ColorStyles()
	var b bytes.Buffer
	_ = Text(&b, sample(), TextOptions{Styles: &st})
	if !strings.Contains(b.String(), "\x1b[") || !strings.Contains(b.String(), "[XX]") {
		t.Fatalf("coloured output lacks colour or glyphs: %q", b.String())
	}
}

func TestSummaryWords(t *testing.T) {
	rep := checks.Report{Findings: []checks.Finding{{Status: checks.Pass}, {Status: checks.Warn}, {Status: checks.Warn}}}
	if s := Summary(rep); s != "1 passed, 2 warnings, 0 failed, 0 skipped: Tako will work; the warnings are worth fixing." {
		t.Errorf("Summary = %q", s)
	}
	rep = checks.Report{Findings: []checks.Finding{{Status: checks.Pass}}}
	if s := Summary(rep); !strings.HasSuffix(s, "ready.") {
		t.Errorf("Summary = %q", s)
	}
	// A run in which checks could not run (a key Okta does not know yet)
	// must not claim the settings are ready.
	rep = checks.Report{Findings: []checks.Finding{{Status: checks.Pass}, {Status: checks.Skip}}}
	if s := Summary(rep); strings.Contains(s, "ready") || !strings.Contains(s, "could not run") {
		t.Errorf("Summary with skips = %q", s)
	}
}

func TestJSONContract(t *testing.T) {
	var b bytes.Buffer
	if err := JSON(&b, sample()); err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(&b)
	var doc map[string]any
	if err := dec.Decode(&doc); err != nil {
		t.Fatal(err)
	}
	if dec.More() {
		t.Fatal("more than one JSON value")
	}
	if doc["ok"] != false || doc["method"] != "OAUTH2" || doc["org_url"] != "https://acme.okta.com" {
		t.Fatalf("doc = %v", doc)
	}
	rec := doc["recommended"].(map[string]any)
	if rec["OKTA_CONCURRENT_LIMIT"] != "38" || rec["OKTA_OAUTH2_SCOPES"] != "okta.users.read okta.groups.read" {
		t.Fatalf("recommended = %#v (values must be strings)", rec)
	}
	list := doc["checks"].([]any)
	first := list[0].(map[string]any)
	for _, k := range []string{"id", "status", "title", "detail", "fix"} {
		if _, ok := first[k]; !ok {
			t.Errorf("check lacks %q: %v", k, first)
		}
	}
	if len(list) != 4 || list[1].(map[string]any)["status"] != "fail" {
		t.Fatalf("checks = %v", list)
	}
}

func TestJSONEmpty(t *testing.T) {
	var b bytes.Buffer
	_ = JSON(&b, checks.Report{Method: checks.APIToken})
	var doc map[string]any
	_ = json.Unmarshal(b.Bytes(), &doc)
	if doc["ok"] != true || doc["checks"] == nil || len(doc["recommended"].(map[string]any)) != 0 {
		t.Fatalf("doc = %s", b.String())
	}
}
