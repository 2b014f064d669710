package emulator

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"math"
	"strings"

	jose "github.com/go-jose/go-jose/v4"
)

// asymmetricAlgs are the JWS algorithms Okta accepts for client assertions
// and DPoP proofs: RS256…RS512, ES256…ES512 (docs/okta-behavior.md §1.2, docs/okta-behavior.md §1.6). HS* (only for
// client_secret_jwt), PS* and "none" are refused.
var asymmetricAlgs = []jose.SignatureAlgorithm{jose.RS256, jose.RS384, jose.RS512, jose.ES256, jose.ES384, jose.ES512}

// compactJWT is a compact JWS split into what the emulator needs before
// verifying it. go-jose does the verification; this only exists so the
// emulator can answer "wrong alg" and "bad claims" with Okta's distinct
// messages, which a parse-and-verify call folds into one error.
type compactJWT struct {
	header map[string]any
	claims map[string]any
	jws    *jose.JSONWebSignature
}

var errMalformed = errors.New("malformed JWT")

// parseHeader decodes the protected header of a compact JWS.
func parseHeader(raw string) (map[string]any, error) {
	parts := strings.Split(raw, ".")
	if len(parts) != 3 {
		return nil, errMalformed
	}
	return decodeSegment(parts[0])
}

// parseCompact parses a compact JWS whose alg is one of asymmetricAlgs and
// decodes its (unverified) claims.
func parseCompact(raw string, header map[string]any) (*compactJWT, error) {
	jws, err := jose.ParseSignedCompact(raw, asymmetricAlgs)
	if err != nil {
		return nil, err
	}
	claims, err := decodeJSON(jws.UnsafePayloadWithoutVerification())
	if err != nil {
		return nil, err
	}
	return &compactJWT{header: header, claims: claims, jws: jws}, nil
}

func decodeSegment(seg string) (map[string]any, error) {
	b, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(seg, "="))
	if err != nil {
		return nil, errMalformed
	}
	return decodeJSON(b)
}

func decodeJSON(b []byte) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil || m == nil {
		return nil, errMalformed
	}
	return m, nil
}

// algAllowed reports whether alg is one of asymmetricAlgs.
func algAllowed(alg any) bool {
	s, _ := alg.(string)
	for _, a := range asymmetricAlgs {
		if string(a) == s {
			return true
		}
	}
	return false
}

// stringClaim returns a string claim ("" when absent or not a string).
func stringClaim(m map[string]any, name string) string {
	s, _ := m[name].(string)
	return s
}

// numericClaim returns a NumericDate claim in whole seconds. A string such
// as "1614664267" is not a number (docs/okta-behavior.md §1.2: the docs' example is wrong).
func numericClaim(m map[string]any, name string) (int64, bool, bool) {
	v, present := m[name]
	if !present {
		return 0, false, false
	}
	n, ok := v.(json.Number)
	if !ok {
		return 0, true, false
	}
	if i, err := n.Int64(); err == nil {
		return i, true, true
	}
	f, err := n.Float64()
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, true, false
	}
	return int64(f), true, true
}

// audienceMatches reports whether the aud claim (a string or an array of
// strings) names want.
func audienceMatches(aud any, want string) bool {
	switch a := aud.(type) {
	case string:
		return a == want
	case []any:
		for _, v := range a {
			if s, ok := v.(string); ok && s == want {
				return true
			}
		}
	}
	return false
}
