package main

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// flagError turns pflag's parse errors into advice where the raw message
// does not say what to write; subcommands inherit it from the root. It is
// still a usage error (exit 2).
func flagError(_ *cobra.Command, err error) error {
	var bad *pflag.InvalidValueError
	if errors.As(err, &bad) && bad.GetFlag() != nil && bad.GetFlag().Value.Type() == "duration" {
		return usageError{durationAdvice(bad.GetFlag().Name, bad.GetValue(), err)}
	}
	return err
}

// durationAdvice explains a duration that time.ParseDuration refused, most
// often a number without a unit (`--timeout 5`). The units are
// time.ParseDuration's.
func durationAdvice(flag, value string, err error) error {
	v := strings.TrimSpace(value)
	if _, numErr := strconv.ParseFloat(v, 64); numErr == nil {
		return fmt.Errorf("--%s %s: a duration needs a unit: write --%s %ss for %s seconds (or 500ms, 2m, 1m30s)", flag, value, flag, v, v)
	}
	return fmt.Errorf("--%s %q is not a duration: write a number with a unit, such as 30s, 500ms, 2m or 1m30s (%w)", flag, value, unwrapParse(err))
}

// unwrapParse keeps the parser's own reason (time: invalid duration …).
func unwrapParse(err error) error {
	if u := errors.Unwrap(err); u != nil {
		return u
	}
	return err
}
