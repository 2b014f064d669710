package checks_test

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/emulator"
	"github.com/fctr-id/tako-setup/checks/secret"
)

// Keys are generated once per test binary (RSA generation is slow).
var (
	rsaKeyA = sync.OnceValue(func() *rsa.PrivateKey { return mustRSA(2048) })
	rsaKeyB = sync.OnceValue(func() *rsa.PrivateKey { return mustRSA(2048) })
)

func mustRSA(bits int) *rsa.PrivateKey {
	k, err := rsa.GenerateKey(rand.Reader, bits)
	if err != nil {
		panic(err)
	}
	return k
}

// kidOf is the RFC 7638 thumbprint, the kid tako-setup registers.
func kidOf(t testing.TB, pub crypto.PublicKey) string {
	t.Helper()
	sum, err := (&jose.JSONWebKey{Key: pub}).Thumbprint(crypto.SHA256)
	if err != nil {
		t.Fatal(err)
	}
	return base64.RawURLEncoding.EncodeToString(sum)
}

// orgHost is the host tests reach the emulator by (a paid org: ceiling 75).
const orgHost = "https://acme.okta.com"

// oauthOrg is an org with an app set up the way Tako needs it: key A
// registered and active, DPoP off, every default scope granted, the
// Read-only Administrator role.
func oauthOrg(t testing.TB) (*emulator.Org, string) {
	t.Helper()
	org := emulator.NewOrg()
	app := org.AddApp(&emulator.App{Label: "Tako"})
	must(t, org.SetDPoP(app.ClientID, false))
	_, err := org.AddKey(app.ClientID, rsaKeyA().Public(), kidOf(t, rsaKeyA().Public()), "ACTIVE")
	must(t, err)
	must(t, org.GrantScopes(app.ClientID, checks.DefaultScopes...))
	_, err = org.AssignAppRole(app.ClientID, "READ_ONLY_ADMIN")
	must(t, err)
	return org, app.ClientID
}

// tokenOrg is an org with an admin (Read-only Administrator) and one API
// token of theirs, restricted to a zone that includes this host.
func tokenOrg(t testing.TB) (*emulator.Org, *emulator.User, *emulator.APIToken) {
	t.Helper()
	org := emulator.NewOrg()
	u := org.AddUser(&emulator.User{Login: "ann@example.com", FirstName: "Ann", LastName: "Admin"})
	_, err := org.AssignUserRole(u.ID, "READ_ONLY_ADMIN")
	must(t, err)
	tok := org.AddToken(&emulator.APIToken{Name: "tako", UserID: u.ID})
	must(t, org.SetTokenNetwork(tok.ID, "ZONE", []string{"nzo1office"}, true))
	return org, u, tok
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func start(t testing.TB, org *emulator.Org, opts ...emulator.Option) *emulator.Server {
	t.Helper()
	srv, err := emulator.Start(org, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	return srv
}

func oauthInput(clientID string, key crypto.PrivateKey) checks.Input {
	return checks.Input{OrgURL: orgHost, Method: checks.OAuth2, ClientID: clientID, PrivateKey: key}
}

func tokenInput(tok *emulator.APIToken) checks.Input {
	return checks.Input{OrgURL: orgHost, Method: checks.APIToken, APIToken: secret.New(tok.Value)}
}

func run(t testing.TB, srv *emulator.Server, in checks.Input, only ...string) checks.Report {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	return checks.Run(ctx, in, checks.Options{HTTP: srv.Client(), Timeout: 5 * time.Second, Only: only})
}

// expect asserts a finding's status and that its text mentions each word.
func expect(t testing.TB, rep checks.Report, id string, want checks.Status, words ...string) checks.Finding {
	t.Helper()
	f, ok := rep.Find(id)
	if !ok {
		t.Fatalf("no %s finding in %s", id, dump(rep))
	}
	if f.Status != want {
		t.Fatalf("%s = %s, want %s\n%s", id, f.Status, want, dump(rep))
	}
	text := f.Title + "\n" + f.Detail + "\n" + f.Fix
	for _, w := range words {
		if !strings.Contains(text, w) {
			t.Errorf("%s does not mention %q:\n%s", id, w, text)
		}
	}
	if (want == checks.Fail || want == checks.Warn) && f.Fix == "" {
		t.Errorf("%s is %s without a fix", id, want)
	}
	return f
}

func dump(rep checks.Report) string {
	var b strings.Builder
	for _, f := range rep.Findings {
		b.WriteString("  " + string(f.Status) + " " + f.ID + ": " + f.Title + " — " + f.Detail)
		if f.Fix != "" {
			b.WriteString(" [fix: " + f.Fix + "]")
		}
		b.WriteString("\n")
	}
	return b.String()
}
