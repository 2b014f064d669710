package steps

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/takoenv"
)

// normalizeOrgURL is the org URL check's local half: the engine's own
// normalisation, then Tako's rule about the result (its Okta SDK refuses
// any host with "-admin", a custom domain's too); the live half is the
// engine's org check.
func normalizeOrgURL(v string) (string, error) {
	u, err := checks.NormalizeOrgURL(v)
	if err != nil {
		return "", err
	}
	if problem, _ := takoenv.OrgURLProblem(u); problem != "" {
		return "", errors.New("this " + problem + ": enter the org's own address, such as https://acme.okta.com")
	}
	return u, nil
}

// validClientID checks the shape of an Okta client ID (0oa… in real orgs;
// we only insist on a plausible token, since custom client IDs exist).
func validClientID(v string) error {
	v = strings.TrimSpace(v)
	switch {
	case v == "":
		return errors.New("paste the app's Client ID (General tab → Client Credentials)")
	case strings.ContainsAny(v, " \t\n"):
		return errors.New("a client ID has no spaces")
	case len(v) < 6 || len(v) > 100:
		return errors.New("that does not look like a client ID (it starts with 0oa…)")
	case LooksLikeSecret(v):
		// A client ID is shown in findings and kept in the resume file, so
		// a secret pasted here by mistake must not be taken.
		return errors.New("that looks like an API token or part of a private key, not a client ID (it starts with 0oa…); it was not kept")
	}
	return nil
}

// LooksLikeSecret reports whether a value given where a public one
// belongs (a client ID, a file name) is more likely a credential, so that
// it is neither kept nor echoed in an error: PEM armour, JSON, a line
// break, an "SSWS " prefix, an SSWS token (about 42 characters of
// [A-Za-z0-9_-], starting "00"), or a long run of base64 (a line of a key;
// Okta client IDs are 20 characters) that does not start like a path.
func LooksLikeSecret(v string) bool {
	v = strings.TrimSpace(v)
	switch {
	case v == "" || v == "-":
		return false
	case strings.Contains(v, "-----"), strings.HasPrefix(v, "{"), strings.ContainsAny(v, "\n\r"), strings.HasPrefix(v, "SSWS "):
		return true
	}
	if len(v) >= 30 && strings.HasPrefix(v, "00") && strings.Trim(v, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") == "" {
		return true
	}
	return len(v) >= 40 && !strings.HasPrefix(v, "/") && strings.Trim(v, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/=") == ""
}

// validToken checks the shape of an SSWS API token.
// Every reader of a token — typed, --api-token-file, --admin-token-file —
// goes through it, after checks.NormalizeToken.
func validToken(v string) error {
	v = checks.NormalizeToken(v)
	switch {
	case v == "":
		return errors.New("paste the token Okta showed you once when you created it")
	case strings.ContainsAny(v, " \t\n"):
		return errors.New("a token has no spaces or line breaks")
	case checks.TokenProblem(v) != "":
		return errors.New("the token " + checks.TokenProblem(v))
	case len(v) < 20:
		return errors.New("too short for an Okta API token (they are about 42 characters)")
	}
	return nil
}

// parseLimit reads OKTA_CONCURRENT_LIMIT.
func parseLimit(v string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < 1 {
		return 0, errors.New("enter a whole number of at least 1")
	}
	if n > 75 {
		return 0, errors.New("at most 75: that is the highest concurrency ceiling Okta has, and more only causes 429 errors")
	}
	return n, nil
}

// normChoice lower-cases v and treats "_" and "-" alike.
func normChoice(v string) string {
	return strings.ReplaceAll(strings.ToLower(strings.TrimSpace(v)), "_", "-")
}

// oneOf checks that v is one of the allowed choice values.
func oneOf[T ~string](v string, allowed ...T) error {
	for _, a := range allowed {
		if normChoice(v) == normChoice(string(a)) {
			return nil
		}
	}
	names := make([]string, len(allowed))
	for i, a := range allowed {
		names[i] = string(a)
	}
	return fmt.Errorf("%q is not one of: %s", v, strings.Join(names, ", "))
}
