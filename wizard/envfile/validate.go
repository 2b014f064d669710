package envfile

import (
	"errors"
	"fmt"
	"strings"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/keys"
	"github.com/fctr-id/tako-setup/checks/takoenv"
)

// FieldError is one reason Validate refuses settings. It names the key and
// never contains a secret value.
type FieldError struct {
	Key    string
	Reason string
	// Err is the underlying error, if any (a *keys.KeyError for the PEM).
	Err error
}

func (e *FieldError) Error() string { return e.Key + ": " + e.Reason }

// Unwrap exposes the underlying error (e.g. keys.ErrNotRSA).
func (e *FieldError) Unwrap() error { return e.Err }

// Validate applies Tako's rules to a complete set of settings: no issue
// of Tako's start-up contract (Settings.Issues, for settings read from a
// file); an https org URL; a method whose credentials are present (TOKEN_METHOD unset means
// API_TOKEN, Tako's default); for OAuth 2.0 a client ID and an unencrypted
// PKCS#8 RSA key of at least 2048 bits; a concurrency limit of at least 1 if
// set; and values every .env reader reads alike. The result joins one
// *FieldError per problem (nil if none).
func Validate(s Settings) error {
	var errs []error
	add := func(key, reason string, err error) {
		errs = append(errs, &FieldError{Key: key, Reason: reason, Err: err})
	}
	if reason := checkOrgURL(s.OrgURL); reason != "" {
		add(KeyOrgURL, reason, nil)
	}
	method := s.Method
	if method == "" {
		method = checks.APIToken
	}
	switch method {
	case checks.OAuth2:
		if s.ClientID == "" {
			add(KeyClientID, "the client ID of the API Services app is missing (TOKEN_METHOD is OAUTH2)", nil)
		} else if strings.ContainsAny(s.ClientID, " \t\n") {
			add(KeyClientID, "the client ID contains spaces; copy it again from the app's General tab", nil)
		}
		if s.PrivateKeyPEM.IsZero() {
			add(KeyPrivateKey, "the private key is missing (TOKEN_METHOD is OAUTH2)", nil)
		} else if reason, err := checkPEM(s.PrivateKeyPEM.Reveal()); reason != "" {
			add(KeyPrivateKey, reason, err)
		}
	case checks.APIToken:
		switch {
		case s.APIToken.IsZero() && s.Method == "":
			add(KeyAPIToken, "no API token, and TOKEN_METHOD is not set, so Tako would use an API token (set TOKEN_METHOD=OAUTH2 for OAuth 2.0)", nil)
		case s.APIToken.IsZero():
			add(KeyAPIToken, "the API token is missing (TOKEN_METHOD is API_TOKEN)", nil)
		case strings.ContainsAny(s.APIToken.Reveal(), " \t\n"):
			add(KeyAPIToken, "the API token contains spaces; copy it again", nil)
		}
	default:
		add(KeyMethod, "must be OAUTH2 or API_TOKEN", nil)
	}
	if s.ConcurrentLimit < 0 {
		add(KeyConcurrentLimit, "must be a whole number of at least 1", nil)
	}
	for _, kv := range wanted(s) {
		if err := representable(kv.key, kv.value); err != nil {
			add(kv.key, strings.TrimPrefix(err.Error(), kv.key+" "), nil)
		}
	}
	for _, is := range s.Issues {
		add(is.Key, is.Problem+" "+is.Fix, nil)
	}
	return errors.Join(errs...)
}

// checkOrgURL returns why u is not a usable org URL, or "" (Tako's rule,
// takoenv.OrgURLProblem).
func checkOrgURL(u string) string {
	if u == "" {
		return "the Okta org URL is missing (for example https://example.okta.com)"
	}
	problem, want := takoenv.OrgURLProblem(u)
	if problem != "" && want != "" {
		problem += "; write " + want
	}
	return problem
}

// checkPEM reads the key, then applies Tako's test of the text
// (takoenv.PEMProblem).
func checkPEM(pem string) (string, error) {
	if _, err := keys.Normalize(pem); err != nil {
		return err.Error(), err
	}
	if p := takoenv.PEMProblem(pem); p != "" {
		return "the key " + p + "; give it to tako-setup, which rewrites it as PKCS#8", nil
	}
	return "", nil
}

// Validate checks the whole document before it is written: the settings
// (see the Validate function), Okta values Tako cannot read (a non-integer
// OKTA_CONCURRENT_LIMIT, an unknown TOKEN_METHOD), lines that make the file
// unreadable, and that every statement still reads the same after the edit
// (an unclosed quote earlier in the file would swallow new lines).
func (d *Doc) Validate() error {
	var errs []error
	if err := Validate(d.Settings()); err != nil {
		errs = append(errs, err)
	}
	for _, p := range d.Problems() {
		if p.Severity == Error && p.Key != KeyMethod { // an unknown method is already reported by Validate
			errs = append(errs, fmt.Errorf("%s", p))
		}
	}
	if line := d.unstableLine(); line > 0 {
		errs = append(errs, fmt.Errorf("line %d: once written, the file would read differently from what tako-setup edited (usually a quote opened earlier in the file and never closed); fix the file and run tako-setup again", line))
	}
	return errors.Join(errs...)
}

// Unwritable joins the problems of the file as it stands that no answer
// can fix — it is not UTF-8, or a quote opens and never closes — so Write
// refuses it whatever the settings (nil if none). A scripted setup asks it
// before the checks run, not after.
func (d *Doc) Unwritable() error {
	var errs []error
	for _, p := range d.Problems() {
		if p.Severity == Error && p.Key == "" {
			errs = append(errs, fmt.Errorf("%s", p))
		}
	}
	return errors.Join(errs...)
}

// unstableLine re-reads the document's bytes and returns the first line
// whose meaning differs from the edited document's (0 if none).
func (d *Doc) unstableLine() int {
	again := parseSegments(string(d.Bytes()))
	// The statements that mean something (a binding, or a line python-dotenv
	// skips), compared in place: no copies of a long file's segments.
	meaningful := func(s segment) bool { return s.key != "" || s.bad }
	same := func(a, b segment) bool {
		return a.key == b.key && a.hasValue == b.hasValue && a.value == b.value && a.bad == b.bad
	}
	i, j := 0, 0
	for {
		for i < len(d.segs) && !meaningful(d.segs[i]) {
			i++
		}
		for j < len(again) && !meaningful(again[j]) {
			j++
		}
		switch {
		case i == len(d.segs) && j == len(again):
			return 0
		case j == len(again):
			// The file as written has fewer statements than the edit:
			// the last one the edit meant is where it went wrong.
			for k := len(d.segs) - 1; k >= 0; k-- {
				if meaningful(d.segs[k]) {
					return max(d.segs[k].line, 1)
				}
			}
			return 1
		case i == len(d.segs) || !same(d.segs[i], again[j]):
			return max(again[j].line, 1)
		}
		i++
		j++
	}
}
