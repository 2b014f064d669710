package steps

import "errors"

// writeStep writes the .env atomically, keeping a backup of the old file
// and every variable that is not ours. Its work is Env.WriteEnv.
func writeStep() Step {
	return Step{
		ID:      Write,
		Title:   "Write .env",
		Role:    WriteRole,
		Applies: func(a *Answers) bool { return a.Method != "" },
		Prepare: func(e Env, a *Answers) error {
			if !a.Confirmed {
				return errors.New("the changes were not confirmed")
			}
			if e.WriteEnv == nil {
				return errors.New("writing the .env is not available here")
			}
			res, err := e.WriteEnv(a)
			if err != nil {
				return err
			}
			a.Written = &res
			return nil
		},
	}
}
