package emulator

import "net/http"

func (s *Server) serveManagement(w http.ResponseWriter, r *http.Request) {
	ok, done := s.admit(w, r, false)
	defer done()
	if !ok {
		return
	}
	writeAPIError(w, notFound(r.URL.Path))
}
