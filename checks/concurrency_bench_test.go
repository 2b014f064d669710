package checks_test

import (
	"testing"
	"time"

	"github.com/fctr-id/tako-setup/checks/emulator"
)

// BenchmarkFullCheckConcurrency measures full OAuth 2.0 checks (Tako's 48
// scopes) on orgs whose concurrency the host name does not tell, with 50
// ms added to every answer (floor = 2 × 50 ms):
//
//   - hidden35: a ceiling of 35 behind a plain host, the app's share at
//     75 %: Okta serves 26 of its requests at once, so the probes need one
//     extra wave (target ≤ 1.75 × the floor);
//   - busy: a paid org (75) whose other integrations hold 60 slots: 15 are
//     free, three sub-waves (target ≤ 2 × the floor), never more of the
//     check's requests in flight than the org had free, and none of the
//     others' requests refused.
//
// Same figures as BenchmarkFullCheck, with refused/op, free_at_peak and
// others_refused.
//
//	go test -run '^$' -bench FullCheckConcurrency -benchtime 10x ./checks/
func BenchmarkFullCheckConcurrency(b *testing.B) {
	const latency = 50 * time.Millisecond
	b.Run("hidden35", func(b *testing.B) {
		org, cid := oauthOrg(b)
		_, err := org.AssignAppCustomRole(cid, "Role reader", "okta.roles.read")
		must(b, err)
		must(b, org.SetAppRateLimit(cid, 75))
		org.SetLatency(latency)
		org.SetConcurrencyLimit(35)
		srv := start(b, org)
		benchRun(b, srv, oauthInput(cid, rsaKeyA()), latency)
	})
	b.Run("busy", func(b *testing.B) {
		org, cid := oauthOrg(b)
		_, err := org.AssignAppCustomRole(cid, "Role reader", "okta.roles.read")
		must(b, err)
		org.SetLatency(latency)
		org.SetConcurrencyLimit(75)
		org.SetOtherLoad(emulator.LoadLevel{Slots: 60})
		srv := start(b, org)
		benchRun(b, srv, oauthInput(cid, rsaKeyA()), latency)
	})
}
