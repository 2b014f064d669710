package oktaerr

import (
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// FuzzParse (the hardening suite, TESTING.md): the Okta error decoder reads whatever a server
// answers — any status, any WWW-Authenticate value, any body — without
// panicking, and
//   - a status under 400 is never an error;
//   - an error keeps its status, names one of the three envelopes, comes
//     from the challenge exactly when the challenge carries an error, and
//     renders as text starting with its status;
//   - Lookup always has a meaning and a fix for it;
//   - decoding is deterministic.
//
// Seeds: testdata/fuzz/FuzzParse (real Okta shapes and broken ones). Run
// longer with
//
//	go test ./checks/oktaerr -run '^$' -fuzz '^FuzzParse$' -fuzztime 10m
func FuzzParse(f *testing.F) {
	f.Add(401, "", []byte(`{"error":"invalid_client","error_description":"The client_assertion signature is invalid."}`))
	f.Add(403, `Bearer error="insufficient_scope", scope="okta.users.read"`, []byte(nil))
	f.Fuzz(func(t *testing.T, status int, challenge string, body []byte) {
		h := http.Header{}
		if challenge != "" {
			h.Set("WWW-Authenticate", challenge)
		}
		e := Parse(status, h, body)
		en := Lookup(e)
		if en.Meaning == "" || en.Fix == "" || en.Kind == "" {
			t.Fatalf("Lookup(%+v) = %+v: no kind, meaning or fix", e, en)
		}
		if again := Parse(status, h, body); !reflect.DeepEqual(e, again) {
			t.Fatalf("Parse is not deterministic: %+v then %+v", e, again)
		}
		if e == nil {
			return
		}
		if status < 400 {
			t.Fatalf("status %d decoded as an error: %+v", status, e)
		}
		if e.Status != status {
			t.Fatalf("status %d decoded as %d", status, e.Status)
		}
		switch e.Envelope {
		case OAuthEnvelope, ManagementEnvelope:
			if c := ParseChallenge(challenge); c != nil && c.Params["error"] != "" {
				t.Fatalf("challenge %q has an error, but the body won: %+v", challenge, e)
			}
			if e.Challenge != nil {
				t.Fatalf("body error with a challenge: %+v", e)
			}
		case HeaderChallenge:
			if e.Challenge == nil || e.Code == "" || e.Code != e.Challenge.Params["error"] {
				t.Fatalf("challenge error without its challenge: %+v", e)
			}
		default:
			t.Fatalf("unknown envelope %q", e.Envelope)
		}
		if e.Code == "" && e.Envelope != ManagementEnvelope {
			t.Fatalf("error without a code: %+v", e)
		}
		text := e.Text()
		if !strings.HasPrefix(text, strconv.Itoa(status)) {
			t.Fatalf("Text() = %q does not start with the status %d", text, status)
		}
		if en.Kind == Unknown && !strings.Contains(en.Meaning, text) {
			t.Fatalf("an unknown error's meaning does not quote it: %q", en.Meaning)
		}
	})
}

// FuzzChallengeRoundTrip: a WWW-Authenticate challenge built from any two
// parameters, values quoted as RFC 9110 says, parses back to exactly those
// parameters — Okta's scope lists and descriptions hold spaces, commas,
// quotes and backslashes.
//
//	go test ./checks/oktaerr -run '^$' -fuzz '^FuzzChallengeRoundTrip$' -fuzztime 10m
func FuzzChallengeRoundTrip(f *testing.F) {
	f.Add("error", "insufficient_scope", "scope", "okta.users.read okta.apps.read")
	f.Fuzz(func(t *testing.T, name1, value1, name2, value2 string) {
		for _, n := range []string{name1, name2} {
			if !isToken(n) {
				return // not a parameter name
			}
		}
		if strings.EqualFold(name1, name2) {
			return
		}
		for _, v := range []string{value1, value2} {
			if strings.IndexFunc(v, unicode.IsControl) >= 0 {
				return // not allowed in a header value
			}
		}
		quote := func(v string) string {
			return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(v) + `"`
		}
		header := "Bearer " + name1 + "=" + quote(value1) + ", " + name2 + "=" + quote(value2)
		c := ParseChallenge(header)
		if c == nil || c.Scheme != "Bearer" {
			t.Fatalf("ParseChallenge(%q) = %+v", header, c)
		}
		want := map[string]string{strings.ToLower(name1): value1, strings.ToLower(name2): value2}
		if !reflect.DeepEqual(c.Params, want) {
			t.Fatalf("ParseChallenge(%q).Params = %q, want %q", header, c.Params, want)
		}
	})
}

// isToken reports whether s is an RFC 9110 token made of the characters
// parameter names use (letters, digits, '_', '-', '.').
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || r == '-' || r == '.')) {
			return false
		}
	}
	return true
}
