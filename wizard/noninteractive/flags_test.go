package noninteractive_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/fctr-id/tako-setup/steps"
	ni "github.com/fctr-id/tako-setup/wizard/noninteractive"
)

func TestEveryAnswerHasAFlagAndAnEnvironmentTwin(t *testing.T) {
	flags := ni.AnswerFlags(steps.Setup())
	var names []string
	for _, f := range flags {
		names = append(names, f.Name)
		if f.Env != ni.EnvName(f.Name) {
			t.Errorf("--%s's twin is %s, want %s", f.Name, f.Env, ni.EnvName(f.Name))
		}
		if f.Usage == "" {
			t.Errorf("--%s has no usage", f.Name)
		}
	}
	want := []string{"org-url", "method", "admin-token-file", "app-label", "yes", "client-id", "generate-key", "private-key-file", "scopes", "api-token-file", "concurrent-limit", "keep-other-credentials"}
	if !slices.Equal(names, want) {
		t.Errorf("flags = %v, want %v", names, want)
	}
	for _, f := range flags {
		if f.Bool != (f.Name == "generate-key" || f.Name == "keep-other-credentials" || f.Name == "yes") {
			t.Errorf("--%s bool = %v", f.Name, f.Bool)
		}
	}
}

func TestNoSecretIsAcceptedAsAFlagValue(t *testing.T) {
	for _, s := range steps.Setup() {
		for _, in := range s.Inputs {
			if in.Kind.IsSecret() && in.Flag != "" && !in.FlagIsFile {
				t.Errorf("secret input %s takes its value from --%s", in.Key, in.Flag)
			}
		}
	}
}

// lookups builds the two sources Gather reads.
func lookups(flags, env map[string]string) (func(string) (string, bool), func(string) (string, bool)) {
	get := func(m map[string]string) func(string) (string, bool) {
		return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
	}
	return get(flags), get(env)
}

func TestFlagsWinOverTheirEnvironmentTwins(t *testing.T) {
	flags := ni.AnswerFlags(steps.Setup())
	fromFlag, getenv := lookups(
		map[string]string{"org-url": "https://flag.okta.com", "yes": "false"},
		map[string]string{
			"TAKO_SETUP_ORG_URL":      "https://env.okta.com",
			"TAKO_SETUP_CLIENT_ID":    "0oaFromEnv",
			"TAKO_SETUP_YES":          "1",
			"TAKO_SETUP_GENERATE_KEY": "yes",
			"TAKO_SETUP_SCOPES":       "   ", // blank: not set
		})
	v, err := ni.Gather(flags, fromFlag, getenv)
	must(t, err)
	want := ni.Values{
		"org-url":      {Value: "https://flag.okta.com", From: "--org-url"},
		"client-id":    {Value: "0oaFromEnv", From: "TAKO_SETUP_CLIENT_ID"},
		"yes":          {Value: "false", From: "--yes"},
		"generate-key": {Value: "true", From: "TAKO_SETUP_GENERATE_KEY"},
	}
	if len(v) != len(want) {
		t.Errorf("values = %v, want %v", v, want)
	}
	for k, w := range want {
		if v[k] != w {
			t.Errorf("%s = %+v, want %+v", k, v[k], w)
		}
	}
	if v.On("yes") || !v.On("generate-key") {
		t.Errorf("On(yes) = %v, On(generate-key) = %v", v.On("yes"), v.On("generate-key"))
	}
}

func TestABadSwitchInTheEnvironmentIsRefused(t *testing.T) {
	fromFlag, getenv := lookups(nil, map[string]string{"TAKO_SETUP_YES": "sure"})
	_, err := ni.Gather(ni.AnswerFlags(steps.Setup()), fromFlag, getenv)
	var ae *ni.AnswerError
	if !errors.As(err, &ae) || !strings.Contains(err.Error(), `TAKO_SETUP_YES="sure"`) {
		t.Fatalf("err = %v", err)
	}
}
