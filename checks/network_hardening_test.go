package checks_test

// Network-fault hardening (the hardening suite, TESTING.md): every way the network or a server can
// misbehave ends, within the timeout, in a named finding with a fix, never
// a hang, a panic or a raw Go error alone. Everything here goes through
// checks.Run, the full engine, with real HTTPS on loopback (the emulator or
// a bare listener); nothing leaves the machine (the package's TestMain
// keeps Go's resolver off DNS servers).
//
// The transport's unit tests (transport_test.go) cover the same faults one
// request at a time with an instant sleep; these cover what is left: the
// engine as a whole, both methods, real waits, a 50 MB body, and a server
// that accepts connections and never says a word.

import (
	"context"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/emulator"
	"github.com/fctr-id/tako-setup/checks/emulator/emutest"
)

// Per-request timeouts of the fault runs: hangTimeout where the fault is a
// hang (short, so that waiting it out costs little), calmTimeout elsewhere
// (long, so that a loaded CI machine running the race detector never turns
// a slow TLS handshake into a false timeout).
const (
	hangTimeout = 1 * time.Second
	calmTimeout = 8 * time.Second
)

// slack is what a run may take beyond the waits it must make (TLS
// handshakes, RSA signatures, the race detector, a busy machine).
const slack = 3 * time.Second

// hardSlots bounds the engine runs in flight at once, so that a test that
// starts all its runs together does not starve them of CPU.
var hardSlots = make(chan struct{}, 8)

// hardFlow is one authentication method, set up the way Tako needs it, with
// the endpoint that judges its credential.
type hardFlow struct {
	name     string
	credPath string // the endpoint that checks the credential
	credID   string // the finding that reports it
	setup    func(t *testing.T) (*emulator.Org, checks.Input)
}

var hardFlows = []hardFlow{
	{name: "api-token", credPath: "/api/v1/users/me", credID: checks.IDTokenValid, setup: hardTokenOrg},
	{name: "oauth", credPath: "/oauth2/v1/token", credID: checks.IDOAuthClient, setup: hardOAuthOrg},
}

// hardTokenOrg and hardOAuthOrg are orgs set up as Tako needs them (not
// started yet), with the matching input.
func hardTokenOrg(t *testing.T) (*emulator.Org, checks.Input) {
	t.Helper()
	org := emulator.NewOrg()
	_, tok := emutest.AddAdminToken(t, org)
	return org, emutest.TokenInput(tok.Value)
}

func hardOAuthOrg(t *testing.T) (*emulator.Org, checks.Input) {
	t.Helper()
	org := emulator.NewOrg()
	app := emutest.AddOAuthApp(t, org)
	return org, emutest.OAuthInput(app.ClientID, emutest.Key(0))
}

// hardOutcome is what one engine run under a fault produced.
type hardOutcome struct {
	rep  checks.Report
	took time.Duration
	hung bool
}

// hardRunAsync starts the whole engine in the background. Most faults are
// a wait (a hang, a rate-limit pause), so a test starts all its runs at
// once and judges them afterwards: the suite then costs the longest wait,
// not their sum, whatever -parallel is.
func hardRunAsync(in checks.Input, hc *http.Client, timeout, budget time.Duration) func() hardOutcome {
	done := make(chan hardOutcome, 1)
	go func() {
		hardSlots <- struct{}{}
		defer func() { <-hardSlots }()
		start := time.Now()
		rep := checks.Run(context.Background(), in, checks.Options{HTTP: hc, Timeout: timeout})
		done <- hardOutcome{rep: rep, took: time.Since(start)}
	}()
	return func() hardOutcome {
		select {
		case o := <-done:
			return o
		case <-time.After(budget + 30*time.Second):
			return hardOutcome{hung: true}
		}
	}
}

// hardCheckTime fails the test if the run hung or outlived its budget.
func hardCheckTime(t *testing.T, o hardOutcome, budget time.Duration) {
	t.Helper()
	if o.hung {
		t.Fatalf("the engine hung: no report 30 s after its budget of %s", budget)
	}
	if o.took > budget {
		t.Errorf("the run took %s, over its budget of %s", o.took.Round(time.Millisecond), budget)
	}
}

// hardRun runs the whole engine and fails the test if it outlives budget.
// It returns the report and how long the run took.
func hardRun(t *testing.T, in checks.Input, hc *http.Client, timeout, budget time.Duration) (checks.Report, time.Duration) {
	t.Helper()
	o := hardRunAsync(in, hc, timeout, budget)()
	hardCheckTime(t, o, budget)
	return o.rep, o.took
}

// rawGoError matches the text of Go errors that mean nothing to an admin.
// They may appear in a finding only in its "(technical detail: …)"
// postscript.
var rawGoError = regexp.MustCompile(`dial tcp|read tcp|write tcp|x509:|tls:|net/http|http2:|\bEOF\b|context deadline|context canceled|connection reset by peer|i/o timeout|lookup [^ ]+ on|stream error|%!|<nil>|invalid character`)

// hardHuman asserts a failed finding reads as words for a person: a title,
// a detail that says what happened before any technical postscript, and a
// fix, none of them a raw Go error.
func hardHuman(t *testing.T, f checks.Finding) {
	t.Helper()
	if f.Status != checks.Fail && f.Status != checks.Warn {
		t.Fatalf("%s is %s, want a failure: %+v", f.ID, f.Status, f)
	}
	detail, _, _ := strings.Cut(f.Detail, "(technical detail:")
	for name, text := range map[string]string{"title": f.Title, "detail": detail, "fix": f.Fix} {
		least := 4
		if name == "title" {
			least = 2
		}
		if words := len(strings.Fields(text)); words < least {
			t.Errorf("%s: the %s has %d words, fewer than %d: %q", f.ID, name, words, least, text)
		}
		if m := rawGoError.FindString(text); m != "" {
			t.Errorf("%s: the %s shows a raw Go error (%q) outside the technical postscript: %q", f.ID, name, m, text)
		}
	}
	if d := strings.TrimSpace(detail); d != "" && !strings.ContainsAny(d[len(d)-1:], ".!)") {
		t.Errorf("%s: the detail is not a sentence: %q", f.ID, d)
	}
}

// hardWant finds a finding, checks its status and words, and that a
// failure reads as words for a person.
func hardWant(t *testing.T, rep checks.Report, id string, st checks.Status, words ...string) checks.Finding {
	t.Helper()
	f, ok := rep.Find(id)
	if !ok {
		t.Fatalf("no %s finding in %+v", id, rep.Findings)
	}
	if f.Status != st {
		t.Fatalf("%s = %s, want %s: %+v\nreport: %+v", id, f.Status, st, f, rep.Findings)
	}
	text := f.Title + "\n" + f.Detail + "\n" + f.Fix
	for _, w := range words {
		if !strings.Contains(text, w) {
			t.Errorf("%s does not mention %q:\n%s", id, w, text)
		}
	}
	if st == checks.Fail || st == checks.Warn {
		hardHuman(t, f)
	}
	return f
}

// hardSkippedWithReason asserts every finding but the ones named either
// passed or was skipped with a reason (never left blank).
func hardSkippedWithReason(t *testing.T, rep checks.Report, except ...string) {
	t.Helper()
	for _, f := range rep.Findings {
		if f.Status == checks.Skip && strings.TrimSpace(f.Detail) == "" {
			t.Errorf("%s skipped without a reason", f.ID)
		}
	}
	if len(rep.Findings) == 0 {
		t.Fatal("empty report")
	}
}

// TestFaultsOnTheCredentialEndpoint injects each server fault on the
// endpoint that judges the credential (/api/v1/users/me for an API token,
// /oauth2/v1/token for OAuth 2.0), for both methods.
func TestFaultsOnTheCredentialEndpoint(t *testing.T) {
	t.Parallel()
	nowReset := func() emulator.Fault {
		// X-Rate-Limit-Reset = now: the engine waits about a second.
		f := emulator.RateLimitFault(0)
		f.Header.Set("X-Rate-Limit-Reset", strconv.FormatInt(time.Now().Unix(), 10))
		f.Times = 1
		return f
	}
	noReset := func(times int) emulator.Fault {
		f := emulator.RateLimitFault(0) // no X-Rate-Limit-Reset header
		f.Times = times
		return f
	}
	// wait is the time the engine must spend on purpose (a timeout, the
	// pauses before retries); each run may take that plus slack.
	cases := []struct {
		name   string
		fault  func() emulator.Fault
		status checks.Status
		words  []string
		hang   bool
		wait   time.Duration
	}{
		{"accepts and never answers", func() emulator.Fault { return emulator.Fault{Kind: emulator.FaultHang} }, checks.Fail,
			[]string{"No answer", "did not answer within 1s", "--timeout"}, true, hangTimeout},
		{"reset in the middle of the body", func() emulator.Fault { return emulator.Fault{Kind: emulator.FaultReset} }, checks.Fail,
			[]string{"connection failed", "network"}, false, 0},
		{"500", func() emulator.Fault {
			return emulator.StatusFault(500, `{"errorCode":"E0000009","errorSummary":"Internal Server Error","errorCauses":[]}`)
		}, checks.Fail, []string{"server error", "500", "status.okta.com"}, false, 0},
		{"502 (retried once)", func() emulator.Fault { return emulator.StatusFault(502, "") }, checks.Fail,
			[]string{"server error", "502 Bad Gateway", "status.okta.com"}, false, 300 * time.Millisecond},
		{"503 (retried once)", func() emulator.Fault { return emulator.StatusFault(503, "<html>down</html>") }, checks.Fail,
			[]string{"server error", "503 Service Unavailable"}, false, 300 * time.Millisecond},
		{"429 with a reset beyond the bound", func() emulator.Fault { return emulator.RateLimitFault(5 * time.Minute) }, checks.Fail,
			[]string{"rate limiting", "429", "about 5m", "Run the check again"}, false, 0},
		{"429 without X-Rate-Limit-Reset, every time", func() emulator.Fault { return noReset(0) }, checks.Fail,
			[]string{"rate limiting", "429", "E0000047", "OKTA_CONCURRENT_LIMIT"}, false, 2 * time.Second},
		{"429 without X-Rate-Limit-Reset, once", func() emulator.Fault { return noReset(1) }, checks.Pass, nil, false, time.Second},
		{"429 with X-Rate-Limit-Reset now, once", nowReset, checks.Pass, nil, false, time.Second},
		{"50 MB body", func() emulator.Fault { return emulator.Fault{Kind: emulator.FaultHugeBody, Size: 50 << 20} }, checks.Fail,
			[]string{"too large", "1024 KiB", "org URL"}, false, 0},
		{"HTML instead of JSON", func() emulator.Fault { return emulator.Fault{Kind: emulator.FaultHTML} }, checks.Fail,
			[]string{"HTML", "Okta org's address"}, false, 0},
		{"HTML error page from a proxy", func() emulator.Fault { return emulator.Fault{Kind: emulator.FaultHTML, Status: 403} }, checks.Fail,
			nil, false, 0},
	}
	type started struct {
		name    string
		flow    hardFlow
		status  checks.Status
		words   []string
		budget  time.Duration
		org     *emulator.Org
		outcome func() hardOutcome
	}
	var runs []started
	for _, flow := range hardFlows {
		for _, c := range cases {
			org, in := flow.setup(t)
			org.InjectFault(flow.credPath, c.fault())
			srv := start(t, org)
			timeout := calmTimeout
			if c.hang {
				timeout = hangTimeout
			}
			budget := c.wait + slack
			runs = append(runs, started{flow.name + "/" + c.name, flow, c.status, c.words, budget, org, hardRunAsync(in, srv.Client(), timeout, budget)})
		}
	}
	for _, r := range runs {
		t.Run(r.name, func(t *testing.T) {
			o := r.outcome()
			hardCheckTime(t, o, r.budget)
			hardWant(t, o.rep, r.flow.credID, r.status, r.words...)
			hardSkippedWithReason(t, o.rep)
			if r.status == checks.Pass {
				if !o.rep.OK() {
					t.Errorf("after the fault cleared the report still fails:\n%+v", o.rep.Findings)
				}
				if n := r.org.Requests()[hardMethod(r.flow)+" "+r.flow.credPath]; n < 2 {
					t.Errorf("%d requests to %s, want a retry", n, r.flow.credPath)
				}
			}
		})
	}
}

func hardMethod(f hardFlow) string {
	if f.credPath == "/oauth2/v1/token" {
		return http.MethodPost
	}
	return http.MethodGet
}

// TestFaultsOnOrgDiscovery: the same faults on the one call every run makes
// first, reported as the org finding.
func TestFaultsOnOrgDiscovery(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		fault  emulator.Fault
		status checks.Status
		words  []string
		wait   time.Duration
	}{
		{"accepts and never answers", emulator.Fault{Kind: emulator.FaultHang}, checks.Fail, []string{"No answer from acme.okta.com"}, hangTimeout},
		{"reset in the middle of the body", emulator.Fault{Kind: emulator.FaultReset}, checks.Fail, []string{"connection failed"}, 0},
		{"50 MB body", emulator.Fault{Kind: emulator.FaultHugeBody}, checks.Fail, []string{"too large"}, 0},
		{"500", emulator.StatusFault(500, ""), checks.Fail, []string{"500"}, 0},
		{"429 without reset", emulator.RateLimitFault(0), checks.Fail, []string{"rate limiting"}, 2 * time.Second},
	}
	outcomes := make([]func() hardOutcome, len(cases))
	for i, c := range cases {
		org, in := hardTokenOrg(t)
		org.InjectFault("/.well-known/okta-organization", c.fault)
		timeout := calmTimeout
		if c.fault.Kind == emulator.FaultHang {
			timeout = hangTimeout
		}
		outcomes[i] = hardRunAsync(in, start(t, org).Client(), timeout, c.wait+slack)
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o := outcomes[i]()
			hardCheckTime(t, o, c.wait+slack)
			hardWant(t, o.rep, checks.IDOrg, c.status, c.words...)
			hardSkippedWithReason(t, o.rep)
		})
	}
}

// TestEveryCallFaulted: with every path faulted at once the engine still
// ends in time, with a failed org finding and the rest failed or skipped,
// each with words for a person.
func TestEveryCallFaulted(t *testing.T) {
	t.Parallel()
	faults := map[string]emulator.Fault{
		"hang":  {Kind: emulator.FaultHang},
		"reset": {Kind: emulator.FaultReset},
		"html":  {Kind: emulator.FaultHTML},
		"huge":  {Kind: emulator.FaultHugeBody},
	}
	type started struct {
		name    string
		outcome func() hardOutcome
	}
	var runs []started
	for _, flow := range hardFlows {
		for name, fault := range faults {
			org, in := flow.setup(t)
			org.InjectFault("/", fault)
			runs = append(runs, started{flow.name + "/" + name, hardRunAsync(in, start(t, org).Client(), hangTimeout, hangTimeout+slack)})
		}
	}
	for _, r := range runs {
		t.Run(r.name, func(t *testing.T) {
			o := r.outcome()
			hardCheckTime(t, o, hangTimeout+slack)
			rep := o.rep
			if rep.OK() {
				t.Fatalf("a run with every call faulted passed: %+v", rep.Findings)
			}
			hardWant(t, rep, checks.IDOrg, checks.Fail)
			for _, f := range rep.Findings {
				// The clock is read from any answer's Date header, even
				// a faulty one; everything else needs Okta's word.
				if f.Status == checks.Pass && f.ID != checks.IDClock {
					t.Errorf("%s passed with every call faulted: %+v", f.ID, f)
				}
				if f.Status == checks.Fail {
					hardHuman(t, f)
				}
			}
			hardSkippedWithReason(t, rep)
		})
	}
}

// TestConnectionRefused: a closed port, through the production client.
func TestConnectionRefused(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	hc := hardClient(t, "", calmTimeout)
	_, in := hardTokenOrg(t)
	in.OrgURL = "https://" + addr
	rep, _ := hardRun(t, in, hc, calmTimeout, slack)
	hardWant(t, rep, checks.IDOrg, checks.Fail, "Connection refused", addr, "port")
	hardSkippedWithReason(t, rep)
}

// TestDNSFailureThroughTheResolver: a .invalid name through the
// production client and Go's resolver. The package's TestMain (nodns) keeps
// the resolver off DNS servers, so the lookup fails the way an unreachable
// or refusing DNS server fails, deterministically and without traffic.
func TestDNSFailureThroughTheResolver(t *testing.T) {
	const host = "tako-setup-hardening.invalid"
	hc := hardClient(t, "", calmTimeout)
	for _, flow := range hardFlows {
		t.Run(flow.name, func(t *testing.T) {
			_, in := flow.setup(t)
			in.OrgURL = "https://" + host
			rep, _ := hardRun(t, in, hc, calmTimeout, slack)
			hardWant(t, rep, checks.IDOrg, checks.Fail, "Host name not found", host, "spelling", "DNS")
			if f, _ := rep.Find(flow.credID); f.Status != checks.Skip {
				t.Errorf("%s = %s, want skipped after the org failed", flow.credID, f.Status)
			}
		})
	}
}

// TestServerThatNeverSpeaks: a TCP listener that accepts connections and
// never sends a byte (not even a TLS handshake) — a black-holing firewall
// or a wedged proxy. The production client's handshake timeout and the
// engine's request timeout must both end it.
func TestServerThatNeverSpeaks(t *testing.T) {
	t.Parallel()
	addr := emutest.SilentServer(t)
	for _, flow := range hardFlows {
		t.Run(flow.name, func(t *testing.T) {
			_, in := flow.setup(t)
			in.OrgURL = "https://" + addr
			rep, took := hardRun(t, in, hardClient(t, "", hangTimeout), hangTimeout, hangTimeout+slack)
			hardWant(t, rep, checks.IDOrg, checks.Fail, "No answer", addr)
			if took < hangTimeout/2 {
				t.Errorf("gave up after %s, before the timeout", took)
			}
		})
	}
}

// TestTLSFaultsThroughTheProductionClient: the emulator's certificate seen
// by the client tako-setup really uses (NewHTTPClient): an unknown CA, and
// a name the certificate does not carry.
func TestTLSFaultsThroughTheProductionClient(t *testing.T) {
	org, in := hardTokenOrg(t)
	srv := start(t, org)

	t.Run("unknown CA", func(t *testing.T) {
		in := in
		in.OrgURL = srv.URL
		rep, _ := hardRun(t, in, hardClient(t, "", calmTimeout), calmTimeout, slack)
		hardWant(t, rep, checks.IDOrg, checks.Fail, "not trusted", "--ca-file", "SSL_CERT_FILE", "cannot be turned off")
		if f, _ := rep.Find(checks.IDTokenValid); f.Status != checks.Skip {
			t.Errorf("token.valid = %s: the token was judged over an untrusted connection", f.Status)
		}
		if n := org.Requests()["GET /api/v1/users/me"]; n != 0 {
			t.Errorf("the token was sent %d times over an untrusted connection", n)
		}
	})
	t.Run("wrong host name", func(t *testing.T) {
		hc := hardClient(t, hardCAFile(t, srv), calmTimeout)
		// The production transport, dialling the emulator whatever the name.
		hc.Transport.(*http.Transport).DialContext = srv.DialContext
		in := in
		in.OrgURL = "https://acme.example.net"
		rep, _ := hardRun(t, in, hc, calmTimeout, slack)
		hardWant(t, rep, checks.IDOrg, checks.Fail, "certificate is for another host", "acme.example.net", "org URL")
		if n := org.Requests()["GET /api/v1/users/me"]; n != 0 {
			t.Errorf("the token was sent %d times to a host with another name's certificate", n)
		}
	})
	t.Run("trusted through --ca-file", func(t *testing.T) {
		in := in
		in.OrgURL = srv.URL
		rep, _ := hardRun(t, in, hardClient(t, hardCAFile(t, srv), calmTimeout), calmTimeout, slack)
		hardWant(t, rep, checks.IDOrg, checks.Pass)
		hardWant(t, rep, checks.IDTokenValid, checks.Pass)
	})
}

// hardClient is the production client with the hardening timeout.
func hardClient(t *testing.T, caFile string, timeout time.Duration) *http.Client {
	t.Helper()
	hc, err := checks.NewHTTPClient(checks.HTTPConfig{Timeout: timeout, CAFile: caFile})
	if err != nil {
		t.Fatal(err)
	}
	return hc
}

// hardCAFile writes the emulator's CA to a PEM file.
func hardCAFile(t *testing.T, srv *emulator.Server) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(p, srv.CAPEM(), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}
