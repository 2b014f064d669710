package noninteractive_test

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/emulator"
	"github.com/fctr-id/tako-setup/steps"
	"github.com/fctr-id/tako-setup/wizard"
	ni "github.com/fctr-id/tako-setup/wizard/noninteractive"
)

// orgURL is the host tests reach the emulator by: its client routes every
// host to the loopback server.
const orgURL = "https://acme.okta.com"

// appKey is the app's key, generated once per test binary (RSA generation
// is slow).
var appKey = sync.OnceValue(func() *rsa.PrivateKey {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	return k
})

func kidOf(t testing.TB, pub crypto.PublicKey) string {
	t.Helper()
	sum, err := (&jose.JSONWebKey{Key: pub}).Thumbprint(crypto.SHA256)
	if err != nil {
		t.Fatal(err)
	}
	return base64.RawURLEncoding.EncodeToString(sum)
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// oauthOrg is an org with an app set up as Tako needs it: appKey active,
// DPoP off, every default scope granted, Read-only Administrator.
func oauthOrg(t testing.TB) (*emulator.Server, string) {
	t.Helper()
	org := emulator.NewOrg()
	app := org.AddApp(&emulator.App{Label: "Tako"})
	must(t, org.SetDPoP(app.ClientID, false))
	_, err := org.AddKey(app.ClientID, appKey().Public(), kidOf(t, appKey().Public()), "ACTIVE")
	must(t, err)
	must(t, org.GrantScopes(app.ClientID, checks.DefaultScopes...))
	_, err = org.AssignAppRole(app.ClientID, "READ_ONLY_ADMIN")
	must(t, err)
	return start(t, org), app.ClientID
}

// tokenOrg is an org with a Read-only Administrator and one API token of
// theirs, restricted to a zone that includes this host.
func tokenOrg(t testing.TB) (*emulator.Server, *emulator.APIToken) {
	t.Helper()
	org := emulator.NewOrg()
	u := org.AddUser(&emulator.User{Login: "ann@example.com", FirstName: "Ann", LastName: "Admin"})
	_, err := org.AssignUserRole(u.ID, "READ_ONLY_ADMIN")
	must(t, err)
	tok := org.AddToken(&emulator.APIToken{Name: "tako", UserID: u.ID})
	must(t, org.SetTokenNetwork(tok.ID, "ZONE", []string{"nzo1office"}, true))
	return start(t, org), tok
}

func start(t testing.TB, org *emulator.Org) *emulator.Server {
	t.Helper()
	srv, err := emulator.Start(org)
	must(t, err)
	t.Cleanup(srv.Close)
	return srv
}

// checker is checks.Run against srv, as cmd/ binds it.
func checker(srv *emulator.Server) ni.CheckFunc {
	return func(ctx context.Context, in checks.Input, only []string) checks.Report {
		return checks.Run(ctx, in, checks.Options{HTTP: srv.Client(), Timeout: 5 * time.Second, Only: only})
	}
}

// writeFile writes a test file (mode 0600) and returns its path.
func writeFile(t testing.TB, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	must(t, os.WriteFile(p, []byte(content), 0o600))
	return p
}

// keyPEM is appKey as PKCS#8 PEM.
func keyPEM(t testing.TB) string {
	t.Helper()
	der, err := x509.MarshalPKCS8PrivateKey(appKey())
	must(t, err)
	return string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
}

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
