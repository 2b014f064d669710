package checks

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/fctr-id/tako-setup/checks/inputfile"
)

// HTTPConfig configures NewHTTPClient. There is deliberately no way to turn
// TLS verification off: a checker that trusts any certificate would send an
// API token or a signed assertion to whoever intercepts the connection.
type HTTPConfig struct {
	// Timeout bounds each whole request (dial, TLS, answer). The engine also
	// bounds every request through its context (Options.Timeout); this is
	// the backstop for callers that use the client directly. Default 15 s.
	Timeout time.Duration
	// CAFile is a PEM file of extra certificate authorities to trust on top
	// of the system's, for networks that inspect TLS with their own CA.
	CAFile string
}

// defaultTimeout bounds each request when the caller sets none.
const defaultTimeout = 15 * time.Second

// NewHTTPClient returns the client the engine talks to Okta with. It
// verifies TLS against the system roots plus, when given, the CAs in
// cfg.CAFile and in the file named by SSL_CERT_FILE (added explicitly, since
// Go reads SSL_CERT_FILE itself only on Linux/BSD, not on macOS or Windows);
// honours HTTPS_PROXY / NO_PROXY; and does not follow redirects, so that an
// org URL that redirects (to a sign-in page, another host) is reported as
// such instead of being silently followed with credentials.
func NewHTTPClient(cfg HTTPConfig) (*http.Client, error) {
	if cfg.Timeout <= 0 {
		cfg.Timeout = defaultTimeout
	}
	roots, err := x509.SystemCertPool()
	if err != nil || roots == nil {
		roots = x509.NewCertPool()
	}
	for _, f := range []struct{ path, from string }{{cfg.CAFile, "--ca-file"}, {os.Getenv("SSL_CERT_FILE"), "SSL_CERT_FILE"}} {
		if f.path == "" {
			continue
		}
		pem, err := inputfile.Read(f.path, inputfile.CALimit)
		if err != nil {
			return nil, fmt.Errorf("reading the CA file given by %s: %w", f.from, err)
		}
		if !roots.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("the CA file given by %s (%s) holds no PEM certificate", f.from, f.path)
		}
	}
	dialer := &net.Dialer{Timeout: min(cfg.Timeout, 10*time.Second), KeepAlive: 30 * time.Second}
	tr := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           dialer.DialContext,
		TLSClientConfig:       &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12},
		TLSHandshakeTimeout:   min(cfg.Timeout, 10*time.Second),
		ResponseHeaderTimeout: cfg.Timeout,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          100,
		MaxIdleConnsPerHost:   100,
		IdleConnTimeout:       90 * time.Second,
	}
	return &http.Client{
		Transport: tr,
		Timeout:   cfg.Timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}, nil
}
