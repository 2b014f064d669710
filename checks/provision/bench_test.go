package provision

import (
	"context"
	"testing"
	"time"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/emulator"
	"github.com/fctr-id/tako-setup/checks/emulator/emutest"
	"github.com/fctr-id/tako-setup/checks/secret"
)

// BenchmarkAutomaticSetup measures a clean automatic setup (Tako's 48
// scopes) against the emulated org with 50 ms added to every answer and
// the /api/v1/apps bucket of a paid org (100 a minute; the token's 50 %
// share is 50 writes, enough for the 49 this run makes there, so the
// bucket adds no wait). It reports the wall time as a multiple of the
// floor — the round trips that depend on each other: discovery, who the
// token is, its roles (with the org setting), the label lookup, the
// create, the role, the custom role and its resource set (look up and
// create each) and their assignment, ⌈48 / 8⌉ waves of grants, the
// SUPER_ADMIN check, the rate-limit lookup and set, the live check's two
// waves, the revocation and its proof: 24 — and the write calls (none may
// be sent twice).
//
//	go test -run '^$' -bench AutomaticSetup -benchtime 5x ./checks/provision/
func BenchmarkAutomaticSetup(b *testing.B) {
	const latency = 50 * time.Millisecond
	grantWaves := (len(checks.DefaultScopes) + 7) / 8
	floorRTs := 3 + 1 + 1 + 1 + 5 + grantWaves + 1 + 2 + 2 + 2
	key := testKey(b, 0)
	var total time.Duration
	var writes, repeated, requests int
	for range b.N {
		b.StopTimer()
		org := emulator.NewOrg()
		u := org.AddUser(&emulator.User{Login: "sam@example.com"})
		if _, err := org.AssignUserRole(u.ID, "SUPER_ADMIN"); err != nil {
			b.Fatal(err)
		}
		tok := org.AddToken(&emulator.APIToken{UserID: u.ID})
		org.SetBucketLimit("/api/v1/apps", 100)
		org.SetLatency(latency)
		srv := emutest.Start(b, org)
		cfg := Config{OrgURL: emutest.OrgURL, AdminToken: secret.New(tok.Value), HTTP: srv.Client(), Key: key,
			Env: EnvFunc(func(context.Context, EnvValues) error { return nil })}
		b.StartTimer()
		start := time.Now()
		res, err := Setup(context.Background(), cfg)
		total += time.Since(start)
		b.StopTimer()
		if err != nil {
			b.Fatal(err)
		}
		writes += res.WriteCalls
		repeated += len(res.Repeated)
		requests += srv.TotalRequests()
		srv.Close()
	}
	n := float64(b.N)
	b.ReportMetric(float64(total)/n/float64(time.Duration(floorRTs)*latency), "x_floor")
	b.ReportMetric(float64(total.Milliseconds())/n, "wall_ms")
	b.ReportMetric(float64(writes)/n, "writes/op")
	b.ReportMetric(float64(repeated)/n, "repeated/op")
	b.ReportMetric(float64(requests)/n, "requests/op")
}
