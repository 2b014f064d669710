// Package nodns keeps a test binary off the machine's DNS servers.
//
// Tests reach Okta only through the emulated org on loopback. A test that
// forgot to route a host name to the emulator would otherwise ask the
// system resolver about a real-looking name (say integrator-1234567.okta.com)
// and send traffic off this machine. Install replaces the default resolver
// with one that still reads /etc/hosts (so localhost works) but never
// contacts a DNS server.
package nodns

import (
	"context"
	"errors"
	"net"
	"os"
	"testing"
)

// ErrDisabled is what every DNS query fails with once Install has run.
var ErrDisabled = errors.New("DNS is disabled in tests: route the name to the emulator (Server.Client, Server.DialContext) or use a loopback address")

// Install makes net.DefaultResolver answer from /etc/hosts only. Call it from
// TestMain before m.Run.
func Install() {
	net.DefaultResolver = &net.Resolver{
		PreferGo: true,
		Dial: func(context.Context, string, string) (net.Conn, error) {
			return nil, ErrDisabled
		},
	}
}

// Main is a whole TestMain: Install, then run the tests and exit with their
// status. Use it as func TestMain(m *testing.M) { nodns.Main(m) }.
func Main(m *testing.M) {
	Install()
	os.Exit(m.Run())
}
