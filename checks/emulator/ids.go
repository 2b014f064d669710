package emulator

import (
	"crypto/rand"
	"encoding/base64"
)

// base62 is the alphabet of Okta object ids (00o…, 0oa…, pks…, 00T…).
const base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// newID returns an Okta-style object id: a three-character prefix followed
// by 17 random base62 characters (20 in all, like 0oa1nkheCuDn82XVI0g4).
func newID(prefix string) string {
	return prefix + randomString(20-len(prefix))
}

// randomString returns n random base62 characters.
func randomString(n int) string {
	buf := make([]byte, n)
	_, _ = rand.Read(buf) // crypto/rand.Read never fails (Go ≥ 1.24)
	for i, b := range buf {
		buf[i] = base62[int(b)%len(base62)]
	}
	return string(buf)
}

// randomToken returns n random bytes, base64url encoded without padding
// (DPoP nonces, access-token ids).
func randomToken(n int) string {
	buf := make([]byte, n)
	_, _ = rand.Read(buf)
	return base64.RawURLEncoding.EncodeToString(buf)
}
