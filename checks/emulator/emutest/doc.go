// Package emutest is test support shared by every package's tests: the
// process's cached RSA test keys, an emulated Okta org (checks/emulator)
// set up the way Tako needs it — a service app with a key, scopes and a
// role, or an admin with an SSWS API token — started on loopback with the
// matching checks.Input, and the test's files (.env, keys, CA) written
// private.
//
// It imports testing and checks, so only tests import it; the checks
// package's own internal tests (package checks) cannot, as that would be
// an import cycle.
package emutest
