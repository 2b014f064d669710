package wizard

import (
	"crypto/sha256"

	"github.com/fctr-id/tako-setup/steps"
)

// fieldErrors are the validation messages shown under fields. A message
// stands for the state it was about: the field's text and the answer the
// machine holds for its input. Once either changes (typed, pasted, or
// filled by the demo console — which sets the answer of a secret without
// putting it in the field), it no longer applies and is dropped, so a
// stale ✗ never sits above a ✓.
//
// That state is kept as a hash only: it may hold a secret.
type fieldErrors map[string]fieldError

type fieldError struct {
	text  string
	value [sha256.Size]byte
}

// set records text as the error of f, in its current state.
func (fe fieldErrors) set(f field, a *steps.Answers, text string) {
	fe[f.Input().Key] = fieldError{text: text, value: stateOf(f, a)}
}

// stateOf is what an error is about: the field's text, and the answer's
// value (a mask for secrets).
func stateOf(f field, a *steps.Answers) [sha256.Size]byte {
	answer := ""
	if in := f.Input(); in.Value != nil {
		answer = in.Value(a)
	}
	return sha256.Sum256([]byte(f.Value() + "\x00" + answer))
}

// forField is the message to show under f ("" when none still applies).
func (fe fieldErrors) forField(f field, a *steps.Answers) string {
	e, ok := fe[f.Input().Key]
	if !ok || e.value != stateOf(f, a) {
		return ""
	}
	return e.text
}

// dropStale forgets the messages whose field is in another state now, or
// is gone.
func (fe fieldErrors) dropStale(fields []field, a *steps.Answers) {
	for key := range fe {
		stale := true
		for _, f := range fields {
			if f.Input().Key == key {
				stale = fe.forField(f, a) == ""
				break
			}
		}
		if stale {
			delete(fe, key)
		}
	}
}
