package checks

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fctr-id/tako-setup/checks/emulator"
	"github.com/fctr-id/tako-setup/checks/secret"
)

var internalKey = sync.OnceValue(func() *rsa.PrivateKey {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	return k
})

// faultOrg is an org whose API token works, for transport tests (the
// cheapest flow that reaches every kind of endpoint).
func faultOrg(t *testing.T) (*emulator.Org, *emulator.Server, Input) {
	t.Helper()
	org := emulator.NewOrg()
	u := org.AddUser(&emulator.User{Login: "ann@example.com"})
	if _, err := org.AssignUserRole(u.ID, "READ_ONLY_ADMIN"); err != nil {
		t.Fatal(err)
	}
	tok := org.AddToken(&emulator.APIToken{UserID: u.ID})
	srv, err := emulator.Start(org)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	return org, srv, Input{OrgURL: "https://acme.okta.com", Method: APIToken, APIToken: secret.New(tok.Value)}
}

// runWith runs the engine with a recorded, instant sleep.
func runWith(t *testing.T, in Input, opt Options) (Report, []time.Duration) {
	t.Helper()
	if opt.Timeout == 0 {
		opt.Timeout = 5 * time.Second
	}
	r := newRun(in, opt)
	var mu sync.Mutex
	var waits []time.Duration
	r.c.sleep = func(ctx context.Context, d time.Duration) error {
		mu.Lock()
		waits = append(waits, d)
		mu.Unlock()
		return ctx.Err()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	r.execute(ctx)
	return r.report(), waits
}

func want(t *testing.T, rep Report, id string, st Status, words ...string) Finding {
	t.Helper()
	f, ok := rep.Find(id)
	if !ok || f.Status != st {
		t.Fatalf("%s = %+v, want %s; report %+v", id, f, st, rep.Findings)
	}
	text := f.Title + " " + f.Detail + " " + f.Fix
	for _, w := range words {
		if !strings.Contains(text, w) {
			t.Errorf("%s does not mention %q: %s", id, w, text)
		}
	}
	return f
}

func TestNetworkRefused(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	hc, _ := NewHTTPClient(HTTPConfig{Timeout: 2 * time.Second})
	rep, _ := runWith(t, Input{OrgURL: "https://" + addr, Method: APIToken, APIToken: secret.New("x")}, Options{HTTP: hc})
	want(t, rep, IDOrg, Fail, "Connection refused", "port")
	want(t, rep, IDTokenValid, Skip, "org must be fixed first")
}

func TestNetworkDNS(t *testing.T) {
	// A dialer that fails like a resolver, so that no query leaves the machine.
	hc := &http.Client{Transport: &http.Transport{DialContext: func(context.Context, string, string) (net.Conn, error) {
		return nil, &net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "no such host", Name: "acme.okta.con", IsNotFound: true}}
	}}}
	rep, _ := runWith(t, Input{OrgURL: "https://acme.okta.con", Method: APIToken, APIToken: secret.New("x")}, Options{HTTP: hc})
	want(t, rep, IDOrg, Fail, "Host name not found", "acme.okta.con", "spelling")
}

func TestNetworkUnknownCA(t *testing.T) {
	_, srv, in := faultOrg(t)
	hc, err := NewHTTPClient(HTTPConfig{Timeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	in.OrgURL = srv.URL
	rep, _ := runWith(t, in, Options{HTTP: hc})
	want(t, rep, IDOrg, Fail, "not trusted", "--ca-file", "SSL_CERT_FILE")

	// The same server is trusted once its CA is given, by flag or by SSL_CERT_FILE.
	ca := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(ca, srv.CAPEM(), 0o600); err != nil {
		t.Fatal(err)
	}
	hc, err = NewHTTPClient(HTTPConfig{Timeout: 2 * time.Second, CAFile: ca})
	if err != nil {
		t.Fatal(err)
	}
	rep, _ = runWith(t, in, Options{HTTP: hc})
	want(t, rep, IDOrg, Pass)
	want(t, rep, IDTokenValid, Pass)

	t.Setenv("SSL_CERT_FILE", ca)
	hc, err = NewHTTPClient(HTTPConfig{Timeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	rep, _ = runWith(t, in, Options{HTTP: hc})
	want(t, rep, IDTokenValid, Pass)
}

func TestNewHTTPClientRefusesBadCAFiles(t *testing.T) {
	dir := t.TempDir()
	if _, err := NewHTTPClient(HTTPConfig{CAFile: filepath.Join(dir, "missing.pem")}); err == nil || !strings.Contains(err.Error(), "--ca-file") {
		t.Errorf("missing CA file: %v", err)
	}
	junk := filepath.Join(dir, "junk.pem")
	_ = os.WriteFile(junk, []byte("not a certificate"), 0o600)
	if _, err := NewHTTPClient(HTTPConfig{CAFile: junk}); err == nil || !strings.Contains(err.Error(), "no PEM certificate") {
		t.Errorf("junk CA file: %v", err)
	}
	hc, err := NewHTTPClient(HTTPConfig{})
	if err != nil {
		t.Fatal(err)
	}
	tr := hc.Transport.(*http.Transport)
	if tr.TLSClientConfig.InsecureSkipVerify || tr.Proxy == nil || hc.CheckRedirect == nil || hc.Timeout != defaultTimeout {
		t.Errorf("client = %+v", hc)
	}
}

func TestNetworkWrongHost(t *testing.T) {
	_, srv, in := faultOrg(t)
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(srv.CAPEM())
	hc := &http.Client{Transport: &http.Transport{DialContext: srv.DialContext, TLSClientConfig: &tls.Config{RootCAs: pool}}}
	in.OrgURL = "https://acme.example.net" // not a name on the emulator's certificate
	rep, _ := runWith(t, in, Options{HTTP: hc})
	want(t, rep, IDOrg, Fail, "certificate is for another host", "Check the org URL")
}

func TestNetworkTimeout(t *testing.T) {
	org, srv, in := faultOrg(t)
	org.InjectFault("/.well-known/okta-organization", emulator.Fault{Kind: emulator.FaultHang})
	rep, _ := runWith(t, in, Options{HTTP: srv.Client(), Timeout: 200 * time.Millisecond})
	want(t, rep, IDOrg, Fail, "No answer from acme.okta.com", "200ms", "--timeout")
}

func TestServerErrors(t *testing.T) {
	t.Run("500 fails", func(t *testing.T) {
		org, srv, in := faultOrg(t)
		org.InjectFault("/api/v1/users/me", emulator.StatusFault(500, `{"errorCode":"E0000009","errorSummary":"Internal Server Error"}`))
		rep, _ := runWith(t, in, Options{HTTP: srv.Client()})
		want(t, rep, IDTokenValid, Fail, "server error", "500", "status.okta.com")
	})
	t.Run("one 503 is retried", func(t *testing.T) {
		org, srv, in := faultOrg(t)
		org.InjectFault("/api/v1/users/me", emulator.Fault{Kind: emulator.FaultStatus, Status: 503, Times: 1})
		rep, waits := runWith(t, in, Options{HTTP: srv.Client()})
		want(t, rep, IDTokenValid, Pass)
		if len(waits) != 1 {
			t.Fatalf("waits = %v", waits)
		}
	})
	t.Run("503 twice fails", func(t *testing.T) {
		org, srv, in := faultOrg(t)
		org.InjectFault("/api/v1/users/me", emulator.Fault{Kind: emulator.FaultStatus, Status: 503})
		rep, _ := runWith(t, in, Options{HTTP: srv.Client()})
		want(t, rep, IDTokenValid, Fail, "503")
		if n := org.Requests()["GET /api/v1/users/me"]; n != 2 {
			t.Fatalf("%d attempts, want 2", n)
		}
	})
}

func TestRateLimitWaits(t *testing.T) {
	t.Run("short wait then success", func(t *testing.T) {
		org, srv, in := faultOrg(t)
		f := emulator.RateLimitFault(2 * time.Second)
		f.Times = 1
		org.InjectFault("/api/v1/users/me", f)
		rep, waits := runWith(t, in, Options{HTTP: srv.Client()})
		want(t, rep, IDTokenValid, Pass)
		if len(waits) != 1 || waits[0] < 2*time.Second || waits[0] > 4*time.Second {
			t.Fatalf("waits = %v, want one of about 3 s (reset − Date + 1 s)", waits)
		}
	})
	t.Run("long wait is a finding", func(t *testing.T) {
		org, srv, in := faultOrg(t)
		org.InjectFault("/api/v1/users/me", emulator.RateLimitFault(time.Minute))
		rep, waits := runWith(t, in, Options{HTTP: srv.Client()})
		want(t, rep, IDTokenValid, Fail, "rate limiting", "about 1m", "in a minute")
		if len(waits) != 0 {
			t.Fatalf("waited %v for a reset beyond the bound", waits)
		}
	})
	// Without X-Rate-Limit-Reset nothing is known about when the limit
	// lifts: the finding says so and does not name the engine's own 1 s
	// pause as Okta's reset.
	for _, reset := range []string{"", "soon"} {
		t.Run("no reset time ("+strconv.Quote(reset)+")", func(t *testing.T) {
			org, srv, in := faultOrg(t)
			f := emulator.RateLimitFault(0)
			if reset != "" {
				f.Header.Set("X-Rate-Limit-Reset", reset)
			}
			org.InjectFault("/api/v1/users/me", f)
			rep, waits := runWith(t, in, Options{HTTP: srv.Client()})
			got := want(t, rep, IDTokenValid, Fail, "rate limiting", "gave no reset time", "not known", "Wait a minute, then run the check again", "E0000047")
			if strings.Contains(got.Detail, "for about") {
				t.Errorf("the finding invents a reset time: %s", got.Detail)
			}
			if len(waits) != 2 || waits[0] != time.Second || waits[1] != time.Second {
				t.Errorf("waits = %v, want two pauses of 1s before giving up", waits)
			}
		})
	}
	t.Run("concurrency 429", func(t *testing.T) {
		org, srv, in := faultOrg(t)
		h := http.Header{}
		h.Set("X-Rate-Limit-Limit", "0")
		h.Set("X-Rate-Limit-Remaining", "0")
		org.InjectFault("/api/v1/users/me", emulator.Fault{Kind: emulator.FaultStatus, Status: 429, Header: h, ResetAfter: 30 * time.Second,
			Body: `{"errorCode":"E0000047","errorSummary":"API call exceeded rate limit due to too many requests."}`})
		rep, _ := runWith(t, in, Options{HTTP: srv.Client()})
		want(t, rep, IDTokenValid, Fail, "concurrency ceiling", "other integrations")
	})
}

func TestAnswersThatAreNotOkta(t *testing.T) {
	cases := []struct {
		name   string
		path   string
		fault  emulator.Fault
		id     string
		status Status
		words  []string
	}{
		{"html", "/api/v1/users/me", emulator.Fault{Kind: emulator.FaultHTML}, IDTokenValid, Fail, []string{"HTML page", "-admin"}},
		{"huge", "/.well-known/okta-organization", emulator.Fault{Kind: emulator.FaultHugeBody}, IDOrg, Fail, []string{"too large", "1024 KiB"}},
		{"reset", "/api/v1/users/me", emulator.Fault{Kind: emulator.FaultReset}, IDTokenValid, Fail, []string{"connection", "failed"}},
		{"redirect", "/.well-known/okta-organization", emulator.Fault{Kind: emulator.FaultStatus, Status: 302,
			Header: http.Header{"Location": {"https://login.example.com/sso?state=secret"}}}, IDOrg, Fail, []string{"redirects", "https://login.example.com/sso"}},
		// Discovery answers oddly, but the token works: an Okta org is there.
		{"not json", "/.well-known/okta-organization", emulator.Fault{Kind: emulator.FaultStatus, Status: 200, Body: "okay"}, IDOrg, Warn, []string{"not the JSON", "accepted the credentials"}},
		{"404", "/.well-known/okta-organization", emulator.StatusFault(404, ""), IDOrg, Warn, []string{"404", "accepted the credentials"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			org, srv, in := faultOrg(t)
			org.InjectFault(c.path, c.fault)
			rep, _ := runWith(t, in, Options{HTTP: srv.Client()})
			f := want(t, rep, c.id, c.status, c.words...)
			if strings.Contains(f.Detail, "state=secret") {
				t.Error("a redirect's query string was shown")
			}
		})
	}
	// Without working credentials the same 404 means "not an Okta org".
	org, srv, in := faultOrg(t)
	org.InjectFault("/.well-known/okta-organization", emulator.StatusFault(404, ""))
	in.APIToken = secret.New("wrong-token-0000000000000000")
	rep, _ := runWith(t, in, Options{HTTP: srv.Client()})
	want(t, rep, IDOrg, Fail, "Not an Okta org", "404")
	want(t, rep, IDTokenValid, Skip)
}

func TestTokenRequestRetriesUseFreshAssertions(t *testing.T) {
	// Okta consumes an assertion even when it refuses the request; a 429
	// on the token endpoint must be retried with a new one.
	org := emulator.NewOrg()
	app := org.AddApp(&emulator.App{})
	_ = org.SetDPoP(app.ClientID, false)
	if _, err := org.AddKey(app.ClientID, internalKey().Public(), "", "ACTIVE"); err != nil {
		t.Fatal(err)
	}
	_ = org.GrantScopes(app.ClientID, "okta.users.read")
	f := emulator.RateLimitFault(time.Second)
	f.Times = 1
	org.InjectFault("/oauth2/v1/token", f)
	srv, err := emulator.Start(org)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	rep, waits := runWith(t, Input{OrgURL: "https://acme.okta.com", Method: OAuth2, ClientID: app.ClientID, PrivateKey: internalKey(), Scopes: []string{"okta.users.read"}},
		Options{HTTP: srv.Client(), Only: []string{IDOAuthScopes}})
	want(t, rep, IDOAuthScopes, Pass)
	if len(waits) != 1 || org.Requests()["POST /oauth2/v1/token"] != 2 {
		t.Fatalf("waits %v, requests %v", waits, org.Requests())
	}
}

func TestCancelledRunSkips(t *testing.T) {
	org, srv, in := faultOrg(t)
	org.InjectFault("/", emulator.Fault{Kind: emulator.FaultHang})
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(100 * time.Millisecond); cancel() }()
	rep := Run(ctx, in, Options{HTTP: srv.Client()})
	for _, f := range rep.Findings {
		if f.Status != Skip && f.Status != Fail {
			t.Fatalf("%s = %s after cancel", f.ID, f.Status)
		}
	}
	if ctx.Err() == nil {
		t.Fatal("not cancelled")
	}
}
