package checks

import (
	"context"
	"fmt"
	"net/http"
	"strings"
)

// placeholderOrgID is the id Okta's catch-all "parked" org answers with for
// any subdomain that has no org (docs/okta-behavior.md §6).
const placeholderOrgID = "00oplaODtXoEq1eQo0g3"

// discovery is what GET /.well-known/okta-organization told.
type discovery struct {
	prob      *problem
	status    int
	id        string
	pipeline  string
	canonical string
	// fail is the org finding when discovery shows the URL is not a usable
	// org; nil when it is.
	fail *Finding
}

// discover asks the org who it is. No credentials are sent.
func (r *run) discover(ctx context.Context) *discovery {
	target := r.base + "/.well-known/okta-organization"
	a, p := r.c.doUncounted(ctx, func(ctx context.Context) (*http.Request, error) {
		return http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	})
	d := &discovery{}
	if p != nil {
		d.prob = p
		f := p.finding(IDOrg)
		d.fail = &f
		return d
	}
	d.status = a.status
	notOkta := func(detail string) {
		d.fail = &Finding{ID: IDOrg, Status: Fail, Title: "Not an Okta org",
			Detail: detail,
			Fix:    "Use your Okta org's address, such as https://acme.okta.com: the address in the browser when you sign in to Okta, without \"-admin\"."}
	}
	switch {
	case a.status == http.StatusOK:
	case a.status == http.StatusForbidden && len(strings.TrimSpace(string(a.body))) == 0:
		notOkta(fmt.Sprintf("%s refused the org lookup with 403 and an empty answer, which is how Okta's Admin Console address (…-admin…) answers API calls.", r.base))
		return d
	case a.status == http.StatusNotFound:
		notOkta(fmt.Sprintf("%s has no Okta org lookup (/.well-known/okta-organization answered 404).", r.base))
		return d
	default:
		detail := fmt.Sprintf("The org lookup at %s answered %d", r.base, a.status)
		if a.err != nil {
			detail += " (" + a.err.Text() + ")"
		}
		notOkta(detail + ".")
		return d
	}
	var doc struct {
		ID       string `json:"id"`
		Pipeline string `json:"pipeline"`
		Links    struct {
			Organization struct {
				Href string `json:"href"`
			} `json:"organization"`
		} `json:"_links"`
	}
	if p := decodeJSON(a, "the org lookup (/.well-known/okta-organization)", &doc); p != nil {
		f := p.finding(IDOrg)
		d.fail = &f
		return d
	}
	d.id, d.pipeline = doc.ID, doc.Pipeline
	switch {
	case doc.ID == placeholderOrgID:
		d.fail = &Finding{ID: IDOrg, Status: Fail, Title: "No Okta org at this address",
			Detail: fmt.Sprintf("%s answered with Okta's placeholder org (%s), which Okta serves for every subdomain that has no org: the name is misspelt or the org was deleted.", r.base, placeholderOrgID),
			Fix:    "Check the spelling: copy the address from the browser while signed in to your Okta org (for example https://acme.okta.com, without \"-admin\")."}
		return d
	case doc.ID == "":
		notOkta(fmt.Sprintf("%s answered the org lookup without an org id.", r.base))
		return d
	}
	if href := doc.Links.Organization.Href; href != "" {
		if c, _, err := normalizeOrgURL(href); err == nil {
			d.canonical = c
		}
	}
	return d
}

// orgFinding records the org finding from discovery and reports whether
// the org is usable. authWorked says the credentials were accepted at this
// URL, which proves an Okta org answers there even if discovery did not.
func (r *run) orgFinding(d *discovery, authWorked bool) bool {
	if d.canonical != "" {
		r.canon = d.canonical
	}
	if d.fail != nil {
		f := *d.fail
		if authWorked && d.prob == nil && d.id != placeholderOrgID {
			f.Status = Warn
			f.Title = "Org lookup failed, but Okta accepted the credentials"
			f.Fix = "Nothing blocks Tako. If the address is a proxy or custom domain, check that it passes /.well-known/okta-organization through."
		}
		r.set(f)
		return f.Status != Fail
	}
	engine := map[string]string{"idx": "Identity Engine", "v1": "Classic Engine"}[d.pipeline]
	if engine == "" {
		engine = "pipeline " + quoteOrEmpty(d.pipeline)
	}
	detail := fmt.Sprintf("Okta org %s (%s) answers at %s.", d.id, engine, r.base)
	if len(r.urlNotes) > 0 {
		detail += " From what was entered, tako-setup " + strings.Join(r.urlNotes, "; ") + "."
	}
	if d.canonical != "" && d.canonical != r.base {
		detail += fmt.Sprintf(" Okta names the org's own address %s; %s reaches it too (a custom domain).", d.canonical, r.base)
	}
	r.set(Finding{ID: IDOrg, Status: Pass, Title: "Okta org found", Detail: detail})
	return true
}
