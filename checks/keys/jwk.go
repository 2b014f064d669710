package keys

import (
	"crypto"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	jose "github.com/go-jose/go-jose/v4"
)

// jwkFields is the part of a JWK we look at before handing it to go-jose,
// to explain refusals better than a parser error would.
type jwkFields struct {
	Kty string          `json:"kty"`
	Crv string          `json:"crv"`
	D   json.RawMessage `json:"d"`
	P   json.RawMessage `json:"p"`
	Q   json.RawMessage `json:"q"`
}

// parseJWK reads a private JWK, or a JWKS holding exactly one private key.
func parseJWK(text string) (crypto.PrivateKey, string, error) {
	var probe struct {
		Keys []json.RawMessage `json:"keys"`
	}
	if strings.HasPrefix(text, "[") {
		var list []json.RawMessage
		if err := json.Unmarshal([]byte(text), &list); err != nil {
			return nil, "", badJSON()
		}
		probe.Keys = list
	} else if err := json.Unmarshal([]byte(text), &probe); err != nil {
		return nil, "", badJSON()
	}
	if probe.Keys == nil {
		return parseOneJWK([]byte(text))
	}
	var private []json.RawMessage
	for _, raw := range probe.Keys {
		var f jwkFields
		if json.Unmarshal(raw, &f) == nil && len(f.D) > 0 {
			private = append(private, raw)
		}
	}
	switch {
	case len(private) == 1:
		return parseOneJWK(private[0])
	case len(private) > 1:
		return nil, "", keyErr(ErrAmbiguous, fmt.Sprintf("This key set holds %d private keys; paste only the one Tako should use.", len(private)))
	case len(probe.Keys) > 0:
		return nil, "", keyErr(ErrPublicKey, "This key set holds only public keys (no \"d\" member). "+advicePrivateIs)
	}
	return nil, "", keyErr(ErrMalformed, "This key set is empty. Paste the private key JSON that Okta showed when it generated the key.")
}

func badJSON() error {
	return keyErr(ErrMalformed, "This looks like JSON but is not valid JSON (was it cut off while copying?). Paste the whole private key JSON, from { to }.")
}

func parseOneJWK(raw []byte) (crypto.PrivateKey, string, error) {
	var f jwkFields
	if err := json.Unmarshal(raw, &f); err != nil {
		return nil, "", badJSON()
	}
	switch {
	case f.Kty == "":
		return nil, "", keyErr(ErrMalformed, "This JSON is not a JWK: it has no \"kty\" member. Paste the private key JSON that Okta showed when it generated the key.")
	case f.Kty == "oct":
		return nil, "", keyErr(ErrNotRSA, "This JWK is a shared secret (kty \"oct\"), not a key pair. Tako signs with an RSA private key. "+adviceGenerate)
	case len(f.D) == 0:
		return nil, "", keyErr(ErrPublicKey, "This JWK is a public key (it has no \"d\" member). "+advicePrivateIs)
	case f.Kty == "RSA" && (len(f.P) == 0 || len(f.Q) == 0):
		return nil, "", keyErr(ErrMalformed, "This RSA JWK lacks the members \"p\" and \"q\", which tako-setup needs to use it. Paste the whole private key JSON, as Okta showed it.")
	}
	var jwk jose.JSONWebKey
	if err := jwk.UnmarshalJSON(raw); err != nil {
		if errors.Is(err, jose.ErrUnsupportedKeyType) || f.Kty != "RSA" && f.Kty != "EC" && f.Kty != "OKP" {
			return nil, "", keyErr(ErrNotRSA, fmt.Sprintf("This JWK's key type %q is not RSA. Tako signs with RS256 only. %s", f.Kty, adviceGenerate))
		}
		if isTooSmall(err) {
			return nil, "", tooSmallError(0)
		}
		return nil, "", keyErr(ErrMalformed, "This JWK's values are damaged or inconsistent (was it changed while copying?). Paste the private key JSON again, as Okta showed it.")
	}
	if jwk.IsPublic() {
		return nil, "", keyErr(ErrPublicKey, "This JWK is a public key. "+advicePrivateIs)
	}
	return jwk.Key, jwk.KeyID, nil
}
