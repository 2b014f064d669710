package emulator

import (
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"
)

// burst sends n GETs at once with one credential and counts the answers:
// 200s, and concurrency 429s (Limit 0, Remaining 0, E0000047).
func burst(t *testing.T, srv *Server, n int, authorization string) (ok, concurrency int) {
	t.Helper()
	c := srv.Client()
	results := make([]result, n)
	var wg sync.WaitGroup
	for i := range results {
		wg.Go(func() { results[i] = get(t, c, srv.URL+"/api/v1/users", authorization) })
	}
	wg.Wait()
	for _, r := range results {
		switch {
		case r.status == 200:
			ok++
		case r.status == 429:
			wantMgmt(t, r, http.StatusTooManyRequests, "E0000047")
			if r.header.Get("X-Rate-Limit-Limit") != "0" || r.header.Get("X-Rate-Limit-Remaining") != "0" {
				t.Fatalf("a concurrency 429 with headers %v", r.header)
			}
			date, _ := http.ParseTime(r.header.Get("Date"))
			reset, err := strconv.ParseInt(r.header.Get("X-Rate-Limit-Reset"), 10, 64)
			if err != nil || reset < date.Unix() {
				t.Fatalf("reset %q before Date %q", r.header.Get("X-Rate-Limit-Reset"), r.header.Get("Date"))
			}
			concurrency++
		default:
			t.Fatalf("answer %d %s", r.status, r.raw)
		}
	}
	return ok, concurrency
}

// A ceiling of 35 on a host that does not say so, with the token's share
// at 75 %: 26 of its requests are served at once, the rest refused.
func TestConcurrencyCeilingAndPrincipalShare(t *testing.T) {
	org := NewOrg()
	org.ConcurrencyLimit = 35
	org.Latency = 200 * time.Millisecond
	value, id, _ := addAdmin(t, org, "SUPER_ADMIN")
	if err := org.SetTokenRateLimit(id, 75); err != nil {
		t.Fatal(err)
	}
	srv := start(t, org)
	ok, refused := burst(t, srv, 30, "SSWS "+value)
	if ok != 26 || refused != 4 {
		t.Fatalf("served %d, refused %d; want 26 (75 %% of 35) and 4", ok, refused)
	}
	st := org.ConcurrencyStats()
	if st.PeakInFlight != 26 || st.Refused != 4 || st.FreeAtPeak != 35 || st.OthersRefused != 0 {
		t.Fatalf("stats %+v", st)
	}
	// Without an entity the share is Okta's default 50 %: 18 of 35.
	if err := org.SetTokenRateLimit(id, -1); err != nil {
		t.Fatal(err)
	}
	if ok, refused := burst(t, srv, 20, "SSWS "+value); ok != 18 || refused != 2 {
		t.Fatalf("default share: served %d, refused %d; want 18 and 2", ok, refused)
	}
}

// Other integrations holding 60 of 75 slots leave 15: the org serves 15 of
// ours and refuses the rest, and the others lose nothing.
func TestConcurrencyOtherLoadHoldsSlots(t *testing.T) {
	org := NewOrg()
	org.ConcurrencyLimit = 75
	org.Latency = 200 * time.Millisecond
	value, _, _ := addAdmin(t, org, "SUPER_ADMIN")
	org.SetOtherLoad(LoadLevel{Slots: 60})
	srv := start(t, org)
	ok, refused := burst(t, srv, 20, "SSWS "+value)
	if ok != 15 || refused != 5 {
		t.Fatalf("served %d, refused %d; want 15 and 5", ok, refused)
	}
	if st := org.ConcurrencyStats(); st.PeakInFlight != 15 || st.FreeAtPeak != 15 || st.OthersRefused != 0 {
		t.Fatalf("stats %+v", st)
	}
}

// A load that comes and goes: while the others hold 10 slots ours take 30;
// when the others want 60 again, the 15 that no longer fit are refused —
// what an admin sees as core.concurrency.org.limit.violation.
func TestConcurrencyLoadThatComesBack(t *testing.T) {
	org := NewOrg()
	org.ConcurrencyLimit = 75
	org.Latency = 700 * time.Millisecond
	value, _, _ := addAdmin(t, org, "SUPER_ADMIN")
	srv := start(t, org)
	org.SetOtherLoad(LoadLevel{Slots: 10, For: 300 * time.Millisecond}, LoadLevel{Slots: 60})
	if ok, refused := burst(t, srv, 30, "SSWS "+value); ok != 30 || refused != 0 {
		t.Fatalf("served %d, refused %d; want all 30", ok, refused)
	}
	if st := org.ConcurrencyStats(); st.PeakInFlight != 30 || st.OthersRefused != 15 {
		t.Fatalf("stats %+v, want 15 of the others refused when their load came back", st)
	}
	// Now the others hold 60: 15 of ours fit.
	if ok, _ := burst(t, srv, 20, "SSWS "+value); ok != 15 {
		t.Fatalf("served %d, want 15", ok)
	}
}

func TestOtherLoadSchedule(t *testing.T) {
	org := NewOrg()
	org.SetOtherLoad(LoadLevel{Slots: 5, For: time.Second}, LoadLevel{Slots: 9, For: 2 * time.Second})
	org.mu.Lock()
	defer org.mu.Unlock()
	start := org.conc.loadStart
	for _, c := range []struct {
		at   time.Duration
		want int
	}{{0, 5}, {999 * time.Millisecond, 5}, {time.Second, 9}, {2900 * time.Millisecond, 9}, {3 * time.Second, 5}, {4500 * time.Millisecond, 9}} {
		if got := org.othersAtLocked(start.Add(c.at)); got != c.want {
			t.Errorf("at %s: %d, want %d", c.at, got, c.want)
		}
	}
	if next := org.nextChangeLocked(start.Add(1500 * time.Millisecond)); !next.Equal(start.Add(3 * time.Second)) {
		t.Errorf("next change %s after start, want 3s", next.Sub(start))
	}
}
