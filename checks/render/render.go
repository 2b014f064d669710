// Package render prints a check report: a checklist for people (Text) and
// one JSON object for scripts (JSON). `tako-setup check`, non-interactive
// setup and the wizard's summaries all print findings through it, so a
// finding reads the same everywhere.
package render

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/termtext"
)

// Glyphs mark each finding's status. They read without colour (and on
// screen readers, which say "ok", "warn", "fail", "skip" aloud).
var Glyphs = map[checks.Status]string{
	checks.Pass: "[ok]",
	checks.Warn: "[!!]",
	checks.Fail: "[XX]",
	checks.Skip: "[--]",
}

// Styles colour the checklist. The zero value prints plain text.
type Styles struct {
	Status map[checks.Status]lipgloss.Style
	Title  lipgloss.Style
	Dim    lipgloss.Style
	Fix    lipgloss.Style
}

// ColorStyles are the checklist's colours: green, yellow, red and grey
// glyphs, bold titles. Print through a colorprofile writer (lipgloss.Writer
// or colorprofile.NewWriter) so that they are dropped where colour is not
// wanted (NO_COLOR, pipes, TERM=dumb).
func ColorStyles() Styles {
	return Styles{
		Status: map[checks.Status]lipgloss.Style{
			checks.Pass: lipgloss.NewStyle().Foreground(lipgloss.Green),
			checks.Warn: lipgloss.NewStyle().Foreground(lipgloss.Yellow).Bold(true),
			checks.Fail: lipgloss.NewStyle().Foreground(lipgloss.Red).Bold(true),
			checks.Skip: lipgloss.NewStyle().Foreground(lipgloss.BrightBlack),
		},
		Title: lipgloss.NewStyle().Bold(true),
		Dim:   lipgloss.NewStyle().Foreground(lipgloss.BrightBlack),
		Fix:   lipgloss.NewStyle().Foreground(lipgloss.Cyan),
	}
}

func (s Styles) render(st lipgloss.Style, text string, styled bool) string {
	if !styled {
		return text
	}
	return st.Render(text)
}

// TextOptions shape the checklist.
type TextOptions struct {
	// Styles colour it; nil prints plain text.
	Styles *Styles
	// Width wraps details and fixes at this many columns (0: no wrapping,
	// for pipes and files).
	Width int
}

// indent is where a finding's detail and fix start (under the title).
const indent = "     "

// Finding renders one finding: the glyph, the check ID and the title on
// the first line; the detail under it; for a warning or failure, the fix.
func Finding(f checks.Finding, opt TextOptions) string {
	f = safeFinding(f)
	var s Styles
	styled := opt.Styles != nil
	if styled {
		s = *opt.Styles
	}
	glyph := Glyphs[f.Status]
	if glyph == "" {
		glyph = "[??]"
	}
	var b strings.Builder
	head := fmt.Sprintf("%s %s %s", s.render(s.Status[f.Status], glyph, styled), s.render(s.Dim, fmt.Sprintf("%-14s", f.ID), styled), s.render(s.Title, f.Title, styled))
	b.WriteString(hanging(head, opt.Width, indent) + "\n")
	if f.Detail != "" {
		b.WriteString(block(f.Detail, "", opt.Width, func(t string) string { return t }))
	}
	if f.Fix != "" && (f.Status == checks.Fail || f.Status == checks.Warn) {
		b.WriteString(block(f.Fix, "Fix: ", opt.Width, func(t string) string { return s.render(s.Fix, t, styled) }))
	}
	return b.String()
}

// safeFinding is f with every text made safe for a terminal
// (termtext.Line): a report may be made from a hostile .env or server.
func safeFinding(f checks.Finding) checks.Finding {
	f.ID, f.Title, f.Detail, f.Fix = termtext.Line(f.ID), termtext.Line(f.Title), termtext.Line(f.Detail), termtext.Line(f.Fix)
	return f
}

// block indents text under a finding, wrapped to width.
func block(text, label string, width int, style func(string) string) string {
	text = label + text
	if width > len(indent)+20 {
		text = ansi.Wrap(text, width-len(indent), "")
	}
	var b strings.Builder
	for _, line := range strings.Split(text, "\n") {
		b.WriteString(indent + style(line) + "\n")
	}
	return b.String()
}

// hanging wraps one line at width (0: not at all), indenting the lines
// after the first by hang.
func hanging(line string, width int, hang string) string {
	if width <= len(hang)+20 || ansi.StringWidth(line) <= width {
		return line
	}
	first, rest, _ := strings.Cut(ansi.Wrap(line, width, ""), "\n")
	rest = strings.ReplaceAll(rest, "\n", " ")
	var b strings.Builder
	b.WriteString(first)
	for _, l := range strings.Split(ansi.Wrap(rest, width-len(hang), ""), "\n") {
		b.WriteString("\n" + hang + l)
	}
	return b.String()
}

// Counts tallies the findings by status.
func Counts(rep checks.Report) map[checks.Status]int {
	n := map[checks.Status]int{}
	for _, f := range rep.Findings {
		n[f.Status]++
	}
	return n
}

// Summary is the checklist's last line: "9 passed, 1 warning, 1 failed,
// 2 skipped", with what to do next.
func Summary(rep checks.Report) string {
	n := Counts(rep)
	plural := func(k int, one, many string) string {
		if k == 1 {
			return strconv.Itoa(k) + " " + one
		}
		return strconv.Itoa(k) + " " + many
	}
	s := fmt.Sprintf("%d passed, %s, %d failed, %d skipped", n[checks.Pass], plural(n[checks.Warn], "warning", "warnings"), n[checks.Fail], n[checks.Skip])
	switch {
	case n[checks.Fail] > 0:
		return s + ": Tako will not work until the failures are fixed."
	case n[checks.Warn] > 0:
		return s + ": Tako will work; the warnings are worth fixing."
	case n[checks.Skip] > 0:
		return s + ": nothing failed, but some checks could not run (each says why above)."
	}
	return s + ": Tako's Okta settings are ready."
}

// methodName is how the method reads in the header.
func methodName(m checks.Method) string {
	switch m {
	case checks.OAuth2:
		return "OAuth 2.0 (" + string(m) + ")"
	case checks.APIToken:
		return "API token (" + string(m) + ")"
	}
	return termtext.Line(string(m)) // TOKEN_METHOD as the .env spells it
}

// Text prints the checklist: a header naming the org and method, one
// finding after another, the recommended settings, and a summary line.
func Text(w io.Writer, rep checks.Report, opt TextOptions) error {
	var b strings.Builder
	styled := opt.Styles != nil
	var s Styles
	if styled {
		s = *opt.Styles
	}
	b.WriteString(hanging(fmt.Sprintf("Checking %s with %s", s.render(s.Title, termtext.Line(rep.OrgURL), styled), methodName(rep.Method)), opt.Width, "  ") + "\n\n")
	for _, f := range rep.Findings {
		b.WriteString(Finding(f, opt))
	}
	if rec := recommendedLines(rep.Recommended); len(rec) > 0 {
		b.WriteString("\nRecommended for the .env:\n")
		for _, l := range rec {
			b.WriteString(hanging("  "+l, opt.Width, "    ") + "\n")
		}
	}
	b.WriteString("\n" + hanging(Summary(rep), opt.Width, "") + "\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// recommendedLines lists the recommended settings for people. The scope
// list is long, so the text names how many; JSON carries the list itself.
func recommendedLines(r checks.Recommended) []string {
	var out []string
	if r.ConcurrentLimit > 0 {
		out = append(out, "OKTA_CONCURRENT_LIMIT="+strconv.Itoa(r.ConcurrentLimit))
	}
	if len(r.Scopes) > 0 {
		out = append(out, fmt.Sprintf("OKTA_OAUTH2_SCOPES: the %d granted scopes (tako-setup writes them; --json lists them)", len(r.Scopes)))
	}
	return out
}

// jsonReport is the JSON contract of `tako-setup check --json`.
type jsonReport struct {
	OK          bool               `json:"ok"`
	Method      checks.Method      `json:"method"`
	OrgURL      string             `json:"org_url"`
	Checks      []checks.Finding   `json:"checks"`
	Recommended checks.Recommended `json:"recommended"`
}

// JSON writes exactly one JSON object, followed by a newline:
// {"ok", "method", "org_url", "checks": [{"id","status","title","detail","fix"}],
// "recommended": {"OKTA_CONCURRENT_LIMIT": "N", "OKTA_OAUTH2_SCOPES": "…"}}.
// Recommended values are strings, as they are written to the .env.
func JSON(w io.Writer, rep checks.Report) error {
	// Strings made safe as in Text: the JSON is read on terminals too, and
	// encoding/json leaves C1 controls, bidi and zero-width characters be.
	doc := jsonReport{OK: rep.OK(), Method: checks.Method(termtext.Line(string(rep.Method))), OrgURL: termtext.Line(rep.OrgURL), Checks: []checks.Finding{}, Recommended: rep.Recommended}
	for _, f := range rep.Findings {
		doc.Checks = append(doc.Checks, safeFinding(f))
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(doc)
}
