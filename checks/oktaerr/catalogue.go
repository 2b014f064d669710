package oktaerr

import "strings"

// Kind names what an Okta error means, for the engine to act on. Several
// Okta strings may share a Kind (an unknown client is reported three ways).
type Kind string

// Token endpoint: DPoP.
const (
	DPoPRequired       Kind = "dpop_required"        // the app requires a DPoP proof
	DPoPNonceRequired  Kind = "dpop_nonce_required"  // retry the proof with the server's nonce
	DPoPProofInvalid   Kind = "dpop_proof_invalid"   // a proof was sent but refused
	DPoPProofRequired  Kind = "dpop_proof_required"  // resource call with a DPoP-bound token and no proof
	DPoPSchemeRequired Kind = "dpop_scheme_required" // resource call used Bearer with a DPoP-bound token
	NotDPoPBound       Kind = "not_dpop_bound"       // DPoP scheme used with a Bearer token
)

// Token endpoint: scopes.
const (
	NoScopesGranted   Kind = "no_scopes_granted"   // consent_required: none of the requested scopes is granted
	ScopeNeedsConsent Kind = "scope_needs_consent" // a user-consent scope asked for with client credentials
	NoScopesRequested Kind = "no_scopes_requested"
	ScopeInvalid      Kind = "scope_invalid"      // an unknown or malformed scope name
	OpenIDNotAllowed  Kind = "openid_not_allowed" // openid asked for with client credentials
	SelfScope         Kind = "self_scope"         // a .self scope asked for with client credentials
	CustomAuthServer  Kind = "custom_auth_server" // the request reached a custom authorization server
)

// Token endpoint: the client.
const (
	UnknownClient          Kind = "unknown_client"      // no app with this client id
	NotServiceApp          Kind = "not_service_app"     // not an API Services app
	NotPrivateKeyJWT       Kind = "not_private_key_jwt" // the app uses a client secret
	GrantNotAllowed        Kind = "grant_not_allowed"   // Client Credentials is not ticked
	GrantUnsupported       Kind = "grant_unsupported"
	ClientAuthFailed       Kind = "client_auth_failed" // Okta's generic refusal
	NoClientCredentials    Kind = "no_client_credentials"
	MultipleCredentials    Kind = "multiple_credentials"
	NetworkZoneDenied      Kind = "network_zone_denied" // the app accepts requests only from some zones
	MalformedTokenRequest  Kind = "malformed_token_request"
	TokenEndpointThrottled Kind = "token_endpoint_throttled"
)

// Token endpoint: the client assertion (the key and the clock).
const (
	AssertionAudience     Kind = "assertion_audience"
	AssertionExpMissing   Kind = "assertion_exp_missing"
	AssertionExpired      Kind = "assertion_expired"       // exp before Okta's now: this clock is behind
	AssertionExpTooFar    Kind = "assertion_exp_too_far"   // exp over an hour after Okta's now: clock ahead
	AssertionIssuedFuture Kind = "assertion_issued_future" // iat after Okta's now: clock ahead
	AssertionReused       Kind = "assertion_reused"        // jti replay
	SignatureInvalid      Kind = "signature_invalid"       // the key does not match the app's key
	AssertionUnparsable   Kind = "assertion_unparsable"
	KidInvalid            Kind = "kid_invalid" // no kid and several keys, or a kid the app lacks
	JWKSInvalid           Kind = "jwks_invalid"
	AlgInvalid            Kind = "alg_invalid"
	NoJWKS                Kind = "no_jwks" // no public key registered on the app
	NotSigningKey         Kind = "not_signing_key"
	KeyUseInvalid         Kind = "key_use_invalid"
	JWKSURIFailed         Kind = "jwks_uri_failed"
)

// Management APIs and resource calls.
const (
	InsufficientScope Kind = "insufficient_scope" // the access token lacks the scope the call needs
	TokenExpired      Kind = "token_expired"
	WrongAudience     Kind = "wrong_audience"
	TokenRejected     Kind = "token_rejected"     // another invalid_token answer
	ValidationFailed  Kind = "validation_failed"  // E0000001
	AuthFailed        Kind = "auth_failed"        // E0000004
	InvalidSession    Kind = "invalid_session"    // E0000005
	PermissionDenied  Kind = "permission_denied"  // E0000006: the admin role does not allow the call
	NotFound          Kind = "not_found"          // E0000007
	InvalidToken      Kind = "invalid_token"      // E0000011: the SSWS token is not accepted
	FeatureDisabled   Kind = "feature_disabled"   // E0000015
	MethodNotAllowed  Kind = "method_not_allowed" // E0000022
	InvalidSearch     Kind = "invalid_search"     // E0000031
	RateLimited       Kind = "rate_limited"       // E0000047
	Unknown           Kind = "unknown"
)

// Entry is one catalogue line: the Okta error it matches, and what it means
// and how to fix it, in the admin console's words.
type Entry struct {
	Kind Kind
	// Code is the error / errorCode the entry matches.
	Code string
	// Text is the start of the description it matches; "" matches any
	// description for Code. Okta fills lists at run time ("Configured grant
	// types: [client_credentials]."), so entries keep only the fixed start.
	Text string
	// Meaning says what happened, in plain words.
	Meaning string
	// Fix says what to click or run.
	Fix string
}

// Console paths the fixes point to.
const (
	appPath    = "Admin Console › Applications › Applications › (your API Services app)"
	tokensPath = "Admin Console › Security › API › Tokens"
)

// catalogue lists every Okta error the engine can meet. Specific entries
// come before the catch-all entry of the same code. Strings are verbatim
// from Okta's catalogues (docs/okta-behavior.md, Appendix A and B).
var catalogue = []Entry{
	// DPoP at the token endpoint.
	{DPoPRequired, "invalid_dpop_proof", "The DPoP proof JWT header is missing.",
		"The app requires DPoP (proof of possession) for token requests. Tako cannot send DPoP proofs, so Okta will refuse every token request Tako makes.",
		"In " + appPath + " › General › Proof of possession, untick \"Require Demonstrating Proof of Possession (DPoP) header in token requests\" and save."},
	{DPoPNonceRequired, "use_dpop_nonce", "",
		"Okta asked for its DPoP nonce to be included in the proof (a normal step of the DPoP exchange).",
		"Nothing to do: the request is repeated with the nonce."},
	{DPoPProofInvalid, "invalid_dpop_proof", "",
		"Okta refused the DPoP proof that came with the request.",
		"Tako does not use DPoP: untick \"Require Demonstrating Proof of Possession (DPoP) header in token requests\" in " + appPath + " › General › Proof of possession."},
	{DPoPProofRequired, "invalid_request", "The resource request requires a DPoP proof.",
		"The access token is bound to DPoP, so every API call needs a DPoP proof, which Tako cannot send.",
		"Untick \"Require Demonstrating Proof of Possession (DPoP) header in token requests\" in " + appPath + " › General › Proof of possession."},
	{DPoPSchemeRequired, "invalid_request", "The resource request must use the DPoP authentication scheme",
		"The access token is bound to DPoP, so API calls must use the DPoP scheme, which Tako cannot.",
		"Untick \"Require Demonstrating Proof of Possession (DPoP) header in token requests\" in " + appPath + " › General › Proof of possession."},
	{NotDPoPBound, "invalid_token", "The presented access_token is not DPoP bound.",
		"A plain (Bearer) token was presented with the DPoP scheme.",
		"This is a tako-setup fault; please report it."},

	// Scopes.
	{NoScopesGranted, "consent_required", "You are not allowed any of the requested scopes.",
		"None of the requested Okta API scopes is granted to the app, so Okta issued no token. (Okta does not say which scopes it refused.)",
		"In " + appPath + " › Okta API Scopes, click Grant next to each scope Tako needs."},
	{ScopeNeedsConsent, "consent_required", "The following scopes require user consent",
		"Some requested scopes need a signed-in user's consent and cannot be used by a service app.",
		"Remove those scopes from OKTA_OAUTH2_SCOPES."},
	{NoScopesRequested, "invalid_scope", "No scopes were requested.",
		"The token request asked for no scope at all.",
		"Set OKTA_OAUTH2_SCOPES to the space-separated scopes Tako should use."},
	{OpenIDNotAllowed, "invalid_scope", "Cannot request 'openid' scopes",
		"openid (and profile, email …) are sign-in scopes; a service app cannot ask for them.",
		"Remove openid, profile, email, address, phone and offline_access from OKTA_OAUTH2_SCOPES."},
	{CustomAuthServer, "invalid_scope", "One or more scopes are not configured for the authorization server resource.",
		"The request reached a custom authorization server (/oauth2/default or /oauth2/aus…); only the org authorization server issues tokens for Okta's own APIs.",
		"Set OKTA_CLIENT_ORGURL to the bare org address, such as https://acme.okta.com, with no /oauth2/… path."},
	{CustomAuthServer, "invalid_scope", "The authorization server resource does not have any configured default scopes",
		"The request reached a custom authorization server (/oauth2/default or /oauth2/aus…); only the org authorization server issues tokens for Okta's own APIs.",
		"Set OKTA_CLIENT_ORGURL to the bare org address, such as https://acme.okta.com, with no /oauth2/… path."},
	{ScopeInvalid, "invalid_scope", "",
		"Okta refused the scope list: a name is unknown, misspelt, or not available to this org.",
		"Check the spelling of every scope in OKTA_OAUTH2_SCOPES (they are case-sensitive, such as okta.users.read) and remove unknown ones."},
	{SelfScope, "client_credentials_self_scope_requested", "",
		"A .self scope (for a signed-in user's own data) was asked for; a service app cannot use those.",
		"Remove every scope ending in .self from OKTA_OAUTH2_SCOPES."},

	// The client.
	{UnknownClient, "invalid_client", "Invalid value for 'client_id' parameter.",
		"This org has no app with that client ID.",
		"Copy the Client ID from " + appPath + " › General › Client Credentials (and check the org URL is the org that holds the app)."},
	{UnknownClient, "invalid_client", "The issuer claim for client_assertion is not a valid client_id.",
		"This org has no app with that client ID.",
		"Copy the Client ID from " + appPath + " › General › Client Credentials (and check the org URL is the org that holds the app)."},
	{UnknownClient, "invalid_client", "The subject claim for client_assertion is not a valid client_id.",
		"This org has no app with that client ID.",
		"Copy the Client ID from " + appPath + " › General › Client Credentials (and check the org URL is the org that holds the app)."},
	{NotPrivateKeyJWT, "invalid_client", "Client Credentials requests to the Org Authorization Server must use the private_key_jwt",
		"The app authenticates with a client secret; Okta's own APIs accept only a private key (private_key_jwt) from service apps.",
		"In " + appPath + " › General › Client Credentials › Edit, choose \"Public key / Private key\" as the client authentication, add the public key, and save."},
	{NotServiceApp, "invalid_client", "Only clients with 'application_type' of 'service'",
		"The client ID belongs to an app that is not an API Services app (a web, SPA or native app), which cannot use the Client Credentials flow with Okta's APIs.",
		"Create an API Services app (Admin Console › Applications › Applications › Create App Integration › API Services) and use its Client ID."},
	{NoClientCredentials, "invalid_client", "No client credentials found.",
		"The token request carried no client credentials.",
		"This is a tako-setup fault; please report it."},
	{JWKSURIFailed, "invalid_client", "Error retrieving the client JWKSet from jwks_uri.",
		"The app fetches its keys from a URL (jwks_uri) and Okta could not fetch them.",
		"In " + appPath + " › General › Client Credentials › Edit, choose \"Save keys in Okta\" and add the public key, or fix the key URL."},
	{JWKSURIFailed, "invalid_client", "The client JWKSet from jwks_uri must contain at least one key.",
		"The app fetches its keys from a URL (jwks_uri), and the key set there is empty.",
		"Publish the public key at the key URL, or choose \"Save keys in Okta\" in " + appPath + " › General › Client Credentials › Edit."},
	{JWKSURIFailed, "invalid_client", "All keys in the client JWKSet from jwks_uri must have a unique kid.",
		"The key set at the app's key URL (jwks_uri) has two keys with the same kid.",
		"Give every key at the key URL its own kid."},
	{AssertionAudience, "invalid_client", "The audience claim for client_assertion must be the endpoint invoked",
		"The assertion's audience was not the token URL Okta was called on.",
		"Use the org URL Okta shows in the browser (https://acme.okta.com) in OKTA_CLIENT_ORGURL; if this persists, report it."},
	{AssertionExpMissing, "invalid_client", "The client_assertion must contain the 'exp' claim",
		"The assertion had no expiry.",
		"This is a tako-setup fault; please report it."},
	{AssertionExpired, "invalid_client", "The client_assertion token is expired.",
		"Okta thinks the assertion had already expired when it arrived: this machine's clock is behind Okta's.",
		"Set this machine's clock right (enable NTP, for example `timedatectl set-ntp true`)."},
	{AssertionExpTooFar, "invalid_client", "The client_assertion token has an expiration too far into the future.",
		"The assertion's expiry is more than an hour after Okta's time: this machine's clock is ahead of Okta's.",
		"Set this machine's clock right (enable NTP, for example `timedatectl set-ntp true`)."},
	{AssertionIssuedFuture, "invalid_client", "The client_assertion token must be issued before the current time.",
		"The assertion was issued later than Okta's current time: this machine's clock is ahead of Okta's.",
		"Set this machine's clock right (enable NTP, for example `timedatectl set-ntp true`)."},
	{AssertionReused, "invalid_client", "The client_assertion token has already been used.",
		"An assertion was sent twice; Okta accepts each one once.",
		"This is a tako-setup fault; please report it."},
	{SignatureInvalid, "invalid_client", "The client_assertion signature is invalid.",
		"The private key does not match the app's active public key (or the matching public key is inactive).",
		"In " + appPath + " › General › Public Keys, add this key's public key and make it Active — or use the private key that belongs to the active public key."},
	{AssertionUnparsable, "invalid_client", "The parsing of the client_assertion failed.",
		"Okta could not read the assertion.",
		"This is a tako-setup fault; please report it."},
	{KidInvalid, "invalid_client", "The client_assertion JWT kid is invalid.",
		"Okta could not choose a public key for the assertion: the app has several active keys and the assertion named none (as Tako sends it), or it named a key the app does not have.",
		"In " + appPath + " › General › Public Keys, keep only the key that matches this private key Active; deactivate the others."},
	{JWKSInvalid, "invalid_client", "The client JWKSet is invalid.",
		"The public keys saved on the app are not a valid key set.",
		"In " + appPath + " › General › Public Keys, delete the broken key and add the public key again."},
	{AlgInvalid, "invalid_client", "The client_assertion JWT signature algorithm is invalid.",
		"Okta does not accept the signing algorithm of the assertion.",
		"Use an RSA key of at least 2048 bits; Tako signs with RS256."},
	{NoJWKS, "invalid_client", "The client does not have a JWKSet configured",
		"The app has no public key, so Okta cannot check a private-key assertion.",
		"In " + appPath + " › General › Client Credentials › Edit, choose \"Public key / Private key\", add this key's public key (tako-setup can show it), and save."},
	{NotSigningKey, "invalid_client", "The client_assertion JWT needs to be signed using a signing key.",
		"The matching public key is registered for encryption, not for signing.",
		"In " + appPath + " › General › Public Keys, add the public key again with use \"sig\"."},
	{KeyUseInvalid, "invalid_client", "The public key being used for client assertion has an invalid 'use' parameter.",
		"The matching public key on the app has a wrong \"use\" value.",
		"In " + appPath + " › General › Public Keys, add the public key again with use \"sig\"."},
	{ClientAuthFailed, "invalid_client", "",
		"Okta refused the app's credentials without saying why: the client ID or the key is wrong.",
		"Check the Client ID and that the app's active public key matches this private key, in " + appPath + " › General."},
	{MultipleCredentials, "invalid_request", "Cannot supply multiple client credentials.",
		"The token request carried two kinds of client credentials.",
		"This is a tako-setup fault; please report it."},
	{MalformedTokenRequest, "invalid_request", "The client_assertion_type is invalid.",
		"The token request was malformed.", "This is a tako-setup fault; please report it."},
	{MalformedTokenRequest, "invalid_request", "The token request must specify a 'grant_type'.",
		"The token request was malformed.", "This is a tako-setup fault; please report it."},
	{MalformedTokenRequest, "invalid_request", "Client credentials cannot be supplied via query parameters.",
		"The token request was malformed.", "This is a tako-setup fault; please report it."},
	{MalformedTokenRequest, "invalid_request", "The request contained multiple parameters with the same name.",
		"The token request was malformed.", "This is a tako-setup fault; please report it."},
	{GrantNotAllowed, "unauthorized_client", "",
		"The app is not allowed to use the Client Credentials grant.",
		"In " + appPath + " › General › General Settings › Edit, tick the Client Credentials grant type and save."},
	{GrantUnsupported, "unsupported_grant_type", "",
		"The authorization server does not offer the Client Credentials grant.",
		"Use the org authorization server: set OKTA_CLIENT_ORGURL to the bare org address with no /oauth2/… path."},
	{NetworkZoneDenied, "access_denied", "The request is made from outside the client's permitted network zones.",
		"The app accepts token requests only from certain network zones, and this machine is outside them.",
		"Run Tako (and tako-setup) from an allowed network, or add this machine's public IP to a zone the app allows (Admin Console › Security › Networks)."},
	{TokenEndpointThrottled, "invalid_grant", "API call exceeded rate limit",
		"Okta's rate limit for token requests is used up for the moment.",
		"Wait a minute and check again; if it persists, look for other integrations using the same app."},

	// Resource calls (WWW-Authenticate or OAuth JSON).
	{InsufficientScope, "insufficient_scope", "",
		"The access token does not carry the scope this call needs.",
		"In " + appPath + " › Okta API Scopes, grant the scope, and add it to OKTA_OAUTH2_SCOPES."},
	{TokenExpired, "invalid_token", "The token has expired.",
		"The access token expired before the call.",
		"Check this machine's clock; otherwise run the check again."},
	{WrongAudience, "invalid_token", "The access token provided is not intended for Okta.",
		"The access token was issued by a custom authorization server; Okta's APIs accept only org-server tokens.",
		"Set OKTA_CLIENT_ORGURL to the bare org address with no /oauth2/… path."},
	{TokenRejected, "invalid_token", "",
		"Okta refused the access token.",
		"Run the check again; if it persists, check this machine's clock and the org URL."},

	// Management API error codes (CAT-E).
	{ValidationFailed, "E0000001", "",
		"Okta refused the request's content.",
		"See the cause Okta gave."},
	{AuthFailed, "E0000004", "",
		"Okta could not authenticate the request.",
		"Check the credentials in the .env."},
	{InvalidSession, "E0000005", "",
		"Okta did not recognise the request's credentials (no valid API token or access token).",
		"Check the credentials in the .env: an API token goes in OKTA_API_TOKEN, without the \"SSWS \" prefix."},
	{PermissionDenied, "E0000006", "",
		"The credentials work, but the admin role behind them does not allow this call.",
		"Give the app (Admin roles tab) or the token's admin (Admin Console › Security › Administrators) a role that can read this: Read-only Administrator covers Tako's needs."},
	{NotFound, "E0000007", "",
		"Okta found no such resource.",
		"Check the ID in the .env."},
	// Two causes, one answer: Okta does not document its answer to a call
	// from outside a token's network restriction, and 401 E0000011 is a
	// candidate (docs/okta-behavior.md §4, [unconfirmed]).
	{InvalidToken, "E0000011", "",
		"Okta does not accept this API token. Either the token is not valid — revoked, unused for 30 days, its admin deactivated, or pasted incompletely — or it is valid but refused from this machine's network: Okta may answer a call from outside the token's network restriction the same way. To tell them apart, look for the token in " + tokensPath + ": listed there, it is valid and its network access is the cause; not listed, it is revoked or mistyped.",
		"If the token is listed in " + tokensPath + ", allow this machine's network in its network access (or run Tako from an allowed network). If it is not, sign in as the admin Tako should act as, create a new token there (Create token), and put it in OKTA_API_TOKEN."},
	{FeatureDisabled, "E0000015", "",
		"This API belongs to a feature that is not enabled in the org.",
		"Nothing to do unless Tako needs that feature; Okta support can enable it."},
	{MethodNotAllowed, "E0000022", "",
		"The endpoint does not support that HTTP method.",
		"This is a tako-setup fault; please report it."},
	{InvalidSearch, "E0000031", "",
		"Okta refused the search criteria.",
		"This is a tako-setup fault; please report it."},
	{RateLimited, "E0000047", "",
		"The org's rate limit for these calls is used up for the moment.",
		"Wait until the limit resets (about a minute) and check again. If it keeps happening, lower OKTA_CONCURRENT_LIMIT or the load other integrations put on the org."},
	// The management envelope sometimes carries invalid_client as its
	// errorCode (unknown client, HTTP 400); the entries above match it by
	// description, since Code and Description are read from either envelope.
}

// Lookup returns the catalogue entry for an Okta error. An error the
// catalogue does not know gets an Unknown entry that quotes it.
func Lookup(e *Error) Entry {
	if e == nil {
		return Entry{Kind: Unknown, Meaning: "Okta answered with an error it did not describe.", Fix: "Run the check again; if it persists, contact Okta support."}
	}
	for _, en := range catalogue {
		if !strings.EqualFold(en.Code, e.Code) {
			continue
		}
		if en.Text == "" || strings.HasPrefix(e.Description, en.Text) {
			return en
		}
	}
	return Entry{
		Kind:    Unknown,
		Code:    e.Code,
		Meaning: "Okta answered " + e.Text() + ", which tako-setup does not know.",
		Fix:     "Search Okta's error reference for the code; if the message names a setting, change it in the Admin Console.",
	}
}

// Entries returns a copy of the catalogue, for documentation and tests.
func Entries() []Entry {
	return append([]Entry(nil), catalogue...)
}
