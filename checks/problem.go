package checks

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"syscall"
	"time"
)

// problemKind names a way a request can fail before Okta's answer can be
// judged: the network, TLS, or an answer that is not Okta's.
type problemKind string

const (
	probTimeout     problemKind = "timeout"
	probDNS         problemKind = "dns"
	probRefused     problemKind = "refused"
	probUnknownCA   problemKind = "tls_unknown_ca"
	probWrongHost   problemKind = "tls_wrong_host"
	probCertInvalid problemKind = "tls_cert_invalid"
	probTLS         problemKind = "tls"
	probProxy       problemKind = "proxy"
	probNetwork     problemKind = "network"
	probServer      problemKind = "server_error"
	probRateLimited problemKind = "rate_limited"
	probHTML        problemKind = "html"
	probNotJSON     problemKind = "not_json"
	probOversized   problemKind = "oversized"
	probRedirect    problemKind = "redirect"
	probCanceled    problemKind = "canceled"
	// probSpared: the engine chose not to send the request (see
	// runProbesSparing); not a failure.
	probSpared problemKind = "spared"
)

// problem is a failed request, explained: Title and Detail say what
// happened in plain words (the Go error, if any, only as a technical
// postscript), Fix what to do.
type problem struct {
	Kind   problemKind
	Title  string
	Detail string
	Fix    string
}

// finding turns the problem into a failed check.
func (p *problem) finding(id string) Finding {
	return Finding{ID: id, Status: Fail, Title: p.Title, Detail: p.Detail, Fix: p.Fix}
}

// describeTransportError explains an error from http.Client.Do. target is
// the URL that was requested (it never carries credentials: those travel in
// headers and bodies).
func describeTransportError(err error, target string, timeout time.Duration) *problem {
	host := target
	if u, perr := url.Parse(target); perr == nil {
		host = u.Host
	}
	tech := " (technical detail: " + err.Error() + ")"
	var (
		dnsErr      *net.DNSError
		unknownCA   x509.UnknownAuthorityError
		hostErr     x509.HostnameError
		invalidCert x509.CertificateInvalidError
		verifyErr   *tls.CertificateVerificationError
		recordErr   tls.RecordHeaderError
		opErr       *net.OpError
	)
	switch {
	case errors.Is(err, context.Canceled):
		return &problem{Kind: probCanceled, Title: "Check interrupted", Detail: "The check was stopped before " + host + " answered.", Fix: "Run the check again."}
	case errors.Is(err, context.DeadlineExceeded) || isTimeout(err):
		return &problem{Kind: probTimeout, Title: "No answer from " + host,
			Detail: fmt.Sprintf("%s did not answer within %s.", host, timeout) + tech,
			Fix:    "Check that this machine can reach " + host + " (firewall, proxy: set HTTPS_PROXY if your network needs one); on a slow link raise --timeout."}
	case errors.As(err, &unknownCA):
		return unknownCAProblem(host, tech)
	case errors.As(err, &hostErr):
		return &problem{Kind: probWrongHost, Title: "The certificate is for another host",
			Detail: "The server at " + host + " presented a TLS certificate for a different name, so this is not the address of your Okta org (or something on the network is intercepting it)." + tech,
			Fix:    "Check the org URL: copy it from the browser's address bar while signed in to Okta, without \"-admin\"."}
	case errors.As(err, &invalidCert):
		return &problem{Kind: probCertInvalid, Title: "The server's certificate is not valid",
			Detail: "The TLS certificate of " + host + " is not valid (expired, not yet valid, or not meant for a web server). Check this machine's date too." + tech,
			Fix:    "Check the org URL and this machine's clock; if your network inspects TLS, pass its CA with --ca-file PATH or SSL_CERT_FILE."}
	case errors.As(err, &verifyErr):
		return unknownCAProblem(host, tech)
	case errors.As(err, &recordErr):
		return &problem{Kind: probTLS, Title: host + " does not speak HTTPS",
			Detail: "The server at " + host + " answered in plain HTTP, not HTTPS." + tech,
			Fix:    "Check the org URL and its port; Okta orgs answer on https:// (port 443)."}
	case errors.As(err, &dnsErr):
		return &problem{Kind: probDNS, Title: "Host name not found",
			Detail: "The name " + hostOnly(host) + " does not resolve (no such host, or DNS is unreachable from this machine)." + tech,
			Fix:    "Check the spelling of the org URL (it looks like https://acme.okta.com) and this machine's DNS."}
	case isProxyError(err):
		return &problem{Kind: probProxy, Title: "The proxy refused the connection",
			Detail: "The HTTPS proxy (from HTTPS_PROXY) could not connect to " + host + "." + tech,
			Fix:    "Check HTTPS_PROXY and NO_PROXY, and that the proxy allows " + host + "."}
	case errors.Is(err, syscall.ECONNREFUSED):
		return &problem{Kind: probRefused, Title: "Connection refused",
			Detail: host + " refused the connection: nothing is listening there." + tech,
			Fix:    "Check the org URL (and its port, if you gave one)."}
	case errors.As(err, &opErr) || errors.Is(err, syscall.ECONNRESET) || strings.Contains(err.Error(), "EOF") ||
		strings.Contains(err.Error(), "stream error") || strings.Contains(err.Error(), "connection reset"):
		return &problem{Kind: probNetwork, Title: "The connection failed",
			Detail: "The connection to " + host + " failed before Okta answered." + tech,
			Fix:    "Check this machine's network and proxy settings (HTTPS_PROXY), then run the check again."}
	}
	return &problem{Kind: probNetwork, Title: "The request failed",
		Detail: "The request to " + host + " failed before Okta answered." + tech,
		Fix:    "Check this machine's network and proxy settings (HTTPS_PROXY), then run the check again."}
}

func unknownCAProblem(host, tech string) *problem {
	return &problem{Kind: probUnknownCA, Title: "The server's certificate is not trusted",
		Detail: "The TLS certificate of " + host + " is signed by an authority this machine does not trust. Okta's certificates are public, so something on your network (a TLS-inspecting proxy) is probably re-signing the connection." + tech,
		Fix:    "Pass your network's CA certificate (PEM) with --ca-file PATH, or set SSL_CERT_FILE to it; TLS checking cannot be turned off."}
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

func isProxyError(err error) bool {
	var opErr *net.OpError
	if errors.As(err, &opErr) && opErr.Op == "proxyconnect" {
		return true
	}
	return strings.Contains(err.Error(), "proxyconnect")
}

// hostOnly drops a port from host:port.
func hostOnly(hostport string) string {
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		return h
	}
	return hostport
}

// countOf is n with the noun in its number: "1 key", "2 keys".
func countOf(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
