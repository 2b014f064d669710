package steps

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
				// No default here: consent is the person's answer (or
				// --yes), never a default applied on their behalf.
				yes, err := ParseYesNo(v, NoDefault)
				if err != nil {
					return err
				}
				a.Confirmed = yes
				return nil
			},
		}},
	}
}

func validYesNo(v string) error {
	_, err := ParseYesNo(v, NoDefault)
	return err
}
