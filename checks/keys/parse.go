package keys

import (
	"crypto"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/x509"
	"encoding/base64"
	"fmt"
	"regexp"
	"strings"
)

// Parse reads a private key pasted or loaded in any of the forms an admin is
// likely to have: PKCS#8 PEM, PKCS#1 PEM, SEC 1 (EC) PEM, a bare base64 DER
// body, or a private JWK as Okta's "Generate new key" shows it (alone, with a
// kid, or as a JWKS {"keys":[…]} holding one private key).
//
// It tolerates CRLF line ends, surrounding whitespace and quotes, literal \n
// escapes (a key copied out of a JSON or .env value), a whole .env line
// (KEY="-----BEGIN …"), and a PEM pasted as one line with spaces where the
// newlines were.
//
// Errors are *KeyError values that say what was given and what to do instead;
// they never contain key material. Parse does not apply Tako's rules (RSA,
// 2048 bits): Normalize does.
func Parse(input string) (crypto.PrivateKey, error) {
	k, _, err := parse(input)
	return k, err
}

// maxInput bounds what the parser looks at: the largest key with a
// certificate chain is far smaller, and a bound keeps a mistaken paste (a
// log file) from costing seconds of RSA validation.
const maxInput = 256 << 10

// parse is Parse that also returns the kid of a pasted JWK ("" otherwise).
func parse(input string) (crypto.PrivateKey, string, error) {
	if len(input) > maxInput {
		return nil, "", keyErr(ErrMalformed, fmt.Sprintf("This text is too long to be a private key (%d KiB; an RSA 4096-bit key is under 4 KiB). Paste only the key.", len(input)/1024))
	}
	text := clean(input)
	switch {
	case text == "":
		return nil, "", keyErr(ErrEmpty, "No private key given: paste the private key (a PEM block starting with -----BEGIN PRIVATE KEY----- or the private key JSON from Okta), or give the path of the key file.")
	case strings.HasPrefix(text, "{") || strings.HasPrefix(text, "["):
		return parseJWK(text)
	case strings.Contains(text, "-----BEGIN") || strings.Contains(text, "-----END"):
		k, err := parsePEMText(text)
		return k, "", err
	case strings.HasPrefix(text, "PuTTY-User-Key-File"):
		return nil, "", keyErr(ErrUnsupported, "This is a PuTTY (.ppk) key, which tako-setup cannot read. Convert it with: puttygen key.ppk -O private-openssh -o key.pem   then use key.pem.")
	case isSSHPublicKey(text):
		return nil, "", keyErr(ErrPublicKey, "This is an SSH public key, not the private key Tako signs with. "+advicePrivateIs)
	}
	if der, ok := bareBase64(text); ok {
		k, err := parseDER(der, "")
		return k, "", err
	}
	return nil, "", keyErr(ErrMalformed, "This is not a private key. Paste the whole key, from -----BEGIN PRIVATE KEY----- to -----END PRIVATE KEY-----, or the private key JSON (with \"kty\": \"RSA\" and \"d\") that Okta showed when it generated the key.")
}

var (
	// envAssignment matches a pasted .env line's "KEY=" prefix.
	envAssignment = regexp.MustCompile(`^(?:export\s+)?[A-Za-z_][A-Za-z0-9_]*\s*=\s*`)
	// surroundQuotes are characters stripped from both ends of a paste.
	surroundQuotes = "\"'`"
)

// clean undoes the usual damage done to a key by copying it around.
func clean(s string) string {
	s = strings.TrimPrefix(s, "\ufeff")
	s = strings.TrimSpace(s)
	if m := envAssignment.FindString(s); m != "" && len(s) > len(m) && strings.ContainsAny(s[len(m):len(m)+1], surroundQuotes+"-{") {
		s = s[len(m):]
	}
	// Stray quotes and trailing punctuation from a JSON or YAML value.
	for {
		t := strings.TrimSpace(strings.TrimRight(strings.TrimLeft(s, surroundQuotes), surroundQuotes+",;"))
		if t == s {
			break
		}
		s = t
	}
	if !strings.HasPrefix(s, "{") && !strings.HasPrefix(s, "[") {
		// Literal escapes, as in a key copied out of a JSON string or a
		// single-line .env value. Base64 never contains a backslash.
		// Doubly escaped first (\\n, from a JSON string inside JSON).
		for _, esc := range []string{`\\r\\n`, `\\n`, `\\r`, `\r\n`, `\n`, `\r`} {
			s = strings.ReplaceAll(s, esc, "\n")
		}
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.TrimSpace(s)
}

func isSSHPublicKey(s string) bool {
	for _, p := range []string{"ssh-rsa ", "ssh-ed25519 ", "ssh-dss ", "ecdsa-sha2-", "sk-ssh-", "sk-ecdsa-"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// bareBase64 recognises a PEM body pasted without its BEGIN/END lines.
func bareBase64(s string) ([]byte, bool) {
	compact := stripSpace(s)
	if len(compact) < 100 {
		return nil, false
	}
	for _, r := range compact {
		if !isBase64Char(r) {
			return nil, false
		}
	}
	der, err := decodeBase64(compact)
	return der, err == nil
}

func isBase64Char(r rune) bool {
	return r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '+' || r == '/' || r == '='
}

func stripSpace(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\t', '\n', '\r', '\v', '\f':
			return -1
		}
		return r
	}, s)
}

func decodeBase64(s string) ([]byte, error) {
	if der, err := base64.StdEncoding.DecodeString(s); err == nil {
		return der, nil
	}
	return base64.RawStdEncoding.DecodeString(strings.TrimRight(s, "="))
}

// pemBlock matches one armoured block, whatever whitespace separates its
// parts (a key pasted as one line keeps only spaces).
var pemBlock = regexp.MustCompile(`(?s)-----BEGIN ([A-Z0-9 ]+?)-----(.*?)-----END ([A-Z0-9 ]+?)-----`)

type block struct {
	label string
	body  string
}

func parsePEMText(text string) (crypto.PrivateKey, error) {
	matches := pemBlock.FindAllStringSubmatch(text, -1)
	if len(matches) == 0 {
		if strings.Contains(text, "-----BEGIN") {
			return nil, keyErr(ErrMalformed, "The key is cut off: there is no -----END … line. Copy the whole key again, from the -----BEGIN line to the -----END line.")
		}
		return nil, keyErr(ErrMalformed, "The key is cut off: there is no -----BEGIN … line. Copy the whole key again, from the -----BEGIN line to the -----END line.")
	}
	var private, public []block
	var others []string
	for _, m := range matches {
		b := block{label: m[1], body: m[2]}
		if m[1] != m[3] {
			return nil, keyErr(ErrMalformed, fmt.Sprintf("The PEM block starts with BEGIN %s but ends with END %s: two keys got mixed while copying. Copy the key again.", m[1], m[3]))
		}
		switch {
		case strings.HasSuffix(b.label, "PRIVATE KEY"):
			private = append(private, b)
		case strings.Contains(b.label, "PUBLIC KEY") || strings.Contains(b.label, "CERTIFICATE") && !strings.Contains(b.label, "REQUEST"):
			public = append(public, b)
		case b.label == "EC PARAMETERS":
			// openssl ecparam -genkey writes this before the key; ignore it.
		default:
			others = append(others, b.label)
		}
	}
	switch {
	case len(private) > 1:
		return nil, keyErr(ErrAmbiguous, fmt.Sprintf("The text holds %d private keys; paste only the one Tako should use.", len(private)))
	case len(private) == 1:
		return parsePrivateBlock(private[0])
	case len(public) > 0:
		return nil, publicBlockError(public[0].label)
	case len(others) > 0:
		return nil, keyErr(ErrMalformed, fmt.Sprintf("This PEM block is a %s, not a private key. Paste the private key (-----BEGIN PRIVATE KEY-----).", strings.ToLower(others[0])))
	}
	return nil, keyErr(ErrMalformed, "This PEM text holds no private key. Paste the private key (-----BEGIN PRIVATE KEY-----).")
}

func publicBlockError(label string) error {
	switch {
	case strings.Contains(label, "CERTIFICATE"):
		return keyErr(ErrPublicKey, "This is a certificate, which holds only the public key. Tako needs the private key. "+advicePrivateIs)
	default:
		return keyErr(ErrPublicKey, "This is a public key (-----BEGIN "+label+"-----). Tako needs the private key, which stays with you; Okta gets the public one. "+advicePrivateIs)
	}
}

const decryptAdvice = "Tako cannot use a key protected by a passphrase. Decrypt a copy with:  openssl pkey -in enc.pem -out key.pem  (it asks for the passphrase; then chmod 600 key.pem) and use key.pem."

func parsePrivateBlock(b block) (crypto.PrivateKey, error) {
	switch b.label {
	case "ENCRYPTED PRIVATE KEY":
		return nil, keyErr(ErrEncrypted, "The private key is encrypted (BEGIN ENCRYPTED PRIVATE KEY). "+decryptAdvice)
	case "OPENSSH PRIVATE KEY":
		return nil, keyErr(ErrUnsupported, "This is an OpenSSH-format key, which Tako cannot read. Convert a copy to PKCS#8 with:  cp id_rsa key.pem && ssh-keygen -p -N \"\" -m PKCS8 -f key.pem   and use key.pem (Tako needs an RSA key).")
	case "DSA PRIVATE KEY":
		return nil, keyErr(ErrNotRSA, "This is a DSA key. Tako signs with RS256 only, so it needs an RSA key of at least 2048 bits. "+adviceGenerate)
	}
	body := b.body
	if strings.Contains(body, "Proc-Type:") || strings.Contains(body, "DEK-Info:") {
		if strings.Contains(body, "ENCRYPTED") {
			return nil, keyErr(ErrEncrypted, "The private key is encrypted (Proc-Type: 4,ENCRYPTED). "+decryptAdvice)
		}
		// Other headers carry nothing we need: drop "Name: value" lines.
		var kept []string
		for _, line := range strings.Split(body, "\n") {
			if !strings.Contains(line, ":") {
				kept = append(kept, line)
			}
		}
		body = strings.Join(kept, "\n")
	}
	der, err := decodeBase64(stripSpace(body))
	if err != nil || len(der) == 0 {
		return nil, keyErr(ErrMalformed, "The key's base64 text is damaged (part of it may have been lost or changed while copying). Copy the whole key again, from the -----BEGIN line to the -----END line.")
	}
	return parseDER(der, b.label)
}

// parseDER tries the encodings a private key's DER can have, the label's own
// first, since labels are sometimes wrong.
func parseDER(der []byte, label string) (crypto.PrivateKey, error) {
	if k, err := x509.ParsePKCS8PrivateKey(der); err == nil {
		return k, nil
	} else if isTooSmall(err) {
		return nil, tooSmallError(0)
	}
	if k, err := x509.ParsePKCS1PrivateKey(der); err == nil {
		return k, nil
	} else if isTooSmall(err) {
		return nil, tooSmallError(0)
	}
	if k, err := x509.ParseECPrivateKey(der); err == nil {
		return k, nil
	}
	if label == "" || label == "PRIVATE KEY" {
		// A bare base64 body may be an encrypted PKCS#8, a public key or a
		// certificate: say which.
		if _, err := x509.ParsePKIXPublicKey(der); err == nil {
			return nil, publicBlockError("PUBLIC KEY")
		}
		if _, err := x509.ParsePKCS1PublicKey(der); err == nil {
			return nil, publicBlockError("RSA PUBLIC KEY")
		}
		if _, err := x509.ParseCertificate(der); err == nil {
			return nil, publicBlockError("CERTIFICATE")
		}
	}
	return nil, keyErr(ErrMalformed, "The key data is damaged or not a private key tako-setup can read (it is not PKCS#8, PKCS#1 or SEC 1). Copy the key again, or convert it with:  openssl pkey -in old.pem -out key.pem")
}

// isTooSmall recognises crypto/rsa's refusal to load keys below its own
// minimum (1024 bits), which we report as "too small" rather than "damaged".
func isTooSmall(err error) bool {
	return err != nil && strings.Contains(err.Error(), "insecure")
}

func tooSmallError(bits int) error {
	size := "under 1024 bits"
	if bits > 0 {
		size = fmt.Sprintf("%d bits", bits)
	}
	return keyErr(ErrTooSmall, fmt.Sprintf("This RSA key is %s; Okta and Tako need at least %d. %s", size, MinBits, adviceGenerate))
}

// describeNonRSA names a non-RSA key for an error message.
func describeNonRSA(k crypto.PrivateKey) string {
	switch k := k.(type) {
	case *ecdsa.PrivateKey:
		return "an EC (" + k.Curve.Params().Name + ")"
	case ed25519.PrivateKey, *ed25519.PrivateKey:
		return "an Ed25519"
	case *ecdh.PrivateKey:
		return "an X25519/ECDH"
	default:
		return fmt.Sprintf("a %T", k)
	}
}
