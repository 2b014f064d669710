package steps

import (
	"errors"
	"testing"
)

func TestParseYesNo(t *testing.T) {
	for _, c := range []struct {
		in      string
		def     YesNoDefault
		yes, ok bool
	}{
		{"yes", NoDefault, true, true}, {"Y", NoDefault, true, true}, {" true ", NoDefault, true, true},
		{"1", NoDefault, true, true}, {"on", NoDefault, true, true}, {"t", NoDefault, true, true},
		{"no", DefaultYes, false, true}, {"N", DefaultYes, false, true}, {"false", DefaultYes, false, true},
		{"0", DefaultYes, false, true}, {"off", DefaultYes, false, true}, {" NO ", DefaultYes, false, true},
		{"", DefaultYes, true, true}, {"", DefaultNo, false, true}, {"  ", DefaultNo, false, true},
		{"", NoDefault, false, false}, {"yeah", DefaultYes, false, false}, {"nope", DefaultNo, false, false},
		{"2", DefaultYes, false, false}, {"yes please", DefaultNo, false, false},
	} {
		yes, err := ParseYesNo(c.in, c.def)
		if c.ok != (err == nil) || (err != nil && !errors.Is(err, ErrNotYesNo)) || yes != c.yes {
			t.Errorf("ParseYesNo(%q, %d) = %v, %v; want %v, ok=%v", c.in, c.def, yes, err, c.yes, c.ok)
		}
	}
}

// The review's confirmation means no when the person says no, whatever
// the proposal was (a new file proposes yes).
func TestReviewConfirmNoIsNo(t *testing.T) {
	in := reviewStep().Inputs[1]
	a := &Answers{Confirmed: true}
	for _, no := range []string{"no", "n", "NO", "false", "0"} {
		a.Confirmed = true
		if err := in.Set(Env{}, a, no); err != nil || a.Confirmed {
			t.Errorf("Set(%q): confirmed=%v err=%v", no, a.Confirmed, err)
		}
	}
	if err := in.Set(Env{}, a, ""); err == nil {
		t.Error("an empty confirmation was taken")
	}
}
