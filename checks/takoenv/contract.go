package takoenv

import (
	"encoding/pem"
	"fmt"
	"net/url"
	"strings"

	"github.com/fctr-id/tako-setup/checks"
)

// Contract lists what in a .env stops Tako from starting, or makes it read
// an Okta setting otherwise than tako-setup tests it (docs/tako-env.md,
// "What makes Tako refuse to start"):
//   - a NUL character in any variable's name or value (python-dotenv's
//     load_dotenv fails with "embedded null byte");
//   - OKTA_CLIENT_ORGURL or OKTA_API_TOKEN missing, whatever TOKEN_METHOD is
//     (the legacy aliases do not count: Tako's settings do not read them);
//   - the canonical key empty while only its alias holds the value;
//   - an org URL Tako's Okta SDK cannot use as written (see OrgURLProblem);
//   - a client ID or API token with spaces or a line break around it, which
//     Tako keeps (only the scopes are stripped of quotes);
//   - under OAuth 2.0, OKTA_OAUTH2_SCOPES holding a name that is not an
//     Okta scope name (checks.ScopeNamesProblem).
//
// The private key's form is judged by PEMProblem (the engine reports it on
// the key finding). An unusable value the engine explains by itself (an
// empty org URL, an unknown TOKEN_METHOD) is not repeated here.
func Contract(src Source) []Issue {
	var out []Issue
	for _, k := range src.Keys() {
		v, _ := src.Get(k)
		switch {
		case strings.ContainsRune(k, 0) || strings.ContainsRune(v, 0) && !ShowableName(k):
			// Not named: a name that reads like key material is not shown.
			out = append(out, Issue{Refuses: true,
				Problem: "A variable holds a NUL character (a zero byte), so python-dotenv stops loading the file (\"embedded null byte\") and Tako does not start.",
				Fix:     "Delete the zero byte from the file (grep -naP '\\x00' .env shows the line; a file saved as UTF-16 is full of them: save it as UTF-8)."})
		case strings.ContainsRune(v, 0):
			out = append(out, Issue{Key: k, Refuses: true, Writer: IsOktaKey(k),
				Problem: fmt.Sprintf("The value of %s holds a NUL character (a zero byte), so python-dotenv stops loading the file (\"embedded null byte\") and Tako does not start.", k),
				Fix:     fmt.Sprintf("Write %s again without the zero byte (grep -naP '\\x00' .env shows the line).", k)})
		}
	}
	method := checks.Method(strings.ToUpper(strings.TrimSpace(get(src, KeyMethod))))
	out = append(out, startKeyIssues(src, KeyOrgURL, method)...)
	out = append(out, startKeyIssues(src, KeyAPIToken, method)...)
	if v, ok := src.Get(KeyOrgURL); ok && usableURL(v) {
		if problem, want := OrgURLProblem(v); problem != "" {
			fix := "Write the org's own address, such as " + KeyOrgURL + "=https://acme.okta.com (the address you sign in to, without \"-admin\")."
			if want != "" {
				fix = "Write the line as " + KeyOrgURL + "=" + want + " (tako-setup writes it so)."
			}
			out = append(out, Issue{Key: KeyOrgURL, Writer: true, Problem: KeyOrgURL + " " + problem + ".", Fix: fix})
		}
	}
	if v, ok := src.Get(KeyScopes); ok && method == checks.OAuth2 {
		if p := checks.ScopeNamesProblem(SplitScopes(v)); p != "" {
			out = append(out, Issue{Key: KeyScopes, Writer: true,
				Problem: KeyScopes + ": " + p + ", so Okta would refuse Tako's token request.",
				Fix:     "Write " + KeyScopes + " as okta.… names separated by spaces, in double quotes (tako-setup writes the granted ones)."})
		}
	}
	for _, k := range []string{KeyClientID, KeyAPIToken} {
		if v, ok := src.Get(k); ok && strings.TrimSpace(v) != "" && strings.TrimSpace(v) != v {
			out = append(out, Issue{Key: k, Writer: true,
				Problem: fmt.Sprintf("%s has spaces or a line break around its value (inside its quotes), which Tako keeps, so Okta would not recognise it; tako-setup tested it without them.", k),
				Fix:     fmt.Sprintf("Write %s=<value> on one line, with nothing around the value.", k)})
		}
	}
	return out
}

// usableURL reports whether the engine can work out an org URL from v;
// when it cannot, its org finding says why, and no issue repeats it.
func usableURL(v string) bool {
	_, err := checks.NormalizeOrgURL(v)
	return err == nil
}

// startKeyIssues are the issues of one key Tako's settings require.
func startKeyIssues(src Source, key string, method checks.Method) []Issue {
	legacy := LegacyOf[key]
	v, ok := src.Get(key)
	lv := strings.TrimSpace(get(src, legacy))
	switch {
	case !ok && lv != "":
		return []Issue{{Key: key, Refuses: true, Writer: true,
			Problem: fmt.Sprintf("The .env names %s only as %s, an old name Tako's settings do not read: without an %s line Tako stops at start-up (\"%s Field required\").", what(key), legacy, key, key),
			Fix:     fmt.Sprintf("Rename the line %s=… to %s=… (same value).", legacy, key)}}
	case !ok:
		line := key + "=https://<your-org>.okta.com"
		why := ""
		if key == KeyAPIToken {
			line, why = key+"=<your API token>", ""
			if method == checks.OAuth2 {
				line, why = key+"=", " (empty: OAuth 2.0 does not use it, but Tako's settings require the line)"
			}
		}
		return []Issue{{Key: key, Refuses: true, Writer: true,
			Problem: fmt.Sprintf("The .env has no %s line. Tako's settings require it for every TOKEN_METHOD, so Tako stops at start-up (\"%s Field required\").", key, key),
			Fix:     "Add the line " + line + why + "."}}
	case strings.TrimSpace(v) == "" && lv != "" && (key == KeyOrgURL || method != checks.OAuth2):
		return []Issue{{Key: key, Writer: true,
			Problem: fmt.Sprintf("%s is empty and %s is only in %s, an old name Tako's settings do not read.", key, what(key), legacy),
			Fix:     fmt.Sprintf("Move the value from %s into %s and delete the %s line.", legacy, key, legacy)}}
	}
	return nil
}

func what(key string) string {
	if key == KeyOrgURL {
		return "the org URL"
	}
	return "the API token"
}

func get(src Source, key string) string {
	v, _ := src.Get(key)
	return v
}

// OrgURLProblem says why raw — an org URL exactly as Tako reads it — is not
// one Tako's Okta SDK uses as is, and the address to write instead ("" when
// it cannot be worked out). Tako strips trailing slashes; its SDK needs
// https://<host> with nothing after it, and refuses any host containing
// "-admin", on okta.com or a custom domain alike. An empty problem means the
// URL is fine; an address that is no URL at all is the engine's to explain
// (checks.NormalizeOrgURL), and is reported here only by the writer's
// Validate through that function's error.
func OrgURLProblem(raw string) (problem, want string) {
	norm, err := checks.NormalizeOrgURL(raw)
	if err != nil {
		return err.Error(), ""
	}
	if strings.Contains(strings.ToLower(hostOf(norm)), "-admin") {
		return "is an address with \"-admin\" in its host, which Tako's Okta SDK refuses (it is the Admin Console's form)", ""
	}
	written := strings.TrimRight(raw, "/")
	switch {
	case strings.EqualFold(written, norm):
		return "", ""
	case strings.TrimSpace(raw) != raw:
		problem = "holds spaces or a line break (inside its quotes), which Tako keeps, so its Okta SDK cannot use the address"
	case strings.Contains(strings.ToLower(hostOf("https://"+afterScheme(raw))), "-admin"):
		problem = "is the Admin Console's address (\"-admin\"), which Tako's Okta SDK refuses"
	case !strings.Contains(raw, "://"):
		problem = "has no https://, which Tako's Okta SDK needs"
	case !strings.HasPrefix(strings.ToLower(raw), "https://"):
		problem = "does not start with https://, which Tako's Okta SDK needs"
	default:
		problem = "has more than the org's address (a path, a query or a port), and Tako's Okta SDK needs the bare address"
	}
	return problem, norm
}

func afterScheme(raw string) string {
	if _, rest, ok := strings.Cut(raw, "://"); ok {
		return rest
	}
	return raw
}

func hostOf(u string) string {
	p, err := url.Parse(strings.TrimSpace(u))
	if err != nil {
		return ""
	}
	return p.Hostname()
}

// PEMProblem applies Tako's own test of the private key text: it must
// contain "BEGIN PRIVATE KEY" and "END PRIVATE KEY" (PKCS#8), as one
// standard PEM block. It returns what is wrong, worded to follow the key's
// name ("OKTA_OAUTH2_PRIVATE_KEY_PEM is a PKCS#1 key …"), or "". It never
// quotes key material.
func PEMProblem(text string) string {
	switch {
	case strings.Contains(text, "BEGIN RSA PRIVATE KEY"):
		return "is a PKCS#1 key (\"-----BEGIN RSA PRIVATE KEY-----\"); Tako reads only PKCS#8 (\"-----BEGIN PRIVATE KEY-----\") and will refuse it"
	case strings.Contains(text, "BEGIN EC PRIVATE KEY"):
		return "is an EC key in SEC 1 form; Tako reads only RSA keys in PKCS#8 form (\"-----BEGIN PRIVATE KEY-----\")"
	case !strings.Contains(text, "-----BEGIN PRIVATE KEY-----") || !strings.Contains(text, "-----END PRIVATE KEY-----"):
		return "is not a PEM block (it looks like a JWK or bare base64); Tako reads only PKCS#8 PEM (\"-----BEGIN PRIVATE KEY-----\") and will refuse it"
	case strings.Count(text, "-----BEGIN") != 1:
		return "holds more than one PEM block; Tako needs the private key alone"
	}
	block, rest := pem.Decode([]byte(text))
	if block == nil || block.Type != "PRIVATE KEY" || len(block.Headers) > 0 || strings.TrimSpace(string(rest)) != "" {
		return "is not laid out as a standard PEM (real line breaks, nothing around it), which Tako needs"
	}
	return ""
}
