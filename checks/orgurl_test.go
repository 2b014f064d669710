package checks

import (
	"strings"
	"testing"
)

func TestNormalizeOrgURL(t *testing.T) {
	ok := []struct{ in, want, note string }{
		{"https://acme.okta.com", "https://acme.okta.com", ""},
		{"https://acme.okta.com/", "https://acme.okta.com", ""},
		{"  https://ACME.Okta.com  ", "https://acme.okta.com", ""},
		{`"https://acme.okta.com"`, "https://acme.okta.com", ""},
		{"acme.okta.com", "https://acme.okta.com", ""},
		{"https://acme-admin.okta.com", "https://acme.okta.com", "-admin"},
		{"https://acme-admin.oktapreview.com/admin/dashboard", "https://acme.oktapreview.com", "/admin/dashboard"},
		{"https://acme.okta-emea.com/oauth2/default", "https://acme.okta-emea.com", "/oauth2/default"},
		{"https://acme.okta.com/oauth2/v1/token?x=1#frag", "https://acme.okta.com", "/oauth2/v1/token"},
		{"https://acme.okta.com:443", "https://acme.okta.com", ""},
		{"https://127.0.0.1:8443", "https://127.0.0.1:8443", ""},
		{"https://[::1]:8443/", "https://[::1]:8443", ""},
		{"https://login.acme.example", "https://login.acme.example", ""},
		// A custom domain may really end in -admin: only Okta's own hosts lose it.
		{"https://it-admin.example.com", "https://it-admin.example.com", ""},
		{"https://acme.okta.com.", "https://acme.okta.com", ""},
	}
	for _, c := range ok {
		got, notes, err := normalizeOrgURL(c.in)
		if err != nil || got != c.want {
			t.Errorf("normalizeOrgURL(%q) = %q, %v; want %q", c.in, got, err, c.want)
			continue
		}
		if c.note != "" && !strings.Contains(strings.Join(notes, ";"), c.note) {
			t.Errorf("normalizeOrgURL(%q) notes %q lack %q", c.in, notes, c.note)
		}
		if c.note == "" && len(notes) > 0 {
			t.Errorf("normalizeOrgURL(%q) notes %q, want none", c.in, notes)
		}
		if pub, err := NormalizeOrgURL(c.in); pub != got || err != nil {
			t.Errorf("NormalizeOrgURL(%q) = %q, %v", c.in, pub, err)
		}
	}
	bad := []struct{ in, says string }{
		{"", "empty"},
		{"   ", "empty"},
		{"http://acme.okta.com", "https only"},
		{"https://{yourOktaDomain}", "placeholder"},
		{"https://${yourOktaDomain}/", "placeholder"},
		{"https://<your-org>.okta.com", "placeholder"},
		{"https://acme.okta.com.com", ".com.com"},
		{"https://https://acme.okta.com", "more than one"},
		{"ftp://acme.okta.com", "must start with https://"},
		{"https://user:pw@acme.okta.com", "user name"},
		{"https://acme okta.com", "spaces"},
		{"https://", "not a web address"},
	}
	for _, c := range bad {
		got, err := NormalizeOrgURL(c.in)
		if err == nil {
			t.Errorf("NormalizeOrgURL(%q) = %q, want an error", c.in, got)
			continue
		}
		if !strings.Contains(err.Error(), c.says) {
			t.Errorf("NormalizeOrgURL(%q) error %q does not say %q", c.in, err, c.says)
		}
		if strings.Contains(err.Error(), "pw") {
			t.Errorf("NormalizeOrgURL(%q) echoes a password: %q", c.in, err)
		}
	}
}

// A port must be one: url.Parse lets through any run of digits.
func TestNormalizeOrgURLPorts(t *testing.T) {
	cases := []struct {
		in   string
		want string // "" when refused
	}{
		{"https://acme.okta.com:1", "https://acme.okta.com:1"},
		{"https://acme.okta.com:8443", "https://acme.okta.com:8443"},
		{"https://acme.okta.com:65535", "https://acme.okta.com:65535"},
		{"https://acme.okta.com:08443", "https://acme.okta.com:8443"},
		{"https://acme.okta.com:0443", "https://acme.okta.com"},
		{"https://acme.okta.com:", "https://acme.okta.com"},
		{"https://[::1]:65535", "https://[::1]:65535"},
		{"https://acme.okta.com:0", ""},
		{"https://acme.okta.com:00", ""},
		{"https://acme.okta.com:65536", ""},
		{"https://acme.okta.com:99999", ""},
		{"acme.okta.com:99999/admin", ""},
		{"https://[::1]:70000", ""},
		{"https://acme.okta.com:99999999999999999999999999", ""},
	}
	for _, c := range cases {
		got, err := NormalizeOrgURL(c.in)
		if c.want != "" {
			if err != nil || got != c.want {
				t.Errorf("NormalizeOrgURL(%q) = %q, %v; want %q", c.in, got, err, c.want)
			}
			continue
		}
		if err == nil {
			t.Errorf("NormalizeOrgURL(%q) = %q, want a refusal", c.in, got)
			continue
		}
		msg := err.Error()
		for _, says := range []string{"not a port number", "1 to 65535", "leave the port out"} {
			if !strings.Contains(msg, says) {
				t.Errorf("NormalizeOrgURL(%q) error %q does not say %q", c.in, msg, says)
			}
		}
		if len(msg) > 200 {
			t.Errorf("NormalizeOrgURL(%q) error is %d bytes long: %q", c.in, len(msg), msg)
		}
	}
}

func TestUnderOktaDomain(t *testing.T) {
	for host, want := range map[string]bool{
		"acme.okta.com": true, "ACME.Okta.Com": true, "acme.oktapreview.com": true, "acme.okta-emea.com": true,
		"a.b.okta.com": true, "acme.okta.com.": true,
		"okta.com": false, "acme.okta.com.example.net": false, "acme-okta.com": false, "acmeokta.com": false,
		"login.acme.example": false, "127.0.0.1": false, "localhost": false, "": false,
	} {
		if got := underOktaDomain(host); got != want {
			t.Errorf("underOktaDomain(%q) = %v, want %v", host, got, want)
		}
	}
}
