package emulator

import (
	"net/http"
	"time"
)

// Client-assertion errors, all 401 invalid_client (docs/okta-behavior.md §1.2,
// Appendix A), verbatim.
const (
	assertParse      = "The parsing of the client_assertion failed."
	assertAlg        = "The client_assertion JWT signature algorithm is invalid."
	assertIssuer     = "The issuer claim for client_assertion is not a valid client_id."
	assertSubject    = "The subject claim for client_assertion is not a valid client_id."
	assertAudience   = "The audience claim for client_assertion must be the endpoint invoked for the request."
	assertExpMissing = "The client_assertion must contain the 'exp' claim as seconds since epoch."
	assertExpired    = "The client_assertion token is expired."
	assertTooFar     = "The client_assertion token has an expiration too far into the future."
	assertIatFuture  = "The client_assertion token must be issued before the current time."
	assertReplay     = "The client_assertion token has already been used."
	assertSignature  = "The client_assertion signature is invalid."
	assertKid        = "The client_assertion JWT kid is invalid."
	assertNoJWKS     = "The client does not have a JWKSet configured, but the client_assertion requires one."
	assertUse        = "The public key being used for client assertion has an invalid 'use' parameter. Valid values for the 'use' parameter are [sig]."
	invalidClientID  = "Invalid value for 'client_id' parameter."
	maxAssertionLife = time.Hour // exp at most one hour ahead of Okta's clock
)

// unknownClient is the answer for a client id the org does not have. Real
// captures show it in the management envelope with HTTP 400, although the
// catalogue lists 401 invalid_client (docs/okta-behavior.md §1.3). We emulate the captures. For
// an assertion, Okta may instead say "The issuer claim … is not a valid
// client_id." — [unconfirmed]; we use that message only when iss is unknown
// but sub names a real client.
func unknownClient() *APIError {
	return &APIError{Status: http.StatusBadRequest, Code: "invalid_client", Summary: invalidClientID}
}

// parsedAssertion is a client assertion decoded but not yet verified.
type parsedAssertion struct {
	jwt *compactJWT
	iss string
	sub string
	kid string
}

// parseAssertion decodes the assertion far enough to find its client.
func parseAssertion(raw string) (*parsedAssertion, *oauthError) {
	header, err := parseHeader(raw)
	if err != nil {
		return nil, invalidClient(assertParse)
	}
	if !algAllowed(header["alg"]) {
		return nil, invalidClient(assertAlg)
	}
	jwt, err := parseCompact(raw, header)
	if err != nil {
		return nil, invalidClient(assertParse)
	}
	kid, _ := header["kid"].(string)
	return &parsedAssertion{jwt: jwt, iss: stringClaim(jwt.claims, "iss"), sub: stringClaim(jwt.claims, "sub"), kid: kid}, nil
}

// verifyAssertionLocked checks the assertion of app: kid rules, signature,
// aud, exp, iat and jti, in that order. A jti that passes is consumed at
// once, so it stays used even if a later step of the request fails (docs/okta-behavior.md §1.2).
// tokenURL is the endpoint the client invoked.
func (o *Org) verifyAssertionLocked(a *parsedAssertion, app *App, tokenURL string, now time.Time) *oauthError {
	key, oe := chooseKey(app, a.kid)
	if oe != nil {
		return oe
	}
	if _, err := a.jwt.jws.Verify(key.Public); err != nil {
		return invalidClient(assertSignature)
	}
	c := a.jwt.claims
	if !audienceMatches(c["aud"], tokenURL) {
		return invalidClient(assertAudience)
	}
	exp, _, ok := numericClaim(c, "exp")
	if !ok {
		return invalidClient(assertExpMissing)
	}
	// No leeway [unconfirmed]: Okta does not document one.
	if exp <= now.Unix() {
		return invalidClient(assertExpired)
	}
	if exp > now.Add(maxAssertionLife).Unix() {
		return invalidClient(assertTooFar)
	}
	if iat, present, ok := numericClaim(c, "iat"); present {
		if !ok {
			return invalidClient(assertParse)
		}
		if iat > now.Unix() {
			return invalidClient(assertIatFuture)
		}
	}
	// jti is optional (docs/okta-behavior.md §1.2), but once sent it is single-use per client.
	if jti := stringClaim(c, "jti"); jti != "" {
		k := app.ClientID + "|" + jti
		if _, used := o.jtis[k]; used {
			return invalidClient(assertReplay)
		}
		o.jtis[k] = time.Unix(exp, 0)
	}
	return nil
}

// chooseKey applies the kid rules (docs/okta-behavior.md §1.2): with a kid, the ACTIVE key of
// this app with that kid, else "kid is invalid" (also for a kid of another
// app, or of an inactive key); without a kid, the one ACTIVE key, else
// "kid is invalid" when several are active. An app with no keys at all has
// no JWKSet. An app whose keys are all inactive and a kid-less assertion:
// "kid is invalid" [unconfirmed; a private_key_jwt app cannot normally
// reach that state, docs/okta-behavior.md §8].
func chooseKey(app *App, kid string) (*AppKey, *oauthError) {
	if len(app.Keys) == 0 {
		return nil, invalidClient(assertNoJWKS)
	}
	var chosen *AppKey
	active := 0
	for _, k := range app.Keys {
		if k.Status != "ACTIVE" {
			continue
		}
		active++
		if kid != "" && k.KID == kid {
			chosen = k
		}
		if kid == "" {
			chosen = k
		}
	}
	if chosen == nil || (kid == "" && active != 1) {
		return nil, invalidClient(assertKid)
	}
	if chosen.Use != "" && chosen.Use != "sig" {
		return nil, invalidClient(assertUse)
	}
	return chosen, nil
}
