// Package provision is automatic setup and key rotation: with a temporary
// Super Administrator API token, tako-setup makes the Admin Console changes
// itself through Okta's Management API (docs/okta-automation.md), proves
// the result the way Tako signs (checks.Run), has the front end write the
// .env, and revokes the token and proves it dead.
//
// It is one implementation every front end walks (the wizard's automatic
// branch, accessible mode, the demo, non-interactive setup and rotate):
// the front end supplies the token, an Env for the .env write, and an
// OnEvent callback that draws one checklist line per API call.
//
// # Setup (docs/okta-automation.md §12)
//
//  1. Discover the org (canonical URL = grant issuer).
//  2. Preflight: GET /api/v1/users/me and its roles must include
//     SUPER_ADMIN, and clientPrivilegesSetting is read — before any write.
//     A refusal (ErrRefused) changes nothing in Okta or on disk.
//  3. Generate the key locally (RSA 2048, kid = RFC 7638 thumbprint).
//  4. Find the app by label (exact label, oidc_client, service, made by
//     tako-setup), or by the id given in its place, or take it from the
//     saved progress; several matches are asked about
//     (Config.ChooseApp) or refused with their ids. Else POST /api/v1/apps
//     with the key inline and DPoP off.
//  5. Verify: ACTIVE, service, private_key_jwt, DPoP off (PUT if on).
//  6. Exactly one active key: ours added if missing, others deactivated.
//  7. READ_ONLY_ADMIN assigned (409 = already there), and the custom
//     role "Tako IAM reader" (okta.iam.read over a resource set of all IAM
//     resources, found or created by label) unless Config.NoCustomRole.
//  8. The missing scopes granted, several at a time, paced to the
//     token's share of the /api/v1/apps bucket, 429s obeyed; a scope Okta
//     refuses is a warning.
//  9. Any SUPER_ADMIN on the app removed and proven gone (the "Public
//     client app admins" trap, docs/okta-automation.md §6.1).
//  10. The app's rate-limit share set (PUT, or POST when it has none).
//  11. The full live check as Tako signs.
//  12. Env.WriteEnv.
//  13. DELETE /api/v1/api-tokens/current, then /users/me must answer
//     401 E0000011.
//
// A failure in 4–12 rolls back what this run created (roles, grants, the
// key, the custom role and resource set, re-activates keys it deactivated,
// deactivates and deletes an app it created) and the token is revoked in
// every case but a refusal. An interruption (ctx cancelled) keeps what a
// re-run reuses, except the key change on an app it found: keys it
// deactivated are activated again and its key removed, so a Tako already
// using that app goes on working. A generated private key is kept on disk
// (KeyKeeper, mode 0600) from before its public half goes to Okta until
// the .env holds it, so no interruption loses a key Okta knows; a re-run
// uses it. The token is still revoked, and Result.Remains says what is
// left in Okta. Progress without secrets (org, label, app id, what was
// done, whether a revocation is pending) goes to a Store after every
// phase: one per .env (StateDir.For), used only by a run for the same org
// and label. Only apps tako-setup made (profile.managedBy) are found by
// label; another app is used only when its id is given. A run holds the
// Store's lock (Locker), so two automatic runs exclude each other.
//
// # Rotation (Rotate)
//
// A new key is added through the API, the .env written, the old key
// deactivated and deleted, and an assertion signed with the old key
// proven refused (checks.RunRotation); then the token is revoked. Once
// the .env holds the new key, the old keys are removed even when the run
// is interrupted (two active keys would break Tako); before that, the new
// key is removed again.
package provision
