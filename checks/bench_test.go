package checks_test

import (
	"context"
	"testing"
	"time"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/emulator"
)

// BenchmarkFullCheck measures a full OAuth 2.0 check (Tako's 48 default
// scopes, so about 40 probes) and a full API-token check against the
// emulator with 50 ms added to every answer. It reports the wall time as a
// multiple of the two-round-trip floor (target ≤ 1.25), the requests made
// and the peak in flight (bound: InFlightLimit(75) = 50).
//
//	go test -run '^$' -bench FullCheck -benchtime 20x ./checks/
func BenchmarkFullCheck(b *testing.B) { benchScenarios(b, 50*time.Millisecond) }

// benchScenarios runs the round-trip scenarios with latency added by the
// emulator before every answer. The floor of a full check is two round trips
// (token request or /users/me alongside discovery, then one wave of probes),
// so 2 × latency.
func benchScenarios(b *testing.B, latency time.Duration) {
	b.Run("oauth", func(b *testing.B) {
		org, cid := oauthOrg(b)
		_, err := org.AssignAppCustomRole(cid, "Role reader", "okta.roles.read")
		must(b, err)
		org.SetLatency(latency)
		srv := start(b, org)
		benchRun(b, srv, oauthInput(cid, rsaKeyA()), latency)
	})
	// An Integrator org's ceiling is 35, so at most 23 requests fly at once
	// and the ~37 probes take two sub-waves: the bound costs a round trip.
	b.Run("oauth_integrator", func(b *testing.B) {
		org, cid := oauthOrg(b)
		_, err := org.AssignAppCustomRole(cid, "Role reader", "okta.roles.read")
		must(b, err)
		org.SetLatency(latency)
		srv := start(b, org)
		in := oauthInput(cid, rsaKeyA())
		in.OrgURL = "https://integrator-1234567.okta.com"
		benchRun(b, srv, in, latency)
	})
	b.Run("api_token", func(b *testing.B) {
		org, _, tok := tokenOrg(b)
		org.SetLatency(latency)
		srv := start(b, org)
		benchRun(b, srv, tokenInput(tok), latency)
	})
}

// benchRun times full checks of in against srv after one untimed run
// (connections are set up once per process, not per check) and reports
// x_floor against 2 × latency, requests/op and peak_in_flight.
func benchRun(b *testing.B, srv *emulator.Server, in checks.Input, latency time.Duration) {
	b.Helper()
	opt := checks.Options{HTTP: srv.Client(), Timeout: 10 * time.Second}
	if rep := checks.Run(context.Background(), in, opt); !rep.OK() {
		b.Fatalf("the scenario fails:\n%s", dump(rep))
	}
	srv.ResetStats()
	var total time.Duration
	b.ResetTimer()
	for b.Loop() {
		start := time.Now()
		rep := checks.Run(context.Background(), in, opt)
		total += time.Since(start)
		if !rep.OK() {
			b.Fatalf("the scenario fails:\n%s", dump(rep))
		}
	}
	b.StopTimer()
	n := float64(b.N)
	b.ReportMetric(float64(total)/n/float64(2*latency), "x_floor")
	b.ReportMetric(float64(srv.TotalRequests())/n, "requests/op")
	b.ReportMetric(float64(srv.MaxInFlight()), "peak_in_flight")
}
