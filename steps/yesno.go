package steps

import (
	"errors"
	"strings"
)

// YesNoDefault is what an empty answer to a yes/no question means.
type YesNoDefault int

// The defaults of a yes/no question.
const (
	// NoDefault refuses an empty answer: the person must say yes or no.
	NoDefault YesNoDefault = iota
	// DefaultYes takes an empty answer as yes.
	DefaultYes
	// DefaultNo takes an empty answer as no.
	DefaultNo
)

// ErrNotYesNo is the refusal of an answer that is neither yes nor no.
var ErrNotYesNo = errors.New("answer yes or no")

// ParseYesNo reads a person's (or a flag's, or a variable's) answer to a
// yes/no question. It is the one meaning of yes and no for every front end
// — the TUI, accessible mode, the non-interactive prompt and the --yes
// switch and its variable — so that "no" means no everywhere:
// "yes", "y", "true", "t", "on", "1" are yes and "no", "n", "false", "f",
// "off", "0" are no, in any case, spaces around ignored. An empty answer is
// def (refused with ErrNotYesNo when def is NoDefault); anything else is
// refused with ErrNotYesNo, never taken as either.
func ParseYesNo(answer string, def YesNoDefault) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(answer)) {
	case "yes", "y", "true", "t", "on", "1":
		return true, nil
	case "no", "n", "false", "f", "off", "0":
		return false, nil
	case "":
		switch def {
		case DefaultYes:
			return true, nil
		case DefaultNo:
			return false, nil
		}
	}
	return false, ErrNotYesNo
}
