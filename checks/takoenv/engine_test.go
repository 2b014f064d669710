package takoenv_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/emulator/emutest"
	"github.com/fctr-id/tako-setup/checks/takoenv"
)

// A file Tako would not start with fails the org finding with the line to
// add, and the engine still tests everything else: the token itself works.
func TestTheEngineFailsTheOrgFindingWithTheFileIssues(t *testing.T) {
	o := emutest.StartTokenOrg(t)
	s := takoenv.Read(source{"OKTA_CLIENT_ORGURL", emutest.OrgURL, "SSWS_API_KEY", o.Token.Value})
	r := checks.Run(context.Background(), takoenv.Input(s), checks.Options{HTTP: o.Server.Client(), Timeout: 5 * time.Second})
	org, _ := r.Find(checks.IDOrg)
	if org.Status != checks.Fail || org.Title != "Tako will not start with this .env" ||
		!strings.Contains(org.Fix, "Rename the line SSWS_API_KEY=… to OKTA_API_TOKEN=…") || !strings.Contains(org.Detail, "Okta org found") {
		t.Fatalf("org = %+v", org)
	}
	if f, _ := r.Find(checks.IDTokenValid); f.Status != checks.Pass {
		t.Fatalf("token.valid = %+v", f)
	}
	if r.OK() {
		t.Fatal("the report passes a file Tako would not start with")
	}
	// Without the issues (the same values, as the writer will write them),
	// the org passes.
	s.Issues = nil
	r = checks.Run(context.Background(), takoenv.Input(s), checks.Options{HTTP: o.Server.Client(), Timeout: 5 * time.Second})
	if f, _ := r.Find(checks.IDOrg); f.Status != checks.Pass {
		t.Fatalf("org without issues = %+v", f)
	}
}
