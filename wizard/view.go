package wizard

import (
	"fmt"
	"net/url"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/fctr-id/tako-setup/assets"
	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/termtext"
	"github.com/fctr-id/tako-setup/steps"
)

// Layout constants. The wizard is designed for 80×24 and adapts: below
// narrowWidth the sidebar folds into a one-line progress strip.
const (
	sidebarWidth = 20
	narrowWidth  = 72
)

// View draws the screen: header, sidebar with every step and its status,
// the current step, and a footer with the keys that work now.
func (m *Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.WindowTitle = "tako-setup"
	return v
}

// render builds the screen as text (tests strip and compare it).
func (m *Model) render() string {
	w, h := max(m.width, 20), max(m.height, 8)
	header := m.header(w)
	bodyH := h - 2
	var body []string
	switch {
	case m.offer != nil:
		body = m.expand(m.offerView(w, bodyH), w)
	case m.showHelp:
		body = m.helpView(w, bodyH)
	case w < narrowWidth:
		strip := m.strip(w)
		body = append([]string{strip}, m.expand(m.mainView(w, bodyH-1), w)...)
	default:
		side := strings.Split(m.sidebar(bodyH), "\n")
		body = m.joinColumns(side, sidebarWidth, " │ ", m.mainView(m.mainWidth(), bodyH), w, bodyH)
	}
	// The footer after the body: the body decides whether the result area
	// scrolls this frame, and the footer offers pgdn only then.
	footer := m.footer(w)
	return header + "\n" + fitLines(strings.Join(body, "\n"), w, bodyH) + "\n" + footer
}

func (m *Model) mainWidth() int {
	if m.width < narrowWidth {
		return max(m.width, 20)
	}
	return max(m.width-sidebarWidth-3, 20)
}

// header: the program, the branch, the demo flag, and the position.
func (m *Model) header(w int) string {
	left := m.st.Header.Render("tako-setup")
	switch m.mach.Answers().Method {
	case checks.OAuth2:
		left += m.st.HeaderDim.Render(" · OAuth 2.0")
	case checks.APIToken:
		left += m.st.HeaderDim.Render(" · API token")
	}
	if m.cfg.Demo {
		left += m.st.Warn.Render(" · DEMO (simulated org)")
	}
	right := m.st.HeaderDim.Render(m.mach.PositionText())
	gap := w - ansi.StringWidth(left) - ansi.StringWidth(right)
	if gap < 1 {
		return ansi.Truncate(left, w, "…")
	}
	return left + strings.Repeat(" ", gap) + right
}

// footer: the keys that do something on this screen, from the keymap,
// rendered by bubbles/help.
func (m *Model) footer(w int) string {
	h := m.help
	h.SetWidth(w)
	return ansi.Truncate(h.ShortHelpView(m.keys().footerKeys(w, ansi.StringWidth(h.ShortSeparator))), w, "…")
}

// statusMark is a step's sidebar symbol.
func (m *Model) statusMark(e Entry) string {
	switch e.Status {
	case Passed:
		return m.st.Pass.Render(symPass)
	case Warned:
		return m.st.Warn.Render(symWarn)
	case Failed, Errored:
		return m.st.Fail.Render(symFail)
	case Checking:
		return m.st.Current.Render(symChecking)
	case Waiting:
		return m.st.Current.Render(symWaiting)
	}
	return m.st.Dim.Render(symPending)
}

func (m *Model) sidebar(h int) string {
	var lines []string
	for _, e := range m.mach.Sidebar() {
		title := ansi.Truncate(e.Step.Title, sidebarWidth-4, "…")
		pointer := " "
		switch {
		case e.Current:
			pointer, title = m.st.Current.Render(symCurrent), m.st.Current.Render(title)
		case e.Status == Pending:
			title = m.st.Dim.Render(title)
		}
		lines = append(lines, pointer+m.statusMark(e)+" "+title)
	}
	if m.mach.Answers().Method == "" {
		lines = append(lines, m.st.Dim.Render("   …more once you"), m.st.Dim.Render("   pick a method"))
	}
	return strings.Join(lines, "\n")
}

// strip is the narrow-terminal progress line: one mark per step.
func (m *Model) strip(w int) string {
	var b strings.Builder
	for _, e := range m.mach.Sidebar() {
		if e.Current && e.Status == Pending {
			b.WriteString(m.st.Current.Render(symCurrent))
			continue
		}
		b.WriteString(m.statusMark(e))
	}
	s := m.mach.Current()
	return ansi.Truncate(b.String()+"  "+m.st.Bold.Render(s.Title), w, "…")
}

// mainView is the current step: what to do in Okta (its address on a line
// of its own), the explanation in the room left, the inputs, and the
// result area — findings first, then the hint, then long blocks (a public
// key, the scope list, the changes) — which scrolls when it does not fit.
// Lines made by fullLine span the whole screen, not only this pane.
func (m *Model) mainView(w, h int) []string {
	s := m.mach.Current()
	a := m.mach.Answers()
	help, _ := assets.ForStep(string(s.ID))
	title := help.Title
	if title == "" {
		title = s.Title
	}
	top := []string{m.st.Title.Render(title)}
	if c := help.ConsoleFor(a.Token()); c != "" {
		top = append(top, wrapPrefixed(m.st.Dim.Render("In Okta: "), c, w)...)
	}
	if link := m.address(); link != "" {
		top = append(top, fullLink(link))
	}
	if s.Role == steps.Final {
		top = append(top, m.doneLines(w)...)
	}
	if s.ID == steps.Welcome && a.Existing != nil {
		top = append(top, "", m.st.Bold.Render("Found this .env:"), fullPath(a.Existing.Path))
	}
	if s.Role == steps.ReviewRole {
		top = append(top, "", m.st.Bold.Render("Changes to this file:"), fullPath(m.cfg.EnvFile))
	}

	jwk := m.publicKeyToAdd()
	fields := m.fieldLines(w, jwk != nil)

	area := m.resultLines(s, w)
	if s.Role == steps.Final && m.mach.Outcome() == Finished {
		area = append(area, "")
		area = append(area, wrapText("Next: start Tako as you usually do. To check the file again later:", w)...)
		area = append(area, fullText(steps.CheckCommand(m.cfg.EnvFile))) // a command to copy: whole, full width
	}
	area = append(area, m.blocks(s, jwk, w, h)...)
	for len(area) > 0 && area[0] == "" {
		area = area[1:]
	}
	// Where the area goes: the review's changes and the welcome summary
	// come before the question they are about; results come after.
	before := s.Role == steps.ReviewRole || s.ID == steps.Welcome

	if m.rows(top, w)+len(fields)+len(area)+1 > h {
		fields = m.fieldLines(w, true) // no blank lines or help between fields
	}
	fixed := m.rows(top, w) + len(fields)
	room := h - fixed
	if len(area) > 0 {
		room-- // the blank line before the area
	}
	var shown []string
	defer func() { m.keepPlace = false }()
	m.scrollable = false
	switch {
	case len(area) <= room:
		shown = area
		room -= len(area)
	default:
		vh := max(room-1, 2) // one row says how to scroll
		prev, off := m.vp.TotalLineCount(), m.vp.YOffset()
		m.vp.SetWidth(w)
		m.vp.SetHeight(vh)
		m.vp.SetContentLines(area)
		if m.keepPlace && off > 0 {
			// The place kept over a watch check: where rows came or went
			// above it (the findings come first, the long blocks last),
			// the part the user was reading stays on screen.
			m.vp.SetYOffset(off + len(area) - prev)
		}
		if s.ID == steps.Automatic && m.mach.Status(s.ID) == Checking && !m.scrolledUp {
			// The checklist grows at its end while the run goes on: follow
			// it, unless the user scrolled up to read earlier calls.
			m.vp.GotoBottom()
		}
		shown = strings.Split(m.vp.View(), "\n")
		m.scrollable = true
		switch {
		case m.vp.AtBottom():
			shown = append(shown, m.st.Dim.Render(fmt.Sprintf("↑ %d lines above: pgup", m.vp.YOffset())))
		default:
			below := m.vp.TotalLineCount() - m.vp.YOffset() - vh
			shown = append(shown, m.st.Dim.Render(fmt.Sprintf("↓ %d more lines: pgdn (f1: everything)", below)))
		}
		room = 0
	}
	var explanation []string
	if s.Role != steps.Final {
		explanation = m.cachedHelp(s.ID, help.Body, w)
		switch {
		case len(explanation)+1 <= room:
		case room >= 3:
			explanation = append(explanation[:room-2], m.st.Dim.Render("… f1 shows the whole explanation"))
		default:
			explanation = nil
		}
	}

	out := append([]string{}, top...)
	if len(explanation) > 0 {
		out = append(out, "")
		out = append(out, explanation...)
	}
	if before && len(shown) > 0 {
		out = append(out, "")
		out = append(out, shown...)
	}
	out = append(out, fields...)
	if !before && len(shown) > 0 {
		out = append(out, "")
		out = append(out, shown...)
	}
	return out
}

// fieldLines draws the step's fields; tight leaves out the blank lines
// between them and the focused field's help.
func (m *Model) fieldLines(w int, tight bool) []string {
	a := m.mach.Answers()
	var out []string
	for i, f := range m.fields {
		if i == 0 || !tight {
			out = append(out, "")
		}
		out = append(out, strings.Split(f.View(w, i == m.focus, m.st), "\n")...)
		if e := m.fieldErr.forField(f, a); e != "" {
			out = append(out, wrapStyled(m.st.FieldErr, symFail+" "+e, w)...)
		} else if f.Input().Help != "" && i == m.focus && !tight {
			out = append(out, wrapStyled(m.st.Dim, f.Input().Help, w)...)
		}
	}
	return out
}

// blocks are the long parts of the result area, after the findings: a
// public key to add, a token shown once, the scopes, the welcome summary,
// the changes to review.
func (m *Model) blocks(s steps.Step, jwk []byte, w, h int) []string {
	a := m.mach.Answers()
	var out []string
	if s.ID == steps.Automatic {
		out = append(out, m.autoLines(a, w)...)
	}
	if jwk != nil {
		out = append(out, "")
		if a.Key.Generated {
			out = append(out, wrapStyled(m.st.Bold, "In Okta click Add key and paste this public key:", w)...)
		} else {
			// Okta said the pasted (or file, or kept) key is not on the app.
			out = append(out, wrapStyled(m.st.Bold, "Okta does not have this key. Add its public key in Okta:", w)...)
		}
		out = append(out, strings.Split(ansi.Hardwrap(string(jwk), w, true), "\n")...)
	}
	if m.showOnce != "" {
		out = append(out, "", m.st.Bold.Render("Okta shows this token once (demo org only):"), m.showOnce)
	}
	if s.ID == steps.Scopes && m.mach.Status(s.ID) != Checking {
		out = append(out, m.scopeLists(a, w)...)
	}
	if s.ID == steps.Welcome && a.Existing != nil {
		out = append(out, m.existingSummary(a.Existing, w)...)
	}
	if s.Role == steps.ReviewRole {
		out = append(out, m.reviewLines(w)...)
	}
	if s.ID == steps.Welcome && m.cfg.Demo {
		out = append(out, "")
		out = append(out, wrapStyled(m.st.Warn, "Demo: the org is simulated on this machine. On each step, ctrl+o does the admin-console part for you, so you can watch the checks fail and then pass.", w)...)
	}
	return out
}

// address is the console address of the current step ("" before the org
// is known, or on a step without one).
func (m *Model) address() string {
	a := m.mach.Answers()
	help, _ := assets.ForStep(string(m.mach.Current().ID))
	return termtext.Line(help.DeepLink(a.OrgURL, a.ClientID, a.Token()))
}

// resultLines: the spinner while working, else the findings and the hint.
// A watch check is drawn as the step was before it (the watch line says
// Okta is being watched): nothing moves under a user reading the area.
func (m *Model) resultLines(s steps.Step, w int) []string {
	var out []string
	st := m.mach.Status(s.ID)
	if st == Checking && m.watching && !m.consoleOn {
		st = m.watchFrom
	}
	switch {
	case m.consoleOn:
		out = append(out, m.spin.View()+" Doing it in the (demo) admin console…")
	case st == Checking:
		out = append(out, m.spin.View()+" "+workingText(s))
	case st == Errored:
		out = append(out, wrapStyled(m.st.Fail, symFail+" "+m.mach.Err(s.ID).Error(), w)...)
		out = append(out, m.st.Dim.Render("Press Enter to try again."))
	default:
		return m.settledLines(s, st, w)
	}
	if m.notice != "" {
		out = append(out, wrapStyled(m.st.Bold, m.notice, w)...)
	}
	return out
}

// settledLines: the notice, the findings of a step not being worked on,
// the hint and the watch line.
func (m *Model) settledLines(s steps.Step, st Status, w int) []string {
	var out []string
	if m.notice != "" {
		out = append(out, wrapStyled(m.st.Bold, m.notice, w)...)
	}
	compact := s.Role == steps.Final
	fs := m.mach.Findings(s.ID)
	if compact {
		fs = worstFirst(fs)
	}
	if st == Waiting && !compact {
		fs = nil // a quiet watch check: nothing the user has not been told
	}
	for _, f := range fs {
		if f.Status == checks.Skip && !compact {
			continue // not checked because of a failure above; f1 lists it
		}
		out = append(out, m.findingLines(f, w, compact)...)
	}
	if hint := m.hint(s, st); hint != "" {
		out = append(out, wrapStyled(m.st.Dim, hint, w)...)
	}
	if line := m.watchLine(); line != "" {
		out = append(out, wrapStyled(m.st.Current, line, w)...)
	}
	return out
}

func workingText(s steps.Step) string {
	if s.ID == steps.Automatic {
		return "Making the changes in Okta…"
	}
	switch s.Role {
	case steps.WriteRole:
		return "Writing the .env…"
	case steps.Final:
		return "Reading the file back and checking everything…"
	}
	if steps.KeyStep(s.ID) {
		return "Working on the key…"
	}
	return "Checking with Okta…"
}

func (m *Model) hint(s steps.Step, st Status) string {
	if s.Role == steps.Final {
		return ""
	}
	demo := ""
	if m.cfg.Console != nil {
		if label, ok := m.cfg.Console.Offer(s.ID, m.mach.Answers()); ok {
			demo = " (demo: ctrl+o " + label + ")"
		}
	}
	switch st {
	case Passed:
		return "Press Enter to continue."
	case Warned:
		return "You may continue (Enter), or fix it and press ctrl+r" + demo + "."
	case Failed:
		if k := m.mach.Answers().Key; k != nil && !k.Generated && m.publicKeyToAdd() != nil {
			return "Add it in Okta (ctrl+y sends it to your terminal's clipboard), then press Enter to check" + demo + "."
		}
		if typedInputs(s, m.mach.Answers()) {
			return "Correct your answer above, or do what the fix says, then press Enter to check again" + demo + "."
		}
		return "Fix it in Okta, then press Enter to check again" + demo + "."
	case Waiting:
		if k := m.mach.Answers().Key; k != nil && k.Generated && steps.KeyStep(s.ID) {
			return "Once it is added and saved in Okta, press Enter to check" + demo + "."
		}
		return waitingFor(s, m.mach.Answers()) + "Once it is done in Okta, press Enter to check" + demo + "."
	}
	return ""
}

// waitingFor says what the admin is to do on a step that waits for the
// console, naming the key by the kid Okta lists it under.
func waitingFor(s steps.Step, a *steps.Answers) string {
	switch {
	case s.ID == steps.RotateDeactivate && a.Key.ConsoleKID() != "":
		old := ""
		if k := a.Rotation.OldKey; k.ConsoleKID() != "" {
			old = " (the old key is kid " + k.ConsoleKID() + ")"
		}
		return "In the app's public keys, keep only the new key (kid " + a.Key.ConsoleKID() + ") active: deactivate every other key" + old + ". "
	case s.ID == steps.RotateRevoke:
		return "Revoke the old token in the console (the token list shows its name). "
	}
	return ""
}

// worstFirst orders the Done screen's list: failures, then warnings, then
// the rest, each in report order, so the first reason shown is the one
// that matters.
func worstFirst(fs []checks.Finding) []checks.Finding {
	out := make([]checks.Finding, 0, len(fs))
	for _, st := range []checks.Status{checks.Fail, checks.Warn} {
		for _, f := range fs {
			if f.Status == st {
				out = append(out, f)
			}
		}
	}
	for _, f := range fs {
		if f.Status != checks.Fail && f.Status != checks.Warn {
			out = append(out, f)
		}
	}
	return out
}

// typedInputs reports whether the step asks something typed (a URL, an
// ID, a key, a number): a failure may then be a typo, not Okta's setting.
func typedInputs(s steps.Step, a *steps.Answers) bool {
	for _, in := range personInputs(s, a) {
		if in.Kind != steps.Choice && in.Kind != steps.Confirm {
			return true
		}
	}
	return false
}

// findingLines renders one finding, wrapped, never cut; compact for the
// Done screen's list (one title per passed check).
func (m *Model) findingLines(f checks.Finding, w int, compact bool) []string {
	var mark string
	switch f.Status {
	case checks.Pass:
		mark = m.st.Pass.Render(symPass)
	case checks.Warn:
		mark = m.st.Warn.Render(symWarn)
	case checks.Fail:
		mark = m.st.Fail.Render(symFail)
	default:
		mark = m.st.Dim.Render("–")
	}
	title := termtext.Line(f.Title)
	if f.Status == checks.Skip {
		title = skippedTitle(f)
	}
	out := wrapText(title, max(w-2, 10))
	out[0] = mark + " " + out[0]
	for i := 1; i < len(out); i++ {
		out[i] = "  " + out[i]
	}
	if compact && f.Status != checks.Fail && f.Status != checks.Warn {
		return out
	}
	// The Done screen's list shows a warning's fix, not its whole story
	// (f1 has it); a failure in full.
	if f.Detail != "" && f.Status != checks.Skip && !(compact && f.Status == checks.Warn) {
		out = append(out, indent(wrapStyled(m.st.Dim, termtext.Text(f.Detail), w-2), "  ")...)
	}
	if f.Fix != "" && (f.Status == checks.Fail || f.Status == checks.Warn) {
		out = append(out, indent(wrapStyled(m.st.Bold, "Fix: "+termtext.Text(f.Fix), w-2), "  ")...)
	}
	return out
}

// skippedTitle names what a skipped check would have proved.
func skippedTitle(f checks.Finding) string {
	name := checkName(f.ID)
	if f.Title != "" && f.Title != "Not checked" {
		name = f.Title
	}
	return "Not checked: " + name + " (an earlier check failed)"
}

// existingSummary describes a .env found at start, secrets masked.
func (m *Model) existingSummary(e *steps.Existing, w int) []string {
	var out []string
	add := func(k, v string) { out = append(out, wrapPrefixed("  "+k+" ", termtext.Line(v), w)...) }
	if e.OrgURL != "" {
		add("org      ", e.OrgURL)
	}
	if e.Method != "" {
		add("method   ", string(e.Method))
	}
	if e.ClientID != "" {
		add("client ID", e.ClientID)
	}
	if e.HasKey {
		add("key      ", "set (hidden)")
	}
	if e.HasToken {
		add("token    ", "set (hidden)")
	}
	if e.Unrelated > 0 {
		add("other    ", plural(e.Unrelated, "other setting")+", kept as they are")
	}
	return out
}

// reviewLines: the masked diff of the .env.
func (m *Model) reviewLines(w int) []string {
	var out []string
	switch {
	case m.cfg.Env.Preview == nil:
		return out
	case !m.review.ready:
		return append(out, m.st.Dim.Render("Reading the file…"))
	case m.review.err != nil:
		return append(out, wrapStyled(m.st.Fail, symFail+" "+m.review.err.Error(), w)...)
	}
	for _, l := range strings.Split(strings.TrimRight(m.review.text, "\n"), "\n") {
		wrapped := wrapText(l, w-2)
		out = append(out, wrapped[0])
		out = append(out, indent(wrapped[1:], "  ")...)
	}
	return out
}

// doneLines: where the file is, whether it was written, and the summary of
// its checks. Paths are whole lines of their own.
func (m *Model) doneLines(w int) []string {
	a := m.mach.Answers()
	if a.Written == nil {
		return nil
	}
	var out []string
	if a.Written.Unchanged {
		out = append(out, "", m.st.Bold.Render("Nothing to change; not written (no backup needed):"), fullPath(a.Written.Path))
	} else {
		out = append(out, "", m.st.Bold.Render("Written:"), fullPath(a.Written.Path))
	}
	if a.Written.Backup != "" {
		out = append(out, m.st.Dim.Render("Backup of the previous file:"), fullPath(a.Written.Backup))
	}
	if cur := m.mach.Current(); cur.Role == steps.Final && (m.mach.Status(cur.ID).Done() || m.mach.Status(cur.ID) == Failed) {
		where := "your org"
		if m.cfg.Demo {
			where = "the same demo org"
		}
		out = append(out, wrapStyled(m.st.Dim, "Re-read from disk and checked against "+where+":", w)...)
		if r := a.Final; r != nil {
			out = append(out, wrapStyled(m.st.Bold, summaryOf(*r), w)...)
		}
	}
	return out
}

// scopeLists marks Tako's core scopes granted (✓) or missing (✗), from
// what the last scopes check found, then lists every scope to grant.
func (m *Model) scopeLists(a *steps.Answers, w int) []string {
	wanted := a.Scopes
	if len(wanted) == 0 {
		wanted = checks.DefaultScopes
	}
	var out []string
	if len(a.Granted) > 0 {
		granted := map[string]bool{}
		for _, g := range a.Granted {
			granted[g] = true
		}
		var items []string
		for _, c := range checks.CoreScopes {
			name := strings.TrimSuffix(strings.TrimPrefix(c, "okta."), ".read")
			if granted[c] {
				items = append(items, m.st.Pass.Render(symPass)+" "+name)
			} else {
				items = append(items, m.st.Fail.Render(symFail)+" "+name)
			}
		}
		out = append(out, "", m.st.Bold.Render(fmt.Sprintf("Granted %d of %d scopes. Tako's core:", len(a.Granted), len(wanted))))
		out = append(out, flow(items, w)...)
	}
	out = append(out, "", m.st.Bold.Render(fmt.Sprintf("The %d scopes to grant (Okta API Scopes tab):", len(wanted))))
	return append(out, flow(wanted, w)...)
}

// flow puts items on lines of at most w columns, two spaces apart.
func flow(items []string, w int) []string {
	var out []string
	line := ""
	for _, it := range items {
		if line != "" && ansi.StringWidth(line)+2+ansi.StringWidth(it) > w {
			out = append(out, line)
			line = ""
		}
		if line != "" {
			line += "  "
		}
		line += it
	}
	if line != "" {
		out = append(out, line)
	}
	return out
}

// plural is "1 thing" or "n things".
func plural(n int, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return fmt.Sprintf("%d %ss", n, thing)
}

// summaryOf counts a report's outcomes in one line.
func summaryOf(r checks.Report) string {
	var pass, warn, fail int
	for _, f := range r.Findings {
		switch f.Status {
		case checks.Pass:
			pass++
		case checks.Warn:
			warn++
		case checks.Fail:
			fail++
		}
	}
	s := fmt.Sprintf("%d passed", pass)
	if warn > 0 {
		s += ", " + plural(warn, "warning")
	}
	switch {
	case fail > 0:
		return s + fmt.Sprintf(", %d FAILED — Tako will not work until it is fixed", fail)
	case warn > 0:
		return s + " — Tako can use this file; the warnings are worth fixing."
	}
	return s + " — Tako can use this file."
}

// offerView asks whether to resume saved progress.
func (m *Model) offerView(w, h int) []string {
	p := m.offer
	lines := []string{m.st.Title.Render("Resume where you left off?"), ""}
	lines = append(lines, wrapStyled(m.st.Dim, fmt.Sprintf("Saved %s: %d steps had passed for %s.", p.Saved.Local().Format("Jan 2 15:04"), len(p.Passed), p.OrgURL), w)...)
	lines = append(lines, wrapStyled(m.st.Dim, "Everything is checked again live; a pasted key or token is asked again (they are never saved).", w)...)
	if k := m.cfg.Kept; k != nil {
		lines = append(lines, "")
		lines = append(lines, wrapStyled(m.st.Bold, fmt.Sprintf("The key generated here before (kid %s) was kept: Resume uses it, so its public key on app %s is not wasted. Start over discards it: then delete that public key in the console.", k.KID, k.ClientID), w)...)
	}
	lines = append(lines, "")
	for i, label := range []string{"Resume", "Start over"} {
		mark, style := "  ", m.st.Dim
		if i == m.offerCursor {
			mark, style = "› ", m.st.Selected
		}
		lines = append(lines, style.Render(fmt.Sprintf("%s%d. %s", mark, i+1, label)))
	}
	return lines
}

// helpView is the full explanation of the step, its findings, and the keys
// (from the same keymap as the footer).
func (m *Model) helpView(w, h int) []string {
	s := m.mach.Current()
	a := m.mach.Answers()
	help, _ := assets.ForStep(string(s.ID))
	var lines []string
	lines = append(lines, m.st.Title.Render("Help — "+s.Title))
	how := "↑↓ pgup pgdn scroll · esc closes · this tool never opens a browser"
	link := m.address()
	if link != "" {
		how += ": open the address below in yours (ctrl+l sends it to your terminal's clipboard)"
	}
	lines = append(lines, wrapStyled(m.st.Dim, how+".", w)...)
	lines = append(lines, "")
	if c := help.ConsoleFor(a.Token()); c != "" {
		lines = append(lines, wrapPrefixed(m.st.Dim.Render("In Okta: "), c, w)...)
	}
	if link != "" {
		lines = append(lines, fullLink(link))
	}
	lines = append(lines, "")
	lines = append(lines, helpLines(help.Body, w)...)
	if s.ID == steps.Automatic && len(m.auto.Lines(0)) > 0 {
		// The whole checklist, as the step's "f1: everything" promises.
		lines = append(lines, "", m.st.Bold.Render("Calls to Okta"))
		lines = append(lines, m.autoLines(a, w)...)
	}
	if s.Role == steps.ReviewRole {
		// The changes, every value whole, as on the step's screen.
		lines = append(lines, "", m.st.Bold.Render("Changes to this file:"), fullPath(m.cfg.EnvFile))
		lines = append(lines, m.reviewLines(w)...)
	}
	if fs := m.mach.Findings(s.ID); len(fs) > 0 {
		lines = append(lines, "", m.st.Bold.Render("Last check"))
		for _, f := range fs {
			lines = append(lines, m.findingLines(f, w, false)...)
		}
	}
	if jwk := m.copyableJWK(); jwk != nil {
		// Whole, on rows of the full width: select it here to copy it when
		// the terminal ignores OSC 52.
		lines = append(lines, "")
		lines = append(lines, wrapStyled(m.st.Bold, "The public key to add in Okta (ctrl+y sends it to your terminal's clipboard):", w)...)
		lines = append(lines, fullText(string(jwk)))
	}
	lines = append(lines, "", m.st.Bold.Render("Keys"))
	hm := m.help
	hm.SetWidth(w)
	onPage := m.showHelp
	m.showHelp = false
	page := m.keys() // the keys of the step, not of this page
	m.showHelp = onPage
	lines = append(lines, strings.Split(hm.FullHelpView(page.FullHelp()), "\n")...)

	rows := m.expand(lines, w)
	maxScroll := max(0, len(rows)-h)
	m.helpScroll = min(m.helpScroll, maxScroll)
	m.helpRows = h
	return rows[m.helpScroll:]
}

// --- text helpers ---------------------------------------------------------

// fullMark starts a line that spans the whole screen: an address or a path,
// never cut or wrapped at a space, with no sidebar beside it. Where it is
// longer than the screen it continues on the next row from column 0, and a
// link stays one OSC 8 hyperlink across the rows.
const (
	fullMark = "\x00full\x00"
	linkMark = fullMark + "link\x00"
	pathMark = fullMark + "path\x00"
	textMark = fullMark + "text\x00"
)

func fullLink(url string) string  { return linkMark + url }
func fullPath(path string) string { return pathMark + path }
func fullText(text string) string { return textMark + text }

// rows counts the screen rows lines take at width w (full lines at the
// screen's width).
func (m *Model) rows(lines []string, w int) int {
	n := 0
	for _, l := range lines {
		if strings.HasPrefix(l, fullMark) {
			n += len(m.fullRows(l))
			continue
		}
		n++
	}
	return n
}

// fullRows renders a full line as rows of the screen's width.
func (m *Model) fullRows(l string) []string {
	fw := max(m.width, 20)
	text, style := strings.TrimPrefix(l, pathMark), m.st.Bold
	if strings.HasPrefix(l, textMark) {
		text, style = strings.TrimPrefix(l, textMark), m.st.Plain
	}
	link := ""
	if strings.HasPrefix(l, linkMark) {
		text = strings.TrimPrefix(l, linkMark)
		style = m.st.Link
		if linkable(text) {
			link = text
		}
	}
	text = termtext.Line(ansi.Strip(text))
	var out []string
	for {
		chunk := ansi.Truncate(text, fw, "")
		if chunk == "" && text != "" {
			chunk = string([]rune(text)[:1])
		}
		st := style
		if link != "" {
			st = st.Hyperlink(link)
		}
		out = append(out, st.Render(chunk))
		text = text[len(chunk):]
		if text == "" {
			return out
		}
	}
}

// linkable reports whether an address may become a live OSC 8 link: an
// https URL of printable ASCII whose host is a plain host name. Anything
// else (an org URL made of hostile text) is shown, never linked.
func linkable(u string) bool {
	for i := 0; i < len(u); i++ {
		if u[i] <= ' ' || u[i] >= 0x7f {
			return false
		}
	}
	p, err := url.Parse(u)
	if err != nil || p.Scheme != "https" || p.Host == "" || p.User != nil {
		return false
	}
	for _, r := range p.Host {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == ':') {
			return false
		}
	}
	return true
}

// expand turns full lines into their rows.
func (m *Model) expand(lines []string, _ int) []string {
	var out []string
	for _, l := range lines {
		if strings.HasPrefix(l, fullMark) {
			out = append(out, m.fullRows(l)...)
			continue
		}
		out = append(out, l)
	}
	return out
}

// cachedHelp is helpLines memoised per step and width: the help text is
// the bulk of every frame and never changes.
func (m *Model) cachedHelp(id steps.ID, body string, w int) []string {
	key := fmt.Sprintf("%s/%d", id, w)
	if m.helpCache == nil {
		m.helpCache = map[string][]string{}
	}
	lines, ok := m.helpCache[key]
	if !ok {
		lines = helpLines(body, w)
		m.helpCache[key] = lines
	}
	return append([]string(nil), lines...)
}

// helpLines renders a help page body: paragraphs and "- " lists, wrapped.
func helpLines(body string, w int) []string {
	var out []string
	for i, para := range strings.Split(body, "\n\n") {
		if i > 0 {
			out = append(out, "")
		}
		var item []string
		flush := func() {
			if len(item) == 0 {
				return
			}
			text := strings.Join(item, " ")
			if strings.HasPrefix(text, "- ") {
				wrapped := wrapText(strings.TrimPrefix(text, "- "), w-2)
				for j, l := range wrapped {
					if j == 0 {
						out = append(out, "• "+l)
					} else {
						out = append(out, "  "+l)
					}
				}
			} else {
				out = append(out, wrapText(text, w)...)
			}
			item = nil
		}
		for _, line := range strings.Split(para, "\n") {
			if strings.HasPrefix(line, "- ") {
				flush()
			}
			item = append(item, strings.TrimSpace(line))
		}
		flush()
	}
	return out
}

func wrapStyled(style interface{ Render(...string) string }, s string, w int) []string {
	lines := wrapText(s, max(w, 10))
	for i, l := range lines {
		lines[i] = style.Render(l)
	}
	return lines
}

// wrapPrefixed wraps text after a styled prefix, indenting continuations.
func wrapPrefixed(prefix, text string, w int) []string {
	pw := ansi.StringWidth(prefix)
	lines := wrapText(text, max(w-pw, 10))
	for i := range lines {
		if i == 0 {
			lines[i] = prefix + lines[i]
		} else {
			lines[i] = strings.Repeat(" ", pw) + lines[i]
		}
	}
	return lines
}

func indent(lines []string, p string) []string {
	for i := range lines {
		lines[i] = p + lines[i]
	}
	return lines
}

// joinColumns puts the sidebar and the main pane side by side. A full
// line of the main pane takes whole rows; the sidebar flows around it.
func (m *Model) joinColumns(left []string, lw int, sep string, right []string, w, h int) []string {
	var out []string
	li := 0
	side := func() string {
		var ls string
		if li < len(left) {
			ls = left[li]
		}
		li++
		pad := lw - ansi.StringWidth(ls)
		if pad < 0 {
			ls = ansi.Truncate(ls, lw, "…")
			pad = 0
		}
		return ls + strings.Repeat(" ", pad)
	}
	for _, r := range right {
		if strings.HasPrefix(r, fullMark) {
			out = append(out, m.fullRows(r)...)
			continue
		}
		out = append(out, side()+sep+r)
	}
	for len(out) < h && li < len(left) {
		out = append(out, side()+sep)
	}
	for len(out) < h {
		out = append(out, strings.Repeat(" ", lw)+sep)
	}
	_ = w
	return out
}

// fitLines clips s to h lines of at most w columns, padding to h lines.
func fitLines(s string, w, h int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		if ansi.StringWidth(l) > w {
			lines[i] = ansi.Truncate(l, w, "…")
		}
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}
