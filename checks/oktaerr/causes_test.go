package oktaerr

import (
	"net/http"
	"strings"
	"testing"
)

// A 401 E0000011 on an API token has two causes Okta answers alike: the
// token is not valid, or it is refused from this machine's network. The
// entry names both, how to tell them apart, and a fix for each.
func TestInvalidTokenNamesBothCauses(t *testing.T) {
	e := Parse(http.StatusUnauthorized, nil, []byte(`{"errorCode":"E0000011","errorSummary":"Invalid token provided"}`))
	en := Lookup(e)
	if en.Kind != InvalidToken {
		t.Fatalf("kind = %s", en.Kind)
	}
	for _, want := range []string{"revoked", "network", "To tell them apart", "listed there"} {
		if !strings.Contains(en.Meaning, want) {
			t.Errorf("meaning lacks %q: %s", want, en.Meaning)
		}
	}
	for _, want := range []string{"network access", "create a new token"} {
		if !strings.Contains(en.Fix, want) {
			t.Errorf("fix lacks %q: %s", want, en.Fix)
		}
	}
}
