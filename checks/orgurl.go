package checks

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"unicode"
)

// oktaDomains are the domains Okta's own org hosts live under. The
// Admin Console lives on "<org>-admin.<domain>"; only under these domains is
// a "-admin" suffix known to be that mistake (a custom domain may really be
// called "it-admin.example.com").
var oktaDomains = []string{
	"okta.com", "oktapreview.com", "okta-emea.com", "okta-gov.com", "okta.mil",
	"okta-miltest.com", "trex-govcloud.com", "trexcloud.com",
}

// NormalizeOrgURL turns what a user typed into the org URL Tako needs:
// "https://<host>[:port]" with no path, no trailing slash and no "-admin".
//
// It accepts a bare host ("acme.okta.com"), strips paths such as
// /admin/dashboard or /oauth2/default (only the org authorization server
// issues tokens for Okta's APIs), and refuses http:// (Okta serves its API
// over https only), placeholders such as {yourOktaDomain}, the ".com.com"
// typo, and a port outside 1–65535. Any https host is accepted — orgs live on custom domains too — and
// org discovery decides whether it is an Okta org.
//
// The error message is written for the user and names the fix.
func NormalizeOrgURL(raw string) (string, error) {
	u, _, err := normalizeOrgURL(raw)
	return u, err
}

// normalizeOrgURL is NormalizeOrgURL that also says what it changed, for
// the org finding ("removed -admin: that is the Admin Console's address").
func normalizeOrgURL(raw string) (string, []string, error) {
	s := strings.TrimSpace(raw)
	s = strings.Trim(s, `"'`)
	s = strings.TrimSpace(s)
	var notes []string
	switch {
	case s == "":
		return "", nil, errors.New("the org URL is empty: enter your Okta address, such as https://acme.okta.com")
	case strings.ContainsAny(s, "{}<>") || strings.Contains(strings.ToLower(s), "yourokta"):
		return "", nil, errors.New("the org URL is still a placeholder: replace it with your own Okta address, such as https://acme.okta.com")
	case strings.Count(s, "://") > 1:
		return "", nil, errors.New("the org URL has more than one \"://\": enter it once, such as https://acme.okta.com")
	case strings.ContainsAny(s, " \t\r\n"):
		return "", nil, errors.New("the org URL contains spaces: enter only the address, such as https://acme.okta.com")
	}
	if !strings.Contains(s, "://") {
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return "", nil, errors.New("the org URL is not a web address: enter it as https://acme.okta.com")
	}
	if !validHost(u.Hostname()) {
		return "", nil, errors.New("the org URL has characters no host name can have: enter it as https://acme.okta.com")
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
	case "http":
		return "", nil, errors.New("the org URL starts with http://: Okta serves its API over https only, so use https://" + u.Host)
	default:
		return "", nil, errors.New("the org URL must start with https:// (it starts with " + u.Scheme + "://)")
	}
	if u.User != nil {
		return "", nil, errors.New("the org URL contains a user name (before @): enter only the address, such as https://acme.okta.com")
	}
	host := strings.ToLower(strings.TrimRight(u.Hostname(), "."))
	port := u.Port()
	if host == "" {
		return "", nil, errors.New("the org URL has no host name: enter it as https://acme.okta.com")
	}
	if strings.Contains(host, ".com.com") {
		return "", nil, errors.New("the org URL ends in .com.com, which looks like a typo: enter it as https://acme.okta.com")
	}
	if first, rest, ok := strings.Cut(host, "."); ok && strings.HasSuffix(first, "-admin") && isOktaDomain(rest) {
		host = strings.TrimSuffix(first, "-admin") + "." + rest
		notes = append(notes, "removed \"-admin\" (that is the Admin Console's address; the API lives on the org's own address)")
	}
	if p := strings.TrimRight(u.EscapedPath(), "/"); p != "" {
		notes = append(notes, "removed the path "+p+" (Tako needs the bare org address)")
	}
	if u.RawQuery != "" || u.Fragment != "" {
		notes = append(notes, "removed the text after ? or #")
	}
	if port != "" {
		// url.Parse checks only that a port is digits.
		n, err := strconv.Atoi(port)
		if err != nil || n < 1 || n > 65535 {
			return "", nil, fmt.Errorf("the org URL has port %s, which is not a port number (ports run from 1 to 65535): leave the port out for Okta, as in https://acme.okta.com", shortPort(port))
		}
		port = strconv.Itoa(n) // "08443" is 8443
	}
	if port == "443" {
		port = ""
	}
	out := "https://" + host
	if strings.Contains(host, ":") {
		out = "https://[" + host + "]" // an IPv6 literal keeps its brackets
	}
	if port != "" {
		out = "https://" + net.JoinHostPort(host, port)
	}
	return out, notes, nil
}

// validHost reports whether h can be a host name: an IP address, or
// letters, digits, dots and hyphens (url.Parse lets through quotes, commas,
// an IPv6 zone and more, which no org's address has).
func validHost(h string) bool {
	if net.ParseIP(h) != nil {
		return true
	}
	for _, r := range h {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' && r != '.' {
			return false
		}
	}
	return true
}

// shortPort is a port for an error message: a run of digits too long to
// read is cut.
func shortPort(p string) string {
	if len(p) > 12 {
		return p[:12] + "…"
	}
	return p
}

// isOktaDomain reports whether d is one of Okta's org domains.
func isOktaDomain(d string) bool {
	for _, od := range oktaDomains {
		if d == od {
			return true
		}
	}
	return false
}

// underOktaDomain reports whether host is a name under one of Okta's own
// domains ("acme.okta.com", but not "okta.com.example.net" nor
// "acme-okta.com"). Only Okta hands out names there, so credentials may go
// to such a host before discovery has answered; any other host — a custom
// domain, an IP address, a look-alike — must first prove it is an Okta org
// (docs/okta-behavior.md §6).
func underOktaDomain(host string) bool {
	h := strings.TrimSuffix(strings.ToLower(host), ".")
	for _, od := range oktaDomains {
		if strings.HasSuffix(h, "."+od) && len(h) > len(od)+1 {
			return true
		}
	}
	return false
}

// hostOf returns the host name (no port) of a normalised org URL.
func hostOf(orgURL string) string {
	u, err := url.Parse(orgURL)
	if err != nil {
		return ""
	}
	return u.Hostname()
}
