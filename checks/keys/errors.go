package keys

import "errors"

// Sentinel errors. Every error from Parse, Normalize and Load that is about
// the key itself is a *KeyError whose Unwrap returns one of these, so callers
// can tell the cases apart with errors.Is.
var (
	// ErrEmpty: nothing was given.
	ErrEmpty = errors.New("no private key given")
	// ErrEncrypted: the key is protected by a passphrase.
	ErrEncrypted = errors.New("private key is encrypted")
	// ErrPublicKey: a public key or a certificate was given instead of the
	// private key.
	ErrPublicKey = errors.New("public key given instead of the private key")
	// ErrNotRSA: an EC, Ed25519 or other non-RSA key (Tako signs RS256 only).
	ErrNotRSA = errors.New("not an RSA key")
	// ErrTooSmall: an RSA key shorter than MinBits.
	ErrTooSmall = errors.New("RSA key too small")
	// ErrUnsupported: a private key in a format tako-setup does not read
	// (OpenSSH, PuTTY), with advice on converting it.
	ErrUnsupported = errors.New("unsupported private key format")
	// ErrMalformed: something that is not a private key, or a damaged one.
	ErrMalformed = errors.New("not a readable private key")
	// ErrAmbiguous: more than one private key in the input.
	ErrAmbiguous = errors.New("more than one private key")
)

// KeyError explains why a key was refused, in words meant for the user. Its
// message never contains key material.
type KeyError struct {
	// Kind is one of the sentinel errors above.
	Kind error
	// Reason is the full explanation shown to the user.
	Reason string
}

func (e *KeyError) Error() string { return e.Reason }

// Unwrap returns the sentinel, so errors.Is(err, keys.ErrEncrypted) works.
func (e *KeyError) Unwrap() error { return e.Kind }

func keyErr(kind error, reason string) error { return &KeyError{Kind: kind, Reason: reason} }

// Advice reused by several errors.
const (
	adviceGenerate  = "Generate a new key pair with `tako-setup keygen`, or in the Okta app under Public Keys choose Add key > Generate new key."
	advicePrivateIs = "The private key is the other half of the pair: the .pem file you generated together with this public key (for example with `tako-setup keygen` or openssl), or, for a key generated in Okta, the private key JSON that Okta showed once when you clicked Generate new key. Okta does not keep it; if it is lost, generate a new key."
)
