package emulator

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

// Management error codes and their summaries, verbatim from Okta's E0000xxx
// catalogue (docs/okta-behavior.md Appendix B).
const (
	codeValidation     = "E0000001" // 400
	codeInvalidSession = "E0000005" // 403
	codeForbidden      = "E0000006" // 403
	codeNotFound       = "E0000007" // 404
	codeInvalidToken   = "E0000011" // 401
	codeFeature        = "E0000015" // 401
	codeMethod         = "E0000022" // 405
	codeSearch         = "E0000031" // 400
	codeRateLimited    = "E0000047" // 429
)

var codeSummaries = map[string]string{
	codeValidation:     "Api validation failed: %s",
	codeInvalidSession: "Invalid session",
	codeForbidden:      "You do not have permission to perform the requested action",
	codeNotFound:       "Not found: %s",
	codeInvalidToken:   "Invalid token provided",
	codeFeature:        "You do not have permission to access the feature you are requesting",
	codeMethod:         "The endpoint does not support the provided HTTP method",
	codeSearch:         "Invalid search criteria.",
	codeRateLimited:    "API call exceeded rate limit due to too many requests.",
}

var codeStatus = map[string]int{
	codeValidation:     http.StatusBadRequest,
	codeInvalidSession: http.StatusForbidden,
	codeForbidden:      http.StatusForbidden,
	codeNotFound:       http.StatusNotFound,
	codeInvalidToken:   http.StatusUnauthorized,
	codeFeature:        http.StatusUnauthorized,
	codeMethod:         http.StatusMethodNotAllowed,
	codeSearch:         http.StatusBadRequest,
	codeRateLimited:    http.StatusTooManyRequests,
}

// APIError is an Okta management-API error (the E0000xxx envelope, docs/okta-behavior.md §2).
// Org methods that enforce an Okta rule (AddKey, DeactivateKey, …) return
// one, so a test sees the same cause text an API caller would.
type APIError struct {
	Status  int
	Code    string
	Summary string
	Causes  []string
}

// Error implements error: the summary followed by the causes.
func (e *APIError) Error() string {
	if len(e.Causes) == 0 {
		return fmt.Sprintf("%s: %s", e.Code, e.Summary)
	}
	return fmt.Sprintf("%s: %s (%s)", e.Code, e.Summary, strings.Join(e.Causes, "; "))
}

// newAPIError builds an APIError for code; arg fills the summary's {0}
// placeholder for the codes that have one.
func newAPIError(code, arg string, causes ...string) *APIError {
	summary := codeSummaries[code]
	if strings.Contains(summary, "%s") {
		summary = fmt.Sprintf(summary, arg)
	}
	return &APIError{Status: codeStatus[code], Code: code, Summary: summary, Causes: causes}
}

// validationError is E0000001 with one cause, the shape of every JWKS rule
// violation (docs/okta-behavior.md §8).
func validationError(object, cause string) *APIError {
	return newAPIError(codeValidation, object, cause)
}

// notFound is E0000007 naming the missing resource.
func notFound(what string) *APIError {
	return newAPIError(codeNotFound, "Resource not found: "+what)
}

type errorCause struct {
	ErrorSummary string `json:"errorSummary"`
}

type mgmtEnvelope struct {
	ErrorCode    string       `json:"errorCode"`
	ErrorSummary string       `json:"errorSummary"`
	ErrorLink    string       `json:"errorLink"`
	ErrorID      string       `json:"errorId"`
	ErrorCauses  []errorCause `json:"errorCauses"`
}

// writeAPIError writes e in the management envelope (docs/okta-behavior.md §2): errorLink repeats
// the code and errorId is a fresh oae… id per response.
func writeAPIError(w http.ResponseWriter, e *APIError) {
	env := mgmtEnvelope{
		ErrorCode:    e.Code,
		ErrorSummary: e.Summary,
		ErrorLink:    e.Code,
		ErrorID:      newID("oae") + randomString(5), // real ids are 25 chars
		ErrorCauses:  []errorCause{},
	}
	for _, c := range e.Causes {
		env.ErrorCauses = append(env.ErrorCauses, errorCause{ErrorSummary: c})
	}
	writeJSON(w, e.Status, env)
}

// writeMgmtError is writeAPIError for a catalogue code.
func writeMgmtError(w http.ResponseWriter, code, arg string, causes ...string) {
	writeAPIError(w, newAPIError(code, arg, causes...))
}

// oauthError is an error of the token endpoint (docs/okta-behavior.md §1, Appendix A).
type oauthError struct {
	Status      int
	Code        string
	Description string
}

func (e *oauthError) Error() string { return e.Code + ": " + e.Description }

func oauthErr(status int, code, description string) *oauthError {
	return &oauthError{Status: status, Code: code, Description: description}
}

// invalidClient is the 401 invalid_client error every assertion rule uses.
func invalidClient(description string) *oauthError {
	return oauthErr(http.StatusUnauthorized, "invalid_client", description)
}

// writeOAuthError writes the OAuth envelope {"error","error_description"}.
func writeOAuthError(w http.ResponseWriter, e *oauthError) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Pragma", "no-cache")
	writeJSON(w, e.Status, map[string]string{"error": e.Code, "error_description": e.Description})
}

// writeJSON writes v as JSON with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		http.Error(w, "emulator: encoding response: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
