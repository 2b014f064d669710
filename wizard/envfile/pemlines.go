package envfile

import (
	"regexp"
	"strings"

	"github.com/fctr-id/tako-setup/checks/takoenv"
)

// A private key pasted into the .env without quotes is a common mistake:
//
//	OKTA_OAUTH2_PRIVATE_KEY_PEM=-----BEGIN PRIVATE KEY-----
//	MIIEvQIBADANBgkqhkiG9w0BAQEFAASC…
//	-----END PRIVATE KEY-----
//
// python-dotenv reads only the first line as the value, each base64 line as a
// key without a value, and the END line as unreadable. Those lines belong to
// the key: Apply replaces and removes them with it, Problems reports them as
// one problem, and no message or diff ever shows them (they are key
// material).

// pemTail returns the index of the last line of an unquoted multi-line PEM
// value that starts at segment i, or i when the value is not one.
func (d *Doc) pemTail(i int) int {
	s := d.segs[i]
	if s.key != KeyPrivateKey || s.quote != 0 || !strings.HasPrefix(s.value, "-----BEGIN") || strings.Contains(s.value, "-----END") {
		return i
	}
	for j := i + 1; j < len(d.segs) && j <= i+256; j++ {
		body := strings.TrimSpace(d.segs[j].raw[d.segs[j].lead:])
		if strings.HasPrefix(body, "-----END") {
			return j
		}
		if !base64Line.MatchString(body) {
			return i
		}
	}
	return i
}

var base64Line = regexp.MustCompile(`^[A-Za-z0-9+/=]+$`)

// pemContinuations are the segments that are lines of an unquoted PEM value.
func (d *Doc) pemContinuations() map[int]bool {
	cont := map[int]bool{}
	for i := range d.segs {
		for j := i + 1; j <= d.pemTail(i); j++ {
			cont[j] = true
		}
	}
	return cont
}

// safeName reports whether a key name can be shown (takoenv.ShowableName):
// a name that reads like base64 is most likely a piece of a key or token.
func safeName(key string) bool { return takoenv.ShowableName(key) }
