package wizard

import (
	"fmt"
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
	footer := m.footer(w)
	bodyH := h - 2
	var body string
	switch {
	case m.offer != nil:
		body = m.offerView(w, bodyH)
	case m.showHelp:
		body = m.helpView(w, bodyH)
	case w < narrowWidth:
		strip := m.strip(w)
		body = strip + "\n" + m.mainView(w, bodyH-1)
	default:
		side := m.sidebar(bodyH)
		main := m.mainView(m.mainWidth(), bodyH)
		body = joinColumns(side, sidebarWidth, " │ ", main, bodyH)
	}
	return header + "\n" + fitLines(body, w, bodyH) + "\n" + footer
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
	i, n := m.mach.Position()
	right := m.st.HeaderDim.Render(fmt.Sprintf("step %d of %d", i, n))
	gap := w - ansi.StringWidth(left) - ansi.StringWidth(right)
	if gap < 1 {
		return ansi.Truncate(left, w, "…")
	}
	return left + strings.Repeat(" ", gap) + right
}

// footer: the keys that do something on this screen.
func (m *Model) footer(w int) string {
	var keys [][2]string
	switch {
	case m.offer != nil:
		keys = [][2]string{{"↑↓", "choose"}, {"enter", "ok"}, {"ctrl+c", "quit"}}
	case m.showHelp:
		keys = [][2]string{{"↑↓", "scroll"}, {"esc", "close help"}, {"ctrl+c", "quit"}}
	case m.mach.Outcome() == Finished:
		keys = [][2]string{{"enter", "exit"}, {"f1", "help"}}
	default:
		s := m.mach.Current()
		st := m.mach.Status(s.ID)
		action := "check"
		switch {
		case st.Done() && !m.dirty():
			action = "continue"
		case s.Role == steps.ReviewRole:
			action = "confirm"
		case s.Role == steps.Intro || (len(s.Checks) == 0 && s.Prepare == nil):
			action = "next"
		case st == Failed && !m.dirty():
			action = "check again"
		}
		keys = append(keys, [2]string{"enter", action})
		if m.mach.CanGoBack() {
			keys = append(keys, [2]string{"esc", "back"})
		}
		if m.cfg.Console != nil {
			if label, ok := m.cfg.Console.Offer(s.ID, m.mach.Answers()); ok {
				keys = append(keys, [2]string{"ctrl+o", label})
			}
		}
		keys = append(keys, [2]string{"f1", "help"}, [2]string{"ctrl+c", "quit"})
		// Optional keys, shown when there is room.
		var extra [][2]string
		if len(m.fields) > 1 {
			extra = append(extra, [2]string{"tab", "next field"})
		}
		if len(s.Checks) > 0 && st != Pending {
			extra = append(extra, [2]string{"ctrl+r", "recheck"})
		}
		if m.copyableJWK() != nil {
			extra = append(extra, [2]string{"ctrl+y", "copy key"})
		}
		for _, e := range extra {
			n := len(keys)
			with := append(append(append([][2]string{}, keys[:n-2]...), e), keys[n-2:]...)
			if footerWidth(with) <= w {
				keys = with
			}
		}
	}
	var parts []string
	used := 0
	for _, k := range keys {
		p := m.st.Key.Render(k[0]) + " " + m.st.Dim.Render(k[1])
		pw := ansi.StringWidth(k[0]) + 1 + ansi.StringWidth(k[1])
		if used+pw+3 > w && len(parts) > 0 {
			break
		}
		parts = append(parts, p)
		used += pw + 3
	}
	return strings.Join(parts, m.st.Dim.Render(" · "))
}

// footerWidth is the width of a footer made of keys.
func footerWidth(keys [][2]string) int {
	n := 0
	for i, k := range keys {
		if i > 0 {
			n += 3
		}
		n += ansi.StringWidth(k[0]) + 1 + ansi.StringWidth(k[1])
	}
	return n
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

// mainView is the current step: what to do in Okta, the explanation, the
// inputs, the live result, and what to press next.
func (m *Model) mainView(w, h int) string {
	s := m.mach.Current()
	a := m.mach.Answers()
	help, _ := assets.ForStep(string(s.ID))
	title := help.Title
	if title == "" {
		title = s.Title
	}
	var top, bottom []string
	top = append(top, m.st.Title.Render(title))
	if c := help.ConsoleFor(a.Token()); c != "" {
		top = append(top, wrapPrefixed(m.st.Dim.Render("In Okta: "), c, w)...)
	}
	if link := termtext.Line(help.DeepLink(a.OrgURL, a.ClientID, a.Token())); link != "" {
		for i, l := range strings.Split(ansi.Hardwrap(link, w-9, true), "\n") {
			prefix := "         "
			if i == 0 {
				prefix = m.st.Dim.Render("Open:    ")
			}
			top = append(top, prefix+m.st.Link.Render(l))
		}
	}

	if s.ID == steps.Welcome && a.Existing != nil {
		bottom = append(bottom, m.existingSummary(a.Existing, w)...)
	}
	if s.Role == steps.ReviewRole {
		bottom = append(bottom, m.reviewLines(w)...)
	}
	if s.ID == steps.Automatic {
		bottom = append(bottom, m.autoLines(a, w, h)...)
	}
	if s.ID == steps.Scopes && len(a.Granted) > 0 && m.mach.Status(s.ID) != Checking {
		bottom = append(bottom, m.scopeChecklist(a, w)...)
	}
	if s.Role == steps.Final {
		return m.finalView(top, help, w, h)
	}
	if s.ID == steps.Welcome && m.cfg.Demo {
		bottom = append(bottom, "")
		bottom = append(bottom, wrapStyled(m.st.Warn, "Demo: the org is simulated on this machine. On each step, ctrl+o does the admin-console part for you, so you can watch the checks fail and then pass.", w)...)
	}
	// A public key to add takes 8 lines at 80 columns: the fields then
	// go without blank lines and help between them.
	jwk := m.publicKeyToAdd()
	tight := jwk != nil
	for i, f := range m.fields {
		if i == 0 || !tight {
			bottom = append(bottom, "")
		}
		bottom = append(bottom, strings.Split(f.View(w, i == m.focus, m.st), "\n")...)
		if e := m.fieldErr.forField(f, a); e != "" {
			bottom = append(bottom, wrapStyled(m.st.FieldErr, symFail+" "+e, w)...)
		} else if f.Input().Help != "" && i == m.focus && !tight {
			bottom = append(bottom, wrapStyled(m.st.Dim, f.Input().Help, w)...)
		}
	}
	if jwk != nil {
		if a.Key.Generated {
			bottom = append(bottom, "", m.st.Bold.Render("In Okta click Add key and paste this public key:"))
		} else {
			// Okta said the pasted (or file, or kept) key is not on the app.
			bottom = append(bottom, wrapStyled(m.st.Bold, "Okta does not have this key. Add its public key in Okta:", w)...)
		}
		bottom = append(bottom, strings.Split(ansi.Hardwrap(string(jwk), w, true), "\n")...)
	}
	if m.showOnce != "" {
		bottom = append(bottom, "", m.st.Bold.Render("Okta shows this token once (demo org only):"), m.showOnce)
	}
	result := m.resultLines(s, w)
	if len(result) > 0 {
		bottom = append(bottom, "")
	}
	// The explanation gets the room that is left; the findings come first.
	room := h - len(top) - len(bottom) - len(result) - 1
	if over := len(top) + len(bottom) + len(result) - h; over > 0 && len(result) > 0 {
		// No room for the explanation, nor for every finding: keep the
		// first line and the last, which says what to press next.
		keep := max(len(result)-over, 2)
		last := result[len(result)-1]
		switch {
		case keep >= 3:
			result = append(result[:keep-2], m.st.Dim.Render("… f1 shows every detail"), last)
		case len(result) > 2:
			result = []string{result[0], last}
		}
		room = 0
	} else if room < 0 {
		room = 0
	}
	bodyLines := m.cachedHelp(s.ID, help.Body, w)
	if len(bodyLines) > room {
		if room >= 2 {
			bodyLines = append(bodyLines[:room-1], m.st.Dim.Render("… f1 shows the whole explanation"))
		} else {
			bodyLines = nil
		}
	}
	out := append([]string{}, top...)
	if len(bodyLines) > 0 {
		out = append(out, "")
		out = append(out, bodyLines...)
	}
	out = append(out, bottom...)
	out = append(out, result...)
	return strings.Join(out, "\n")
}

// resultLines: the spinner while working, else the findings and the hint.
func (m *Model) resultLines(s steps.Step, w int) []string {
	var out []string
	st := m.mach.Status(s.ID)
	switch {
	case m.consoleOn:
		out = append(out, m.spin.View()+" Doing it in the (demo) admin console…")
	case st == Checking:
		out = append(out, m.spin.View()+" "+workingText(s))
	case st == Errored:
		out = append(out, wrapStyled(m.st.Fail, symFail+" "+m.mach.Err(s.ID).Error(), w)...)
		out = append(out, m.st.Dim.Render("Press Enter to try again."))
	default:
		if m.notice != "" {
			out = append(out, wrapStyled(m.st.Bold, m.notice, w)...)
		}
		for _, f := range m.mach.Findings(s.ID) {
			if f.Status == checks.Skip && s.Role != steps.Final {
				continue // not checked because of a failure above; f1 lists it
			}
			out = append(out, m.findingLines(f, w, s.Role == steps.Final)...)
		}
		if hint := m.hint(s, st); hint != "" {
			out = append(out, wrapStyled(m.st.Dim, hint, w)...)
		}
		return out
	}
	if m.notice != "" {
		out = append(out, wrapStyled(m.st.Bold, m.notice, w)...)
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
	switch st {
	case Passed:
		return "Press Enter to continue."
	case Warned:
		if m.cfg.Console != nil {
			if label, ok := m.cfg.Console.Offer(s.ID, m.mach.Answers()); ok {
				return "You may continue (Enter), or fix it and press ctrl+r (demo: ctrl+o " + label + ")."
			}
		}
		return "You may continue (Enter), or fix it and press ctrl+r."
	case Failed:
		if k := m.mach.Answers().Key; k != nil && !k.Generated && m.publicKeyToAdd() != nil {
			return "Copied (OSC 52). Once it is added, press Enter to check."
		}
		if m.cfg.Console != nil {
			if label, ok := m.cfg.Console.Offer(s.ID, m.mach.Answers()); ok {
				return "Fix it in Okta, then press Enter to check again (demo: ctrl+o " + label + ")."
			}
		}
		return "Fix it in Okta, then press Enter to check again."
	case Waiting:
		return "Once it is added and saved in Okta, press Enter to check."
	}
	return ""
}

// findingLines renders one finding; compact for the Done screen's list.
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
	out := []string{mark + " " + ansi.Truncate(termtext.Line(f.Title), w-2, "…")}
	if compact && f.Status != checks.Fail {
		return out
	}
	if f.Detail != "" && f.Status == checks.Pass {
		return append(out, "  "+m.st.Dim.Render(ansi.Truncate(termtext.Line(f.Detail), w-2, "…")))
	}
	if f.Detail != "" && f.Status != checks.Skip {
		out = append(out, indent(wrapStyled(m.st.Dim, f.Detail, w-2), "  ")...)
	}
	if f.Fix != "" && (f.Status == checks.Fail || f.Status == checks.Warn) {
		out = append(out, indent(wrapStyled(m.st.Bold, "Fix: "+f.Fix, w-2), "  ")...)
	}
	return out
}

// existingSummary describes a .env found at start, secrets masked.
func (m *Model) existingSummary(e *steps.Existing, w int) []string {
	out := []string{"", m.st.Bold.Render("Found " + termtext.Line(e.Path) + ":")}
	add := func(k, v string) { out = append(out, ansi.Truncate("  "+k+" "+termtext.Line(v), w, "…")) }
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
	out := []string{"", m.st.Bold.Render("Changes to " + termtext.Line(m.cfg.EnvFile) + ":")}
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

// finalView is the Done screen: where the file is, every check of the
// file re-read from disk (one line each, failures in full), what to run
// next.
func (m *Model) finalView(top []string, help assets.Help, w, h int) string {
	s := m.mach.Current()
	out := append([]string{}, top...)
	out = append(out, m.doneLines(w)...)
	out = append(out, m.resultLines(s, w)...)
	if m.mach.Outcome() == Finished {
		next := helpLines(help.Body, w)
		if room := h - len(out) - 1; room < len(next) {
			// keep the last paragraph: the commands to run
			for i := len(next) - 1; i >= 0; i-- {
				if next[i] == "" {
					next = next[i+1:]
					break
				}
			}
		}
		out = append(out, "")
		out = append(out, next...)
	}
	return strings.Join(out, "\n")
}

// doneLines: where the file is and what to run next.
func (m *Model) doneLines(w int) []string {
	a := m.mach.Answers()
	if a.Written == nil {
		return nil
	}
	out := append([]string{""}, wrapPrefixed(m.st.Bold.Render("Written: "), a.Written.Path, w)...)
	if a.Written.Backup != "" {
		out = append(out, wrapPrefixed(m.st.Dim.Render("Backup:  "), a.Written.Backup, w)...)
	}
	if cur := m.mach.Current(); cur.Role == steps.Final && (m.mach.Status(cur.ID).Done() || m.mach.Status(cur.ID) == Failed) {
		where := "your org"
		if m.cfg.Demo {
			where = "the same demo org"
		}
		out = append(out, m.st.Dim.Render("Re-read from disk and checked against "+where+":"))
		if r := a.Final; r != nil {
			out = append(out, m.st.Bold.Render(summaryOf(*r)))
		}
	}
	return out
}

// scopeChecklist marks Tako's core scopes granted (✓) or missing (✗),
// from what the last scopes check found.
func (m *Model) scopeChecklist(a *steps.Answers, w int) []string {
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
	wanted := len(a.Scopes)
	if wanted == 0 {
		wanted = len(checks.DefaultScopes)
	}
	out := []string{"", m.st.Bold.Render(fmt.Sprintf("Granted %d of %d scopes. Tako's core:", len(a.Granted), wanted))}
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
	return append(out, line)
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
		s += fmt.Sprintf(", %d warning", warn)
		if warn > 1 {
			s += "s"
		}
	}
	if fail > 0 {
		return s + fmt.Sprintf(", %d FAILED — Tako will not work until it is fixed", fail)
	}
	return s + " — Tako can use this file."
}

// offerView asks whether to resume saved progress.
func (m *Model) offerView(w, h int) string {
	p := m.offer
	lines := []string{m.st.Title.Render("Resume where you left off?"), ""}
	lines = append(lines, wrapStyled(m.st.Dim, fmt.Sprintf("Saved %s: %d steps had passed for %s.", p.Saved.Local().Format("Jan 2 15:04"), len(p.Passed), p.OrgURL), w)...)
	lines = append(lines, wrapStyled(m.st.Dim, "Everything is checked again live; the key or token is asked again (they are never saved).", w)...)
	lines = append(lines, "")
	for i, label := range []string{"Resume", "Start over"} {
		mark, style := "  ", m.st.Dim
		if i == m.offerCursor {
			mark, style = "› ", m.st.Selected
		}
		lines = append(lines, style.Render(fmt.Sprintf("%s%d. %s", mark, i+1, label)))
	}
	return strings.Join(lines, "\n")
}

// helpView is the full explanation of the step, its findings, and the keys.
func (m *Model) helpView(w, h int) string {
	s := m.mach.Current()
	a := m.mach.Answers()
	help, _ := assets.ForStep(string(s.ID))
	var lines []string
	lines = append(lines, m.st.Title.Render("Help — "+s.Title))
	lines = append(lines, wrapStyled(m.st.Dim, "↑↓ scroll · esc closes · this tool never opens a browser: copy the addresses it shows into yours.", w)...)
	lines = append(lines, "")
	if c := help.ConsoleFor(a.Token()); c != "" {
		lines = append(lines, wrapPrefixed(m.st.Dim.Render("In Okta: "), c, w)...)
	}
	if link := termtext.Line(help.DeepLink(a.OrgURL, a.ClientID, a.Token())); link != "" {
		lines = append(lines, m.st.Dim.Render("Open:"))
		lines = append(lines, strings.Split(ansi.Hardwrap(link, w, true), "\n")...)
	}
	lines = append(lines, "")
	lines = append(lines, helpLines(help.Body, w)...)
	if fs := m.mach.Findings(s.ID); len(fs) > 0 {
		lines = append(lines, "", m.st.Bold.Render("Last check"))
		for _, f := range fs {
			lines = append(lines, m.findingLines(f, w, false)...)
		}
	}
	lines = append(lines, "", m.st.Bold.Render("Keys"))
	for _, k := range [][2]string{
		{"enter", "check this step / continue when it passed / next field"},
		{"esc", "back to the previous step (nothing is lost)"},
		{"tab", "next field (shift+tab: previous)"},
		{"↑ ↓ 1-9", "choose an option"},
		{"ctrl+r", "check again with the same answers"},
		{"ctrl+y", "copy the generated public key again (OSC 52)"},
		{"ctrl+u", "clear a pasted key"},
		{"ctrl+o", "demo only: do this step in the simulated console"},
		{"f1 or ?", "this help (? only outside text fields)"},
		{"ctrl+c", "quit; nothing is written"},
	} {
		lines = append(lines, m.st.Key.Render(fmt.Sprintf("%-8s", k[0]))+" "+k[1])
	}

	maxScroll := max(0, len(lines)-h)
	m.helpScroll = min(m.helpScroll, maxScroll)
	lines = lines[m.helpScroll:]
	return strings.Join(lines, "\n")
}

// --- text helpers ---------------------------------------------------------

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

// joinColumns puts the sidebar and the main pane side by side.
func joinColumns(left string, lw int, sep, right string, h int) string {
	l := strings.Split(left, "\n")
	r := strings.Split(right, "\n")
	var b strings.Builder
	for i := 0; i < h; i++ {
		var ls, rs string
		if i < len(l) {
			ls = l[i]
		}
		if i < len(r) {
			rs = r[i]
		}
		pad := lw - ansi.StringWidth(ls)
		if pad < 0 {
			ls = ansi.Truncate(ls, lw, "…")
			pad = 0
		}
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(ls + strings.Repeat(" ", pad) + sep + rs)
	}
	return b.String()
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
