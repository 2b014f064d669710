package checks

import (
	"net/url"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// FuzzNormalizeOrgURL (the hardening suite, TESTING.md): whatever is typed or pasted, the org URL
// normaliser never panics, and
//   - what it accepts is a bare https origin that parses back to itself,
//     in lower case, without "-admin" on an Okta domain, with a port (if
//     any) from 1 to 65535 other than 443, and normalising it again
//     changes nothing;
//   - what it refuses, it refuses with a sentence about "the org URL" that
//     carries no control character (the message is printed on a terminal,
//     and the input may hold escape sequences).
//
// Seeds: testdata/fuzz/FuzzNormalizeOrgURL. Run longer with
//
//	go test ./checks -run '^$' -fuzz '^FuzzNormalizeOrgURL$' -fuzztime 10m
func FuzzNormalizeOrgURL(f *testing.F) {
	for _, s := range []string{"acme.okta.com", "https://acme-admin.oktapreview.com/", "https://dev-1.okta.com:8443/x?y#z"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		out, notes, err := normalizeOrgURL(raw)
		if err != nil {
			msg := err.Error()
			if out != "" || notes != nil {
				t.Fatalf("refused %q but returned %q, %q", raw, out, notes)
			}
			if !strings.HasPrefix(msg, "the org URL ") {
				t.Fatalf("refusal of %q is not about the org URL: %q", raw, msg)
			}
			if i := strings.IndexFunc(msg, unicode.IsControl); i >= 0 {
				t.Fatalf("refusal of %q holds control character %q: %q", raw, msg[i], msg)
			}
			return
		}
		u, perr := url.Parse(out)
		if perr != nil {
			t.Fatalf("%q normalised to %q, which does not parse: %v", raw, out, perr)
		}
		if u.Scheme != "https" || u.Host == "" || u.User != nil || u.Path != "" || u.RawQuery != "" || u.Fragment != "" || u.Opaque != "" {
			t.Fatalf("%q normalised to %q, not a bare https origin: %#v", raw, out, u)
		}
		if out != "https://"+u.Host {
			t.Fatalf("%q normalised to %q, which is not https://%s", raw, out, u.Host)
		}
		if strings.ContainsFunc(out, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) {
			t.Fatalf("%q normalised to %q, which holds a space or control character", raw, out)
		}
		if p := u.Port(); p != "" {
			if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 || strconv.Itoa(n) != p || n == 443 {
				t.Fatalf("%q normalised to %q, whose port %q is not a plain port number other than 443", raw, out, p)
			}
		}
		if out != strings.ToLower(out) {
			t.Fatalf("%q normalised to %q, not lower case", raw, out)
		}
		if first, rest, ok := strings.Cut(u.Hostname(), "."); ok && strings.HasSuffix(first, "-admin") && isOktaDomain(rest) {
			t.Fatalf("%q normalised to the Admin Console address %q", raw, out)
		}
		again, notes2, err := normalizeOrgURL(out)
		if err != nil || again != out || len(notes2) != 0 {
			t.Fatalf("not idempotent: %q -> %q -> %q, %q, %v", raw, out, again, notes2, err)
		}
		if _, err := NormalizeOrgURL(raw); err != nil {
			t.Fatalf("NormalizeOrgURL refuses %q which normalizeOrgURL accepts: %v", raw, err)
		}
	})
}
