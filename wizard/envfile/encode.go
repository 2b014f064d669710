package envfile

import (
	"fmt"
	"regexp"
	"strings"
)

// bareValue is what may be written without quotes: python-dotenv, compose-go
// and godotenv all read these characters literally in an unquoted value.
var bareValue = regexp.MustCompile(`^[A-Za-z0-9_./:@%+,=~-]+$`)

// alwaysQuoted keys are written double-quoted whatever their value: the
// scopes (as Tako's sample does) and the PEM (multi-line).
var alwaysQuoted = map[string]bool{KeyScopes: true, KeyPrivateKey: true}

// encodeValue returns the text written after "KEY=" so that python-dotenv,
// docker compose and godotenv all read back exactly value. Inside double
// quotes the three disagree only about backslashes, "$" and the quote itself
// (escapes and variable expansion), so values holding those are refused
// rather than escaped. Newlines are written as real newlines inside double
// quotes; a carriage return or another control character is refused.
func encodeValue(key, value string) (string, error) {
	if err := representable(key, value); err != nil {
		return "", err
	}
	if value == "" {
		return "", nil // KEY= reads as empty everywhere (OKTA_API_TOKEN under OAuth 2.0)
	}
	if !alwaysQuoted[key] && bareValue.MatchString(value) {
		return value, nil
	}
	return `"` + value + `"`, nil
}

// representable explains why value cannot be written for key, or returns nil.
// The message names the key and the character, never the value.
func representable(key, value string) error {
	if i := strings.IndexAny(value, "\"\\$"); i >= 0 {
		return fmt.Errorf("%s contains %q, which python-dotenv, docker compose and godotenv read differently; tako-setup cannot write it safely", key, value[i:i+1])
	}
	for _, r := range value {
		if r == '\n' && key == KeyPrivateKey {
			continue
		}
		if r < 0x20 || r == 0x7f {
			return fmt.Errorf("%s contains a control character (%U); tako-setup cannot write it safely", key, r)
		}
	}
	return nil
}
