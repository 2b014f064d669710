package emulator

import (
	"crypto"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/url"
	"time"
)

// DPoP (RFC 9449) as Okta applies it, docs/okta-behavior.md §1.6. Every proof
// error is 400 invalid_dpop_proof with Okta's verbatim description.
const (
	dpopMissing      = "The DPoP proof JWT header is missing."
	dpopMultiple     = "Multiple DPoP proof JWT headers are not allowed."
	dpopUnparsable   = "The DPoP proof JWT cannot be parsed."
	dpopTyp          = "'typ' must be 'dpop+jwt' in the DPoP proof JWT."
	dpopAlg          = "The DPoP proof JWT signature algorithm is invalid."
	dpopInvalid      = "The DPoP proof JWT is invalid."
	dpopSignature    = "The DPoP proof JWT signature is invalid."
	dpopHTM          = "'htm' claim in the DPoP proof JWT is invalid."
	dpopHTU          = "'htu' claim in the DPoP proof JWT is invalid."
	dpopIAT          = "'iat' claim in the DPoP proof JWT is invalid."
	dpopFuture       = "The DPoP proof JWT is issued in the future."
	dpopStale        = "The DPoP proof JWT is issued more than five minutes in the past."
	dpopJTI          = "'jti' claim in the DPoP proof JWT is invalid."
	dpopReplay       = "The DPoP proof JWT has already been used."
	dpopATH          = "'ath' claim in the DPoP proof does not match the presented access_token."
	dpopNotBound     = "The access_token is not bound to the provided DPoP proof."
	dpopNonceNeeded  = "Authorization server requires nonce in DPoP proof."
	dpopProofMaxAge  = 5 * time.Minute
	nonceRenewAfter  = 24 * time.Hour     // docs/okta-behavior.md §1.6: "renews the value every 24 hours"
	nonceValidFor    = 3 * 24 * time.Hour // "continues to work for three days"
	dpopAlgsAdvert   = `algs="RS256 RS384 RS512 ES256 ES384 ES512"`
	dpopProofTypeHdr = "dpop+jwt"
)

// dpopProof is a verified proof.
type dpopProof struct {
	jkt   string // base64url SHA-256 JWK thumbprint of the proof key
	nonce string
}

func invalidProof(desc string) *oauthError {
	return oauthErr(http.StatusBadRequest, "invalid_dpop_proof", desc)
}

// verifyProofLocked checks the DPoP header of r against method and target
// URL htu; ath, when not empty, is the hash the proof must carry (resource
// requests). The proof's jti is recorded (proofs are single-use). Callers
// hold o.mu.
func (o *Org) verifyProofLocked(r *http.Request, htu, ath string, now time.Time) (*dpopProof, *oauthError) {
	values := r.Header.Values("DPoP")
	if len(values) == 0 {
		return nil, invalidProof(dpopMissing)
	}
	if len(values) > 1 {
		return nil, invalidProof(dpopMultiple)
	}
	raw := values[0]
	header, err := parseHeader(raw)
	if err != nil {
		return nil, invalidProof(dpopUnparsable)
	}
	if typ, _ := header["typ"].(string); typ != dpopProofTypeHdr {
		return nil, invalidProof(dpopTyp)
	}
	if !algAllowed(header["alg"]) {
		return nil, invalidProof(dpopAlg)
	}
	jwt, err := parseCompact(raw, header)
	if err != nil {
		return nil, invalidProof(dpopUnparsable)
	}
	jwk := jwt.jws.Signatures[0].Protected.JSONWebKey
	if jwk == nil || !jwk.Valid() || !jwk.IsPublic() {
		return nil, invalidProof(dpopInvalid)
	}
	if _, err := jwt.jws.Verify(jwk); err != nil {
		return nil, invalidProof(dpopSignature)
	}
	c := jwt.claims
	if stringClaim(c, "htm") != r.Method {
		return nil, invalidProof(dpopHTM)
	}
	if !sameTarget(stringClaim(c, "htu"), htu) {
		return nil, invalidProof(dpopHTU)
	}
	iat, _, ok := numericClaim(c, "iat")
	if !ok {
		return nil, invalidProof(dpopIAT)
	}
	// No leeway [unconfirmed]: Okta's tolerance is not documented; a strict
	// server catches clients that send clock-skewed proofs.
	if iat > now.Unix() {
		return nil, invalidProof(dpopFuture)
	}
	if now.Sub(time.Unix(iat, 0)) > dpopProofMaxAge {
		return nil, invalidProof(dpopStale)
	}
	jti := stringClaim(c, "jti")
	if jti == "" {
		return nil, invalidProof(dpopJTI)
	}
	if _, used := o.dpopJTIs[jti]; used {
		return nil, invalidProof(dpopReplay)
	}
	o.dpopJTIs[jti] = time.Unix(iat, 0).Add(dpopProofMaxAge + time.Minute)
	if ath != "" && stringClaim(c, "ath") != ath {
		return nil, invalidProof(dpopATH)
	}
	thumb, err := jwk.Thumbprint(crypto.SHA256)
	if err != nil {
		return nil, invalidProof(dpopInvalid)
	}
	return &dpopProof{jkt: base64.RawURLEncoding.EncodeToString(thumb), nonce: stringClaim(c, "nonce")}, nil
}

// nonceValidLocked reports whether a proof's nonce is one the server
// issued in the last three days.
func (o *Org) nonceValidLocked(nonce string, now time.Time) bool {
	until, ok := o.nonces[nonce]
	return ok && now.Before(until)
}

// currentNonceLocked returns the nonce to hand out, renewing it daily.
func (o *Org) currentNonceLocked(now time.Time) string {
	if o.nonce == "" || now.Sub(o.nonceAt) >= nonceRenewAfter {
		o.nonce, o.nonceAt = randomToken(24), now
		o.nonces[o.nonce] = now.Add(nonceValidFor)
	}
	return o.nonce
}

// sameTarget compares an htu claim with the expected URL, ignoring query
// and fragment (RFC 9449 §4.3; docs/okta-behavior.md §1.6) and a default :443.
func sameTarget(claim, want string) bool {
	cu, err := url.Parse(claim)
	if err != nil {
		return false
	}
	wu, err := url.Parse(want)
	if err != nil {
		return false
	}
	norm := func(u *url.URL) string {
		host := u.Host
		if u.Port() == "443" {
			host = u.Hostname()
		}
		return u.Scheme + "://" + host + u.EscapedPath()
	}
	return cu.Scheme != "" && norm(cu) == norm(wu)
}

// accessTokenHash is the ath of a resource proof: base64url(SHA-256(token)).
func accessTokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}
