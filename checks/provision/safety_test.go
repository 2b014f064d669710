package provision

import (
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fctr-id/tako-setup/checks/emulator"
	"github.com/fctr-id/tako-setup/checks/secret"
)

// activeKIDs are the kids of the app's active keys.
func activeKIDs(a *emulator.App) []string {
	var out []string
	for _, k := range a.Keys {
		if k.Status == "ACTIVE" {
			out = append(out, k.KID)
		}
	}
	return out
}

// A found app a working Tako uses: ctrl+c right after the other key was
// deactivated must leave that Tako working (its key the one active key)
// and no key Okta knows without its private key.
func TestInterruptAfterTheKeySwapRestoresTheWorkingKey(t *testing.T) {
	f := newFixture(t)
	app := f.org.AddApp(&emulator.App{Label: "Tako", Profile: madeByTakoSetup()})
	if _, err := f.org.AddKey(app.ClientID, &testKey(t, 1).RSA.PublicKey, "working", "ACTIVE"); err != nil {
		t.Fatal(err)
	}
	store := StateDir(t.TempDir()).For(filepath.Join(t.TempDir(), "b.env"))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cfg := f.config(t, f.super.Value)
	cfg.Key, cfg.Store = nil, store // generated here, kept on disk
	cfg.OnEvent = func(e Event) {
		if e.Kind == CallDone && strings.HasPrefix(e.Label, "Deactivate the other active key") {
			cancel() // ctrl+c just after the swap
		}
	}
	res, err := Setup(ctx, cfg)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v", err)
	}
	a := f.org.App(app.ClientID)
	if got := activeKIDs(a); len(got) != 1 || got[0] != "working" || len(a.Keys) != 1 {
		t.Fatalf("active keys %v of %d: the working Tako is broken", got, len(a.Keys))
	}
	if !res.TokenRevoked {
		t.Fatal("token alive")
	}
	for _, r := range res.Remains {
		if strings.Contains(r, "its key") || strings.Contains(r, "deactivated by this run") {
			t.Fatalf("remains claims a key that is gone: %v", res.Remains)
		}
	}
	if _, err := os.Stat(store.KeyPath()); !os.IsNotExist(err) {
		t.Fatalf("a private key no app holds is still kept: %v", err)
	}
}

// The private key of a key Okta holds is kept (0600) until the .env holds
// it, and a re-run for the same .env and label uses it.
func TestInterruptKeepsTheKeyAndTheRerunUsesIt(t *testing.T) {
	f := newFixture(t)
	store := StateDir(t.TempDir()).For(filepath.Join(t.TempDir(), "a.env"))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cfg := f.config(t, f.super.Value)
	cfg.Key, cfg.Store = nil, store
	n := 0
	cfg.OnEvent = func(e Event) {
		if e.Kind == CallDone && strings.HasPrefix(e.Label, "Grant ") {
			if n++; n == 3 {
				cancel()
			}
		}
	}
	res, err := Setup(ctx, cfg)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v", err)
	}
	fi, err := os.Stat(store.KeyPath())
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("kept key: %v %v", fi, err)
	}
	if !strings.Contains(strings.Join(res.Remains, " "), store.KeyPath()) {
		t.Fatalf("remains do not say where the key is: %v", res.Remains)
	}
	kid := res.KID
	// The re-run: same .env, same label, a new token.
	tok := f.org.AddToken(&emulator.APIToken{Name: "again", UserID: f.super.UserID})
	cfg2 := f.config(t, tok.Value)
	cfg2.Key, cfg2.Store = nil, store
	res2, err := Setup(context.Background(), cfg2)
	if err != nil {
		t.Fatal(err)
	}
	a := f.org.App(res.ClientID)
	if res2.AppID != res.AppID || res2.KID != kid || len(a.Keys) != 1 || a.Keys[0].KID != kid {
		t.Fatalf("re-run did not reuse the kept key: kid %s→%s, keys %d", kid, res2.KID, len(a.Keys))
	}
	if f.env.writes[len(f.env.writes)-1].Key.KID != kid {
		t.Fatal("the .env did not get the kept key")
	}
	if _, err := os.Stat(store.KeyPath()); !os.IsNotExist(err) {
		t.Fatal("the kept key is still on disk after the .env was written")
	}
}

// An app with the label that tako-setup did not make is not taken over:
// refused with its id before any change; its id given in place of the
// label uses it.
func TestAnAppNotMadeByTakoSetupIsNotTakenOver(t *testing.T) {
	f := newFixture(t)
	hand := f.org.AddApp(&emulator.App{Label: "Tako"}) // made in the console
	if _, err := f.org.AddKey(hand.ClientID, &testKey(t, 1).RSA.PublicKey, "in-use", "ACTIVE"); err != nil {
		t.Fatal(err)
	}
	_, err := Setup(context.Background(), f.config(t, f.super.Value))
	refusedWith(t, err, hand.ID, "did not make", "--app-label "+hand.ID)
	if got := activeKIDs(f.org.App(hand.ClientID)); len(got) != 1 || got[0] != "in-use" || len(f.org.Apps) != 1 || f.tokenRevoked(f.super.ID) {
		t.Fatalf("the app was touched: active %v, apps %d", got, len(f.org.Apps))
	}
	byID := f.config(t, f.super.Value)
	byID.AppLabel = hand.ID
	if res, err := Setup(context.Background(), byID); err != nil || res.AppID != hand.ID {
		t.Fatalf("named by id: %v", err)
	}
}

// The progress is the .env's and the label's: an interrupted run's app is
// not resumed by a run for another label (or another .env).
func TestResumeIsKeyedByEnvFileAndLabel(t *testing.T) {
	f := newFixture(t)
	dir := StateDir(t.TempDir())
	envA := filepath.Join(t.TempDir(), "a.env")
	if dir.For(envA) == dir.For(filepath.Join(t.TempDir(), "other.env")) {
		t.Fatal("two .env files share one progress file")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cfg := f.config(t, f.super.Value)
	cfg.Store = dir.For(envA)
	cfg.OnEvent = func(e Event) {
		if e.Kind == CallDone && strings.HasPrefix(e.Label, "Grant ") {
			cancel()
		}
	}
	first, err := Setup(ctx, cfg)
	cancel()
	if !errors.Is(err, context.Canceled) || first.AppID == "" {
		t.Fatalf("first run: %v", err)
	}
	tok := f.org.AddToken(&emulator.APIToken{Name: "again", UserID: f.super.UserID})
	cfg2 := f.config(t, tok.Value)
	cfg2.Store, cfg2.AppLabel = dir.For(envA), "Tako Prod"
	res, err := Setup(context.Background(), cfg2)
	if err != nil {
		t.Fatal(err)
	}
	if res.AppID == first.AppID || !res.CreatedApp || f.org.App(res.ClientID).Label != "Tako Prod" {
		t.Fatalf("the run for \"Tako Prod\" used the app %s of the run for \"Tako\"", res.AppID)
	}
	if a := f.org.App(first.ClientID); a.Label != "Tako" || len(a.Keys) != 1 || a.Keys[0].Status != "ACTIVE" {
		t.Fatalf("the first app was changed: %+v", a)
	}
}

// Two automatic runs at once exclude each other: the second is refused
// before it uses its token.
func TestASecondRunAtOnceIsRefused(t *testing.T) {
	f := newFixture(t)
	dir := StateDir(t.TempDir())
	held := dir.For(filepath.Join(t.TempDir(), "a.env"))
	unlock, err := held.Lock()
	if err != nil {
		t.Fatal(err)
	}
	cfg := f.config(t, f.super.Value)
	cfg.Store = dir.For(filepath.Join(t.TempDir(), "b.env"))
	_, err = Setup(context.Background(), cfg)
	refusedWith(t, err, "Another automatic setup or rotation is running on this machine (it holds ", "Wait")
	var re *RefusedError
	if errors.As(err, &re) && strings.Count(strings.ToLower(re.Reason), "automatic setup or rotation is running") != 1 {
		t.Errorf("the refusal says it twice: %q", re.Reason)
	}
	rot, rerr := Rotate(context.Background(), RotateConfig{OrgURL: "https://example.okta.com", ClientID: "0oa1", OldKey: testKey(t, 0),
		AdminToken: secret.New(f.super.Value), HTTP: f.srv.Client(), Env: f.env, Lock: held})
	refusedWith(t, rerr, "Another automatic setup or rotation is running")
	if len(f.org.Events()) != 0 || f.tokenRevoked(f.super.ID) || rot.RevokeTried {
		t.Fatal("a refused run changed the org")
	}
	unlock()
	if _, err := Setup(context.Background(), cfg); err != nil {
		t.Fatalf("after the first run ended: %v", err)
	}
}

// Labels with control or bidirectional formatting characters are refused.
func TestLabelWithControlOrBidiCharactersIsRefused(t *testing.T) {
	for _, l := range []string{"Tako\x1b[31m", "Tako\u202eoppa", "Ta\u200bko", "Tako\x00"} {
		if CheckLabel(l) == nil {
			t.Errorf("%q accepted", l)
		}
	}
	if err := CheckLabel("Tako Prod – EU"); err != nil {
		t.Errorf("a plain label refused: %v", err)
	}
	f := newFixture(t)
	cfg := f.config(t, f.super.Value)
	cfg.AppLabel = "Tako\u202e"
	if _, err := Setup(context.Background(), cfg); !errors.Is(err, ErrRefused) || len(f.lines) != 0 {
		t.Fatalf("sent to Okta: %v, %d lines", err, len(f.lines))
	}
}

// rotateSetup sets up an app with key 0 and returns its result.
func rotateSetup(t *testing.T, f *fixture) *Result {
	t.Helper()
	res, err := Setup(context.Background(), f.config(t, f.super.Value))
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// ctrl+c between writing the .env and deactivating the old key: the old
// key still goes (the .env holds the new one), one active key remains,
// and nothing is said to remain.
func TestRotateInterruptedAfterTheWriteFinishesTheSwap(t *testing.T) {
	f := newFixture(t)
	res := rotateSetup(t, f)
	tok := f.org.AddToken(&emulator.APIToken{Name: "rot", UserID: f.super.UserID})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out, err := Rotate(ctx, RotateConfig{OrgURL: res.OrgURL, ClientID: res.ClientID, OldKey: testKey(t, 0), NewKey: testKey(t, 1),
		AdminToken: secret.New(tok.Value), HTTP: f.srv.Client(),
		Env: EnvFunc(func(ctx context.Context, v EnvValues) error {
			err := f.env.WriteEnv(ctx, v)
			cancel() // ctrl+c as the write ends
			return err
		})})
	if !errors.Is(err, context.Canceled) || !out.EnvWritten {
		t.Fatalf("err %v written %v", err, out.EnvWritten)
	}
	a := f.org.App(res.ClientID)
	if got := activeKIDs(a); len(got) != 1 || got[0] != testKey(t, 1).KID || len(a.Keys) != 1 {
		t.Fatalf("active %v of %d keys: the .env's key is not the only one", got, len(a.Keys))
	}
	if len(out.Remains) != 0 || !out.TokenRevoked {
		t.Fatalf("remains %v revoked %v", out.Remains, out.TokenRevoked)
	}
}

// ctrl+c after the new key was added but before the .env holds it: the
// new key is removed again (the .env's old key stays the one active key).
func TestRotateInterruptedBeforeTheWriteRemovesTheNewKey(t *testing.T) {
	f := newFixture(t)
	res := rotateSetup(t, f)
	tok := f.org.AddToken(&emulator.APIToken{Name: "rot", UserID: f.super.UserID})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out, err := Rotate(ctx, RotateConfig{OrgURL: res.OrgURL, ClientID: res.ClientID, OldKey: testKey(t, 0), NewKey: testKey(t, 1),
		AdminToken: secret.New(tok.Value), HTTP: f.srv.Client(), Env: f.env,
		OnEvent: func(e Event) {
			if e.Kind == CallDone && strings.HasPrefix(e.Label, "Add the new key") {
				cancel()
			}
		}})
	if !errors.Is(err, context.Canceled) || out.EnvWritten {
		t.Fatalf("err %v", err)
	}
	if got := activeKIDs(f.org.App(res.ClientID)); len(got) != 1 || got[0] != testKey(t, 0).KID {
		t.Fatalf("active keys %v", got)
	}
	if len(out.Remains) != 0 {
		t.Fatalf("remains %v", out.Remains)
	}
}

// A rotation whose old-key removal failed after the write says exactly
// what is left and that Tako fails until it is done; the next rotation
// removes it.
func TestRotateLeftOldKeyIsNamedAndTheNextRotationRemovesIt(t *testing.T) {
	f := newFixture(t)
	res := rotateSetup(t, f)
	tok := f.org.AddToken(&emulator.APIToken{Name: "rot", UserID: f.super.UserID})
	f.org.InjectFault("/api/v1/apps/"+res.AppID+"/credentials/jwks/", emulator.Fault{Kind: emulator.FaultStatus, Status: 500, Times: 100,
		Body: `{"errorCode":"E0000009","errorSummary":"Internal Server Error","errorLink":"E0000009","errorId":"oae0","errorCauses":[]}`})
	out, err := Rotate(context.Background(), RotateConfig{OrgURL: res.OrgURL, ClientID: res.ClientID, OldKey: testKey(t, 0), NewKey: testKey(t, 1),
		AdminToken: secret.New(tok.Value), HTTP: f.srv.Client(), Env: f.env})
	if err == nil || !out.EnvWritten {
		t.Fatalf("err %v written %v", err, out.EnvWritten)
	}
	rem := strings.Join(out.Remains, " ")
	if !strings.Contains(rem, "old key "+testKey(t, 0).KID) || !strings.Contains(rem, "still ACTIVE") || !strings.Contains(rem, "fails") || strings.Contains(rem, "the new key ") {
		t.Fatalf("remains %q", rem)
	}
	f.org.ClearFaults()
	tok2 := f.org.AddToken(&emulator.APIToken{Name: "rot2", UserID: f.super.UserID})
	if _, err := Rotate(context.Background(), RotateConfig{OrgURL: res.OrgURL, ClientID: res.ClientID, OldKey: testKey(t, 1), NewKey: testKey(t, 2),
		AdminToken: secret.New(tok2.Value), HTTP: f.srv.Client(), Env: f.env}); err != nil {
		t.Fatal(err)
	}
	if a := f.org.App(res.ClientID); len(a.Keys) != 1 || a.Keys[0].KID != testKey(t, 2).KID {
		t.Fatalf("%d keys left", len(a.Keys))
	}
}

// What the token line says is true: a token refused before any change,
// or an org never reached, is not called "could not be revoked".
func TestTokenLineIsTrue(t *testing.T) {
	f := newFixture(t)
	res, err := Setup(context.Background(), f.config(t, f.oa.Value))
	if !errors.Is(err, ErrRefused) || strings.Contains(res.TokenLine(), "could NOT be revoked") || !strings.Contains(res.TokenLine(), "made no change") {
		t.Fatalf("refusal: %q", res.TokenLine())
	}
	var re *RefusedError
	if errors.As(err, &re) && strings.Contains(re.Fix, "then delete this token") {
		t.Fatalf("a refusal tells to delete a token that may be Tako's own: %q", re.Fix)
	}
	cfg := f.config(t, f.super.Value)
	cfg.HTTP = &http.Client{Transport: &dropAfter{next: f.srv.Client().Transport, n: -1}}
	res, err = Setup(context.Background(), cfg)
	if err == nil || !strings.Contains(res.TokenLine(), "not revoked") || strings.Contains(res.TokenLine(), "could NOT") {
		t.Fatalf("unreachable: %v %q", err, res.TokenLine())
	}
	// Revoked meanwhile: the revocation finds it dead, which is the goal.
	tok := f.org.AddToken(&emulator.APIToken{Name: "short", UserID: f.super.UserID})
	cfg = f.config(t, tok.Value)
	cfg.OnEvent = func(e Event) {
		if e.Kind == CallDone && e.Phase == "verify" {
			_ = f.org.RevokeToken(tok.ID)
		}
	}
	res, err = Setup(context.Background(), cfg)
	if err != nil || !res.TokenRevoked {
		t.Fatalf("already dead: %v revoked %v", err, res.TokenRevoked)
	}
}
