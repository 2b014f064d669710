package emutest_test

import (
	"context"
	"errors"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/emulator"
	"github.com/fctr-id/tako-setup/checks/emulator/emutest"
	"github.com/fctr-id/tako-setup/checks/emulator/nodns"
	"github.com/fctr-id/tako-setup/checks/keys"
)

func TestMain(m *testing.M) {
	nodns.Install() // the fixtures' orgs are reached on loopback only
	os.Exit(m.Run())
}

// runChecks runs the whole engine against srv.
func runChecks(t *testing.T, srv *emulator.Server, in checks.Input) checks.Report {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	return checks.Run(ctx, in, checks.Options{HTTP: srv.Client(), Timeout: 10 * time.Second})
}

func status(rep checks.Report, id string) checks.Status {
	f, _ := rep.Find(id)
	return f.Status
}

func TestKeysAreCachedAndDistinct(t *testing.T) {
	for i := range emutest.Keys {
		k := emutest.Key(i)
		if k != emutest.Key(i) {
			t.Fatalf("Key(%d) is generated again on a second call", i)
		}
		if k.N.BitLen() != 2048 {
			t.Fatalf("Key(%d) has %d bits, want 2048", i, k.N.BitLen())
		}
		for j := range i {
			if k.Equal(emutest.Key(j)) {
				t.Fatalf("Key(%d) is Key(%d)", i, j)
			}
		}
	}
	defer func() {
		if recover() == nil {
			t.Fatal("Key(Keys) did not panic")
		}
	}()
	emutest.Key(emutest.Keys)
}

// The kid is the one tako-setup's own key code computes.
func TestKeyIDIsTheKIDTakoSetupRegisters(t *testing.T) {
	k, err := keys.FromRSA(emutest.Key(1))
	if err != nil {
		t.Fatal(err)
	}
	if got := emutest.KeyID(t, emutest.Key(1).Public()); got != k.KID {
		t.Fatalf("KeyID = %q, keys.FromRSA's KID = %q", got, k.KID)
	}
	back, err := keys.Normalize(emutest.PKCS8PEM(t, emutest.Key(1)))
	if err != nil || !back.RSA.Equal(emutest.Key(1)) {
		t.Fatalf("PKCS8PEM does not read back as the key: %v", err)
	}
}

func TestOAuthOrgPassesEveryCheck(t *testing.T) {
	o := emutest.StartOAuthOrg(t)
	if o.Key != emutest.Key(0) || o.Input.PrivateKey != emutest.Key(0) || o.Input.ClientID != o.App.ClientID ||
		o.Input.Method != checks.OAuth2 || o.Input.OrgURL != emutest.OrgURL {
		t.Fatalf("input %+v does not match the app %s and Key(0)", o.Input, o.App.ClientID)
	}
	rep := runChecks(t, o.Server, o.Input)
	for _, id := range []string{checks.IDOAuthClient, checks.IDOAuthKey, checks.IDOAuthDPoP, checks.IDOAuthScopes} {
		if got := status(rep, id); got != checks.Pass {
			t.Errorf("%s = %s, want pass", id, got)
		}
	}
	// A Read-only Administrator cannot list its own roles: a warning, as
	// in a real org.
	if got := status(rep, checks.IDOAuthRoles); got != checks.Warn {
		t.Errorf("%s = %s, want warn for a Read-only Administrator", checks.IDOAuthRoles, got)
	}
	if !rep.OK() {
		t.Fatal("the org set up as Tako needs it does not pass")
	}
}

func TestOAuthOrgOptions(t *testing.T) {
	o := emutest.StartOAuthOrg(t, emutest.AppDPoP(true), emutest.AppKeys(emutest.Key(1), emutest.Key(2)),
		emutest.AppScopes("okta.users.read"), emutest.AppRoles())
	app := o.Org.App(o.App.ClientID)
	if !app.DPoPRequired || len(app.Keys) != 2 || !slices.Equal(app.GrantedScopes, []string{"okta.users.read"}) || len(app.Roles) != 0 {
		t.Fatalf("app = DPoP %v, %d keys, scopes %v, roles %v", app.DPoPRequired, len(app.Keys), app.GrantedScopes, app.Roles)
	}
	if o.Key != emutest.Key(1) || o.Input.PrivateKey != emutest.Key(1) {
		t.Fatal("the input does not sign with the first key given")
	}
	rep := runChecks(t, o.Server, o.Input)
	if status(rep, checks.IDOAuthDPoP) != checks.Fail {
		t.Fatalf("oauth.dpop = %s with DPoP required", status(rep, checks.IDOAuthDPoP))
	}

	none := emutest.StartOAuthOrg(t, emutest.AppKeys())
	if none.Key != nil || none.Input.PrivateKey != nil || len(none.Org.App(none.App.ClientID).Keys) != 0 {
		t.Fatal("AppKeys() still registered or signs with a key")
	}
}

func TestTokenOrgPassesEveryCheck(t *testing.T) {
	o := emutest.StartTokenOrg(t, emutest.TokenValue("00"+strings.Repeat("x", 40)), emutest.TokenZone("nzo1office"))
	if o.Token.Value != "00"+strings.Repeat("x", 40) || o.Input.APIToken.Reveal() != o.Token.Value || o.Input.Method != checks.APIToken {
		t.Fatalf("input %+v does not carry the token", o.Input)
	}
	if o.Token.Network != "ZONE" || !slices.Equal(o.Token.Zones, []string{"nzo1office"}) || o.User.Login != "ann@example.com" {
		t.Fatalf("token %+v of %+v", o.Token, o.User)
	}
	rep := runChecks(t, o.Server, o.Input)
	for _, f := range rep.Findings {
		if f.Status != checks.Pass && f.Status != checks.Skip {
			t.Errorf("%s is %s: %s — %s", f.ID, f.Status, f.Title, f.Detail)
		}
	}

	open := emutest.StartTokenOrg(t)
	if open.Token.Network != "ANYWHERE" || !strings.HasPrefix(open.Token.Value, "00") {
		t.Fatalf("default token %+v", open.Token)
	}
	if got := status(runChecks(t, open.Server, open.Input), checks.IDTokenNetwork); got != checks.Warn {
		t.Fatalf("token.network = %s for a token usable from anywhere, want warn", got)
	}
}

func TestWriteEnvIsPrivate(t *testing.T) {
	dir := t.TempDir()
	p := emutest.WriteEnv(t, dir, "A=1\n")
	if p != filepath.Join(dir, ".env") {
		t.Fatalf("path %s", p)
	}
	fi, err := os.Stat(p)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v (%v), want 0600", fi.Mode(), err)
	}
	if b, _ := os.ReadFile(p); string(b) != "A=1\n" {
		t.Fatalf("content %q", b)
	}
}

func TestSilentServerAcceptsAndNeverSpeaks(t *testing.T) {
	addr := emutest.SilentServer(t)
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatalf("the silent server refused a connection: %v", err)
	}
	defer c.Close()
	_ = c.SetReadDeadline(time.Now().Add(200 * time.Millisecond))
	n, err := c.Read(make([]byte, 1))
	var ne net.Error
	if n != 0 || !errors.As(err, &ne) || !ne.Timeout() {
		t.Fatalf("read %d bytes, err %v; want nothing until the deadline (not a close)", n, err)
	}
}
