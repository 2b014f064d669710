package emulator

import (
	"net/http"
)

// route dispatches a request that passed the pipeline in ServeHTTP.
func (s *Server) route(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/.well-known/okta-organization":
		s.delay(r)
		s.serveOrgMetadata(w, r)
		return
	}
	s.Org.mu.Lock()
	parked := s.Org.parkedLocked(r.Host)
	s.Org.mu.Unlock()
	if parked {
		// [unconfirmed] Okta's parked org serves only the discovery
		// document usefully; everything else answers 404 here.
		s.delay(r)
		writeAPIError(w, notFound(r.URL.Path))
		return
	}
	switch r.URL.Path {
	case "/.well-known/openid-configuration", "/.well-known/oauth-authorization-server":
		s.delay(r)
		s.serveOIDCMetadata(w, r)
	case keysPath:
		s.delay(r)
		s.serveKeys(w, r)
	case tokenPath:
		s.serveToken(w, r)
	default:
		s.serveManagement(w, r)
	}
}
