package oktaerr

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// oauthBody builds the OAuth envelope.
func oauthBody(code, desc string) []byte {
	b, _ := json.Marshal(map[string]string{"error": code, "error_description": desc})
	return b
}

// mgmtBody builds the management envelope.
func mgmtBody(code, summary string, causes ...string) []byte {
	cs := []map[string]string{}
	for _, c := range causes {
		cs = append(cs, map[string]string{"errorSummary": c})
	}
	b, _ := json.Marshal(map[string]any{"errorCode": code, "errorSummary": summary, "errorLink": code, "errorId": "oaeTEST", "errorCauses": cs})
	return b
}

// TestCatalogueVerbatim feeds every Okta error string the engine can meet,
// verbatim from docs/okta-behavior.md, through Parse and Lookup, in the envelope
// Okta uses for it, and checks the Kind the engine will act on.
func TestCatalogueVerbatim(t *testing.T) {
	type tc struct {
		status int
		code   string
		desc   string
		want   Kind
	}
	oauth := []tc{
		{400, "invalid_dpop_proof", "The DPoP proof JWT header is missing.", DPoPRequired},
		{400, "use_dpop_nonce", "Authorization server requires nonce in DPoP proof.", DPoPNonceRequired},
		{400, "invalid_dpop_proof", "The DPoP proof JWT signature is invalid.", DPoPProofInvalid},
		{400, "invalid_dpop_proof", "'htu' claim in the DPoP proof JWT is invalid.", DPoPProofInvalid},
		{400, "invalid_dpop_proof", "The DPoP proof JWT has already been used.", DPoPProofInvalid},
		{400, "consent_required", "You are not allowed any of the requested scopes.", NoScopesGranted},
		{400, "consent_required", "The following scopes require user consent and cannot be granted for the client credentials grant type: [okta.myAccount.profile.read].", ScopeNeedsConsent},
		{400, "invalid_scope", "No scopes were requested.", NoScopesRequested},
		{400, "invalid_scope", "The requested scope is invalid, unknown, malformed, or exceeds the scope granted by the resource owner.", ScopeInvalid},
		{400, "invalid_scope", "Cannot request 'openid' scopes using client credentials.", OpenIDNotAllowed},
		{400, "invalid_scope", "One or more scopes are not configured for the authorization server resource.", CustomAuthServer},
		{400, "invalid_scope", "The authorization server resource does not have any configured default scopes, 'scope' must be provided.", CustomAuthServer},
		{400, "client_credentials_self_scope_requested", "The 'client_credentials' grant type may not request .self scopes.", SelfScope},
		{400, "invalid_request", "The client_assertion_type is invalid.", MalformedTokenRequest},
		{400, "invalid_request", "The token request must specify a 'grant_type'. Valid values: [client_credentials]", MalformedTokenRequest},
		{400, "invalid_request", "Client credentials cannot be supplied via query parameters.", MalformedTokenRequest},
		{400, "invalid_request", "The request contained multiple parameters with the same name.", MalformedTokenRequest},
		{400, "unauthorized_client", "The client is not authorized to use the provided grant type. Configured grant types: [authorization_code, refresh_token].", GrantNotAllowed},
		{400, "unsupported_grant_type", "The authorization grant type is not supported by the authorization server. Configured grant types: [authorization_code].", GrantUnsupported},
		{401, "invalid_client", "Client authentication failed. Either the client or the client credentials are invalid.", ClientAuthFailed},
		{401, "invalid_client", "No client credentials found.", NoClientCredentials},
		{401, "invalid_client", "Invalid value for 'client_id' parameter.", UnknownClient},
		{401, "invalid_client", "Client Credentials requests to the Org Authorization Server must use the private_key_jwt token_endpoint_auth_method.", NotPrivateKeyJWT},
		{401, "invalid_client", "Only clients with 'application_type' of 'service' may use the client_credentials 'grant_type' with the Org Authorization Server.", NotServiceApp},
		{401, "invalid_client", "The issuer claim for client_assertion is not a valid client_id.", UnknownClient},
		{401, "invalid_client", "The subject claim for client_assertion is not a valid client_id.", UnknownClient},
		{401, "invalid_client", "The audience claim for client_assertion must be the endpoint invoked for the request.", AssertionAudience},
		{401, "invalid_client", "The client_assertion must contain the 'exp' claim as seconds since epoch.", AssertionExpMissing},
		{401, "invalid_client", "The client_assertion token is expired.", AssertionExpired},
		{401, "invalid_client", "The client_assertion token has an expiration too far into the future.", AssertionExpTooFar},
		{401, "invalid_client", "The client_assertion token must be issued before the current time.", AssertionIssuedFuture},
		{401, "invalid_client", "The client_assertion token has already been used.", AssertionReused},
		{401, "invalid_client", "The client_assertion signature is invalid.", SignatureInvalid},
		{401, "invalid_client", "The parsing of the client_assertion failed.", AssertionUnparsable},
		{401, "invalid_client", "The client_assertion JWT kid is invalid.", KidInvalid},
		{401, "invalid_client", "The client JWKSet is invalid.", JWKSInvalid},
		{401, "invalid_client", "The client_assertion JWT signature algorithm is invalid.", AlgInvalid},
		{401, "invalid_client", "The client does not have a JWKSet configured, but the client_assertion requires one.", NoJWKS},
		{401, "invalid_client", "The client_assertion JWT needs to be signed using a signing key.", NotSigningKey},
		{401, "invalid_client", "The public key being used for client assertion has an invalid 'use' parameter. Valid values for the 'use' parameter are [sig].", KeyUseInvalid},
		{401, "invalid_client", "Error retrieving the client JWKSet from jwks_uri.", JWKSURIFailed},
		{401, "invalid_client", "The client JWKSet from jwks_uri must contain at least one key.", JWKSURIFailed},
		{401, "invalid_client", "All keys in the client JWKSet from jwks_uri must have a unique kid.", JWKSURIFailed},
		{401, "invalid_request", "Cannot supply multiple client credentials. Use one of the following: credentials in the Authorization header, credentials in the post body, or a client_assertion in the post body.", MultipleCredentials},
		{403, "access_denied", "The request is made from outside the client's permitted network zones.", NetworkZoneDenied},
		{429, "invalid_grant", "API call exceeded rate limit due to too many requests.", TokenEndpointThrottled},
		{403, "insufficient_scope", "The access token provided does not contain the required scopes.", InsufficientScope},
		{401, "invalid_token", "The token has expired.", TokenExpired},
		{401, "invalid_token", "The access token provided is not intended for Okta.", WrongAudience},
		{401, "invalid_token", "The presented access_token is not DPoP bound.", NotDPoPBound},
		{401, "invalid_token", "Some new reason.", TokenRejected},
		{400, "invalid_request", "The resource request requires a DPoP proof.", DPoPProofRequired},
		{400, "invalid_request", "The resource request must use the DPoP authentication scheme when using a DPoP bound token.", DPoPSchemeRequired},
	}
	mgmt := []tc{
		{400, "E0000001", "Api validation failed: JsonWebKey", ValidationFailed},
		{401, "E0000004", "Authentication failed", AuthFailed},
		{403, "E0000005", "Invalid session", InvalidSession},
		{403, "E0000006", "You do not have permission to perform the requested action", PermissionDenied},
		{404, "E0000007", "Not found: Resource not found: me (User)", NotFound},
		{401, "E0000011", "Invalid token provided", InvalidToken},
		{401, "E0000015", "You do not have permission to access the feature you are requesting", FeatureDisabled},
		{405, "E0000022", "The endpoint does not support the provided HTTP method", MethodNotAllowed},
		{400, "E0000031", "Invalid search criteria.", InvalidSearch},
		{429, "E0000047", "API call exceeded rate limit due to too many requests.", RateLimited},
		// The unknown client as real captures show it: management envelope, HTTP 400.
		{400, "invalid_client", "Invalid value for 'client_id' parameter.", UnknownClient},
	}
	seen := map[string]bool{} // entries reached, by code and text
	check := func(t *testing.T, e *Error, want Kind) {
		t.Helper()
		if e == nil {
			t.Fatal("Parse returned nil")
		}
		en := Lookup(e)
		if en.Kind != want {
			t.Fatalf("Lookup(%s) = %s, want %s", e.Text(), en.Kind, want)
		}
		if want != Unknown && (en.Meaning == "" || en.Fix == "") {
			t.Fatalf("entry %s lacks meaning or fix", want)
		}
		seen[en.Code+"|"+en.Text] = true
	}
	for _, c := range oauth {
		t.Run("oauth/"+c.desc, func(t *testing.T) {
			e := Parse(c.status, http.Header{}, oauthBody(c.code, c.desc))
			if e.Envelope != OAuthEnvelope || e.Code != c.code || e.Description != c.desc || e.Status != c.status {
				t.Fatalf("Parse = %+v", e)
			}
			check(t, e, c.want)
		})
	}
	for _, c := range mgmt {
		t.Run("mgmt/"+c.desc, func(t *testing.T) {
			e := Parse(c.status, http.Header{}, mgmtBody(c.code, c.desc))
			if e.Envelope != ManagementEnvelope || e.Code != c.code || e.ErrorID != "oaeTEST" {
				t.Fatalf("Parse = %+v", e)
			}
			check(t, e, c.want)
		})
	}
	// Every catalogue entry must have been reached by a verbatim string.
	for _, en := range Entries() {
		if !seen[en.Code+"|"+en.Text] {
			t.Errorf("catalogue entry %s (%s %q) has no verbatim test", en.Kind, en.Code, en.Text)
		}
	}
}

func TestParseChallengeHeaderWinsOverBody(t *testing.T) {
	h := http.Header{}
	h.Set("WWW-Authenticate", `Bearer authorization_uri="http://acme.okta.com/oauth2/v1/authorize", realm="http://acme.okta.com", scope="okta.groups.read", error="insufficient_scope", error_description="The access token provided does not contain the required scopes.", resource="/api/v1/groups/12345"`)
	e := Parse(403, h, nil)
	if e == nil || e.Envelope != HeaderChallenge {
		t.Fatalf("Parse = %+v", e)
	}
	if e.Code != "insufficient_scope" || e.Challenge.Params["scope"] != "okta.groups.read" || e.Challenge.Params["resource"] != "/api/v1/groups/12345" || e.Challenge.Scheme != "Bearer" {
		t.Fatalf("challenge = %+v", e.Challenge)
	}
	if Lookup(e).Kind != InsufficientScope {
		t.Fatalf("kind = %s", Lookup(e).Kind)
	}
}

func TestParseDPoPChallenge(t *testing.T) {
	h := http.Header{}
	h.Add("WWW-Authenticate", `DPoP algs="RS256 RS384 RS512 ES256 ES384 ES512", authorization_uri="http://acme/oauth2/v1/authorize", realm="http://acme", scope="okta.apps.read", error="invalid_dpop_proof", error_description="'htu' claim in the DPoP proof JWT is invalid."`)
	e := Parse(400, h, []byte(""))
	if e.Challenge.Params["algs"] != "RS256 RS384 RS512 ES256 ES384 ES512" || Lookup(e).Kind != DPoPProofInvalid {
		t.Fatalf("Parse = %+v, kind %s", e.Challenge, Lookup(e).Kind)
	}
}

func TestParseChallengeEscapesAndBareTokens(t *testing.T) {
	c := ParseChallenge(`Bearer realm="a \"quoted\" realm", error=invalid_token,error_description="x, y"`)
	if c.Params["realm"] != `a "quoted" realm` || c.Params["error"] != "invalid_token" || c.Params["error_description"] != "x, y" {
		t.Fatalf("params = %#v", c.Params)
	}
	if ParseChallenge("") != nil || ParseChallenge("realm=x") != nil {
		t.Fatal("a value without a scheme must not parse")
	}
}

func TestParseNotOkta(t *testing.T) {
	for _, body := range []string{"", "<html><body>Sign in</body></html>", `{"message":"nope"}`, "null"} {
		if e := Parse(403, http.Header{}, []byte(body)); e != nil {
			t.Errorf("Parse(%q) = %+v, want nil", body, e)
		}
	}
	if e := Parse(200, http.Header{}, oauthBody("invalid_client", "x")); e != nil {
		t.Errorf("a 200 is never an error")
	}
	// A challenge without an error parameter (plain "Bearer realm=…") is not an error report.
	h := http.Header{}
	h.Set("WWW-Authenticate", `Bearer realm="x"`)
	if e := Parse(401, h, mgmtBody("E0000011", "Invalid token provided")); e == nil || e.Code != "E0000011" {
		t.Errorf("body must be read when the challenge carries no error: %+v", e)
	}
}

func TestCausesAndText(t *testing.T) {
	e := Parse(400, http.Header{}, mgmtBody("E0000001", "Api validation failed: JsonWebKey", "RSA key length in the 'jwks' is less than '2,048' bits for the given key."))
	if len(e.Causes) != 1 || !strings.Contains(e.Text(), "2,048") || !strings.HasPrefix(e.Text(), "400 E0000001: ") {
		t.Fatalf("Text = %q", e.Text())
	}
}

func TestUnknownIsQuoted(t *testing.T) {
	en := Lookup(Parse(418, http.Header{}, oauthBody("teapot", "I'm a teapot")))
	if en.Kind != Unknown || !strings.Contains(en.Meaning, `418 teapot: "I'm a teapot"`) {
		t.Fatalf("entry = %+v", en)
	}
	if Lookup(nil).Kind != Unknown {
		t.Fatal("nil error must be Unknown")
	}
}
