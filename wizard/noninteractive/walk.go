package noninteractive

import (
	"fmt"
	"strings"

	"github.com/fctr-id/tako-setup/steps"
)

// walker sets the inputs of the steps on the path from Values.
type walker struct {
	cfg    *Config
	a      *steps.Answers
	used   map[string]bool
	probs  []Problem
	later  []pending
	asking bool // the confirmation is left to the caller's prompt
	// answered is true once a setting was given by flag or environment:
	// the run then sets up (the writer rewrites every Okta key as Tako
	// needs it) rather than checking the file as it stands.
	answered bool
}

// pending is an input resolved after the checks (its default is what the
// checks recommend).
type pending struct {
	step steps.Step
	in   steps.Input
}

// walk sets every input of every step on the path, in order. The path is
// re-read after each step, and a step's active inputs after each Set: an
// answer may open or close what follows (the method picks the branch, the
// key source the key file).
func (w *walker) walk() {
	g := w.cfg.graph()
	for s, ok := g.First(w.a); ok; s, ok = g.Next(w.a, s.ID) {
		if s.Role == steps.WriteRole || s.Role == steps.Final {
			continue // Plan.Write runs them
		}
		done := map[string]bool{}
		for {
			in, ok := steps.NextUndone(s.ActiveInputs(w.a), done)
			if !ok {
				break
			}
			done[in.Key] = true
			w.input(s, in)
		}
	}
	// An answer flag given empty and not read on the way (the key file of
	// a branch not taken, an option's flag) is refused too, not reported
	// as unused by the method.
	for _, f := range AnswerFlags(g) {
		if gv, ok := w.cfg.Values.Get(f.Name); ok && !f.Bool && !w.used[f.Name] && strings.TrimSpace(gv.Value) == "" {
			w.used[f.Name] = true
			w.probs = append(w.probs, Problem{Flag: f.Name, Text: fmt.Sprintf("%s is empty: give a value, or leave the flag out", gv.From)})
		}
	}
}

// input obtains one input's value: its flag, else its environment twin,
// else the answer already loaded (from an existing .env), else its default.
func (w *walker) input(s steps.Step, in steps.Input) {
	switch {
	case in.Flag == "" && optionFlags(in) == nil:
		return // asked of people only (the welcome choice, a pasted key)
	case in.Flag == "" && in.Kind == steps.Choice:
		w.choose(in)
		return
	case in.Kind == steps.Confirm:
		w.confirm(in)
		return
	}
	if g, ok := w.cfg.Values.Get(in.Flag); ok && strings.TrimSpace(g.Value) == "" {
		// Usually an unset shell variable: say so rather than fall back
		// to a default the script did not ask for.
		w.used[in.Flag] = true
		w.refuse(in, fmt.Sprintf("%s is empty: give %s, or leave the flag out", g.From, what(in)))
		return
	}
	if g, ok := w.cfg.Values.Get(in.Flag); ok {
		w.used[in.Flag] = true
		w.answered = true
		w.setGiven(in, g)
		return
	}
	if in.Value != nil && in.Value(w.a) != "" {
		if in.Flag == methodInput {
			// The method comes from the file (or is Tako's default when
			// TOKEN_METHOD is unset); the flags given may name the other
			// branch (Tako's .env.sample says API_TOKEN).
			w.pickBranch(in)
		}
		return // kept from the existing .env
	}
	if s.CheckOnEnter && in.Default != nil {
		// The default comes from the checks (the recommended limit).
		w.later = append(w.later, pending{step: s, in: in})
		return
	}
	w.setDefault(in)
}

// setGiven sets a value given by flag or environment.
func (w *walker) setGiven(in steps.Input, g Given) {
	v := g.Value
	if in.FlagIsFile || in.Kind == steps.Path {
		if steps.LooksLikeSecret(v) {
			w.refuse(in, fmt.Sprintf("%s must name a file (or - for standard input), but its value looks like the secret itself; secrets are never accepted as flag values, so put it in a file readable only by you", g.From))
			return
		}
	}
	if in.FlagIsFile {
		if w.cfg.Env.ReadFile == nil {
			w.refuse(in, fmt.Sprintf("cannot read the file given by %s: reading files is not available here", g.From))
			return
		}
		b, err := w.cfg.Env.ReadFile(v)
		if err != nil {
			w.refuse(in, fmt.Sprintf("cannot read the file given by %s: %v", g.From, err))
			return
		}
		v = string(b)
	}
	if err := in.Set(w.env(), w.a, v); err != nil {
		w.refuse(in, fmt.Sprintf("invalid %s: %v", g.From, err))
	}
}

// setDefault sets the input's default, or reports it missing.
func (w *walker) setDefault(in steps.Input) {
	d := ""
	if in.Default != nil {
		d = in.Default(w.a)
	}
	if d == "" {
		if in.Required {
			w.missing(in.Flag, fmt.Sprintf("missing %s: give %s", what(in), flagAndEnv(w.cfg, in.Flag)))
		}
		return
	}
	if err := in.Set(w.env(), w.a, d); err != nil {
		w.refuse(in, fmt.Sprintf("the default for %s (%s) is refused: %v", "--"+in.Flag, d, err))
	}
}

// choose decides a Choice whose options carry the flags (the key source:
// --generate-key or --private-key-file). An option with a flag of its own is
// chosen only by that flag, never by default: a script that forgot its key
// file must not silently get a new key Okta does not know.
func (w *walker) choose(in steps.Input) {
	var picked []steps.Option
	for _, o := range in.Choices {
		if o.Flag != "" && w.cfg.Values.On(o.Flag) {
			picked = append(picked, o)
		}
	}
	flags := optionFlags(in)
	switch {
	case len(picked) > 1:
		var names []string
		for _, o := range picked {
			names = append(names, w.from(o.Flag))
		}
		w.probs = append(w.probs, Problem{Flag: picked[0].Flag,
			Text: fmt.Sprintf("conflicting answers for %s: give only one of %s", what(in), strings.Join(names, ", "))})
		return
	case len(picked) == 1:
		o := picked[0]
		w.used[o.Flag] = true
		w.answered = true
		if o.Available != nil && !o.Available(w.a) {
			w.refuse(in, fmt.Sprintf("%s cannot be used here", w.from(o.Flag)))
			return
		}
		if err := in.Set(w.env(), w.a, o.Value); err != nil {
			w.refuse(in, fmt.Sprintf("invalid %s: %v", w.from(o.Flag), err))
		}
		return
	}
	if in.Value != nil && in.Value(w.a) != "" {
		if o, ok := in.OptionFor(in.Value(w.a)); ok && (o.Available == nil || o.Available(w.a)) {
			return // e.g. keep the key already in the .env
		}
	}
	if in.Default != nil {
		if o, ok := in.OptionFor(in.Default(w.a)); ok && o.Flag == "" && (o.Available == nil || o.Available(w.a)) {
			if err := in.Set(w.env(), w.a, o.Value); err != nil {
				w.refuse(in, fmt.Sprintf("the default for %s is refused: %v", what(in), err))
			}
			return
		}
	}
	if in.Required {
		var alts []string
		for _, f := range flags {
			alts = append(alts, flagAndEnv(w.cfg, f))
		}
		w.missing(flags[0], fmt.Sprintf("missing %s: give %s", what(in), strings.Join(alts, ", or ")))
	}
}

// confirm answers "replace the existing .env?": --yes, else yes for a new
// file, else the caller's prompt (a terminal) or a refusal.
func (w *walker) confirm(in steps.Input) {
	if g, ok := w.cfg.Values.Get(in.Flag); ok {
		w.used[in.Flag] = true
		if w.cfg.Values.On(in.Flag) {
			if err := in.Set(w.env(), w.a, "yes"); err != nil {
				w.refuse(in, fmt.Sprintf("invalid %s: %v", g.From, err))
			}
			return
		}
	}
	if !w.cfg.FileExists && in.Default != nil && in.Default(w.a) != "" {
		if err := in.Set(w.env(), w.a, in.Default(w.a)); err != nil {
			w.refuse(in, fmt.Sprintf("invalid %s: %v", "--"+in.Flag, err))
		}
		return
	}
	if w.cfg.CanConfirm {
		w.asking = true
		return
	}
	name := w.cfg.EnvFile
	if name == "" {
		name = "the .env file"
	}
	w.missing(in.Flag, fmt.Sprintf("refusing to replace %s, which already exists: give %s to replace it (a timestamped backup is kept)", name, flagAndEnv(w.cfg, in.Flag)))
}

func (w *walker) refuse(in steps.Input, text string) {
	w.probs = append(w.probs, Problem{Flag: in.Flag, Text: text})
}

func (w *walker) missing(flag, text string) {
	w.probs = append(w.probs, Problem{Flag: flag, Missing: true, Text: text})
}

// env is the Env the steps' setters use.
func (w *walker) env() steps.Env { return w.cfg.Env }

// from names where flag's value came from.
func (w *walker) from(flag string) string {
	if g, ok := w.cfg.Values.Get(flag); ok {
		return g.From
	}
	return "--" + flag
}

// optionFlags are the flags of a Choice's options.
func optionFlags(in steps.Input) []string {
	var out []string
	for _, o := range in.Choices {
		if o.Flag != "" {
			out = append(out, o.Flag)
		}
	}
	return out
}

// flagAndEnv spells a flag with its environment twin: "--org-url (or
// TAKO_SETUP_ORG_URL)".
func flagAndEnv(cfg *Config, flag string) string {
	env := EnvName(flag)
	for _, f := range AnswerFlags(cfg.graph()) {
		if f.Name == flag {
			env = f.Env
		}
	}
	return fmt.Sprintf("--%s (or %s)", flag, env)
}

// answerNames name each input's answer in messages ("missing the app's
// client ID"); an input missing here is named by its label.
var answerNames = map[string]string{
	"org-url":          "the Okta org URL",
	"method":           "the sign-in method",
	"client-id":        "the app's client ID",
	"key-source":       "the app's private key",
	"private-key-file": "the private key file",
	"api-token":        "the API token",
	"scopes":           "the scopes",
	"concurrent-limit": "OKTA_CONCURRENT_LIMIT",
}

func what(in steps.Input) string {
	if n, ok := answerNames[in.Key]; ok {
		return n
	}
	return in.Label
}

// methodInput is the flag of the input that picks the branch (OAuth 2.0 or
// an API token).
const methodInput = "method"

// pickBranch sets the option of in whose path uses more of the answer
// flags given on the command line than the current one does (an API token inferred from a lone
// SSWS_API_KEY, with --client-id and --private-key-file given, becomes
// OAuth 2.0). A tie keeps the current value.
func (w *walker) pickBranch(in steps.Input) {
	g := w.cfg.graph()
	score := func(a *steps.Answers) int {
		n := 0
		for _, s := range g.Path(a) {
			for _, i := range s.Inputs {
				for _, f := range append([]string{i.Flag}, optionFlags(i)...) {
					// Command-line flags only: environment twins are often
					// set for every run.
					if g, ok := w.cfg.Values.Get(f); ok && f != in.Flag && w.cfg.Values.On(f) && strings.HasPrefix(g.From, "--") {
						n++
					}
				}
			}
		}
		return n
	}
	best, bestScore := "", score(w.a)
	for _, o := range in.Choices {
		try := *w.a
		if in.Set(w.env(), &try, o.Value) != nil {
			continue
		}
		if n := score(&try); n > bestScore {
			best, bestScore = o.Value, n
		}
	}
	if best != "" {
		if err := in.Set(w.env(), w.a, best); err != nil {
			w.refuse(in, fmt.Sprintf("the method the flags ask for (%s) is refused: %v", best, err))
		}
	}
}
