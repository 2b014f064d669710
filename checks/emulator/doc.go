// Package emulator is an emulated Okta org: a real HTTPS server on loopback
// that behaves as docs/okta-behavior.md ("the doc"; § numbers
// in comments refer to it) says Okta does — status codes, both error
// envelopes, headers, client-assertion rules, jti replay, kid rules, the
// DPoP nonce dance, scope intersection, scope-versus-role 403s, admin roles,
// API-token metadata, principal rate limits, rate-limit headers and 429s,
// the parked-org answer and clock skew.
//
// Tests, benchmarks and `tako-setup --demo` build an Org, start a Server on
// it and point the check engine at Server.URL (or any Okta-looking host name)
// with Server.Client:
//
//	org := emulator.NewOrg()
//	app := org.AddApp(&emulator.App{Label: "Tako"}) // DPoP on: the console default
//	org.SetDPoP(app.ClientID, false)
//	org.AddKey(app.ClientID, &priv.PublicKey, "kid-1", "ACTIVE")
//	org.GrantScopes(app.ClientID, "okta.users.read", "okta.apps.read")
//	org.AssignAppRole(app.ClientID, "READ_ONLY_ADMIN")
//	srv, err := emulator.Start(org)
//	defer srv.Close()
//	resp, err := srv.Client().Get("https://integrator-1234567.okta.com/.well-known/okta-organization")
//
// The Org may be changed while the server runs, as an admin would in the
// console: every Org method takes the org's lock. Setting exported fields
// directly is only safe before Start.
//
// # Request pipeline
//
// Every request: statistics → Date header (org clock, with ClockSkew) →
// injected Fault → the -admin host (403, empty body) → endpoint. Management
// and token requests then pass the rate limiter (X-Rate-Limit-* headers,
// 429) and wait Latency before being handled. Management requests run
// authentication → route → scope (OAuth only; header-only 403) → admin role
// (403 E0000006) → disabled feature (401 E0000015) → handler.
//
// # Choices where the doc says [unconfirmed]
//
//   - Unknown client at the token endpoint: HTTP 400 in the management
//     envelope (errorCode invalid_client); an assertion whose iss is unknown
//     but whose sub is a real client gets "The issuer claim … is not a valid
//     client_id." instead.
//   - No leeway on assertion exp/iat or DPoP proof iat.
//   - The kid the console's "Generate new key" makes (ConsoleKID): 32
//     random bytes, base64url; only its being unrelated to the key's
//     thumbprint matters.
//   - A kid-less assertion for an app whose keys are all inactive: "The
//     client_assertion JWT kid is invalid."
//   - A DPoP header sent for an app that does not require DPoP is ignored
//     (Bearer token).
//   - Unknown scope names are treated as not granted (silently dropped; all
//     unknown → consent_required).
//   - The missing-DPoP-header answer comes before the assertion is verified,
//     so it does not consume the assertion's jti; use_dpop_nonce does.
//   - No or unknown Authorization scheme: 403 E0000005 "Invalid session".
//   - Unknown or expired Bearer token: 401 with a WWW-Authenticate
//     invalid_token challenge and an E0000011 body.
//   - SSWS token outside its network zones: 403 E0000006 by default
//     (Org.NetworkDenial / SetNetworkDenial("E0000011") for 401 E0000011).
//   - /api/v1/users/me with an OAuth service token: 404 E0000007.
//   - DELETE /api/v1/api-tokens/current with an OAuth token: 403 E0000006.
//   - Read-only admins may list API tokens; every admin who may list sees
//     all active tokens.
//   - Role model: see permissions.go (SUPER_ADMIN/ORG_ADMIN everything;
//     READ_ONLY_ADMIN every .read except okta.roles.read; CUSTOM roles their
//     Permissions; narrow sets for the other standard roles).
//   - Principal rate limits: entities exist only for principals whose
//     percentage was set; without filter 400 E0000001, with another filter
//     400 E0000031. Principal shares of the per-minute buckets are enforced
//     on writes only (see the write API below); X-Rate-Limit-Limit shows
//     the org bucket except on a principal's own 429.
//   - Concurrency (concurrency.go): with ConcurrencyLimit set, a principal
//     (API token or OAuth app) may hold at most its percentage of the
//     ceiling (the principal-rate-limit percentage, 50 without an entity;
//     rounded half up); token requests count against the ceiling only. A
//     concurrency 429 carries E0000047, and X-Rate-Limit-Reset is the end of
//     the request's rate-limit window. Every 429 waits Latency, like any
//     answer. The other integrations' load (SetOtherLoad) takes its slots
//     before ours: when it rises into slots ours hold, theirs are refused.
//   - Unknown paths answer 404 E0000007 after authentication; the parked
//     org answers 404 on everything but /.well-known/okta-organization.
//   - The id-scoped reads of Tako's sync (mgmt_sync.go): every user is in
//     the built-in Everyone group and has no factor enrolled; no app has
//     users assigned.
//   - A token-zone network condition is rendered as
//     {"connection":"ZONE","include":[zone ids]}.
//
// # The write API (docs/okta-automation.md), write_*.go
//
// Apps (create, search, replace, activate, deactivate, delete), scope
// grants, client role assignments, clientPrivilegesSetting, principal rate
// limits and DELETE /api/v1/api-tokens/current, with the status codes real
// orgs answer (POST /apps 200, grants 201, client roles 201, PRL POST 201 /
// PUT 200, DELETE 204), deterministic standard role ids (base32 of the
// type) and a System Log of write events (Org.Events). Choices where the
// doc says [unconfirmed]:
//
//   - POST /api/v1/apps without dpop_bound_access_tokens: DPoP off (the
//     API default); a PUT without it also turns it off. Keys in a PUT body
//     are ignored. Duplicate labels are allowed.
//   - ?activate=true logs application.lifecycle.create and .activate.
//   - GET /api/v1/apps: q is a case-insensitive prefix of the label (or of
//     "oidc_client"); INACTIVE apps are listed only with
//     includeNonDeleted=true.
//   - Deleting an app removes its grants, roles and rate-limit entity; a
//     deactivated app's client is unknown at the token endpoint.
//   - Grants: a duplicate, an unknown scope name (not okta.*/ssf.*, or one
//     named by Org.RefuseGrants) and an issuer other than the org URL each
//     answer 400 E0000001 with our cause wording.
//   - A duplicate standard client role answers 409 E0000090 (not E0000263).
//   - "Public client app admins" on: the app's first grant assigns
//     SUPER_ADMIN even if the app already holds a role (the worst case);
//     later grants do not. The console path (Org.GrantScopes) keeps the
//     older rule: only an app without a role.
//   - Only SUPER_ADMIN may grant or revoke scopes and assign or remove
//     client roles (403 E0000006 for an Org Admin).
//   - Principal shares apply to writes only: within a bucket's window a
//     principal may make limit × share / 100 writes (default share 50 %);
//     the next answers 429 E0000047 with X-Rate-Limit-Limit = the share.
//   - PRL POST for a principal that already has an entity, a percentage
//     outside 0..100, or a PUT that changes the principal: 400 E0000001.
//   - Custom roles and resource sets (POST/GET/DELETE /api/v1/iam/…): labels
//     unique (400 E0000001); a CUSTOM client assignment carries its role's
//     permissions, and okta.iam.read opens what okta.roles.read guards;
//     the same role over the same set again answers 409 E0000090.
package emulator
