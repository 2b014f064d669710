// Package oktaerr reads the errors Okta answers with and explains them.
//
// Okta speaks three error dialects, and a checker meets all of them:
//
//   - the OAuth envelope {"error","error_description"} on /oauth2/v1/*;
//   - the management envelope {"errorCode","errorSummary","errorLink","errorId","errorCauses"}
//     on /api/v1/* (and, for an unknown client id, sometimes on /oauth2/v1/token too);
//   - a WWW-Authenticate challenge with an empty body, for scope and DPoP
//     failures on management APIs.
//
// Parse turns any of them into one Error; Lookup finds its catalogue Entry,
// which says in plain words what happened and what to click to fix it. The
// engine decides what to do from an Entry's Kind and never matches Okta's
// strings itself, so this package is the one place that knows them.
package oktaerr

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
)

// Envelope says where an Error was read from.
type Envelope string

// The three dialects.
const (
	OAuthEnvelope      Envelope = "oauth"      // {"error","error_description"}
	ManagementEnvelope Envelope = "management" // {"errorCode","errorSummary",…}
	HeaderChallenge    Envelope = "header"     // WWW-Authenticate only
)

// Error is one error answer from Okta.
type Error struct {
	Status int
	// Code is the OAuth "error", the management "errorCode" (E0000011,
	// invalid_client …) or the challenge's error parameter.
	Code string
	// Description is "error_description", "errorSummary" or the challenge's
	// error_description.
	Description string
	// Causes are the management envelope's errorCauses[].errorSummary.
	Causes []string
	// ErrorID is Okta's per-request id (oae…), useful to quote to Okta support.
	ErrorID string
	// Challenge is the parsed WWW-Authenticate header, when there is one.
	Challenge *Challenge
	Envelope  Envelope
}

// Challenge is a parsed WWW-Authenticate header (RFC 6750 / RFC 9449).
type Challenge struct {
	// Scheme is "Bearer" or "DPoP".
	Scheme string
	// Params holds error, error_description, scope, resource, realm, algs …
	Params map[string]string
}

// Text is a one-line rendering of the error for a finding's detail, such as
// `401 invalid_client: "The client_assertion signature is invalid."`.
// It never contains credentials (Okta does not echo them).
func (e *Error) Text() string {
	var b strings.Builder
	b.WriteString(strconv.Itoa(e.Status))
	if e.Code != "" {
		b.WriteString(" " + e.Code)
	}
	if e.Description != "" {
		b.WriteString(": " + strconv.Quote(e.Description))
	}
	for _, c := range e.Causes {
		b.WriteString(" (" + c + ")")
	}
	return b.String()
}

// Parse reads an Okta error from a response. It returns nil when the
// response carries none (a success, or an answer that is not Okta's, such as
// an HTML page or an empty 403).
//
// The challenge header wins over the body: on management APIs Okta reports
// scope and DPoP failures in WWW-Authenticate with an empty body.
func Parse(status int, header http.Header, body []byte) *Error {
	if status < 400 {
		return nil
	}
	var ch *Challenge
	for _, h := range header.Values("WWW-Authenticate") {
		if c := ParseChallenge(h); c != nil && c.Params["error"] != "" {
			ch = c
			break
		}
	}
	if ch != nil {
		return &Error{
			Status:      status,
			Code:        ch.Params["error"],
			Description: ch.Params["error_description"],
			Challenge:   ch,
			Envelope:    HeaderChallenge,
		}
	}
	var raw struct {
		Error            string `json:"error"`
		ErrorDescription string `json:"error_description"`
		ErrorCode        string `json:"errorCode"`
		ErrorSummary     string `json:"errorSummary"`
		ErrorID          string `json:"errorId"`
		ErrorCauses      []struct {
			ErrorSummary string `json:"errorSummary"`
		} `json:"errorCauses"`
	}
	if len(body) == 0 || json.Unmarshal(body, &raw) != nil {
		return nil
	}
	switch {
	case raw.ErrorCode != "":
		e := &Error{Status: status, Code: raw.ErrorCode, Description: raw.ErrorSummary, ErrorID: raw.ErrorID, Envelope: ManagementEnvelope}
		for _, c := range raw.ErrorCauses {
			if c.ErrorSummary != "" {
				e.Causes = append(e.Causes, c.ErrorSummary)
			}
		}
		return e
	case raw.Error != "":
		return &Error{Status: status, Code: raw.Error, Description: raw.ErrorDescription, Envelope: OAuthEnvelope}
	}
	return nil
}

// ParseChallenge parses one WWW-Authenticate value such as
// `Bearer realm="x", error="insufficient_scope", scope="okta.users.read"`.
// It returns nil when the value has no scheme.
func ParseChallenge(v string) *Challenge {
	v = strings.TrimSpace(v)
	if v == "" {
		return nil
	}
	scheme, rest, _ := strings.Cut(v, " ")
	if strings.Contains(scheme, "=") {
		return nil
	}
	c := &Challenge{Scheme: scheme, Params: map[string]string{}}
	rest = strings.TrimSpace(rest)
	for rest != "" {
		name, after, ok := strings.Cut(rest, "=")
		if !ok {
			break
		}
		name = strings.ToLower(strings.TrimSpace(name))
		after = strings.TrimSpace(after)
		var val string
		if strings.HasPrefix(after, `"`) {
			// Quoted string with backslash escapes.
			var b strings.Builder
			i := 1
			for ; i < len(after); i++ {
				ch := after[i]
				if ch == '\\' && i+1 < len(after) {
					i++
					b.WriteByte(after[i])
					continue
				}
				if ch == '"' {
					break
				}
				b.WriteByte(ch)
			}
			val = b.String()
			if i < len(after) {
				i++
			}
			rest = after[i:]
		} else {
			end := strings.IndexByte(after, ',')
			if end < 0 {
				end = len(after)
			}
			val = strings.TrimSpace(after[:end])
			rest = after[end:]
		}
		c.Params[name] = val
		rest = strings.TrimLeft(rest, ", ")
	}
	return c
}
