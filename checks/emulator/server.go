package emulator

import (
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Server limits: the emulator protects itself like a real service would.
const (
	maxRequestBody    = 1 << 20 // 1 MiB: token forms and JWKS bodies are tiny
	maxHeaderBytes    = 64 << 10
	readHeaderTimeout = 10 * time.Second
	readTimeout       = 30 * time.Second
	idleTimeout       = 60 * time.Second
)

// Server is an emulated Okta org served over HTTPS on a loopback port.
type Server struct {
	// URL is the server's base URL, https://127.0.0.1:PORT.
	URL string
	// Org is the state the server answers from; mutate it through its
	// methods while the server runs.
	Org *Org

	addr      string
	certs     *certs
	srv       *http.Server
	transport *http.Transport
	closing   chan struct{}
	closeOnce sync.Once
	served    chan struct{}

	inFlight    atomic.Int64
	maxInFlight atomic.Int64
	total       atomic.Int64
}

// Option configures Start.
type Option func(*startOptions)

type startOptions struct {
	names []string
}

// WithCertNames adds DNS names to the server certificate, for hosts outside
// the default *.okta.com, *.oktapreview.com, *.okta-emea.com and localhost
// (a custom domain such as login.example.com).
func WithCertNames(names ...string) Option {
	return func(o *startOptions) { o.names = append(o.names, names...) }
}

// Start serves org over HTTPS on 127.0.0.1 with a fresh CA and certificate.
// Close the server when done.
func Start(org *Org, opts ...Option) (*Server, error) {
	var so startOptions
	for _, opt := range opts {
		opt(&so)
	}
	org.mu.Lock()
	org.initLocked()
	org.mu.Unlock()

	c, err := newCerts(so.names)
	if err != nil {
		return nil, fmt.Errorf("starting emulator: %w", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("starting emulator: listening on loopback: %w", err)
	}
	s := &Server{
		URL:     "https://" + ln.Addr().String(),
		Org:     org,
		addr:    ln.Addr().String(),
		certs:   c,
		closing: make(chan struct{}),
		served:  make(chan struct{}),
	}
	s.srv = &http.Server{
		Handler:           s,
		TLSConfig:         &tls.Config{Certificates: []tls.Certificate{c.leaf}, MinVersion: tls.VersionTLS12},
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
		// Aborted handlers (the reset fault) and clients that hang up are
		// expected here; keep them out of test output.
		ErrorLog: log.New(io.Discard, "", 0),
	}
	s.transport = &http.Transport{
		Proxy:               nil, // loopback only: never route through HTTPS_PROXY
		DialContext:         s.DialContext,
		TLSClientConfig:     &tls.Config{RootCAs: c.pool, MinVersion: tls.VersionTLS12},
		ForceAttemptHTTP2:   true,
		TLSHandshakeTimeout: 10 * time.Second,
		MaxIdleConnsPerHost: 100,
		IdleConnTimeout:     30 * time.Second,
	}
	go func() {
		defer close(s.served)
		_ = s.srv.ServeTLS(ln, "", "")
	}()
	// Generate the org AS signing key now, off the request path, so the
	// first token request (often inside a benchmark) does not pay for it.
	go func() { _, _ = signingKey() }()
	return s, nil
}

// Client returns an HTTP client that trusts the emulator's CA and sends
// every request, whatever its host name, to the emulator: tests may use
// URLs such as https://integrator-1234567.okta.com or
// https://acme-admin.okta.com. Clients share one transport.
func (s *Server) Client() *http.Client {
	return &http.Client{Transport: s.transport}
}

// DialContext dials the emulator's listener whatever address is asked for;
// use it in a transport of your own (for example with Server.CAPEM).
func (s *Server) DialContext(ctx context.Context, _, _ string) (net.Conn, error) {
	var d net.Dialer
	return d.DialContext(ctx, "tcp", s.addr)
}

// CAPEM returns the emulator's CA certificate in PEM form (for --ca-file
// and SSL_CERT_FILE tests).
func (s *Server) CAPEM() []byte {
	return append([]byte(nil), s.certs.caPEM...)
}

// Close stops the server, ending requests held by the hang fault.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		close(s.closing)
		s.transport.CloseIdleConnections()
		_ = s.srv.Close()
		<-s.served
	})
}

// MaxInFlight is the peak number of requests served at once since start
// or the last ResetStats.
func (s *Server) MaxInFlight() int { return int(s.maxInFlight.Load()) }

// TotalRequests is the number of requests received since start or the last
// ResetStats.
func (s *Server) TotalRequests() int { return int(s.total.Load()) }

// ResetStats zeroes MaxInFlight, TotalRequests, the org's Requests and its
// ConcurrencyStats.
func (s *Server) ResetStats() {
	s.maxInFlight.Store(s.inFlight.Load())
	s.total.Store(0)
	s.Org.mu.Lock()
	clear(s.Org.requests)
	s.Org.resetConcurrencyStatsLocked()
	s.Org.mu.Unlock()
}

// ServeHTTP is the request pipeline: statistics, Date, injected faults,
// the -admin host, then the org's endpoints (which add Latency).
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := s.inFlight.Add(1)
	defer s.inFlight.Add(-1)
	s.recordPeak(n)
	s.total.Add(1)
	r.Body = http.MaxBytesReader(w, r.Body, maxRequestBody)

	o := s.Org
	o.mu.Lock()
	o.initLocked()
	o.requests[r.Method+" "+r.URL.Path]++
	fault := o.takeFaultLocked(r.URL.Path)
	w.Header().Set("Date", o.nowLocked().Format(http.TimeFormat))
	o.mu.Unlock()

	if fault != nil {
		if fault.Kind != FaultHang {
			s.delay(r)
		}
		s.serveFault(w, r, fault)
		return
	}
	// docs/okta-behavior.md §6: the Admin Console host (sub-admin.okta.com) refuses API calls
	// with 403 and an empty body, whatever the path.
	if isAdminHost(r.Host) {
		s.delay(r)
		w.WriteHeader(http.StatusForbidden)
		return
	}
	s.route(w, r)
}

// delay waits the org's Latency before a response is produced; when the
// client gives up or the server closes meanwhile, the response is aborted.
// Management and token requests wait after admission, so they hold a
// concurrency slot while they "work", as on a real server.
func (s *Server) delay(r *http.Request) {
	s.Org.mu.Lock()
	d := s.Org.Latency
	s.Org.mu.Unlock()
	if d > 0 && !s.sleep(r.Context(), d) {
		abortResponse()
	}
}

// abortResponse ends the handler without a response: the connection is
// closed (HTTP/1.1) or the stream reset (HTTP/2). Returning normally would
// make net/http send an empty 200.
func abortResponse() {
	panic(http.ErrAbortHandler)
}

// recordPeak raises maxInFlight to n if n is higher.
func (s *Server) recordPeak(n int64) {
	for {
		peak := s.maxInFlight.Load()
		if n <= peak || s.maxInFlight.CompareAndSwap(peak, n) {
			return
		}
	}
}

// sleep waits d, or until the request is cancelled or the server closes
// (false).
func (s *Server) sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	case <-s.closing:
		return false
	}
}

// hostName is the request's host without port.
func hostName(hostport string) string {
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		return h
	}
	return strings.Trim(hostport, "[]")
}

// isAdminHost reports whether the first label of host ends with -admin.
func isAdminHost(hostport string) bool {
	first, _, _ := strings.Cut(hostName(hostport), ".")
	return strings.HasSuffix(first, "-admin")
}

// isLoopbackHost reports whether the host is an IP literal or localhost.
func isLoopbackHost(hostport string) bool {
	h := hostName(hostport)
	return h == "localhost" || net.ParseIP(h) != nil
}

// baseURL is the URL the client invoked: https:// plus the Host header,
// without a redundant :443.
func baseURL(r *http.Request) string {
	return "https://" + strings.TrimSuffix(r.Host, ":443")
}
