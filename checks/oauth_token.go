package checks

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/fctr-id/tako-setup/checks/oktaerr"
)

// tokenOutcome is what the token exchange showed: the token, or the last
// refusal, plus what the engine learnt on the way (DPoP required, kid
// needed, clock refused).
type tokenOutcome struct {
	prob  *problem // no answer to judge
	final *answer  // the last answer
	kind  oktaerr.Kind

	token     string
	tokenType string // Bearer or DPoP
	granted   []string
	dpop      *dpopSigner // set when the app required DPoP

	dpopRequired bool
	// kidlessRefused: Okta refused the assertion without kid (as Tako
	// sends it) with "kid is invalid"; retryKid is the kid tried next.
	kidlessRefused bool
	retryKid       string
	// clockRefused is the time claim Okta refused; clockOffset the
	// correction the retry used.
	clockRefused oktaerr.Kind
	clockOffset  time.Duration
}

// ok reports whether a token was issued.
func (t *tokenOutcome) ok() bool { return t != nil && t.token != "" }

// maxTokenAttempts bounds the exchange: DPoP header, DPoP nonce, kid retry,
// clock retry, and the final request.
const maxTokenAttempts = 5

// requestToken runs the client-credentials exchange as Tako does — no kid,
// no DPoP, all wanted scopes in one request — and, only when Okta refuses
// it, the variations that explain why: a DPoP proof and nonce (to still read
// the granted scopes of an app that requires DPoP), the kid of this key (to
// tell "several active keys" from "wrong key"), and a clock correction (to
// tell "clock" from "key"). Every attempt signs a fresh assertion with a new
// jti, since Okta consumes an assertion even when it refuses the request.
func (r *run) requestToken(ctx context.Context, sk *signingKey, scopes []string) *tokenOutcome {
	out := &tokenOutcome{}
	tokenURL := r.base + "/oauth2/v1/token"
	var (
		kid    string
		nonce  string
		offset time.Duration
	)
	for range maxTokenAttempts {
		a, p := r.c.do(ctx, func(ctx context.Context) (*http.Request, error) {
			now := r.opt.Now().Add(offset)
			assertion, err := sk.assertion(r.in.ClientID, tokenURL, now, kid)
			if err != nil {
				return nil, err
			}
			form := url.Values{
				"grant_type":            {"client_credentials"},
				"scope":                 {strings.Join(scopes, " ")},
				"client_assertion_type": {"urn:ietf:params:oauth:client-assertion-type:jwt-bearer"},
				"client_assertion":      {assertion},
			}
			req, err := http.NewRequestWithContext(ctx, http.MethodPost, tokenURL, strings.NewReader(form.Encode()))
			if err != nil {
				return nil, err
			}
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			if out.dpop != nil {
				proof, err := out.dpop.proof(http.MethodPost, tokenURL, nonce, "", now)
				if err != nil {
					return nil, err
				}
				req.Header.Set("DPoP", proof)
			}
			return req, nil
		})
		if p != nil {
			out.prob = p
			return out
		}
		out.final = a
		if a.status == http.StatusOK {
			var body struct {
				TokenType   string `json:"token_type"`
				AccessToken string `json:"access_token"`
				Scope       string `json:"scope"`
			}
			if p := decodeJSON(a, "a token", &body); p != nil {
				out.prob = p
				return out
			}
			if body.AccessToken == "" {
				out.prob = &problem{Kind: probNotJSON, Title: "Okta sent no token", Detail: "The token endpoint answered 200 without an access token.", Fix: "Run the check again; if it persists, contact Okta support."}
				return out
			}
			out.token, out.tokenType, out.granted = body.AccessToken, body.TokenType, strings.Fields(body.Scope)
			r.addSecret(body.AccessToken)
			return out
		}
		out.kind = a.kind()
		switch out.kind {
		case oktaerr.DPoPRequired:
			if out.dpop != nil {
				return out
			}
			out.dpopRequired = true
			d, err := newDPoPSigner()
			if err != nil {
				out.prob = &problem{Kind: probNetwork, Title: "Could not make a DPoP key", Detail: err.Error(), Fix: "Run the check again."}
				return out
			}
			out.dpop = d
		case oktaerr.DPoPNonceRequired:
			n := a.header.Get("DPoP-Nonce")
			if out.dpop == nil || n == "" || n == nonce {
				return out
			}
			nonce = n
		case oktaerr.KidInvalid:
			if kid != "" || sk.probe {
				return out
			}
			out.kidlessRefused = true
			kid = sk.thumbprint
			if r.in.KeyID != "" {
				kid = r.in.KeyID
			}
			out.retryKid = kid
		case oktaerr.AssertionExpired, oktaerr.AssertionExpTooFar, oktaerr.AssertionIssuedFuture:
			s, ok := r.c.skew()
			if offset != 0 || !ok {
				return out
			}
			out.clockRefused = out.kind
			offset = s.skew
			if offset == 0 {
				return out
			}
			out.clockOffset = offset
		default:
			return out
		}
	}
	return out
}
