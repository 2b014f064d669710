package steps

import (
	"errors"
	"fmt"
	"strings"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/provision"
	"github.com/fctr-id/tako-setup/checks/secret"
	"github.com/fctr-id/tako-setup/checks/takoenv"
)

// The automatic branch's steps (docs/okta-automation.md): the method step's
// third choice hands the console steps to tako-setup, which makes them
// through Okta's API with a temporary Super Administrator token.
const (
	AdminToken ID = "admin-token"
	Automatic  ID = "automatic"
)

// methodAutomatic is the method step's value for the automatic branch.
const methodAutomatic = "automatic"

// AutoAnswers is what the automatic branch asks and learns.
type AutoAnswers struct {
	// On: the method step's choice was "let tako-setup do the console steps".
	On bool
	// AdminToken is the temporary Super Administrator token; memory only,
	// dropped once the run ends (it is revoked by then).
	AdminToken secret.Secret
	// AppLabel is the app's label (default provision.DefaultLabel).
	AppLabel string
	// Result is what the run did (nil before it ran).
	Result *provision.Result
}

// autoPath are the steps of the automatic branch, in order; every other
// step is off its path (steps.AppliesTo).
var autoPath = []ID{Welcome, OrgURL, Method, AdminToken, Automatic, Done}

// onAutoPath reports whether step id is on the automatic branch.
func onAutoPath(id ID) bool {
	for _, p := range autoPath {
		if p == id {
			return true
		}
	}
	return false
}

// adminTokenStep asks for the temporary Super Administrator token (typed
// masked, or --admin-token-file) and the app's label. Submitting it starts
// the changes in Okta; the step's help lists them first.
func adminTokenStep() Step {
	return Step{
		ID:      AdminToken,
		Title:   "Admin token",
		Applies: func(a *Answers) bool { return a.Auto.On },
		Inputs: []Input{{
			Key:        "admin-token",
			Label:      "Temporary Super Administrator API token",
			Help:       "Enter starts the changes in Okta. Never shown or saved; revoked at the end.",
			Kind:       Secret,
			Flag:       "admin-token-file",
			Env:        "TAKO_SETUP_ADMIN_TOKEN_FILE",
			FlagIsFile: true,
			Required:   true,
			Value:      func(a *Answers) string { return masked(a.Auto.AdminToken) },
			Validate:   validToken,
			Set: func(_ Env, a *Answers, v string) error {
				if err := validToken(v); err != nil {
					return err
				}
				a.Auto.AdminToken = secret.New(checks.NormalizeToken(v))
				return nil
			},
		}, {
			Key:   "app-label",
			Label: "Label of Tako's app in Okta",
			Help:  "An app with exactly this label is reused, else one is created. An app id picks that app.",
			Kind:  Text,
			Flag:  "app-label",
			Env:   "TAKO_SETUP_APP_LABEL",
			Value: func(a *Answers) string { return a.Auto.AppLabel },
			Default: func(*Answers) string {
				return provision.DefaultLabel
			},
			Validate: validLabel,
			Set: func(_ Env, a *Answers, v string) error {
				if err := validLabel(v); err != nil {
					return err
				}
				a.Auto.AppLabel = strings.TrimSpace(v)
				return nil
			},
		}, replaceEnvInput()},
	}
}

// replaceEnvInput asks before the automatic setup writes over an existing
// .env: the person's yes (or --yes), never a default. It is asked with the
// token, before anything changes in Okta; its help is the change list.
func replaceEnvInput() Input {
	return Input{
		Key:      "replace-env",
		Label:    "Replace the existing .env when Okta is set up?",
		LabelFor: replaceEnvLabel,
		Help:     "Nothing is written without your yes. The old file is kept as a backup; lines that are not Okta's stay as they are.",
		HelpFor:  replaceEnvChanges,
		Kind:     Confirm,
		Flag:     "yes",
		Env:      "TAKO_SETUP_YES",
		Required: true,
		Applies:  func(a *Answers) bool { return a.Existing != nil },
		Value: func(a *Answers) string {
			if a.Confirmed {
				return "yes"
			}
			return ""
		},
		Validate: validReplace,
		Set: func(_ Env, a *Answers, v string) error {
			if err := validReplace(v); err != nil {
				return err
			}
			a.Confirmed = true
			return nil
		},
	}
}

// validReplace accepts yes; no is not an answer that lets the run go on.
func validReplace(v string) error {
	yes, err := ParseYesNo(v, NoDefault)
	switch {
	case err != nil:
		return err
	case !yes:
		return errors.New("nothing is changed without your yes: answer yes to go ahead, or go back (or quit) to stop")
	}
	return nil
}

// replaceEnvLabel names the file.
func replaceEnvLabel(a *Answers) string {
	if a.Existing == nil || a.Existing.Path == "" {
		return ""
	}
	return "Replace " + a.Existing.Path + " when Okta is set up?"
}

// replaceEnvChanges is the change list: the Okta variables the automatic
// setup writes, the API token it empties, and what it keeps.
func replaceEnvChanges(a *Answers) string {
	written := strings.Join([]string{takoenv.KeyOrgURL, takoenv.KeyMethod + "=OAUTH2", takoenv.KeyClientID,
		takoenv.KeyPrivateKey + " (a key generated here)", takoenv.KeyScopes, takoenv.KeyConcurrentLimit}, ", ")
	out := "Written: " + written + "."
	if a.Existing != nil && a.Existing.HasToken && !a.KeepOtherCredential() {
		// Emptied, never deleted: Tako's settings require the line.
		out += " The API token is removed: " + takoenv.KeyAPIToken + "= stays, empty (Tako needs the line)."
	}
	kept := "Every other line is kept"
	if a.Existing != nil && a.Existing.Unrelated == 1 {
		kept = "The 1 other setting is kept"
	} else if a.Existing != nil && a.Existing.Unrelated > 1 {
		kept = fmt.Sprintf("The %d other settings are kept", a.Existing.Unrelated)
	}
	return out + " " + kept + "; the old file is kept as a backup. Nothing is written without your yes."
}

// validLabel accepts a label Okta can be sent as typed
// (provision.CheckLabel: one printable line of up to 100 characters, no
// control or bidirectional formatting characters).
func validLabel(v string) error { return provision.CheckLabel(v) }

// automaticStep runs the automatic setup (Env.Automate): each API call is
// a checklist line as it happens; the .env is written by the same writer
// as the guided branch, and the Done step then re-reads and checks it.
func automaticStep() Step {
	return Step{
		ID:           Automatic,
		Title:        "Console steps",
		Applies:      func(a *Answers) bool { return a.Auto.On },
		CheckOnEnter: true,
		Prepare: func(e Env, a *Answers) error {
			if a.Written != nil && a.Auto.Result != nil {
				return nil // done already (going back does not run it again)
			}
			if e.Automate == nil {
				return errors.New("automatic setup is not available here")
			}
			return e.Automate(a)
		},
	}
}
