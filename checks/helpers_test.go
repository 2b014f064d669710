package checks_test

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"strings"
	"testing"
	"time"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/emulator"
	"github.com/fctr-id/tako-setup/checks/emulator/emutest"
)

// Keys A and B are the process's first two test keys (emutest caches them).
func rsaKeyA() *rsa.PrivateKey { return emutest.Key(0) }
func rsaKeyB() *rsa.PrivateKey { return emutest.Key(1) }

// mustRSA generates a key of an unusual size.
func mustRSA(bits int) *rsa.PrivateKey {
	k, err := rsa.GenerateKey(rand.Reader, bits)
	if err != nil {
		panic(err)
	}
	return k
}

// kidOf is the RFC 7638 thumbprint, the kid tako-setup registers.
func kidOf(t testing.TB, pub crypto.PublicKey) string { return emutest.KeyID(t, pub) }

// orgHost is the host tests reach the emulator by (a paid org: ceiling 75).
const orgHost = emutest.OrgURL

// oauthOrg is an org with an app set up the way Tako needs it: key A
// registered and active, DPoP off, every default scope granted, the
// Read-only Administrator role. It is not started yet.
func oauthOrg(t testing.TB) (*emulator.Org, string) {
	t.Helper()
	org := emulator.NewOrg()
	return org, emutest.AddOAuthApp(t, org, emutest.AppKeys(rsaKeyA())).ClientID
}

// tokenOrg is an org with an admin (Read-only Administrator) and one API
// token of theirs, restricted to a zone that includes this host. It is not
// started yet.
func tokenOrg(t testing.TB) (*emulator.Org, *emulator.User, *emulator.APIToken) {
	t.Helper()
	org := emulator.NewOrg()
	u, tok := emutest.AddAdminToken(t, org, emutest.TokenZone("nzo1office"))
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
	return emutest.Start(t, org, opts...)
}

func oauthInput(clientID string, key crypto.PrivateKey) checks.Input {
	return emutest.OAuthInput(clientID, key)
}

func tokenInput(tok *emulator.APIToken) checks.Input { return emutest.TokenInput(tok.Value) }

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
