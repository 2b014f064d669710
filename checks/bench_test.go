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
// multiple of the two-round-trip floor (target ≤ 1.25 on a paid org), the
// requests made and the peak the org served at once (bound: 38, Okta's
// default share of a paid org's 75; 18 of an Integrator org's 35).
//
//	go test -run '^$' -bench FullCheck -benchtime 20x ./checks/
func BenchmarkFullCheck(b *testing.B) { benchScenarios(b, 50*time.Millisecond) }

// benchScenarios runs the round-trip scenarios with latency added by the
// emulator before every answer. The floor of a full check is two round trips
// (token request or /users/me alongside discovery, then one wave of probes),
// so 2 × latency. Each org has its plan's concurrency ceiling.
func benchScenarios(b *testing.B, latency time.Duration) {
	b.Run("oauth", func(b *testing.B) {
		org, cid := oauthOrg(b)
		_, err := org.AssignAppCustomRole(cid, "Role reader", "okta.roles.read")
		must(b, err)
		org.SetLatency(latency)
		org.SetConcurrencyLimit(75)
		srv := start(b, org)
		benchRun(b, srv, oauthInput(cid, rsaKeyA()), latency)
	})
	// An Integrator org's ceiling is 35, and an app without a rate-limit
	// setting may hold 50 % of it: at most 18 requests fly at once, and the
	// ~37 probes take three sub-waves.
	b.Run("oauth_integrator", func(b *testing.B) {
		org, cid := oauthOrg(b)
		_, err := org.AssignAppCustomRole(cid, "Role reader", "okta.roles.read")
		must(b, err)
		org.SetLatency(latency)
		org.SetConcurrencyLimit(35)
		srv := start(b, org)
		in := oauthInput(cid, rsaKeyA())
		in.OrgURL = "https://integrator-1234567.okta.com"
		benchRun(b, srv, in, latency)
	})
	b.Run("api_token", func(b *testing.B) {
		org, _, tok := tokenOrg(b)
		org.SetLatency(latency)
		org.SetConcurrencyLimit(75)
		srv := start(b, org)
		benchRun(b, srv, tokenInput(tok), latency)
	})
}

// benchRun times full checks of in against srv after one untimed run
// (connections are set up once per process, not per check) and reports
// x_floor against 2 × latency, requests/op, peak_in_flight (the most of
// the check's requests the org served at once), refused/op (concurrency
// 429s the check met), free_at_peak (the slots the org's other
// integrations left free when that peak was reached) and others_refused
// (their requests refused because the check held slots they wanted).
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
	st := srv.Org.ConcurrencyStats()
	b.ReportMetric(float64(total)/n/float64(2*latency), "x_floor")
	b.ReportMetric(float64(srv.TotalRequests())/n, "requests/op")
	b.ReportMetric(float64(st.PeakInFlight), "peak_in_flight")
	b.ReportMetric(float64(st.Refused)/n, "refused/op")
	if st.FreeAtPeak > 0 {
		b.ReportMetric(float64(st.FreeAtPeak), "free_at_peak")
	}
	b.ReportMetric(float64(st.OthersRefused), "others_refused")
}
