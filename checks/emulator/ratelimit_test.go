package emulator

import (
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"
)

func TestRateLimitHeadersAnd429(t *testing.T) {
	org := NewOrg()
	org.RateLimitPerMinute = 3
	value, _, _ := addAdmin(t, org, "SUPER_ADMIN")
	srv := start(t, org)
	c := srv.Client()
	u := srv.URL + "/api/v1/users"

	for i, want := range []string{"2", "1", "0"} {
		r := get(t, c, u, "SSWS "+value)
		if r.status != 200 || r.header.Get("X-Rate-Limit-Limit") != "3" || r.header.Get("X-Rate-Limit-Remaining") != want {
			t.Fatalf("request %d: %d remaining %q", i, r.status, r.header.Get("X-Rate-Limit-Remaining"))
		}
	}
	r := get(t, c, u, "SSWS "+value)
	wantMgmt(t, r, http.StatusTooManyRequests, "E0000047")
	date, _ := http.ParseTime(r.header.Get("Date"))
	reset, err := strconv.ParseInt(r.header.Get("X-Rate-Limit-Reset"), 10, 64)
	if err != nil || reset < date.Unix() || reset > date.Unix()+61 {
		t.Fatalf("reset %q vs Date %q", r.header.Get("X-Rate-Limit-Reset"), r.header.Get("Date"))
	}
	// Another bucket is unaffected.
	if r := get(t, c, srv.URL+"/api/v1/groups", "SSWS "+value); r.status != 200 {
		t.Fatalf("groups bucket: %d", r.status)
	}
}

func TestRateLimitWindowResets(t *testing.T) {
	org := NewOrg()
	org.RateLimitPerMinute = 1
	org.RateLimitWindow = 300 * time.Millisecond
	value, _, _ := addAdmin(t, org, "SUPER_ADMIN")
	srv := start(t, org)
	c := srv.Client()
	get(t, c, srv.URL+"/api/v1/users", "SSWS "+value)
	if r := get(t, c, srv.URL+"/api/v1/users", "SSWS "+value); r.status != 429 {
		t.Fatalf("second request: %d", r.status)
	}
	time.Sleep(350 * time.Millisecond)
	if r := get(t, c, srv.URL+"/api/v1/users", "SSWS "+value); r.status != 200 {
		t.Fatalf("after the window: %d", r.status)
	}
}

func TestThrottleNextOnTheTokenEndpoint(t *testing.T) {
	f := newFixture(t, false, "okta.users.read")
	f.org.ThrottleNext(1)
	r := postToken(t, f.client, f.tokenURL(), tokenForm(f.assertion(f.claims()), "okta.users.read"), "")
	wantOAuth(t, r, http.StatusTooManyRequests, "invalid_grant", "API call exceeded rate limit due to too many requests.")
	if r.header.Get("X-Rate-Limit-Remaining") != "0" || r.header.Get("X-Rate-Limit-Reset") == "" {
		t.Fatalf("headers: %v", r.header)
	}
	if r := postToken(t, f.client, f.tokenURL(), tokenForm(f.assertion(f.claims()), "okta.users.read"), ""); r.status != 200 {
		t.Fatalf("after the throttle: %d %s", r.status, r.raw)
	}
}

func TestConcurrencyLimit(t *testing.T) {
	org := NewOrg()
	org.ConcurrencyLimit = 1
	org.Latency = 300 * time.Millisecond
	value, _, _ := addAdmin(t, org, "SUPER_ADMIN")
	srv := start(t, org)
	c := srv.Client()
	var wg sync.WaitGroup
	results := make([]result, 2)
	for i := range results {
		wg.Go(func() { results[i] = get(t, c, srv.URL+"/api/v1/users", "SSWS "+value) })
	}
	wg.Wait()
	ok, limited := 0, 0
	for _, r := range results {
		switch {
		case r.status == 200:
			ok++
		case r.status == 429 && r.header.Get("X-Rate-Limit-Limit") == "0" && r.header.Get("X-Rate-Limit-Remaining") == "0":
			limited++
		}
	}
	if ok != 1 || limited != 1 {
		t.Fatalf("ok %d, concurrency-limited %d: %+v", ok, limited, results)
	}
	if srv.MaxInFlight() < 2 {
		t.Fatalf("MaxInFlight %d", srv.MaxInFlight())
	}
}

func TestPrincipalRateLimits(t *testing.T) {
	f := newFixture(t, false, "okta.principalRateLimits.read")
	if _, err := f.org.AssignAppRole(f.app.ClientID, "READ_ONLY_ADMIN"); err != nil {
		t.Fatal(err)
	}
	untouched := f.org.AddApp(&App{})
	tok := f.org.AddToken(&APIToken{UserID: "00uX"})
	at := f.token("okta.principalRateLimits.read")
	base := f.srv.URL + "/api/v1/principal-rate-limits"
	list := func(filter string) result {
		return get(t, f.client, base+"?filter="+urlQueryEscape(filter), "Bearer "+at)
	}

	wantMgmt(t, get(t, f.client, base, "Bearer "+at), http.StatusBadRequest, "E0000001")
	wantMgmt(t, list(`principalType eq "USER"`), http.StatusBadRequest, "E0000031")
	if r := list(`principalType eq "OAUTH_CLIENT"`); r.status != 200 || r.raw != "[]" {
		t.Fatalf("no entities yet: %d %s", r.status, r.raw)
	}

	if err := f.org.SetAppRateLimit(f.app.ClientID, 30); err != nil {
		t.Fatal(err)
	}
	if err := f.org.SetTokenRateLimit(tok.ID, 75); err != nil {
		t.Fatal(err)
	}
	var ents []map[string]any
	r := list(`principalType eq "OAUTH_CLIENT"`)
	if jsonInto(r.raw, &ents) != nil || len(ents) != 1 {
		t.Fatalf("entities: %s", r.raw)
	}
	e := ents[0]
	if e["principalId"] != f.app.ClientID || e["principalType"] != "OAUTH_CLIENT" || e["defaultPercentage"] != float64(30) ||
		e["defaultConcurrencyPercentage"] != float64(30) || e["orgId"] != f.org.ID || e["principalId"] == untouched.ClientID {
		t.Fatalf("entity: %v", e)
	}
	var tokEnts []map[string]any
	r = list(`principalType eq "SSWS_TOKEN"`)
	if jsonInto(r.raw, &tokEnts) != nil || len(tokEnts) != 1 || tokEnts[0]["principalId"] != tok.ID || tokEnts[0]["defaultPercentage"] != float64(75) {
		t.Fatalf("token entities: %s", r.raw)
	}
	if r := get(t, f.client, base+"/"+e["id"].(string), "Bearer "+at); r.status != 200 || r.str("principalId") != f.app.ClientID {
		t.Fatalf("one entity: %d %s", r.status, r.raw)
	}
	// Removing the setting removes the entity (back to the implicit 50 %).
	if err := f.org.SetAppRateLimit(f.app.ClientID, -1); err != nil {
		t.Fatal(err)
	}
	if r := list(`principalType eq "OAUTH_CLIENT"`); r.raw != "[]" {
		t.Fatalf("after removal: %s", r.raw)
	}
}
