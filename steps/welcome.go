package steps

import "github.com/fctr-id/tako-setup/checks/takoenv"

// welcomeStep says what will happen. When a .env already exists it is
// summarised (masked) and the user chooses to check it, rotate its
// credential, or set up again.
func welcomeStep() Step {
	return Step{
		ID:    Welcome,
		Title: "Welcome",
		Role:  Intro,
		Inputs: []Input{{
			Key:   "start",
			Label: "What would you like to do?",
			Kind:  Choice,
			Choices: []Option{
				{Value: string(StartCheck), Label: "Check it", Note: "re-check the existing .env live against Okta"},
				{Value: string(StartRotate), Label: "Rotate its credential", Note: "new key or token without breaking Tako"},
				{Value: string(StartSetup), Label: "Set up again", Note: "walk every step; existing values are proposed"},
			},
			Applies:  func(a *Answers) bool { return a.Existing != nil },
			Required: true,
			Default:  func(*Answers) string { return string(StartCheck) },
			Value:    func(a *Answers) string { return string(a.Start) },
			Validate: func(v string) error { return oneOf(v, StartCheck, StartRotate, StartSetup) },
			Set: func(_ Env, a *Answers, v string) error {
				if err := oneOf(v, StartCheck, StartRotate, StartSetup); err != nil {
					return err
				}
				a.Start = Start(v)
				if a.Start == StartSetup {
					// Setting up again rewrites every Okta key in the form
					// Tako needs: what the file got wrong no longer counts
					// (what the writer cannot fix stays).
					a.Answered(takoenv.OktaKeys...)
				}
				return nil
			},
		}},
	}
}
