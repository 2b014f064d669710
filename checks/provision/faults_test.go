package provision

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/emulator"
)

func refusedWith(t *testing.T, err error, words ...string) {
	t.Helper()
	var re *RefusedError
	if !errors.As(err, &re) {
		t.Fatalf("not a refusal: %v", err)
	}
	for _, w := range words {
		if !strings.Contains(re.Reason+" "+re.Fix, w) {
			t.Errorf("refusal %q / %q lacks %q", re.Reason, re.Fix, w)
		}
	}
}

func TestRevokedTokenIsRefused(t *testing.T) {
	f := newFixture(t)
	if err := f.org.RevokeToken(f.super.ID); err != nil {
		t.Fatal(err)
	}
	_, err := Setup(context.Background(), f.config(t, f.super.Value))
	refusedWith(t, err, "401", "E0000011", "revoked")
	if len(f.org.Apps) != 0 {
		t.Fatal("an app was created")
	}
}

func TestIPRestrictedTokenIsRefused(t *testing.T) {
	f := newFixture(t)
	if err := f.org.SetTokenNetwork(f.super.ID, "ZONE", []string{"nzo1"}, false); err != nil {
		t.Fatal(err)
	}
	_, err := Setup(context.Background(), f.config(t, f.super.Value))
	refusedWith(t, err, "network zones", "403")
	if len(f.org.Apps) != 0 {
		t.Fatal("an app was created")
	}
}

func TestTwoAppsWithTheLabel(t *testing.T) {
	f := newFixture(t)
	a1 := f.org.AddApp(&emulator.App{Label: "Tako", Profile: madeByTakoSetup()})
	a2 := f.org.AddApp(&emulator.App{Label: "Tako", Profile: madeByTakoSetup()})
	f.org.AddApp(&emulator.App{Label: "Takoyaki"})
	// Non-interactive: refused, naming both ids, nothing changed.
	_, err := Setup(context.Background(), f.config(t, f.super.Value))
	refusedWith(t, err, a1.ID, a2.ID, "--app-label")
	if f.tokenRevoked(f.super.ID) || len(f.org.Events()) != 0 {
		t.Fatal("a refusal changed the org")
	}
	// The id given where the label goes picks that app.
	byID := f.config(t, f.super.Value)
	byID.AppLabel = a1.ID
	if res, err := Setup(context.Background(), byID); err != nil || res.AppID != a1.ID || f.org.App(a1.ClientID).DPoPRequired {
		t.Fatalf("by id: %v %+v", err, res)
	}
	f.super = f.org.AddToken(&emulator.APIToken{Name: "again", UserID: f.super.UserID})
	// Interactive: the choice is used.
	cfg := f.config(t, f.super.Value)
	var offered []AppRef
	cfg.ChooseApp = func(_ context.Context, apps []AppRef) (AppRef, error) {
		offered = apps
		return apps[1], nil
	}
	res, err := Setup(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(offered) != 2 || res.AppID != a2.ID || f.org.App(a2.ClientID).DPoPRequired {
		t.Fatalf("offered %v, used %s", offered, res.AppID)
	}
}

func TestScopeOktaWillNotGrantIsAWarning(t *testing.T) {
	f := newFixture(t)
	f.org.RefuseGrants("okta.manifests.read", "okta.reports.read")
	res, err := Setup(context.Background(), f.config(t, f.super.Value))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(res.ScopesRefused, []string{"okta.manifests.read", "okta.reports.read"}) {
		t.Fatalf("refused %v", res.ScopesRefused)
	}
	w := f.env.writes[0].Scopes
	if slices.Contains(w, "okta.manifests.read") || !slices.Contains(w, "okta.users.read") {
		t.Fatalf(".env scopes %v", w)
	}
	found := false
	for _, e := range f.lines {
		found = found || (e.Kind == Note && e.Warn && strings.Contains(e.Label, "okta.manifests.read"))
	}
	if !found || len(res.RolledBack) != 0 {
		t.Fatalf("no warning naming the scope, or rolled back %v", res.RolledBack)
	}
}

func TestRateLimitStormOnTheAppsBucket(t *testing.T) {
	f := newFixture(t)
	f.org.InjectFault("/api/v1/apps/", emulator.Fault{Kind: emulator.FaultStatus, Status: 429, Times: 6,
		Body:   `{"errorCode":"E0000047","errorSummary":"API call exceeded rate limit due to too many requests.","errorLink":"E0000047","errorId":"oae0","errorCauses":[]}`,
		Header: http.Header{"X-Rate-Limit-Limit": {"100"}, "X-Rate-Limit-Remaining": {"0"}}, ResetAfter: time.Second})
	cfg := f.config(t, f.super.Value)
	var waited atomic.Int64
	cfg.Sleep = func(ctx context.Context, d time.Duration) error {
		waited.Add(1)
		return sleepCtx(ctx, min(d, 10*time.Millisecond))
	}
	res, err := Setup(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if waited.Load() < 6 || len(res.ScopesGranted) != len(checks.DefaultScopes) || len(res.Repeated) > 0 {
		t.Fatalf("waits %d granted %d repeated %v", waited.Load(), len(res.ScopesGranted), res.Repeated)
	}
}

func TestPacingKeepsToTheTokensShare(t *testing.T) {
	f := newFixture(t)
	f.org.SetBucketLimit("/api/v1/apps", 20) // a free org: the token may make 10 writes a window
	f.org.RateLimitWindow = 400 * time.Millisecond
	cfg := f.config(t, f.super.Value)
	cfg.Scopes = checks.DefaultScopes[:15]
	var pacing, refused int
	cfg.OnEvent = func(e Event) {
		switch {
		case e.Kind == Waiting && strings.HasPrefix(e.Label, "Pacing"):
			pacing++
		case e.Kind == Waiting && strings.Contains(e.Label, "429"):
			refused++
		}
	}
	res, err := Setup(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	// It waited for the next window instead of running into Okta's 429.
	if pacing == 0 || refused != 0 || len(res.ScopesGranted) != 15 {
		t.Fatalf("pacing waits %d, 429s %d, granted %d", pacing, refused, len(res.ScopesGranted))
	}
}

// dropAfter is a transport that fails every request after the n-th
// write (the network going away between two writes).
type dropAfter struct {
	next   http.RoundTripper
	mu     sync.Mutex
	writes int
	n      int
}

func (d *dropAfter) RoundTrip(r *http.Request) (*http.Response, error) {
	d.mu.Lock()
	if r.Method != http.MethodGet {
		d.writes++
	}
	gone := d.writes > d.n
	d.mu.Unlock()
	if gone {
		return nil, fmt.Errorf("connection reset by peer")
	}
	return d.next.RoundTrip(r)
}

func TestConnectionDropsBetweenWritesThenRerunResumes(t *testing.T) {
	f := newFixture(t)
	cfg := f.config(t, f.super.Value)
	cfg.Parallel = 1
	cfg.HTTP = &http.Client{Transport: &dropAfter{next: f.srv.Client().Transport, n: 10}}
	res, err := Setup(context.Background(), cfg)
	if err == nil {
		t.Fatal("setup went through a dead network")
	}
	if res.TokenRevoked || !f.state.RevokePending || f.state.AppID == "" || len(res.Remains) == 0 {
		t.Fatalf("after the drop: revoked %v state %+v remains %v", res.TokenRevoked, f.state, res.Remains)
	}
	before := len(f.org.App(f.state.AppID).GrantedScopes)
	if before == 0 || before == len(checks.DefaultScopes) {
		t.Fatalf("grants before the drop: %d", before)
	}
	// The network is back: the re-run reuses the app and adds what is missing.
	res2, err := Setup(context.Background(), f.config(t, f.super.Value))
	if err != nil {
		t.Fatal(err)
	}
	if res2.AppID != res.AppID || res2.CreatedApp || len(f.org.Apps) != 1 || len(res2.ScopesGranted) != len(checks.DefaultScopes)-before {
		t.Fatalf("re-run: %+v", res2)
	}
	if !f.tokenRevoked(f.super.ID) {
		t.Fatal("token alive")
	}
	// The custom role and resource set of the first run were reused.
	if r := f.org.IAMLabels("roles"); len(r) != 1 || len(f.org.App(res.ClientID).Roles) != 2 {
		t.Fatalf("custom roles %v, app roles %+v", r, f.org.App(res.ClientID).Roles)
	}
}

func TestFailureRollsBackWhatThisRunCreated(t *testing.T) {
	f := newFixture(t)
	f.env.fail = errors.New("disk full")
	res, err := Setup(context.Background(), f.config(t, f.super.Value))
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("err %v", err)
	}
	if len(f.org.Apps) != 0 || !slices.Contains(res.RolledBack, "the app "+res.AppID) {
		t.Fatalf("apps left %d, rolled back %v", len(f.org.Apps), res.RolledBack)
	}
	if !f.tokenRevoked(f.super.ID) || !res.TokenRevoked {
		t.Fatal("token not revoked after a failure")
	}
	if r, rs := f.org.IAMLabels("roles"), f.org.IAMLabels("resource-sets"); len(r)+len(rs) != 0 {
		t.Fatalf("custom role %v / resource set %v left behind", r, rs)
	}
}

func TestFailureOnAFoundAppKeepsTheApp(t *testing.T) {
	f := newFixture(t)
	half := f.org.AddApp(&emulator.App{Label: "Tako", Profile: madeByTakoSetup()})
	if _, err := f.org.AddKey(half.ClientID, &testKey(t, 1).RSA.PublicKey, "old", "ACTIVE"); err != nil {
		t.Fatal(err)
	}
	f.env.fail = errors.New("disk full")
	if _, err := Setup(context.Background(), f.config(t, f.super.Value)); err == nil {
		t.Fatal("no error")
	}
	a := f.org.App(half.ClientID)
	if a == nil || len(a.GrantedScopes) != 0 || len(a.Roles) != 0 || len(a.Keys) != 1 || a.Keys[0].Status != "ACTIVE" || a.Keys[0].KID != "old" {
		t.Fatalf("found app not restored: %+v", a)
	}
}

func TestInterruptStillRevokesAndSaysWhatRemains(t *testing.T) {
	f := newFixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cfg := f.config(t, f.super.Value)
	n, lastDone := 0, 0
	cfg.OnEvent = func(e Event) {
		if e.Kind == CallDone && strings.HasPrefix(e.Label, "Grant ") {
			if n++; n == 5 {
				cancel() // ctrl+c during the grants
			}
		}
		if e.Kind == Progress && e.Phase == "grants" {
			lastDone = e.Done
		}
	}
	res, err := Setup(ctx, cfg)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v", err)
	}
	// The progress counts grants Okta answered, never the calls that
	// ctrl+c cut off.
	if lastDone != len(res.ScopesGranted) {
		t.Errorf("progress said %d granted, the run made %d grants", lastDone, len(res.ScopesGranted))
	}
	if !f.tokenRevoked(f.super.ID) || !res.TokenRevoked {
		t.Fatal("token alive after ctrl+c")
	}
	if len(f.org.Apps) != 1 || len(res.Remains) == 0 || !strings.Contains(strings.Join(res.Remains, " "), res.AppID) || f.state.AppID != res.AppID {
		t.Fatalf("remains %v state %+v", res.Remains, f.state)
	}
	if len(f.env.writes) != 0 {
		t.Fatal(".env written after ctrl+c")
	}
	if !slices.Contains(res.AuditEvents, "app.oauth2.admin.consent.grant") {
		t.Errorf("the grants made before ctrl+c are missing from the audit list: %v", res.AuditEvents)
	}
}

// A failure after the preflight, even before any write, still revokes
// the token (only a refusal leaves it).
func TestFailureBeforeAnyWriteStillRevokes(t *testing.T) {
	f := newFixture(t)
	f.org.InjectFault("/api/v1/apps", emulator.Fault{Kind: emulator.FaultStatus, Status: 500, Times: 2,
		Body: `{"errorCode":"E0000009","errorSummary":"Internal Server Error","errorLink":"E0000009","errorId":"oae0","errorCauses":[]}`})
	res, err := Setup(context.Background(), f.config(t, f.super.Value))
	if err == nil || errors.Is(err, ErrRefused) {
		t.Fatalf("err %v", err)
	}
	if !res.TokenRevoked || !f.tokenRevoked(f.super.ID) || len(f.org.Apps) != 0 {
		t.Fatalf("revoked %v, apps %d", res.TokenRevoked, len(f.org.Apps))
	}
}
