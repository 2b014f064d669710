// Package assets holds the wizard's explanations: one markdown page per
// step (steps/<step-id>.md), written in our own words, embedded in the
// binary. Each page has a small header naming the admin-console menu path
// and, where there is one, the console page to open (a deep link once the
// org is known).
//
// Page header keys (between "---" lines, "key: value"):
//
//	title          the page title
//	console        the admin-console menu path
//	link           the console page, a path on the admin host; {client_id}
//	               is replaced by the app's client ID
//	token-console  / token-link: overrides for the API-token branch
//
// The console paths (/admin/apps/active, /admin/access/api/tokens,
// /admin/app/oidc_client/instance/<id>/#tab-general) are the ones the Okta
// admin console shows in its address bar; Okta does not document them as a
// stable API [unconfirmed], so each page also names the menu path.
package assets

import (
	"embed"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"sort"
	"strings"
)

//go:embed steps/*.md
var stepFiles embed.FS

// Help is one step's explanation.
type Help struct {
	// StepID is the step this page explains.
	StepID string
	Title  string
	// Console is the admin-console menu path ("" when the step has none).
	Console string
	// Link is the console page as a path on the admin host, possibly with
	// {client_id}; "" when there is none.
	Link string
	// TokenConsole and TokenLink replace Console and Link on the API-token
	// branch when set.
	TokenConsole, TokenLink string
	// Body is the explanation (markdown: paragraphs and "- " lists).
	Body string
}

// ForStep returns the help page of a step.
func ForStep(id string) (Help, bool) {
	b, err := stepFiles.ReadFile("steps/" + id + ".md")
	if err != nil {
		return Help{}, false
	}
	h, err := parse(id, string(b))
	if err != nil {
		return Help{}, false
	}
	return h, true
}

// StepIDs lists the step IDs that have a help page, sorted.
func StepIDs() []string {
	names, _ := fs.Glob(stepFiles, "steps/*.md")
	out := make([]string, 0, len(names))
	for _, n := range names {
		out = append(out, strings.TrimSuffix(path.Base(n), ".md"))
	}
	sort.Strings(out)
	return out
}

// ConsoleFor returns the menu path for the branch (token = API-token branch).
func (h Help) ConsoleFor(token bool) string {
	if token && h.TokenConsole != "" {
		return h.TokenConsole
	}
	return h.Console
}

// DeepLink returns the console page for this step in the given org, or ""
// when the step has no page or the org (or a needed client ID) is unknown.
// The admin console lives on the org host with "-admin" added to its first
// label: https://acme.okta.com → https://acme-admin.okta.com.
func (h Help) DeepLink(orgURL, clientID string, token bool) string {
	link := h.Link
	if token && h.TokenLink != "" {
		link = h.TokenLink
	}
	admin := AdminURL(orgURL)
	if link == "" || admin == "" {
		return ""
	}
	if strings.Contains(link, "{client_id}") {
		if clientID == "" {
			return ""
		}
		link = strings.ReplaceAll(link, "{client_id}", url.PathEscape(clientID))
	}
	return admin + link
}

// AdminURL returns the admin console's base URL for an org URL, or "" when
// orgURL is not a URL with a host.
func AdminURL(orgURL string) string {
	u, err := url.Parse(strings.TrimSpace(orgURL))
	if err != nil || u.Hostname() == "" {
		return ""
	}
	host := u.Hostname()
	first, rest, ok := strings.Cut(host, ".")
	// An IP address or a single-label host (the demo's loopback org) has no
	// admin host of its own: the console is the same host.
	if ok && !isIP(host) && !strings.HasSuffix(first, "-admin") {
		host = first + "-admin." + rest
	}
	if p := u.Port(); p != "" {
		host += ":" + p
	}
	return "https://" + host
}

func isIP(h string) bool {
	return strings.Trim(h, "0123456789.") == "" || strings.Contains(h, ":")
}

// parse reads a page: an optional "---" header of "key: value" lines, then
// the body.
func parse(id, text string) (Help, error) {
	h := Help{StepID: id}
	text = strings.ReplaceAll(text, "\r\n", "\n")
	if rest, ok := strings.CutPrefix(text, "---\n"); ok {
		head, body, found := strings.Cut(rest, "\n---\n")
		if !found {
			return Help{}, fmt.Errorf("%s: header not closed", id)
		}
		for _, line := range strings.Split(head, "\n") {
			k, v, ok := strings.Cut(line, ":")
			if !ok {
				return Help{}, fmt.Errorf("%s: bad header line %q", id, line)
			}
			v = strings.TrimSpace(v)
			switch strings.TrimSpace(k) {
			case "title":
				h.Title = v
			case "console":
				h.Console = v
			case "link":
				h.Link = v
			case "token-console":
				h.TokenConsole = v
			case "token-link":
				h.TokenLink = v
			default:
				return Help{}, fmt.Errorf("%s: unknown header key %q", id, k)
			}
		}
		text = body
	}
	h.Body = strings.TrimSpace(text)
	return h, nil
}
