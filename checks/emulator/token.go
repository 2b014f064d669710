package emulator

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

const (
	tokenPath     = "/oauth2/v1/token"
	keysPath      = "/oauth2/v1/keys"
	assertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
	grantCC       = "client_credentials"
)

// knownGrants are the grant types the org AS knows; the emulator mints
// tokens for client_credentials only.
var knownGrants = []string{"authorization_code", "password", "refresh_token", "client_credentials", "implicit",
	"urn:ietf:params:oauth:grant-type:device_code", "urn:ietf:params:oauth:grant-type:token-exchange",
	"urn:ietf:params:oauth:grant-type:jwt-bearer", "urn:ietf:params:oauth:grant-type:saml2-bearer", "interaction_code"}

// tokenResponse is the success body (docs/okta-behavior.md §1.5).
type tokenResponse struct {
	TokenType   string `json:"token_type"`
	ExpiresIn   int    `json:"expires_in"`
	AccessToken string `json:"access_token"`
	Scope       string `json:"scope"`
}

// tokenFailure is either an OAuth error (with an optional DPoP-Nonce) or,
// for an unknown client, a management-envelope error.
type tokenFailure struct {
	oauth *oauthError
	mgmt  *APIError
	nonce string
}

func (f *tokenFailure) write(w http.ResponseWriter) {
	if f.nonce != "" {
		w.Header().Set("DPoP-Nonce", f.nonce)
	}
	if f.mgmt != nil {
		writeAPIError(w, f.mgmt)
		return
	}
	writeOAuthError(w, f.oauth)
}

func failO(e *oauthError) *tokenFailure { return &tokenFailure{oauth: e} }

// serveToken is POST /oauth2/v1/token on the org authorization server.
func (s *Server) serveToken(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		writeMgmtError(w, codeMethod, "")
		return
	}
	ok, done := s.admit(w, r, true)
	defer done()
	if !ok {
		return
	}
	s.delay(r)
	resp, fail := s.token(r)
	if fail != nil {
		fail.write(w)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Pragma", "no-cache")
	writeJSON(w, http.StatusOK, resp)
}

// token runs the token request through Okta's checks in the order that
// reproduces observed behaviour (docs/okta-behavior.md emulator checklist 2):
// request shape → client → app type, auth method, grant → DPoP header
// present → assertion (kid, signature, aud, exp, iat, jti) → network zone →
// DPoP proof and nonce → scopes → token.
func (s *Server) token(r *http.Request) (*tokenResponse, *tokenFailure) {
	form, oe := readTokenForm(r)
	if oe != nil {
		return nil, failO(oe)
	}
	grant := form.Get("grant_type")
	if grant == "" {
		return nil, failO(oauthErr(http.StatusBadRequest, "invalid_request",
			"The token request must specify a 'grant_type'. Valid values: ["+strings.Join(knownGrants, ", ")+"]"))
	}
	if !slices.Contains(knownGrants, grant) {
		return nil, failO(oauthErr(http.StatusBadRequest, "unsupported_grant_type",
			"The authorization grant type is not supported by the authorization server. Configured grant types: ["+strings.Join(knownGrants, ", ")+"]."))
	}

	o := s.Org
	o.mu.Lock()
	defer o.mu.Unlock()
	now := o.nowLocked()

	app, assertion, fail := o.authenticateClientLocked(r, form)
	if fail != nil {
		return nil, fail
	}
	// The app itself: service type, private_key_jwt, grant allowed (docs/okta-behavior.md §1.1, docs/okta-behavior.md §1.3).
	if app.ApplicationType != "service" {
		return nil, failO(invalidClient("Only clients with 'application_type' of 'service' may use the client_credentials 'grant_type' with the Org Authorization Server."))
	}
	if app.TokenEndpointAuthMethod != "private_key_jwt" || assertion == nil {
		return nil, failO(invalidClient("Client Credentials requests to the Org Authorization Server must use the private_key_jwt token_endpoint_auth_method."))
	}
	if !slices.Contains(app.GrantTypes, grant) {
		return nil, failO(oauthErr(http.StatusBadRequest, "unauthorized_client",
			"The client is not authorized to use the provided grant type. Configured grant types: ["+strings.Join(app.GrantTypes, ", ")+"]."))
	}
	if grant != grantCC {
		// Not emulated: the wizard only ever uses client_credentials.
		return nil, failO(oauthErr(http.StatusBadRequest, "invalid_grant", fmt.Sprintf("The emulator does not implement the %s grant.", grant)))
	}
	// The DPoP header is checked before the assertion, so this answer
	// does not consume the assertion's jti (checklist item 2).
	if app.DPoPRequired && len(r.Header.Values("DPoP")) == 0 {
		return nil, failO(invalidProof(dpopMissing))
	}
	tokenURL := baseURL(r) + tokenPath
	if oe := o.verifyAssertionLocked(assertion, app, tokenURL, now); oe != nil {
		return nil, failO(oe)
	}
	if app.NetworkDenied {
		return nil, failO(oauthErr(http.StatusForbidden, "access_denied", "The request is made from outside the client's permitted network zones."))
	}

	jkt := ""
	if app.DPoPRequired {
		proof, oe := o.verifyProofLocked(r, tokenURL, "", now)
		if oe != nil {
			return nil, failO(oe)
		}
		if !o.nonceValidLocked(proof.nonce, now) {
			return nil, &tokenFailure{
				oauth: oauthErr(http.StatusBadRequest, "use_dpop_nonce", dpopNonceNeeded),
				nonce: o.currentNonceLocked(now),
			}
		}
		jkt = proof.jkt
	}
	// A DPoP header sent to an app that does not require DPoP is ignored
	// and a Bearer token issued [unconfirmed].

	granted, oe := grantScopes(form.Get("scope"), app.GrantedScopes)
	if oe != nil {
		return nil, failO(oe)
	}
	tok, err := o.mintLocked(baseURL(r), o.canonicalLocked(r), app.ClientID, granted, jkt, now)
	if err != nil {
		return nil, failO(oauthErr(http.StatusInternalServerError, "server_error", err.Error()))
	}
	tokenType := "Bearer"
	if jkt != "" {
		tokenType = "DPoP"
	}
	return &tokenResponse{TokenType: tokenType, ExpiresIn: int(accessTokenLifetime / time.Second),
		AccessToken: tok, Scope: strings.Join(granted, " ")}, nil
}

// readTokenForm parses the form body, refusing credentials in the query
// string and repeated parameters (Appendix A).
func readTokenForm(r *http.Request) (url.Values, *oauthError) {
	q := r.URL.Query()
	for _, p := range []string{"client_assertion", "client_secret", "client_assertion_type"} {
		if q.Has(p) {
			return nil, oauthErr(http.StatusBadRequest, "invalid_request", "Client credentials cannot be supplied via query parameters.")
		}
	}
	if err := r.ParseForm(); err != nil {
		// [unconfirmed] wording: Okta's answer to an unreadable body.
		return nil, oauthErr(http.StatusBadRequest, "invalid_request", "The request body could not be read as application/x-www-form-urlencoded.")
	}
	for _, vs := range r.PostForm {
		if len(vs) > 1 {
			return nil, oauthErr(http.StatusBadRequest, "invalid_request", "The request contained multiple parameters with the same name.")
		}
	}
	return r.PostForm, nil
}

// authenticateClientLocked finds the client from the assertion's iss/sub
// (the SDKs send no client_id, docs/okta-behavior.md §1.1) or, for secret-based auth, from the
// client id. It returns the parsed assertion, or nil for secret-based auth.
func (o *Org) authenticateClientLocked(r *http.Request, form url.Values) (*App, *parsedAssertion, *tokenFailure) {
	basicID, _, hasBasic := r.BasicAuth()
	raw := form.Get("client_assertion")
	atype := form.Get("client_assertion_type")
	secret := form.Get("client_secret")

	if (raw != "" && (hasBasic || secret != "")) || (hasBasic && secret != "") {
		// CAT-OAUTH lists this at 401, SPEC-O under 400; we answer 400.
		return nil, nil, failO(oauthErr(http.StatusBadRequest, "invalid_request",
			"Cannot supply multiple client credentials. Use one of the following: credentials in the Authorization header, credentials in the post body, or a client_assertion in the post body."))
	}
	if raw != "" || atype != "" {
		if atype != assertionType {
			return nil, nil, failO(oauthErr(http.StatusBadRequest, "invalid_request", "The client_assertion_type is invalid."))
		}
		if raw == "" {
			return nil, nil, failO(invalidClient("No client credentials found."))
		}
		a, oe := parseAssertion(raw)
		if oe != nil {
			return nil, nil, failO(oe)
		}
		if id := form.Get("client_id"); id != "" && id != a.iss {
			if o.Apps[id] == nil {
				return nil, nil, &tokenFailure{mgmt: unknownClient()}
			}
			return nil, nil, failO(invalidClient(assertIssuer))
		}
		app := o.Apps[a.iss]
		if app != nil && appStatus(app) != "ACTIVE" {
			// docs/okta-automation.md §2.4: a deactivated app is not a
			// client the token endpoint knows [unconfirmed answer].
			return nil, nil, &tokenFailure{mgmt: unknownClient()}
		}
		if app == nil {
			if a.sub != "" && o.Apps[a.sub] != nil {
				return nil, nil, failO(invalidClient(assertIssuer))
			}
			return nil, nil, &tokenFailure{mgmt: unknownClient()}
		}
		if a.sub != a.iss {
			return nil, nil, failO(invalidClient(assertSubject))
		}
		return app, a, nil
	}

	id := form.Get("client_id")
	if hasBasic {
		id = basicID
	}
	if id == "" {
		return nil, nil, failO(invalidClient("No client credentials found."))
	}
	app := o.Apps[id]
	if app == nil {
		return nil, nil, &tokenFailure{mgmt: unknownClient()}
	}
	if !hasBasic && secret == "" {
		return nil, nil, failO(invalidClient("No client credentials found."))
	}
	if app.TokenEndpointAuthMethod == "private_key_jwt" {
		// The emulator stores no client secrets: a secret sent for a
		// private_key_jwt client is simply wrong.
		return nil, nil, failO(invalidClient("Client authentication failed. Either the client or the client credentials are invalid."))
	}
	return app, nil, nil
}

// grantScopes intersects the requested scopes with the app's grants (docs/okta-behavior.md §1.4):
// no scope → invalid_scope; openid or a .self scope → their errors; none
// granted → 400 consent_required; some → the granted subset, silently.
// Unknown scope names are treated as not granted [unconfirmed, docs/okta-behavior.md §1.4].
func grantScopes(param string, granted []string) ([]string, *oauthError) {
	requested := strings.Fields(param)
	if len(requested) == 0 {
		return nil, oauthErr(http.StatusBadRequest, "invalid_scope", "No scopes were requested.")
	}
	for _, s := range requested {
		if s == "openid" {
			return nil, oauthErr(http.StatusBadRequest, "invalid_scope", "Cannot request 'openid' scopes using client credentials.")
		}
	}
	for _, s := range requested {
		if strings.HasSuffix(s, ".self") {
			return nil, oauthErr(http.StatusBadRequest, "client_credentials_self_scope_requested", "The 'client_credentials' grant type may not request .self scopes.")
		}
	}
	var out []string
	for _, s := range requested {
		if slices.Contains(granted, s) && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		return nil, oauthErr(http.StatusBadRequest, "consent_required", "You are not allowed any of the requested scopes.")
	}
	return out, nil
}
