package noninteractive

import (
	"crypto"
	"errors"
	"strings"

	"github.com/fctr-id/tako-setup/checks"
)

// sameCredentials reports how the credentials read back from the written
// file differ from the ones that were checked (nil: they do not). The
// messages name the setting, never a value.
func sameCredentials(checked, back checks.Input) error {
	var diffs []string
	if !strings.EqualFold(strings.TrimRight(checked.OrgURL, "/"), strings.TrimRight(back.OrgURL, "/")) {
		diffs = append(diffs, "the org URL")
	}
	if checked.Method != back.Method {
		diffs = append(diffs, "the method")
	}
	if checked.ClientID != back.ClientID {
		diffs = append(diffs, "the client ID")
	}
	// Only the chosen method's credential was checked.
	if checked.Method == checks.OAuth2 && !sameKey(checked.PrivateKey, back.PrivateKey) {
		diffs = append(diffs, "the private key")
	}
	if checked.Method == checks.APIToken && checked.APIToken.Reveal() != back.APIToken.Reveal() {
		diffs = append(diffs, "the API token")
	}
	if checked.ConcurrentLimit != back.ConcurrentLimit {
		diffs = append(diffs, "OKTA_CONCURRENT_LIMIT")
	}
	if len(diffs) > 0 {
		return errors.New(strings.Join(diffs, ", ") + " differ")
	}
	return nil
}

func sameKey(a, b crypto.PrivateKey) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	k, ok := a.(interface{ Equal(crypto.PrivateKey) bool })
	return ok && k.Equal(b)
}
