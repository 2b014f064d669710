// Package takoenv is what a .env says about Okta, in one typed value
// (Settings), and Tako's own rules about such a file, written once.
//
// Every path of tako-setup reads a .env into Settings (Read), and every path
// turns Settings into the check engine's input through one function (Input):
// `tako-setup check`, the wizard's "Check it", resume, the Done screen's
// read-back, --non-interactive and rotation. So one .env gets one verdict.
//
// The rules are Tako's start-up contract (docs/tako-env.md, "What makes Tako
// refuse to start"): Tako's settings class requires OKTA_CLIENT_ORGURL and
// OKTA_API_TOKEN to be present whatever TOKEN_METHOD is (empty is accepted),
// and reads neither legacy alias (OKTA_ORG_URL, SSWS_API_KEY); python-dotenv
// stops on a NUL character in any variable; Tako's Okta SDK needs the org URL
// as https://<host> exactly, with no "-admin" host; Tako reads only PKCS#8
// PEM keys. A breach is an Issue of the Settings; the engine fails the org
// finding with it (or, for the key, the key finding).
//
// The package sits under checks/ so that steps (which imports checks, not
// wizard) can embed Settings in its answers; it reads a parsed .env through
// the small Source interface, which wizard/envfile's Doc satisfies.
package takoenv
