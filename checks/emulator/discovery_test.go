package emulator

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net/http"
	"strings"
	"testing"
)

func links(t *testing.T, r result, rel string) string {
	t.Helper()
	l, _ := r.json["_links"].(map[string]any)
	h, _ := l[rel].(map[string]any)
	s, _ := h["href"].(string)
	return s
}

func TestOrgMetadataFollowsTheHostUsed(t *testing.T) {
	org := NewOrg()
	srv := start(t, org)
	c := srv.Client()

	r := get(t, c, "https://integrator-1234567.okta.com/.well-known/okta-organization", "")
	if r.status != 200 || r.str("id") != org.ID || r.str("pipeline") != "idx" || !strings.HasPrefix(org.ID, "00o") {
		t.Fatalf("got %d %s", r.status, r.raw)
	}
	if got := links(t, r, "organization"); got != "https://integrator-1234567.okta.com" {
		t.Fatalf("organization href %q", got)
	}
	if links(t, r, "alternate") != "" {
		t.Fatalf("alternate link without a custom domain: %s", r.raw)
	}
	r = get(t, c, srv.URL+"/.well-known/okta-organization", "")
	if got := links(t, r, "organization"); got != srv.URL {
		t.Fatalf("organization href %q, want %q", got, srv.URL)
	}
}

func TestOrgMetadataCustomDomain(t *testing.T) {
	org := NewOrg()
	org.CanonicalURL = "https://acme.okta.com"
	srv, err := Start(org, WithCertNames("login.acme.example"))
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	r := get(t, srv.Client(), "https://login.acme.example/.well-known/okta-organization", "")
	if links(t, r, "organization") != "https://acme.okta.com" || links(t, r, "alternate") != "https://login.acme.example" {
		t.Fatalf("got %s", r.raw)
	}
}

func TestParkedOrg(t *testing.T) {
	org := NewOrg()
	org.Hosts = []string{"acme.okta.com"}
	srv := start(t, org)
	c := srv.Client()

	if r := get(t, c, "https://acme.okta.com/.well-known/okta-organization", ""); r.str("id") != org.ID {
		t.Fatalf("known host: %s", r.raw)
	}
	r := get(t, c, "https://acmee.okta.com/.well-known/okta-organization", "")
	if r.status != 200 || r.str("id") != PlaceholderOrgID || r.str("pipeline") != "v1" {
		t.Fatalf("typo host: %d %s", r.status, r.raw)
	}
	if r := get(t, c, "https://acmee.okta.com/api/v1/users", "SSWS x"); r.status != 404 {
		t.Fatalf("parked org API: %d %s", r.status, r.raw)
	}

	org.SetParked(true)
	if r := get(t, c, "https://acme.okta.com/.well-known/okta-organization", ""); r.str("id") != PlaceholderOrgID {
		t.Fatalf("parked org: %s", r.raw)
	}
}

func TestAdminHostIsForbiddenWithEmptyBody(t *testing.T) {
	srv := start(t, NewOrg())
	for _, path := range []string{"/.well-known/okta-organization", "/api/v1/users/me", "/oauth2/v1/token"} {
		r := get(t, srv.Client(), "https://acme-admin.okta.com"+path, "SSWS x")
		if r.status != http.StatusForbidden || r.raw != "" {
			t.Fatalf("%s: got %d %q", path, r.status, r.raw)
		}
	}
}

func TestOpenIDConfiguration(t *testing.T) {
	srv := start(t, NewOrg())
	r := get(t, srv.Client(), "https://dev-1.oktapreview.com/.well-known/openid-configuration", "")
	if r.str("issuer") != "https://dev-1.oktapreview.com" || r.str("token_endpoint") != "https://dev-1.oktapreview.com/oauth2/v1/token" {
		t.Fatalf("got %s", r.raw)
	}
	if strings.Contains(r.raw, "okta.users.read") {
		t.Fatal("Okta API scopes must not be listed")
	}
	if r.header.Get("X-Rate-Limit-Limit") != "" {
		t.Fatal("discovery is not rate limited (docs/okta-behavior.md §5)")
	}
}

func TestCAPEMTrustsTheServer(t *testing.T) {
	srv := start(t, NewOrg())
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(srv.CAPEM()) {
		t.Fatal("CAPEM is not a PEM certificate")
	}
	c := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	if r := get(t, c, srv.URL+"/.well-known/okta-organization", ""); r.status != 200 {
		t.Fatalf("got %d", r.status)
	}
	// An untrusting client fails the handshake.
	_, err := (&http.Client{Transport: &http.Transport{DialContext: srv.DialContext}}).Get("https://x.okta.com/")
	var uerr x509.UnknownAuthorityError
	if !errors.As(err, &uerr) {
		t.Fatalf("want an unknown-authority error, got %v", err)
	}
}
