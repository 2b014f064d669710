package emulator

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestStatusFaults(t *testing.T) {
	org := NewOrg()
	srv := start(t, org)
	c := srv.Client()
	u := srv.URL + "/.well-known/okta-organization"

	f := StatusFault(http.StatusServiceUnavailable, `{"errorCode":"E0000009","errorSummary":"Internal Server Error"}`)
	f.Times = 2
	org.InjectFault("/.well-known/", f)
	for i := range 2 {
		if r := get(t, c, u, ""); r.status != 503 || r.header.Get("Content-Type") != "application/json" {
			t.Fatalf("attempt %d: %d %v", i, r.status, r.header)
		}
	}
	if r := get(t, c, u, ""); r.status != 200 {
		t.Fatalf("after Times: %d", r.status)
	}

	org.InjectFault("/api/", RateLimitFault(2*time.Second))
	r := get(t, c, srv.URL+"/api/v1/users", "SSWS x")
	wantMgmt(t, r, http.StatusTooManyRequests, "E0000047")
	date, _ := http.ParseTime(r.header.Get("Date"))
	reset, err := strconv.ParseInt(r.header.Get("X-Rate-Limit-Reset"), 10, 64)
	if d := reset - date.Unix(); err != nil || d < 2 || d > 3 {
		t.Fatalf("reset %q, date %q", r.header.Get("X-Rate-Limit-Reset"), r.header.Get("Date"))
	}
	org.ClearFaults()
	org.InjectFault("/api/", RateLimitFault(0))
	if r := get(t, c, srv.URL+"/api/v1/users", "SSWS x"); r.status != 429 || r.header.Get("X-Rate-Limit-Reset") != "" {
		t.Fatalf("429 without reset: %d %v", r.status, r.header)
	}
	// Times 0 = every request.
	if r := get(t, c, srv.URL+"/api/v1/apps", "SSWS x"); r.status != 429 {
		t.Fatalf("unlimited fault: %d", r.status)
	}
	org.ClearFaults()

	org.InjectFault("", Fault{Kind: FaultHTML, Times: 1})
	r = get(t, c, u, "")
	if r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") || !strings.Contains(r.raw, "<html>") {
		t.Fatalf("html: %d %v", r.status, r.header)
	}
}

func TestHangFault(t *testing.T) {
	org := NewOrg()
	srv := start(t, org)
	org.InjectFault("/", Fault{Kind: FaultHang})

	ctx, cancel := context.WithTimeout(context.Background(), 150*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"/.well-known/okta-organization", nil)
	if _, err := srv.Client().Do(req); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("want a deadline error, got %v", err)
	}

	// Closing the server ends a request that has no deadline.
	errc := make(chan error, 1)
	go func() {
		_, err := srv.Client().Get(srv.URL + "/.well-known/okta-organization")
		errc <- err
	}()
	time.Sleep(50 * time.Millisecond)
	srv.Close()
	select {
	case err := <-errc:
		if err == nil {
			t.Fatal("a hung request succeeded")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Close did not end the hung request")
	}
}

func TestResetFault(t *testing.T) {
	org := NewOrg()
	srv := start(t, org)
	org.InjectFault("/api/v1/users", Fault{Kind: FaultReset})
	resp, err := srv.Client().Get(srv.URL + "/api/v1/users/me")
	if err != nil {
		t.Fatal(err) // the headers arrive; the body breaks
	}
	defer resp.Body.Close()
	if _, err := io.ReadAll(resp.Body); err == nil {
		t.Fatal("reading a reset body succeeded")
	}
}

func TestHugeBodyFault(t *testing.T) {
	org := NewOrg()
	srv := start(t, org)
	org.InjectFault("/", Fault{Kind: FaultHugeBody, Size: 5 << 20})
	resp, err := srv.Client().Get(srv.URL + "/.well-known/okta-organization")
	if err != nil {
		t.Fatal(err)
	}
	n, err := io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if err != nil || n < 5<<20 {
		t.Fatalf("read %d bytes, %v", n, err)
	}

	// The default is 50 MB; a client that stops early does not hang the server.
	org.ClearFaults()
	org.InjectFault("/", Fault{Kind: FaultHugeBody, Times: 1})
	resp, err = srv.Client().Get(srv.URL + "/.well-known/okta-organization")
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20)); n != 1<<20 {
		t.Fatalf("read %d", n)
	}
	resp.Body.Close()
	if r := get(t, srv.Client(), srv.URL+"/.well-known/okta-organization", ""); r.status != 200 {
		t.Fatalf("after the huge body: %d", r.status)
	}
}

func TestLatencyAndStats(t *testing.T) {
	org := NewOrg()
	srv := start(t, org)
	c := srv.Client()
	u := srv.URL + "/.well-known/okta-organization"

	org.SetLatency(80 * time.Millisecond)
	begin := time.Now()
	done := make(chan struct{})
	for range 3 {
		go func() { get(t, c, u, ""); done <- struct{}{} }()
	}
	for range 3 {
		<-done
	}
	if time.Since(begin) < 80*time.Millisecond {
		t.Fatal("latency not applied")
	}
	if srv.MaxInFlight() != 3 || srv.TotalRequests() != 3 || org.Requests()["GET /.well-known/okta-organization"] != 3 {
		t.Fatalf("stats: peak %d total %d requests %v", srv.MaxInFlight(), srv.TotalRequests(), org.Requests())
	}
	srv.ResetStats()
	if srv.MaxInFlight() != 0 || srv.TotalRequests() != 0 || len(org.Requests()) != 0 {
		t.Fatal("ResetStats did not reset")
	}

	// A client that gives up is not kept waiting for the latency.
	org.SetLatency(10 * time.Second)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", u, nil)
	begin = time.Now()
	if _, err := c.Do(req); err == nil || time.Since(begin) > 2*time.Second {
		t.Fatalf("cancelled request: %v after %v", err, time.Since(begin))
	}
}
