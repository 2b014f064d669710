package checks_test

import (
	"context"
	"testing"
	"time"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/emulator"
)

// slowLinkLatency is a far-away Okta cell over a slow link: 200 ms added by
// the emulator before every answer.
const slowLinkLatency = 200 * time.Millisecond

// BenchmarkFullCheckSlowLink runs the scenarios of BenchmarkFullCheck
// (bench_test.go, at 50 ms) with 200 ms added to every answer, where a
// round trip too many shows most. It reports the same figures: wall time as
// a multiple of the two-round-trip floor (x_floor, target ≤ 1.25 on a paid
// org), requests per check and the peak in flight (bound InFlightLimit of
// the ceiling: 50 for a paid org, 23 for an Integrator org).
//
//	go test -run '^$' -bench FullCheckSlowLink -benchtime 5x ./checks/
//
// .ci/bench runs both benchmarks and records their figures.
func BenchmarkFullCheckSlowLink(b *testing.B) {
	b.Run("oauth", func(b *testing.B) {
		org, cid := oauthOrg(b)
		_, err := org.AssignAppCustomRole(cid, "Role reader", "okta.roles.read")
		must(b, err)
		org.SetLatency(slowLinkLatency)
		srv := start(b, org)
		slowLinkRun(b, srv, oauthInput(cid, rsaKeyA()))
	})
	b.Run("oauth_integrator", func(b *testing.B) {
		org, cid := oauthOrg(b)
		_, err := org.AssignAppCustomRole(cid, "Role reader", "okta.roles.read")
		must(b, err)
		org.SetLatency(slowLinkLatency)
		srv := start(b, org)
		in := oauthInput(cid, rsaKeyA())
		in.OrgURL = "https://integrator-1234567.okta.com"
		slowLinkRun(b, srv, in)
	})
	b.Run("api_token", func(b *testing.B) {
		org, _, tok := tokenOrg(b)
		org.SetLatency(slowLinkLatency)
		srv := start(b, org)
		slowLinkRun(b, srv, tokenInput(tok))
	})
}

// slowLinkRun times full checks of in against srv after one untimed run
// (connections are set up once per process, not per check) and reports
// x_floor against 2 × slowLinkLatency, requests/op and peak_in_flight.
func slowLinkRun(b *testing.B, srv *emulator.Server, in checks.Input) {
	b.Helper()
	opt := checks.Options{HTTP: srv.Client(), Timeout: 10 * time.Second}
	if rep := checks.Run(context.Background(), in, opt); !rep.OK() {
		b.Fatalf("the scenario fails:\n%s", dump(rep))
	}
	srv.ResetStats()
	var total time.Duration
	for b.Loop() {
		start := time.Now()
		rep := checks.Run(context.Background(), in, opt)
		total += time.Since(start)
		if !rep.OK() {
			b.Fatalf("the scenario fails:\n%s", dump(rep))
		}
	}
	n := float64(b.N)
	b.ReportMetric(float64(total)/n/float64(2*slowLinkLatency), "x_floor")
	b.ReportMetric(float64(srv.TotalRequests())/n, "requests/op")
	b.ReportMetric(float64(srv.MaxInFlight()), "peak_in_flight")
}
