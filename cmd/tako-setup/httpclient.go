package main

import (
	"net/http"
	"time"

	"github.com/spf13/pflag"

	"github.com/fctr-id/tako-setup/checks"
	ni "github.com/fctr-id/tako-setup/wizard/noninteractive"
)

// clientSettings are what a command that talks to a real org is told about
// reaching it: --ca-file and --timeout. Every such command — check,
// --non-interactive, the wizard (TUI and accessible) and rotate — builds
// its client from them through checks.NewHTTPClient, the one place where
// trust is decided (and where TLS verification cannot be turned off).
type clientSettings struct {
	// caFile is a PEM file of extra CAs to trust on top of the system's.
	caFile string
	// timeout bounds each answer from Okta; 0 is the engine's default.
	timeout time.Duration
}

// httpConfig is the settings in checks' terms.
func (s clientSettings) httpConfig() checks.HTTPConfig {
	return checks.HTTPConfig{Timeout: s.timeout, CAFile: s.caFile}
}

// newClient builds the client with build (checks.NewHTTPClient, or a
// test's stand-in). A CA file that cannot be used is a usage error.
func (s clientSettings) newClient(build func(checks.HTTPConfig) (*http.Client, error)) (*http.Client, error) {
	hc, err := build(s.httpConfig())
	if err != nil {
		return nil, usagef("cannot use the CA certificates: %v", err)
	}
	return hc, nil
}

// defaultStepTimeout is the wizard's own bound on one step's checks
// (wizard.Config.Timeout's default).
const defaultStepTimeout = 30 * time.Second

// stepTimeout bounds one step's checks in the wizard and rotate: 0 (the
// wizard's default) unless --timeout asks for waits long enough that a
// step — up to two rounds of requests — would not fit in it.
func (s clientSettings) stepTimeout() time.Duration {
	if s.timeout <= 0 || 2*s.timeout <= defaultStepTimeout {
		return 0
	}
	return 2 * s.timeout
}

// rootClientSettings reads the bare command's --ca-file and --timeout (which
// the non-interactive mode registers), each else from its TAKO_SETUP_*
// twin as the flag's help says, so that the wizard trusts the CA that
// --non-interactive would. Flags that are not registered read as unset.
func rootClientSettings(f *pflag.FlagSet, getenv func(string) string) (clientSettings, error) {
	var want []ni.Flag
	for _, fl := range settingFlags() {
		if fl.Name == flagCAFile || fl.Name == flagTimeout {
			want = append(want, fl)
		}
	}
	fromFlag := func(name string) (string, bool) {
		fl := f.Lookup(name)
		if fl == nil || !fl.Changed {
			return "", false
		}
		return fl.Value.String(), true
	}
	lookupEnv := func(k string) (string, bool) {
		v := getenv(k)
		return v, v != ""
	}
	var s clientSettings
	v, err := ni.Gather(want, fromFlag, lookupEnv)
	if err != nil {
		return s, usageError{err}
	}
	if g, ok := v.Get(flagCAFile); ok {
		s.caFile = g.Value
	}
	if g, ok := v.Get(flagTimeout); ok {
		d, err := parseTimeout(g.Value)
		if err != nil {
			return s, usagef("invalid %s: %v", g.From, err)
		}
		s.timeout = d
	}
	return s, nil
}

// Usage of --ca-file and --timeout, the same on every command.
const (
	caFileUsage  = "extra CA certificates (PEM) to trust, for networks that inspect TLS (also SSL_CERT_FILE)"
	timeoutUsage = "how long to wait for each answer from Okta"
)
