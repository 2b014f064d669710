package noninteractive_test

import (
	"context"
	"crypto/rsa"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/emulator"
	"github.com/fctr-id/tako-setup/checks/emulator/emutest"
	"github.com/fctr-id/tako-setup/steps"
	"github.com/fctr-id/tako-setup/wizard"
	ni "github.com/fctr-id/tako-setup/wizard/noninteractive"
)

// orgURL is the host tests reach the emulator by: its client routes every
// host to the loopback server.
const orgURL = emutest.OrgURL

// appKey is the app's key (emutest's first, generated once per process).
func appKey() *rsa.PrivateKey { return emutest.Key(0) }

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// oauthOrg is a running org with an app set up as Tako needs it: appKey
// active, DPoP off, every default scope granted, Read-only Administrator.
func oauthOrg(t testing.TB) (*emulator.Server, string) {
	t.Helper()
	o := emutest.StartOAuthOrg(t, emutest.AppKeys(appKey()))
	return o.Server, o.App.ClientID
}

// tokenOrg is a running org with a Read-only Administrator and one API
// token of theirs, restricted to a zone that includes this host.
func tokenOrg(t testing.TB) (*emulator.Server, *emulator.APIToken) {
	t.Helper()
	o := emutest.StartTokenOrg(t, emutest.TokenZone("nzo1office"))
	return o.Server, o.Token
}

// checker is checks.Run against srv, as cmd/ binds it.
func checker(srv *emulator.Server) ni.CheckFunc {
	return func(ctx context.Context, in checks.Input, only []string) checks.Report {
		return checks.Run(ctx, in, checks.Options{HTTP: srv.Client(), Timeout: 5 * time.Second, Only: only})
	}
}

// keyPEM is appKey as PKCS#8 PEM.
func keyPEM(t testing.TB) string { return emutest.PKCS8PEM(t, appKey()) }

// values builds flag values as if given on the command line.
func values(kv ...string) ni.Values {
	v := ni.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v[kv[i]] = ni.Given{Value: kv[i+1], From: "--" + kv[i]}
	}
	return v
}

// config is a run for the .env at envPath, loaded as the wizard loads it.
func config(t testing.TB, srv *emulator.Server, envPath string, v ni.Values, stdin string) ni.Config {
	t.Helper()
	start, err := wizard.LoadExisting(envPath)
	must(t, err)
	_, statErr := os.Stat(envPath)
	return ni.Config{
		Answers:    start,
		Env:        wizard.FileEnv(envPath, strings.NewReader(stdin), fixedNow),
		Check:      checker(srv),
		Values:     v,
		EnvFile:    envPath,
		FileExists: statErr == nil,
	}
}

func fixedNow() time.Time { return time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC) }

func prepare(t testing.TB, cfg ni.Config) *ni.Plan {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	p, err := ni.Prepare(ctx, cfg)
	if err != nil {
		t.Fatalf("Prepare: %v", err)
	}
	return p
}

func prepareErr(t testing.TB, cfg ni.Config) error {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	p, err := ni.Prepare(ctx, cfg)
	if err == nil {
		t.Fatalf("Prepare succeeded (report %+v), want an error", p.Report())
	}
	return err
}

// readEnv reads the .env as Tako's names.
func readEnv(t testing.TB, path string) *steps.Answers {
	t.Helper()
	a, err := wizard.ReadBack(path)
	must(t, err)
	return a
}

func dump(r checks.Report) string {
	var b strings.Builder
	for _, f := range r.Findings {
		b.WriteString("  " + string(f.Status) + " " + f.ID + ": " + f.Title + " — " + f.Detail + "\n")
	}
	return b.String()
}
