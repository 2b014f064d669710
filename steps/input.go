package steps

import "strings"

// Kind is how an input is entered.
type Kind int

// The input kinds.
const (
	// Text is one line of plain text.
	Text Kind = iota
	// Secret is one line that is never echoed (an API token).
	Secret
	// SecretText is a multi-line secret (a PEM or JWK private key). Front
	// ends must validate it as a whole, never line by line.
	SecretText
	// Path is a file name.
	Path
	// Choice picks one of Choices.
	Choice
	// Confirm is yes/no ("yes" or "no").
	Confirm
	// Number is a positive integer.
	Number
)

// IsSecret reports whether values of this kind must never be shown.
func (k Kind) IsSecret() bool { return k == Secret || k == SecretText }

// Option is one option of a Choice input.
type Option struct {
	// Value is what Set receives (and what a flag value spells).
	Value string
	Label string
	// Note is a one-line explanation shown next to the label.
	Note string
	// Flag, when set, selects this option in non-interactive mode when that
	// (boolean or valued) flag is given — e.g. the "generate" key source is
	// chosen by --generate-key, the "file" source by --private-key-file.
	Flag string
	// Available says whether the option can be offered for these answers
	// (e.g. "keep the current key" only when there is one); nil = always.
	Available func(a *Answers) bool
}

// Input is one answer a step needs. It carries everything any front end
// needs to obtain it: a label and help for people, a flag and environment
// variable for scripts, a validator, and a setter that stores it.
type Input struct {
	// Key is stable and unique within the graph (used in tests and logs).
	Key   string
	Label string
	// LabelFor, when set, words the label for these answers (naming what
	// the question is about); front ends ask with LabelOf. Label stays the
	// general wording (flag help, logs).
	LabelFor func(a *Answers) string
	// Help is one or two sentences shown under the field.
	Help string
	// HelpFor, when set, words the help for these answers (HelpOf).
	HelpFor func(a *Answers) string
	Kind    Kind
	// Choices for Kind == Choice.
	Choices []Option
	// Placeholder is an example value shown in an empty field.
	Placeholder string
	// Flag is the long flag (without dashes) that supplies the value in
	// non-interactive mode; "" when only a person answers it (or, for a
	// Choice, when the options' own Flag fields decide).
	Flag string
	// Env is the environment twin of Flag (TAKO_SETUP_…); flags win.
	Env string
	// FlagIsFile means the flag names a file whose contents are the value
	// ("-" = stdin): secrets are never accepted as flag values.
	FlagIsFile bool
	// Required inputs must have a value before the step's checks can run.
	Required bool
	// FlagOnly inputs are not asked of a person (their Default stands); a
	// flag can still override them. Example: the scope list.
	FlagOnly bool
	// Applies says whether the input is asked for these answers; nil = always.
	Applies func(a *Answers) bool
	// Default is the value proposed when the input has no value yet.
	Default func(a *Answers) string
	// Value returns the current answer as a string ("" = unanswered). For
	// secret kinds it returns a non-empty mask, never the value.
	Value func(a *Answers) string
	// Validate checks a value without storing it (cheap, pure, whole-value).
	Validate func(v string) error
	// Set validates and stores the value. It may use Env (to read a file).
	Set func(e Env, a *Answers, v string) error
}

// AppliesTo reports whether the input is asked for a.
func (in Input) AppliesTo(a *Answers) bool { return in.Applies == nil || in.Applies(a) }

// LabelOf is the label to show for a: LabelFor's wording, else Label.
func (in Input) LabelOf(a *Answers) string {
	if in.LabelFor != nil {
		if l := in.LabelFor(a); l != "" {
			return l
		}
	}
	return in.Label
}

// HelpOf is the help to show for a: HelpFor's wording, else Help.
func (in Input) HelpOf(a *Answers) string {
	if in.HelpFor != nil {
		if h := in.HelpFor(a); h != "" {
			return h
		}
	}
	return in.Help
}

// Proposed returns the value a front end should pre-fill: the current
// answer for non-secret kinds, else the default.
func (in Input) Proposed(a *Answers) string {
	if !in.Kind.IsSecret() && in.Value != nil {
		if v := in.Value(a); v != "" {
			return v
		}
	}
	if in.Default != nil {
		return in.Default(a)
	}
	return ""
}

// Check runs Validate (if any) on v.
func (in Input) Check(v string) error {
	if in.Validate == nil {
		return nil
	}
	return in.Validate(v)
}

// OptionsFor returns the options available for a.
func (in Input) OptionsFor(a *Answers) []Option {
	var out []Option
	for _, o := range in.Choices {
		if o.Available == nil || o.Available(a) {
			out = append(out, o)
		}
	}
	return out
}

// OptionFor finds a Choice option by value (case-insensitive, "-" and "_"
// equivalent).
func (in Input) OptionFor(v string) (Option, bool) {
	norm := func(s string) string {
		return strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), "_", "-")
	}
	for _, o := range in.Choices {
		if norm(o.Value) == norm(v) {
			return o, true
		}
	}
	return Option{}, false
}

// NextUndone is the first of ins not yet in done (by Key). Front ends set a
// step's inputs with it, re-reading the active inputs after each Set: an
// answer may open or close the inputs after it.
func NextUndone(ins []Input, done map[string]bool) (Input, bool) {
	for _, in := range ins {
		if !done[in.Key] {
			return in, true
		}
	}
	return Input{}, false
}
