// Command tako-setup walks an Okta admin through setting up Tako's Okta
// credentials, checks every step live against Okta, and writes a validated
// .env file.
package main

import (
	"context"
	"os"
	"syscall"

	"charm.land/fang/v2"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = ""

func main() {
	normaliseNoColor()
	root := newRootCmd()
	err := fang.Execute(context.Background(), root,
		fang.WithVersion(versionString()),
		fang.WithNotifySignal(os.Interrupt, syscall.SIGTERM, syscall.SIGHUP),
		fang.WithErrorHandler(errorHandler),
	)
	os.Exit(exitCode(err))
}

// normaliseNoColor makes any non-empty NO_COLOR disable colour, as
// no-color.org says. The colour libraries parse NO_COLOR as a boolean, so
// NO_COLOR=yes would otherwise be ignored.
func normaliseNoColor() {
	if v, ok := os.LookupEnv("NO_COLOR"); ok && v != "" {
		_ = os.Setenv("NO_COLOR", "1")
	}
}

func versionString() string {
	if version != "" {
		return version
	}
	return "" // fang falls back to the module version from the build info
}
