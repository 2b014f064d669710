package steps

import "errors"

// reviewStep shows the masked diff of the .env (Env.Preview) and asks for
// confirmation. Replacing an existing file needs an explicit yes (--yes in
// non-interactive mode); a new file is confirmed by default. When the file
// holds the other method's secret, it first asks whether to remove it
// (the default) or keep it; the preview follows the answer.
func reviewStep() Step {
	return Step{
		ID:    Review,
		Title: "Review",
		Role:  ReviewRole,
		Applies: func(a *Answers) bool {
			return a.Method != ""
		},
		Inputs: []Input{otherCredentialInput(), {
			Key:      "confirm",
			Label:    "Write these changes?",
			Kind:     Confirm,
			Flag:     "yes",
			Env:      "TAKO_SETUP_YES",
			Required: true,
			Value: func(a *Answers) string {
				if a.Confirmed {
					return "yes"
				}
				return ""
			},
			Default: func(a *Answers) string {
				if a.Existing == nil {
					return "yes"
				}
				return ""
			},
			Validate: validYesNo,
			Set: func(_ Env, a *Answers, v string) error {
				if err := validYesNo(v); err != nil {
					return err
				}
				a.Confirmed = normChoice(v) == "yes" || normChoice(v) == "y" || normChoice(v) == "true"
				return nil
			},
		}},
	}
}

func validYesNo(v string) error {
	switch normChoice(v) {
	case "yes", "y", "true", "no", "n", "false":
		return nil
	}
	return errors.New("answer yes or no")
}
