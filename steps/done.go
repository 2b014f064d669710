package steps

import (
	"errors"
	"fmt"

	"github.com/fctr-id/tako-setup/checks"
)

// doneStep re-reads the written file from disk and runs every check on it,
// the way `tako-setup check` would, then says what to run next.
func doneStep() Step {
	return Step{
		ID:      Done,
		Title:   "Done",
		Role:    Final,
		Applies: func(a *Answers) bool { return a.Method != "" },
		Prepare: func(e Env, a *Answers) error {
			if a.Written == nil {
				return errors.New("nothing was written")
			}
			if e.ReadBack == nil {
				return errors.New("re-reading the .env is not available here")
			}
			back, err := e.ReadBack(a.Written.Path)
			if err != nil {
				return fmt.Errorf("re-reading %s: %w", a.Written.Path, err)
			}
			// Check the file's credentials, not the ones in memory.
			a.Settings, a.Key, a.Granted = back.Settings, back.Key, nil
			return nil
		},
		CheckOnEnter: true,
		Absorb: func(a *Answers, r checks.Report) {
			a.Final = &r
		},
	}
}
