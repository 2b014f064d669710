// Package secret holds credentials in a type that never prints itself.
//
// A Secret's String, GoString, Format, LogValue and JSON forms are all masked,
// so a secret that reaches a log line, an error message or a JSON document by
// accident shows as a short mask instead of its value. The value is read only
// through Reveal, which makes every place that needs the cleartext explicit.
package secret

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
)

// Secret is a credential (API token, private key PEM) that masks itself.
type Secret struct {
	value string
}

// New wraps a value as a Secret.
func New(value string) Secret { return Secret{value: value} }

// Reveal returns the cleartext. Call it only where the value is sent to Okta or
// written to the .env file.
func (s Secret) Reveal() string { return s.value }

// IsZero reports whether the secret is empty.
func (s Secret) IsZero() bool { return s.value == "" }

// Mask is what every printing form shows: "(empty)", or "…" followed by the
// last four characters when the value is long enough that they reveal little.
func (s Secret) Mask() string {
	switch {
	case s.value == "":
		return "(empty)"
	case len(s.value) < 20:
		return "********"
	default:
		return "…" + s.value[len(s.value)-4:]
	}
}

// Fingerprint is a short, stable, non-reversible identifier of the value
// (the first 8 hex digits of its SHA-256), for telling two secrets apart in a
// diff without showing either.
func (s Secret) Fingerprint() string {
	if s.value == "" {
		return "(empty)"
	}
	sum := sha256.Sum256([]byte(s.value))
	return "sha256:" + hex.EncodeToString(sum[:4])
}

// String implements fmt.Stringer with the mask.
func (s Secret) String() string { return s.Mask() }

// GoString implements fmt.GoStringer with the mask, so %#v is safe too.
func (s Secret) GoString() string { return "secret.Secret(" + s.Mask() + ")" }

// Format implements fmt.Formatter so that every verb (%s, %v, %q, %x, %d …)
// prints the mask.
func (s Secret) Format(f fmt.State, verb rune) {
	if verb == 'q' {
		fmt.Fprintf(f, "%q", s.Mask())
		return
	}
	_, _ = f.Write([]byte(s.Mask()))
}

// LogValue implements slog.LogValuer with the mask.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.Mask()) }

// MarshalJSON writes the mask, never the value.
func (s Secret) MarshalJSON() ([]byte, error) { return []byte(fmt.Sprintf("%q", s.Mask())), nil }

// MarshalText writes the mask, never the value.
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.Mask()), nil }
