package checks

import (
	"context"
	"net/http"

	"github.com/fctr-id/tako-setup/checks/oktaerr"
)

// currentToken (rotate.current, API token) checks the token the .env holds
// now and names its admin and, when it can, the token itself.
func (r *run) currentToken(ctx context.Context, old *Retired) Finding {
	id := IDRotateCurrent
	if old.APIToken.IsZero() {
		return Finding{ID: id, Status: Fail, Title: "The .env holds no API token",
			Detail: "OKTA_API_TOKEN is empty, so there is no current token to rotate.",
			Fix:    "Run tako-setup (without rotate) to set Tako up with a token."}
	}
	u, a, p := r.sswsMe(ctx, old.APIToken)
	switch {
	case p != nil:
		return p.finding(id)
	case u != nil:
		detail := "Okta accepts the API token in the .env (" + old.APIToken.Mask() + "); it acts as " + u.name() + "."
		if name := r.tokenName(ctx, old.APIToken, u); name != "" {
			detail += " It is " + name + "."
		}
		return Finding{ID: id, Status: Pass, Title: "The current token works", Detail: detail}
	}
	en, said := a.entry(), ""
	if a.err != nil {
		said = " Okta said " + a.err.Text() + "."
	}
	switch a.kind() {
	case oktaerr.InvalidToken:
		return Finding{ID: id, Status: Warn, Title: "The current token no longer works",
			Detail: "Okta refuses the token in the .env (" + old.APIToken.Mask() + "):" + said + " It has expired (30 days unused), was revoked, or its admin was deactivated. Tako is failing now; a new token fixes that, and there will be nothing left to revoke.",
			Fix:    "Go on and create a new token."}
	case oktaerr.PermissionDenied:
		return Finding{ID: id, Status: Warn, Title: "Okta refuses the current token from this machine",
			Detail: "Even /api/v1/users/me was refused:" + said + " The token's network restriction most likely keeps this machine out, so tako-setup cannot compare admins or prove the old token revoked from here.",
			Fix:    "Run tako-setup rotate on the machine Tako runs on, or allow this machine's network in " + tokensConsole + "."}
	}
	return Finding{ID: id, Status: Fail, Title: "Okta refused the current token", Detail: en.Meaning + said, Fix: en.Fix}
}

// tokenOwner (rotate.token-owner) compares the admins behind the new and
// the old token: a token acts with its admin's roles, so a token made
// while signed in as someone else changes what Tako may do.
func (r *run) tokenOwner(ctx context.Context, old *Retired) Finding {
	id := IDRotateOwner
	if sameToken(r.in.APIToken.Reveal(), old.APIToken.Reveal()) {
		return sameTokenFinding(id)
	}
	var (
		un, uo *oktaUser
		pn     *problem
	)
	parallel(
		func() { un, _, pn = r.sswsMe(ctx, r.in.APIToken) },
		func() {
			if !old.APIToken.IsZero() {
				uo, _, _ = r.sswsMe(ctx, old.APIToken)
			}
		},
	)
	switch {
	case pn != nil:
		return pn.finding(id)
	case un == nil:
		return Finding{ID: id, Status: Skip, Title: titleSkipped, Detail: "The new token must work first (see the token check)."}
	case uo == nil:
		return Finding{ID: id, Status: Skip, Title: titleSkipped, Detail: "The old token no longer works here, so there is no admin to compare with. The new token acts as " + un.name() + "."}
	case uo.ID == un.ID:
		return Finding{ID: id, Status: Pass, Title: "Same admin as the old token",
			Detail: "Both the new and the old token act as " + un.name() + "."}
	}
	return Finding{ID: id, Status: Warn, Title: "The new token belongs to another admin",
		Detail: "The new token acts as " + un.name() + "; the old one acts as " + uo.name() + ". A token can do what its admin may, so Tako would now act with " + un.name() + "'s roles, and the token is listed under that admin.",
		Fix:    "If that is not what you meant, sign in as " + uo.name() + ", create the token in " + tokensConsole + " and paste that one instead. If you are moving Tako to another admin on purpose, continue."}
}

// revokeOld (rotate.revoke) revokes the old token with DELETE
// /api/v1/api-tokens/current sent with that token — only with the admin's
// consent (Retired.Revoke), and never the token the .env now holds.
func (r *run) revokeOld(ctx context.Context, old *Retired) Finding {
	id := IDRotateRevoke
	switch {
	case old.APIToken.IsZero():
		return Finding{ID: id, Status: Skip, Title: titleSkipped, Detail: "There is no old token."}
	case sameToken(r.in.APIToken.Reveal(), old.APIToken.Reveal()):
		f := sameTokenFinding(id)
		f.Title = "Not revoked: it is the token the .env holds"
		return f
	case !old.Revoke:
		return Finding{ID: id, Status: Skip, Title: "Left to you", Detail: "You chose to revoke the old token in the admin console."}
	}
	a, p := r.send(ctx, http.MethodDelete, "/api/v1/api-tokens/current", credential{scheme: "SSWS", token: old.APIToken.Reveal()})
	if p != nil {
		f := p.finding(id)
		f.Title = "The old token was not revoked: " + f.Title
		return f
	}
	said := ""
	if a.err != nil {
		said = " Okta said " + a.err.Text() + "."
	}
	switch {
	case a.status == http.StatusNoContent || a.status == http.StatusOK:
		return Finding{ID: id, Status: Pass, Title: "The old token was revoked",
			Detail: "tako-setup sent DELETE /api/v1/api-tokens/current with the old token (" + old.APIToken.Mask() + "); Okta answered " + http.StatusText(a.status) + "."}
	case a.kind() == oktaerr.InvalidToken:
		return Finding{ID: id, Status: Pass, Title: "Okta no longer accepts the old token",
			Detail: "Okta refused the revocation request for the old token itself:" + said + " It was already revoked or had expired."}
	case a.kind() == oktaerr.PermissionDenied:
		return Finding{ID: id, Status: Fail, Title: "Okta refused to revoke the old token from here",
			Detail: "The revocation request was refused:" + said + " The token's network restriction most likely keeps this machine out.",
			Fix:    "Revoke it in " + tokensConsole + " (Revoke next to the token), then check again."}
	}
	en := a.entry()
	return Finding{ID: id, Status: Fail, Title: "The old token was not revoked", Detail: en.Meaning + said,
		Fix: "Revoke it in " + tokensConsole + " (Revoke next to the token), then check again."}
}

// oldToken (rotate.old-token) proves the old token is dead: Okta answers
// 401 E0000011 to it. A network-restricted token refused from outside its
// zones may get the same answer in some orgs [unconfirmed, docs/okta-behavior.md
// docs/okta-behavior.md §4]; rotate.current showed the token worked from this machine, so here
// 401 E0000011 means revoked.
func (r *run) oldToken(ctx context.Context, old *Retired) Finding {
	id := IDRotateOldToken
	switch {
	case old.APIToken.IsZero():
		return Finding{ID: id, Status: Skip, Title: titleSkipped, Detail: "There is no old token."}
	case sameToken(r.in.APIToken.Reveal(), old.APIToken.Reveal()):
		return sameTokenFinding(id)
	}
	u, a, p := r.sswsMe(ctx, old.APIToken)
	switch {
	case p != nil:
		f := p.finding(id)
		f.Title = "Could not prove the old token is dead: " + f.Title
		return f
	case u != nil:
		which := "the old token (" + old.APIToken.Mask() + ")"
		if name := r.tokenName(ctx, old.APIToken, u); name != "" {
			which = "the old token, " + name + ","
		}
		return Finding{ID: id, Status: Fail, Title: "The old token still works",
			Detail: "Okta still accepts " + which + " acting as " + u.name() + ": anyone holding it can still act as Tako.",
			Fix:    "Revoke it in " + tokensConsole + " (Revoke next to the token), or choose to let tako-setup revoke it; then check again."}
	}
	said := ""
	if a.err != nil {
		said = " (" + a.err.Text() + ")"
	}
	switch a.kind() {
	case oktaerr.InvalidToken:
		return Finding{ID: id, Status: Pass, Title: "Okta refuses the old token",
			Detail: "Sent with the old token (" + old.APIToken.Mask() + "), GET /api/v1/users/me got " + a.err.Text() + ": the old token is dead."}
	case oktaerr.PermissionDenied:
		return Finding{ID: id, Status: Fail, Title: "Not proven: Okta refused the old token from this machine",
			Detail: "The old token was refused with 403" + said + ", which a live token restricted to other networks also gets; it does not show the token is revoked.",
			Fix:    "Check in " + tokensConsole + " that the old token is gone (revoke it there if not), or run this on the machine Tako runs on."}
	}
	en := a.entry()
	return Finding{ID: id, Status: Fail, Title: "Could not prove the old token is dead", Detail: en.Meaning + said, Fix: en.Fix}
}

// sameToken compares two token values (both non-empty).
func sameToken(a, b string) bool { return a != "" && a == b }

func sameTokenFinding(id string) Finding {
	return Finding{ID: id, Status: Fail, Title: "The new token is the old token again",
		Detail: "The token given as the new one is the token the .env already holds.",
		Fix:    "Create a new token in " + tokensConsole + " and paste that one."}
}
