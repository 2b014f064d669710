package emulator

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestTokenHappyPathBearer(t *testing.T) {
	f := newFixture(t, false, "okta.users.read", "okta.apps.read")
	r := postToken(t, f.client, f.tokenURL(), tokenForm(f.assertion(f.claims()), "okta.users.read okta.apps.read"), "")
	if r.status != http.StatusOK {
		t.Fatalf("status %d: %s", r.status, r.raw)
	}
	if r.str("token_type") != "Bearer" || r.json["expires_in"] != float64(3600) || r.str("scope") != "okta.users.read okta.apps.read" {
		t.Fatalf("unexpected body %s", r.raw)
	}
	if parts := strings.Split(r.str("access_token"), "."); len(parts) != 3 {
		t.Fatalf("access token is not a JWT: %q", r.str("access_token"))
	}
	if r.header.Get("Date") == "" || r.header.Get("X-Rate-Limit-Limit") != "600" {
		t.Fatalf("missing Date or rate-limit headers: %v", r.header)
	}
	if d, err := http.ParseTime(r.header.Get("Date")); err != nil || time.Since(d) > time.Minute {
		t.Fatalf("bad Date header %q", r.header.Get("Date"))
	}
}
