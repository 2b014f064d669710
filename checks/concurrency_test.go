package checks

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fctr-id/tako-setup/checks/emulator"
	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
)

// concurrencyOrg is a started org with an app as Tako needs it (every
// default scope, Read-only Administrator plus a role that reads roles) and
// 50 ms of latency, so that a burst of probes overlaps.
func concurrencyOrg(t *testing.T, ceiling, appPct int) (*emulator.Org, *emulator.Server, Input) {
	t.Helper()
	org := emulator.NewOrg()
	org.ConcurrencyLimit = ceiling
	org.Latency = 50 * time.Millisecond
	app := org.AddApp(&emulator.App{})
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(org.SetDPoP(app.ClientID, false))
	_, err := org.AddKey(app.ClientID, internalKey().Public(), "", "ACTIVE")
	must(err)
	must(org.GrantScopes(app.ClientID, DefaultScopes...))
	_, err = org.AssignAppRole(app.ClientID, "READ_ONLY_ADMIN")
	must(err)
	_, err = org.AssignAppCustomRole(app.ClientID, "Role reader", "okta.roles.read")
	must(err)
	if appPct > 0 {
		must(org.SetAppRateLimit(app.ClientID, appPct))
	}
	srv, err := emulator.Start(org)
	must(err)
	t.Cleanup(srv.Close)
	return org, srv, Input{OrgURL: "https://acme.okta.com", Method: OAuth2, ClientID: app.ClientID, PrivateKey: internalKey()}
}

// noLongWaits fails when the engine slept a second or more: a concurrency
// refusal is retried when a slot frees, never at X-Rate-Limit-Reset.
func noLongWaits(t *testing.T, waits []time.Duration) {
	t.Helper()
	for _, w := range waits {
		if w >= time.Second {
			t.Fatalf("the engine slept %s (waits %v): it waited for the reset instead of a free slot", w, waits)
		}
	}
}

// A ceiling of 35 behind a host that does not say so, the app's share at
// 75 %: the org serves 26 of the app's requests at once. The burst of
// probes meets refusals, the bound comes down to 26, every refused probe
// is sent again as soon as one of ours returns, and the check passes and
// says why it slowed down.
func TestConcurrencyRefusalsLowerTheBoundAndRetryOnRelease(t *testing.T) {
	org, srv, in := concurrencyOrg(t, 35, 75)
	rep, waits := runWith(t, in, Options{HTTP: srv.Client()})
	if !rep.OK() {
		t.Fatalf("report fails: %+v", rep.Findings)
	}
	want(t, rep, IDOAuthRoles, Pass, "test calls succeeded")
	want(t, rep, IDRateLimit, Pass, "had to slow down", "went from 38 to", "share is small", "served 26 at once", "75 % of a ceiling of 35", "OKTA_CONCURRENT_LIMIT=26")
	noLongWaits(t, waits)
	st := org.ConcurrencyStats()
	if st.Refused == 0 || st.PeakInFlight > 26 {
		t.Fatalf("org figures %+v: want refusals and at most 26 in flight", st)
	}
	// Every refused request was sent again, or spared (not sent: the role
	// reads everything): 2 + 37 answered or spared, plus one resend per
	// refusal.
	spared := 0
	if roles, ok := rep.Find(IDOAuthRoles); ok {
		if i := strings.Index(roles.Detail, "Not sent, to spare"); i >= 0 {
			sentence, _, _ := strings.Cut(roles.Detail[i:], ". ")
			for _, s := range DefaultScopes {
				if strings.Contains(sentence, s) {
					spared++
				}
			}
		}
	}
	if got := srv.TotalRequests(); got > 39+st.Refused || got < 39+st.Refused-spared {
		t.Fatalf("%d requests for %d refusals and %d spared, want 39 + refusals − spared", got, st.Refused, spared)
	}
}

// Other integrations hold 60 of a paid org's 75 slots: the check completes
// with no false finding, never has more requests in flight than the org had
// free, and says the org was busy.
func TestConcurrencyBusyOrg(t *testing.T) {
	org, srv, in := concurrencyOrg(t, 75, 0)
	org.SetOtherLoad(emulator.LoadLevel{Slots: 60})
	rep, waits := runWith(t, in, Options{HTTP: srv.Client()})
	if !rep.OK() {
		t.Fatalf("report fails: %+v", rep.Findings)
	}
	roles := want(t, rep, IDOAuthRoles, Pass, "test calls succeeded", "READ_ONLY_ADMIN")
	// The probes the role is known to allow may be spared; never a core
	// one.
	if i := strings.Index(roles.Detail, "Not sent, to spare"); i >= 0 {
		spared := roles.Detail[i:]
		if j := strings.Index(spared, "."); j >= 0 {
			spared = spared[:j]
		}
		for _, s := range CoreScopes {
			if strings.Contains(spared, s) {
				t.Errorf("core scope %s spared: %s", s, roles.Detail)
			}
		}
	} else if !strings.Contains(roles.Detail, "37 of 37") {
		t.Errorf("neither every probe nor a spared list: %s", roles.Detail)
	}
	want(t, rep, IDRateLimit, Pass, "had to slow down", "org was busy", "served only 15 at once", "share of 38")
	noLongWaits(t, waits)
	st := org.ConcurrencyStats()
	if st.PeakInFlight > 15 || st.OthersRefused != 0 {
		t.Fatalf("org figures %+v: want at most the 15 free slots, and no other integration refused", st)
	}
}

// captureAssertions records the client assertions of token requests.
type captureAssertions struct {
	next http.RoundTripper
	mu   sync.Mutex
	jtis []string
}

func (c *captureAssertions) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Method == http.MethodPost && strings.HasSuffix(req.URL.Path, "/oauth2/v1/token") {
		body, _ := io.ReadAll(req.Body)
		req.Body = io.NopCloser(bytes.NewReader(body))
		form, _ := url.ParseQuery(string(body))
		var claims jwt.Claims
		if tok, err := jwt.ParseSigned(form.Get("client_assertion"), []jose.SignatureAlgorithm{jose.RS256}); err == nil {
			_ = tok.UnsafeClaimsWithoutVerification(&claims)
		}
		c.mu.Lock()
		c.jtis = append(c.jtis, claims.ID)
		c.mu.Unlock()
	}
	return c.next.RoundTrip(req)
}

// A concurrency 429 on the token endpoint is retried with a fresh request:
// a newly signed assertion with a new jti (Okta consumes an assertion even
// when it refuses the request), and not after X-Rate-Limit-Reset.
func TestConcurrencyRefusedTokenRequestIsResentWithAFreshAssertion(t *testing.T) {
	org, srv, in := concurrencyOrg(t, 0, 0)
	h := http.Header{}
	h.Set("X-Rate-Limit-Limit", "0")
	h.Set("X-Rate-Limit-Remaining", "0")
	org.InjectFault("/oauth2/v1/token", emulator.Fault{Kind: emulator.FaultStatus, Status: 429, Header: h, ResetAfter: 45 * time.Second, Times: 1,
		Body: `{"error":"invalid_grant","error_description":"API call exceeded rate limit due to too many requests."}`})
	hc := srv.Client()
	capture := &captureAssertions{next: hc.Transport}
	hc.Transport = capture
	rep, waits := runWith(t, in, Options{HTTP: hc, Only: []string{IDOAuthScopes}})
	want(t, rep, IDOAuthScopes, Pass)
	noLongWaits(t, waits)
	if len(capture.jtis) != 2 || capture.jtis[0] == "" || capture.jtis[0] == capture.jtis[1] {
		t.Fatalf("assertion jtis %q: want two different ones", capture.jtis)
	}
}

// A concurrency 429 is never waited out to X-Rate-Limit-Reset, even when
// the reset is far beyond what the engine would wait for a rate limit.
func TestConcurrencyRefusalIsNotWaitedToTheReset(t *testing.T) {
	org, srv, in := faultOrg(t)
	h := http.Header{}
	h.Set("X-Rate-Limit-Limit", "0")
	h.Set("X-Rate-Limit-Remaining", "0")
	org.InjectFault("/api/v1/users/me", emulator.Fault{Kind: emulator.FaultStatus, Status: 429, Header: h, ResetAfter: 50 * time.Second, Times: 2,
		Body: `{"errorCode":"E0000047","errorSummary":"API call exceeded rate limit due to too many requests."}`})
	rep, waits := runWith(t, in, Options{HTTP: srv.Client()})
	want(t, rep, IDTokenValid, Pass)
	noLongWaits(t, waits)
	if n := org.Requests()["GET /api/v1/users/me"]; n != 3 {
		t.Fatalf("/users/me sent %d times, want 3 (two refusals, then served)", n)
	}
}

// When the org's other integrations hold every slot for a moment, nothing
// of ours returns to free one: the refused request pauses briefly (not
// until the reset) and goes again, and the bound is left alone — a full
// org says nothing about how many of ours it takes.
func TestConcurrencyRefusedWhileTheOrgIsFull(t *testing.T) {
	org, srv, in := faultOrg(t)
	org.SetConcurrencyLimit(75)
	org.SetOtherLoad(emulator.LoadLevel{Slots: 75, For: 300 * time.Millisecond}, emulator.LoadLevel{Slots: 0})
	r := newRun(in, Options{HTTP: srv.Client(), Timeout: 5 * time.Second})
	var mu sync.Mutex
	var waits []time.Duration
	r.c.sleep = func(ctx context.Context, d time.Duration) error {
		mu.Lock()
		waits = append(waits, d)
		mu.Unlock()
		return Sleep(ctx, d)
	}
	r.execute(context.Background())
	rep := r.report()
	want(t, rep, IDTokenValid, Pass)
	want(t, rep, IDRateLimit, Pass, "had to wait", "other integrations held every slot", "never until X-Rate-Limit-Reset")
	noLongWaits(t, waits)
	if len(waits) == 0 || waits[0] != concurrencyPause {
		t.Fatalf("waits %v, want short pauses from %s", waits, concurrencyPause)
	}
	if f := r.c.lim.figures(); f.Lowest != 0 || f.Refusals == 0 {
		t.Fatalf("figures %+v: refusals while the org was full must not lower the bound", f)
	}
}

// On an org that never refuses a request, every probe goes out: nothing
// is spared, whatever the role.
func TestNothingSparedWhenTheOrgNeverRefuses(t *testing.T) {
	_, srv, in := concurrencyOrg(t, 75, 0)
	rep, _ := runWith(t, in, Options{HTTP: srv.Client()})
	f := want(t, rep, IDOAuthRoles, Pass, "37 of 37 test calls succeeded")
	if strings.Contains(f.Detail, "Not sent") {
		t.Fatalf("probes spared on an org that never refused: %s", f.Detail)
	}
	if rl, _ := rep.Find(IDRateLimit); strings.Contains(rl.Detail, "slow down") {
		t.Fatalf("a slowdown reported without a refusal: %s", rl.Detail)
	}
}
