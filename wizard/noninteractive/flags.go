package noninteractive

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/fctr-id/tako-setup/steps"
)

// EnvPrefix starts the name of every flag's environment twin.
const EnvPrefix = "TAKO_SETUP_"

// Flag is one command-line flag of the non-interactive mode.
type Flag struct {
	// Name is the long flag, without dashes ("org-url").
	Name string
	// Env is its environment twin ("TAKO_SETUP_ORG_URL"); flags win.
	Env string
	// Usage is the one-line help.
	Usage string
	// Bool flags are switches (--yes, --generate-key).
	Bool bool
}

// EnvName is the environment twin of a flag: TAKO_SETUP_ and the flag's
// name in upper case with "_" for "-" (org-url → TAKO_SETUP_ORG_URL).
func EnvName(flag string) string {
	return EnvPrefix + strings.ToUpper(strings.ReplaceAll(flag, "-", "_"))
}

// usage is the help of each answer flag, in the words of a script's author.
// A flag of a new input that is missing here falls back to its label.
var usage = map[string]string{
	"org-url":                "Okta org URL, e.g. https://acme.okta.com",
	"method":                 "how Tako signs in to Okta: oauth2 or api-token",
	"admin-token-file":       "automatic setup: file holding a temporary Super Administrator API token (- reads standard input); tako-setup makes the console steps through Okta's API and revokes the token (needs --yes)",
	"app-label":              "automatic setup: the label of Tako's app, found or created (default Tako)",
	"client-id":              "client ID of the API Services app (oauth2)",
	"generate-key":           "generate the app's private key here; it goes into the .env and its public JWK is printed for Okta's Add key (oauth2)",
	"private-key-file":       "file holding the app's private key, PEM or JWK; - reads standard input (oauth2)",
	"scopes":                 "scopes Tako requests, space- or comma-separated (default: Tako's list); the .env gets the granted ones (oauth2)",
	"api-token-file":         "file holding the API token; - reads standard input; the token itself is never a flag value (api-token)",
	"concurrent-limit":       "the value of OKTA_CONCURRENT_LIMIT (default: the engine's recommendation for this org and app)",
	"yes":                    "replace an existing .env without asking (a backup is kept)",
	"keep-other-credentials": "keep the other method's secret when the .env holds one (the API token when switching to oauth2, the private key when switching to api-token); by default it is removed so no unused secret lingers",
}

// AnswerFlags returns the flags that supply the answers of g's inputs, in
// the graph's order and without duplicates: each input's Flag, then each
// Choice option's Flag that no input owns (a switch such as --generate-key).
// Inputs without a flag are asked only of people and have none.
func AnswerFlags(g steps.Graph) []Flag {
	var out []Flag
	seen := map[string]bool{}
	add := func(f Flag) {
		if f.Name == "" || seen[f.Name] {
			return
		}
		seen[f.Name] = true
		if f.Env == "" {
			f.Env = EnvName(f.Name)
		}
		if u, ok := usage[f.Name]; ok {
			f.Usage = u
		}
		out = append(out, f)
	}
	owned := map[string]bool{}
	for _, s := range g {
		for _, in := range s.Inputs {
			if in.Flag != "" {
				owned[in.Flag] = true
			}
		}
	}
	for _, s := range g {
		for _, in := range s.Inputs {
			add(Flag{Name: in.Flag, Env: in.Env, Usage: strings.ToLower(in.Label), Bool: in.Kind == steps.Confirm})
			for _, o := range in.Choices {
				if o.Flag != "" && !owned[o.Flag] {
					add(Flag{Name: o.Flag, Usage: strings.ToLower(o.Label), Bool: true})
				}
			}
		}
	}
	return out
}

// Given is one value given for a flag.
type Given struct {
	Value string
	// From is where it came from: "--org-url" or "TAKO_SETUP_ORG_URL".
	From string
}

// Values are the answers given on the command line or in the environment,
// keyed by flag name. Switches hold "true" or "false".
type Values map[string]Given

// Get returns the value given for flag.
func (v Values) Get(flag string) (Given, bool) {
	g, ok := v[flag]
	return g, ok
}

// On reports whether flag was given: a switch set to true, or a valued flag
// with a non-empty value.
func (v Values) On(flag string) bool {
	g, ok := v[flag]
	return ok && g.Value != "" && g.Value != "false"
}

// Gather resolves each flag's value: the command line's when the flag was
// given there (fromFlag reports it), else its environment twin's when that
// is set and not blank. Switches are normalised to "true" or "false"; an
// environment value that is not a yes/no is an error naming the variable.
func Gather(flags []Flag, fromFlag func(name string) (string, bool), getenv func(key string) (string, bool)) (Values, error) {
	out := Values{}
	var bad []string
	for _, f := range flags {
		if v, ok := fromFlag(f.Name); ok {
			if f.Bool {
				b, ok := parseBool(v)
				if !ok {
					bad = append(bad, fmt.Sprintf("--%s=%s is not true or false", f.Name, v))
					continue
				}
				v = b
			}
			out[f.Name] = Given{Value: v, From: "--" + f.Name}
			continue
		}
		if f.Env == "" || getenv == nil {
			continue
		}
		v, ok := getenv(f.Env)
		if !ok || strings.TrimSpace(v) == "" {
			continue
		}
		if f.Bool {
			b, ok := parseBool(v)
			if !ok {
				bad = append(bad, fmt.Sprintf("%s=%q is not a yes/no value (use 1 or 0, true or false)", f.Env, v))
				continue
			}
			v = b
		}
		out[f.Name] = Given{Value: v, From: f.Env}
	}
	if len(bad) > 0 {
		return out, &AnswerError{Problems: problemsOf(bad)}
	}
	return out, nil
}

// parseBool reads a switch from a flag or an environment variable.
// It reads yes and no as every front end does (steps.ParseYesNo).
func parseBool(v string) (string, bool) {
	yes, err := steps.ParseYesNo(v, steps.NoDefault)
	if err != nil {
		return "", false
	}
	return strconv.FormatBool(yes), true
}
