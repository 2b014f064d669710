package emulator

import (
	"crypto/rand"
	"crypto/rsa"
	"fmt"
	"sync"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
)

// accessTokenLifetime is fixed at one hour for the org AS (docs/okta-behavior.md §1.5).
const accessTokenLifetime = time.Hour

// orgSigningKey is the org authorization server's RS256 key (docs/okta-behavior.md §1.5: access
// tokens are RS256 JWTs with a kid from /oauth2/v1/keys). One key serves
// every emulated org in the process; it is generated on first use because
// RSA generation is slow.
type orgSigningKey struct {
	signer    jose.Signer
	publicJWK jose.JSONWebKey
}

var (
	signingKeyOnce sync.Once
	signingKeyVal  *orgSigningKey
	errSigningKey  error
)

func signingKey() (*orgSigningKey, error) {
	signingKeyOnce.Do(func() {
		priv, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			errSigningKey = fmt.Errorf("generating org signing key: %w", err)
			return
		}
		kid := randomToken(32)
		signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: jose.JSONWebKey{Key: priv, KeyID: kid}},
			(&jose.SignerOptions{}).WithType("application/okta-internal-at+jwt"))
		if err != nil {
			errSigningKey = fmt.Errorf("creating org signer: %w", err)
			return
		}
		signingKeyVal = &orgSigningKey{
			signer:    signer,
			publicJWK: jose.JSONWebKey{Key: &priv.PublicKey, KeyID: kid, Algorithm: "RS256", Use: "sig"},
		}
	})
	return signingKeyVal, errSigningKey
}

// accessTokenClaims are the claims of an access token from the org AS, as
// in the docs' example token (docs/okta-behavior.md §1.5).
type accessTokenClaims struct {
	Ver int      `json:"ver"`
	JTI string   `json:"jti"`
	Iss string   `json:"iss"`
	Aud string   `json:"aud"`
	Sub string   `json:"sub"`
	Iat int64    `json:"iat"`
	Exp int64    `json:"exp"`
	Cid string   `json:"cid"`
	Scp []string `json:"scp"`
	Cnf *cnf     `json:"cnf,omitempty"`
}

type cnf struct {
	JKT string `json:"jkt"`
}

// mintLocked signs an access token for clientID and records it so the
// management API can accept it. jkt binds it to a DPoP key when not empty.
// issuer is the URL the client used; the audience is the org's URL.
func (o *Org) mintLocked(issuer, audience, clientID string, scopes []string, jkt string, now time.Time) (string, error) {
	k, err := signingKey()
	if err != nil {
		return "", err
	}
	c := accessTokenClaims{
		Ver: 1, JTI: "AT." + randomToken(32), Iss: issuer, Aud: audience, Sub: clientID,
		Iat: now.Unix(), Exp: now.Add(accessTokenLifetime).Unix(), Cid: clientID, Scp: scopes,
	}
	if jkt != "" {
		c.Cnf = &cnf{JKT: jkt}
	}
	tok, err := jwt.Signed(k.signer).Claims(c).Serialize()
	if err != nil {
		return "", fmt.Errorf("signing access token: %w", err)
	}
	o.issued[tok] = &issuedToken{ClientID: clientID, Scopes: scopes, DPoPJKT: jkt, ExpiresAt: now.Add(accessTokenLifetime)}
	o.pruneLocked(now)
	return tok, nil
}

// pruneLocked forgets expired tokens, assertion ids, proofs and nonces once
// the maps grow, so long benchmarks do not grow memory without bound.
func (o *Org) pruneLocked(now time.Time) {
	const threshold = 4096
	if len(o.issued) > threshold {
		for k, t := range o.issued {
			if now.After(t.ExpiresAt) {
				delete(o.issued, k)
			}
		}
	}
	for _, m := range []map[string]time.Time{o.jtis, o.dpopJTIs, o.nonces} {
		if len(m) > threshold {
			for k, until := range m {
				if now.After(until) {
					delete(m, k)
				}
			}
		}
	}
}
