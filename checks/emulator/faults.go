package emulator

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// FaultKind is the kind of failure a Fault injects.
type FaultKind int

// The fault kinds, for hardening tests.
const (
	// FaultStatus answers Status with Body and Header (5xx, 429, …).
	FaultStatus FaultKind = iota
	// FaultHTML answers Status (default 200) with an HTML page where JSON
	// was expected (a captive portal or proxy error page).
	FaultHTML
	// FaultHang accepts the request and never answers, until the client
	// gives up or the server closes.
	FaultHang
	// FaultReset sends the headers and part of the body, then breaks the
	// connection (an RST_STREAM over HTTP/2).
	FaultReset
	// FaultHugeBody streams Size bytes (default 50 MB) of JSON-looking data.
	FaultHugeBody
)

// Fault is a failure injected before normal handling.
type Fault struct {
	Kind   FaultKind
	Status int
	Body   string
	Header http.Header
	// ResetAfter, when > 0, adds X-Rate-Limit-Reset = now + ResetAfter
	// (epoch seconds on the org's clock) at response time.
	ResetAfter time.Duration
	// Size is the body size of FaultHugeBody.
	Size int64
	// Times is how many requests the fault applies to; 0 means all.
	Times int
}

type faultEntry struct {
	prefix string
	fault  Fault
	left   int // remaining uses; 0 = unlimited
}

// InjectFault makes requests whose path starts with pathPrefix ("" or "/"
// for every path) fail as f says. Faults are tried in the order they were
// injected; one whose Times is used up is removed.
func (o *Org) InjectFault(pathPrefix string, f Fault) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.faults = append(o.faults, &faultEntry{prefix: pathPrefix, fault: f, left: f.Times})
}

// ClearFaults removes every injected fault.
func (o *Org) ClearFaults() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.faults = nil
}

// takeFaultLocked returns the fault for path, consuming one use.
func (o *Org) takeFaultLocked(path string) *Fault {
	for i, e := range o.faults {
		if !strings.HasPrefix(path, e.prefix) {
			continue
		}
		f := e.fault
		if e.left > 0 {
			e.left--
			if e.left == 0 {
				o.faults = append(o.faults[:i:i], o.faults[i+1:]...)
			}
		}
		return &f
	}
	return nil
}

// StatusFault answers status with body (Content-Type application/json
// when the body looks like JSON).
func StatusFault(status int, body string) Fault {
	return Fault{Kind: FaultStatus, Status: status, Body: body}
}

// RateLimitFault answers 429 E0000047 with X-Rate-Limit-Limit/Remaining
// headers and, when resetAfter > 0, X-Rate-Limit-Reset = now + resetAfter.
func RateLimitFault(resetAfter time.Duration) Fault {
	h := http.Header{}
	h.Set("X-Rate-Limit-Limit", "600")
	h.Set("X-Rate-Limit-Remaining", "0")
	return Fault{
		Kind:       FaultStatus,
		Status:     http.StatusTooManyRequests,
		Body:       `{"errorCode":"E0000047","errorSummary":"API call exceeded rate limit due to too many requests.","errorLink":"E0000047","errorId":"oaeFaultInjected000000000","errorCauses":[]}`,
		Header:     h,
		ResetAfter: resetAfter,
	}
}

// serveFault writes the injected failure.
func (s *Server) serveFault(w http.ResponseWriter, r *http.Request, f *Fault) {
	for k, vs := range f.Header {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	if f.ResetAfter > 0 {
		reset := s.Org.Now().Add(f.ResetAfter)
		w.Header().Set("X-Rate-Limit-Reset", strconv.FormatInt(reset.Unix(), 10))
	}
	switch f.Kind {
	case FaultHang:
		select {
		case <-r.Context().Done():
		case <-s.closing:
		}
		abortResponse()
	case FaultReset:
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", "4096")
		w.WriteHeader(statusOr(f.Status, http.StatusOK))
		_, _ = w.Write([]byte(`{"id":"00o` + strings.Repeat("x", 200)))
		if fl, ok := w.(http.Flusher); ok {
			fl.Flush()
		}
		abortResponse()
	case FaultHugeBody:
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(statusOr(f.Status, http.StatusOK))
		size := f.Size
		if size <= 0 {
			size = 50 << 20
		}
		chunk := []byte(strings.Repeat(`{"id":"00u0000000000000000","status":"ACTIVE"},`, 1024))
		if _, err := w.Write([]byte("[")); err != nil {
			return
		}
		for written := int64(1); written < size; written += int64(len(chunk)) {
			if _, err := w.Write(chunk); err != nil {
				return // the client gave up, as it should
			}
		}
	case FaultHTML:
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(statusOr(f.Status, http.StatusOK))
		body := f.Body
		if body == "" {
			body = "<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body><h1>Please sign in</h1><p>This network requires authentication.</p></body></html>\n"
		}
		_, _ = w.Write([]byte(body))
	default:
		if w.Header().Get("Content-Type") == "" && strings.HasPrefix(strings.TrimSpace(f.Body), "{") {
			w.Header().Set("Content-Type", "application/json")
		}
		w.WriteHeader(statusOr(f.Status, http.StatusInternalServerError))
		_, _ = w.Write([]byte(f.Body))
	}
}

func statusOr(status, def int) int {
	if status == 0 {
		return def
	}
	return status
}
