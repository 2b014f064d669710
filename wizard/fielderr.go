package wizard

import "crypto/sha256"

// fieldErrors are the validation messages shown under fields. A message
// stands for the value that was refused: once the field holds anything
// else (typed, pasted, or filled by the demo console), it no longer
// applies and is dropped, so a stale ✗ never sits above a ✓.
//
// The refused value is kept as a hash only: it may be a secret.
type fieldErrors map[string]fieldError

type fieldError struct {
	text  string
	value [sha256.Size]byte
}

// set records text as the error of the field keyed key, holding value.
func (fe fieldErrors) set(key, text, value string) {
	fe[key] = fieldError{text: text, value: sha256.Sum256([]byte(value))}
}

// forField is the message to show under f ("" when none still applies).
func (fe fieldErrors) forField(f field) string {
	e, ok := fe[f.Input().Key]
	if !ok || e.value != sha256.Sum256([]byte(f.Value())) {
		return ""
	}
	return e.text
}

// dropStale forgets the messages whose field now holds another value, or
// is gone.
func (fe fieldErrors) dropStale(fields []field) {
	for key := range fe {
		stale := true
		for _, f := range fields {
			if f.Input().Key == key {
				stale = fe.forField(f) == ""
				break
			}
		}
		if stale {
			delete(fe, key)
		}
	}
}
