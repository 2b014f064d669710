package envcheck

import (
	"context"
	"os"
	"runtime"
	"strings"
	"testing"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/emulator/emutest"
)

// TestWorldReadableEnvWithASecretWarns: check used to pass a 0666 .env
// holding an API token without a word. Every user may read it now warns
// (the org finding, with chmod 600 as the fix); a group-readable one (how
// Tako running as another user of the group reads it) and one without a
// secret do not.
func TestWorldReadableEnvWithASecretWarns(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no Unix modes")
	}
	o := emutest.StartTokenOrg(t, emutest.TokenZone("nzo1office"))
	dir := t.TempDir()
	path := emutest.WriteEnv(t, dir, "OKTA_CLIENT_ORGURL="+emutest.OrgURL+"\nTOKEN_METHOD=API_TOKEN\nOKTA_API_TOKEN="+o.Token.Value+"\n")
	for _, c := range []struct {
		mode os.FileMode
		want checks.Status
	}{{0o666, checks.Warn}, {0o644, checks.Warn}, {0o640, checks.Pass}, {0o600, checks.Pass}} {
		if err := os.Chmod(path, c.mode); err != nil {
			t.Fatal(err)
		}
		res, err := CheckFile(context.Background(), path, checks.Options{HTTP: o.Server.Client()})
		if err != nil {
			t.Fatal(err)
		}
		f, _ := res.Report.Find(checks.IDOrg)
		if f.Status != c.want {
			t.Errorf("mode %v: org finding %s (%s), want %s", c.mode, f.Status, f.Title, c.want)
		}
		if c.want == checks.Warn && (!strings.Contains(f.Fix, "chmod 600 "+path) || !strings.Contains(f.Detail, "every user") || !res.Report.OK()) {
			t.Errorf("mode %v: %+v (OK %v)", c.mode, f, res.Report.OK())
		}
		if strings.Contains(f.Detail+f.Fix, o.Token.Value) {
			t.Fatal("the token leaked")
		}
	}
}
