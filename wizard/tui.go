package wizard

import (
	"bytes"
	"context"
	"errors"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/spinner"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/steps"
)

// Model is the Bubble Tea adapter around a Machine: it turns key presses
// into machine events and the machine's Requests into tea.Cmds. It does no
// IO in Update; checks, Prepare, the demo console and progress saving all
// run as commands.
type Model struct {
	cfg  *Config
	ctx  context.Context
	mach *Machine
	st   Styles

	width, height int
	spin          spinner.Model

	fields   []field
	focus    int
	fieldErr fieldErrors
	builtSig string

	showHelp   bool
	helpScroll int
	// helpRows is how many rows the help page showed (pgdn's page).
	helpRows  int
	notice    string
	showOnce  string
	consoleOn bool

	offer       *Progress // the resume question, while it is asked
	offerCursor int

	aborted bool
	done    bool

	helpCache map[string][]string

	review reviewState

	km   keyMap
	help help.Model
	// vp scrolls the result area when it does not fit; scrollable says
	// that it did not fit on the last frame.
	vp         viewport.Model
	scrollable bool
	// scrolledUp: the user scrolled the result area away from its end;
	// a growing checklist (the automatic step) then stops following its
	// tail until the user scrolls back down to it.
	scrolledUp bool

	watch watchState
	// watching: the running check was started by the watch; watchFrom is
	// the step's status before it. A watch check is drawn as that status
	// (no spinner, same rows) so the result area does not move under the
	// user while Okta is asked.
	watching  bool
	watchFrom Status
	// keepPlace: the result area's scroll survives the next draw, moved by
	// as many rows as the area grew or shrank above the user's place.
	keepPlace bool
	// kept is the generated key last kept on disk (nil: none).
	kept *KeptKey

	// auto is the automatic branch's checklist (autolog.go).
	auto AutoLog
}

// resultMsg carries a Request's Result back to Update.
type resultMsg struct{ Result }

// consoleMsg carries a demo console action's result.
type consoleMsg struct {
	step steps.ID
	res  ConsoleResult
	err  error
}

// progressSavedMsg reports a failed progress save (shown, not fatal).
type progressSavedMsg struct{ err error }

// NewModel builds the wizard's model. ctx bounds every check.
func NewModel(ctx context.Context, cfg Config) *Model {
	cfg.defaults()
	m := &Model{
		cfg:      &cfg,
		ctx:      ctx,
		mach:     New(cfg.Graph, cfg.Answers, cfg.Env),
		st:       NewStyles(cfg.Color, true),
		width:    80,
		height:   24,
		fieldErr: fieldErrors{},
		spin:     spinner.New(spinner.WithSpinner(spinner.MiniDot)),
		km:       newKeyMap(),
		vp:       viewport.New(),
	}
	m.help = newHelp(m.st)
	if cfg.Resume != nil && cfg.Resume.Worth() {
		p := *cfg.Resume
		m.offer = &p
	}
	if k := cfg.Kept; k != nil {
		m.kept = k
		if m.offer == nil {
			m.offer = &Progress{Version: progressVersion, EnvFile: k.EnvFile, OrgURL: k.OrgURL, Method: checks.OAuth2, ClientID: k.ClientID, Saved: k.Saved}
		}
	}
	return m
}

// Config returns the configuration the model runs with.
func (m *Model) Config() Config { return *m.cfg }

// Machine exposes the step machine (tests, and the caller after Run).
func (m *Model) Machine() *Machine { return m.mach }

// Aborted reports whether the user quit before the end.
func (m *Model) Aborted() bool { return m.aborted }

// Init asks the terminal for its background colour and enters the first
// step (unless resuming is offered first).
func (m *Model) Init() tea.Cmd {
	cmds := []tea.Cmd{tea.RequestBackgroundColor, waitAuto(m.cfg.AutoEvents, &m.auto)}
	if m.offer == nil {
		cmds = append(cmds, m.run(m.mach.Start()))
	}
	m.rebuild(true)
	return tea.Batch(cmds...)
}

// run turns a machine Request into a command (nil when there is none).
func (m *Model) run(req *Request) tea.Cmd {
	if req == nil {
		return nil
	}
	m.watching = false // onWatch sets it again for a watch check
	r, cfg, ctx := *req, m.cfg, m.ctx
	work := func() tea.Msg { return resultMsg{runRequest(ctx, cfg, r)} }
	return tea.Batch(work, m.spin.Tick)
}

// Update handles one message. A validation message whose field changed
// value meanwhile (typing, a paste, a demo console fill) is dropped.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	cmd := m.update(msg)
	m.fieldErr.dropStale(m.fields, m.mach.Answers())
	if p := m.syncPreview(); p != nil {
		cmd = tea.Batch(cmd, p)
	}
	return m, cmd
}

func (m *Model) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		return nil
	case tea.BackgroundColorMsg:
		m.st = NewStyles(m.cfg.Color, msg.IsDark())
		m.help = newHelp(m.st)
		m.rebuild(false)
		return nil
	case spinner.TickMsg:
		if !m.mach.Busy() && !m.consoleOn {
			return nil
		}
		var cmd tea.Cmd
		m.spin, cmd = m.spin.Update(msg)
		return cmd
	case resultMsg:
		return m.onResult(msg.Result)
	case watchMsg:
		return m.onWatch(msg)
	case consoleMsg:
		return m.onConsole(msg)
	case previewMsg:
		return m.onPreview(msg)
	case autoEventMsg:
		return waitAuto(m.cfg.AutoEvents, &m.auto)
	case progressSavedMsg:
		if msg.err != nil {
			m.notice = "Could not save progress: " + msg.err.Error()
		}
		return nil
	case tea.PasteMsg:
		return m.onPaste(msg)
	case tea.InterruptMsg:
		m.aborted = true
		return tea.Quit
	case tea.KeyPressMsg:
		return m.onKey(msg)
	}
	if f := m.focused(); f != nil {
		return f.Update(msg)
	}
	return nil
}

// onResult feeds a finished request to the machine.
func (m *Model) onResult(r Result) tea.Cmd {
	shown := m.publicKeyToAdd()
	ok, next := m.mach.Result(r)
	if !ok {
		return nil // a stale attempt: the user moved on or asked again
	}
	watched, from := m.watching, m.watchFrom
	m.watching = false
	switch now := m.mach.Status(m.mach.Current().ID); {
	case watched && now == from:
		// A watch check that found what was shown before: the user may be
		// reading or copying the public key further down; keep the place.
		m.keepPlace = true
	default:
		m.vp.GotoTop() // news: the verdict at the top changed
	}
	var cmds []tea.Cmd
	// A public key that has just appeared (a key generated here, or one
	// Okta says is not on the app) is sent for Okta's Add key at once.
	// Whether the terminal took it cannot be known: the words say so.
	if jwk := m.publicKeyToAdd(); jwk != nil && !bytes.Equal(jwk, shown) {
		cmds = append(cmds, tea.SetClipboard(string(jwk)))
		if k := m.mach.Answers().Key; k != nil && k.Generated {
			m.notice = "Sent to your terminal's clipboard (OSC 52; tmux and some terminals ignore it): ctrl+y sends it again."
		} // else the hint says so, under the finding
	}
	cmds = append(cmds, m.keepKey(), m.scheduleWatch())
	if isStaleReview(r) && m.mach.Current().Role == steps.ReviewRole {
		m.notice = staleReviewNotice(r.Err)
	}
	m.rebuild(true)
	cmds = append(cmds, m.saveProgress(), m.run(next))
	return tea.Batch(cmds...)
}

// saveProgress writes the resume file (no secrets) in a command, or clears
// it once the .env is written.
func (m *Model) saveProgress() tea.Cmd {
	store := m.cfg.Progress
	if store == nil {
		return nil
	}
	if m.mach.Status(steps.Write).Done() {
		return func() tea.Msg { return progressSavedMsg{store.Clear()} }
	}
	p := m.mach.Progress(m.cfg.EnvFile, m.cfg.Now())
	if !p.Worth() {
		return nil
	}
	return func() tea.Msg { return progressSavedMsg{store.Save(p)} }
}

// onConsole applies a demo console action: fill what it produced, then
// check the step again so the result visibly changes.
func (m *Model) onConsole(msg consoleMsg) tea.Cmd {
	m.consoleOn = false
	if msg.err != nil {
		m.notice = "Console: " + msg.err.Error()
		return nil
	}
	if msg.step != m.mach.Current().ID {
		return nil
	}
	m.notice = msg.res.Message
	m.showOnce = msg.res.ShowOnce
	for _, kv := range orderedFill(m.mach.Current(), msg.res.Fill) {
		if err := m.mach.Set(kv[0], kv[1]); err != nil {
			m.notice = "Console: " + err.Error()
			return nil
		}
	}
	m.rebuild(true)
	s := m.mach.Current()
	if len(msg.res.Fill) > 0 || m.mach.Status(s.ID) == Pending {
		if !s.Answered(m.mach.Answers()) {
			return nil
		}
		req, err := m.mach.Submit(nil)
		if err != nil {
			m.setErr(err)
			return nil
		}
		if req == nil && m.mach.Status(s.ID) == Waiting {
			req = m.mach.CheckAgain() // the console has just done what the step waits for
		}
		m.rebuild(true)
		return m.run(req)
	}
	return m.run(m.mach.CheckAgain())
}

// orderedFill puts console fills in the step's input order (a choice before
// the input it opens).
func orderedFill(s steps.Step, fill map[string]string) [][2]string {
	var out [][2]string
	for _, in := range s.Inputs {
		if v, ok := fill[in.Key]; ok {
			out = append(out, [2]string{in.Key, v})
		}
	}
	return out
}

// onPaste routes a bracketed paste. A private key pasted anywhere on the
// key step selects "paste" and lands in the key field.
func (m *Model) onPaste(p tea.PasteMsg) tea.Cmd {
	s := m.mach.Current()
	if steps.KeyStep(s.ID) && looksLikeKeyText(p.Content) {
		if _, isKey := m.focused().(*keyField); !isKey {
			if err := m.mach.Set("key-source", string(steps.KeyPaste)); err == nil {
				m.rebuild(true)
				m.focusKey("private-key")
			}
		}
	}
	if f := m.focused(); f != nil {
		return f.Update(p)
	}
	return nil
}

func looksLikeKeyText(s string) bool {
	t := strings.TrimSpace(s)
	return strings.Contains(t, "-----BEGIN") || (strings.HasPrefix(t, "{") && strings.Contains(t, `"kty"`))
}

// onKey handles a key press, matched against the keymap of the screen.
func (m *Model) onKey(k tea.KeyPressMsg) tea.Cmd {
	keys := m.keys()
	if matches(k, keys.Quit, false) {
		m.aborted = true
		return tea.Quit
	}
	if m.offer != nil {
		return m.onOfferKey(k.String())
	}
	if m.showHelp {
		switch {
		case matches(k, keys.Help, false):
			m.showHelp = false
		default:
			page := max(m.helpRows-1, 1) // a page, less one row kept for context
			switch k.String() {
			case "down", "j", "shift+down":
				m.helpScroll++
			case "pgdown", "space":
				m.helpScroll += page
			case "up", "k", "shift+up":
				m.helpScroll = max(0, m.helpScroll-1)
			case "pgup":
				m.helpScroll = max(0, m.helpScroll-page)
			}
		}
		return nil
	}
	f := m.focused()
	typing := f != nil && f.Typing()
	switch {
	case matches(k, keys.Help, typing):
		m.showHelp, m.helpScroll = true, 0
		return nil
	case matches(k, keys.Back, typing):
		return m.back()
	case k.String() == "esc" && m.mach.BackRefused() != "":
		m.notice = m.mach.BackRefused()
		return nil
	case matches(k, keys.Scroll, typing):
		switch k.String() {
		case "pgdown":
			m.vp.PageDown()
		case "pgup":
			m.vp.PageUp()
		case "shift+down":
			m.vp.ScrollDown(1)
		case "shift+up":
			m.vp.ScrollUp(1)
		}
		m.scrolledUp = !m.vp.AtBottom()
		return nil
	case matches(k, keys.Recheck, typing):
		return m.checkAgain()
	case matches(k, keys.Watch, typing):
		return m.toggleWatch()
	case matches(k, keys.Console, typing):
		return m.console()
	case matches(k, keys.CopyKey, typing):
		return m.copyJWK()
	case matches(k, keys.CopyAddress, typing):
		return m.copyAddress()
	case matches(k, keys.Exit, typing):
		m.done = true
		return tea.Quit
	case matches(k, keys.NextField, false) || (k.String() == "down" && !isChoice(f)):
		m.moveFocus(1)
		return nil
	case matches(k, keys.PrevField, false) || (k.String() == "up" && !isChoice(f)):
		m.moveFocus(-1)
		return nil
	case matches(k, keys.Enter, false):
		return m.enter()
	}
	if f != nil {
		return tea.Batch(f.Update(k), m.reviewChoiceMoved(f))
	}
	return nil
}

// reviewChoiceMoved takes a review choice as soon as its cursor moves (the
// other method's secret: remove or keep), so that the preview on screen is
// always that of the answer shown.
func (m *Model) reviewChoiceMoved(f field) tea.Cmd {
	c, ok := f.(*choiceField)
	if !ok || m.mach.Current().Role != steps.ReviewRole || c.Input().Kind != steps.Choice {
		return nil
	}
	if c.Value() == c.Input().Value(m.mach.Answers()) {
		return nil
	}
	if err := m.mach.Set(c.Input().Key, c.Value()); err != nil {
		m.fieldErr.set(c, m.mach.Answers(), err.Error())
		return nil
	}
	return m.refreshPreview()
}

func isChoice(f field) bool { _, ok := f.(*choiceField); return ok }

// onOfferKey answers the resume question.
func (m *Model) onOfferKey(key string) tea.Cmd {
	switch key {
	case "up", "down", "k", "j", "tab":
		m.offerCursor = 1 - m.offerCursor
	case "1":
		m.offerCursor = 0
	case "2":
		m.offerCursor = 1
	case "enter":
		p := m.offer
		m.offer = nil
		var req *Request
		var cmds []tea.Cmd
		if m.offerCursor == 0 {
			m.notice = "Resuming: re-checking what was done before…"
			if k := m.cfg.Kept; k != nil {
				if err := UseKept(m.mach.Answers(), m.cfg.Env, *k); err != nil {
					m.notice = err.Error()
				} else {
					m.notice = "Resuming with the key generated before (kid " + k.KID + "): re-checking what was done…"
				}
			}
			req = m.mach.Resume(*p)
		} else {
			req = m.mach.Start()
			if store := m.cfg.Progress; store != nil {
				cmds = append(cmds, func() tea.Msg { return progressSavedMsg{store.Clear()} })
			}
			if store := m.cfg.Keys; store != nil && m.kept != nil {
				m.kept = nil
				cmds = append(cmds, func() tea.Msg { return progressSavedMsg{store.Discard()} })
			}
		}
		m.rebuild(true)
		return tea.Batch(append(cmds, m.run(req))...)
	}
	return nil
}

// enter is the main action: finish typing a key, continue past a passed
// step, check again, move to the next field, or submit the step.
func (m *Model) enter() tea.Cmd {
	f := m.focused()
	if f != nil && f.WantsEnter() {
		return f.Update(tea.KeyPressMsg{Code: tea.KeyEnter})
	}
	if m.mach.Outcome() == Finished {
		m.done = true
		return tea.Quit
	}
	if m.mach.Busy() {
		return nil
	}
	s := m.mach.Current()
	status := m.mach.Status(s.ID)
	dirty := m.dirty()
	switch {
	case status.Done() && !dirty:
		return m.cont()
	case (status == Failed || status == Waiting || status == Errored) && !dirty:
		return m.checkAgain()
	}
	if s.Role == steps.ReviewRole && f != nil && f.Value() == "no" {
		cmd := m.back()
		m.notice = "Nothing was written. Change what you need, then continue to the review again."
		return cmd
	}
	if m.previewPending() {
		return nil // the changes are not on screen yet
	}
	// A choice may open fields after it: take it, and if it did, move on.
	if c, ok := f.(*choiceField); ok && s.Role != steps.ReviewRole {
		if err := m.mach.Set(c.Input().Key, c.Value()); err != nil {
			m.fieldErr.set(c, m.mach.Answers(), err.Error())
			return nil
		}
		delete(m.fieldErr, c.Input().Key)
		before := len(m.fields)
		m.rebuild(true)
		if m.focus < len(m.fields)-1 || len(m.fields) > before {
			m.moveFocus(1)
			return nil
		}
	}
	// A field before the last: take it and move on.
	if f != nil && m.focus < len(m.fields)-1 {
		if err := m.mach.Set(f.Input().Key, f.Value()); err != nil {
			m.fieldErr.set(f, m.mach.Answers(), err.Error())
			return nil
		}
		delete(m.fieldErr, f.Input().Key)
		m.rebuild(true)
		m.moveFocus(1)
		return nil
	}
	return m.submit()
}

func (m *Model) dirty() bool {
	for _, f := range m.fields {
		if f.Dirty() {
			return true
		}
	}
	return false
}

// submit sends every field to the machine and starts the step's work.
func (m *Model) submit() tea.Cmd {
	values := map[string]string{}
	for _, f := range m.fields {
		v := f.Value()
		if f.Input().Kind.IsSecret() && v == "" {
			continue // keep the secret already held
		}
		values[f.Input().Key] = v
	}
	req, err := m.mach.Submit(values)
	if err != nil {
		m.setErr(err)
		return nil
	}
	m.fieldErr = fieldErrors{}
	m.notice, m.showOnce = "", ""
	m.rebuild(true)
	if m.mach.Outcome() == Rotate {
		m.done = true
		return tea.Quit
	}
	return tea.Batch(m.run(req), m.saveProgress())
}

func (m *Model) setErr(err error) {
	var ie InputError
	if errors.As(err, &ie) {
		m.rebuild(false) // the input may have just been opened by a choice
		for _, f := range m.fields {
			if f.Input().Key == ie.Key {
				m.fieldErr.set(f, m.mach.Answers(), ie.Err.Error())
			}
		}
		m.focusKey(ie.Key)
		return
	}
	m.notice = err.Error()
}

func (m *Model) cont() tea.Cmd {
	req, err := m.mach.Continue()
	if err != nil {
		m.setErr(err)
		return nil
	}
	m.notice, m.showOnce = "", ""
	m.rebuild(true)
	return tea.Batch(m.run(req), m.saveProgress())
}

func (m *Model) back() tea.Cmd {
	if m.mach.Back() {
		m.notice, m.showOnce = "", ""
		m.fieldErr = fieldErrors{}
		m.rebuild(true)
	}
	return nil
}

func (m *Model) checkAgain() tea.Cmd {
	if m.mach.Busy() {
		return nil
	}
	s := m.mach.Current()
	if !s.Answered(m.mach.Answers()) && !s.CheckOnEnter {
		return nil
	}
	return m.run(m.mach.CheckAgain())
}

// console runs the demo console's action for this step.
func (m *Model) console() tea.Cmd {
	c := m.cfg.Console
	if c == nil || m.consoleOn || m.mach.Busy() {
		return nil
	}
	s := m.mach.Current()
	if _, ok := c.Offer(s.ID, m.mach.Answers()); !ok {
		return nil
	}
	m.consoleOn = true
	a, ctx := *m.mach.Answers(), m.ctx
	return tea.Batch(func() tea.Msg {
		res, err := c.Do(ctx, s.ID, a)
		return consoleMsg{step: s.ID, res: res, err: err}
	}, m.spin.Tick)
}

// publicKeyToAdd is the public JWK the key step shows for Okta's Add key:
// a key generated here until it passes, or a pasted, file or kept key that
// Okta says is not on the app. Nil elsewhere.
func (m *Model) publicKeyToAdd() []byte {
	s := m.mach.Current()
	if !steps.KeyStep(s.ID) {
		return nil
	}
	return steps.PublicKeyToAdd(m.mach.Answers(), m.mach.Findings(s.ID), m.mach.Status(s.ID) == Passed)
}

// copyableJWK is the public JWK ctrl+y copies: the one shown, or a key
// generated here (still useful once it passed).
func (m *Model) copyableJWK() []byte {
	if jwk := m.publicKeyToAdd(); jwk != nil {
		return jwk
	}
	if k := m.mach.Answers().Key; steps.KeyStep(m.mach.Current().ID) && k != nil && k.Generated {
		return k.PublicJWK
	}
	return nil
}

// copyJWK copies the key's public JWK with OSC 52.
func (m *Model) copyJWK() tea.Cmd {
	jwk := m.copyableJWK()
	if len(jwk) == 0 {
		return nil
	}
	m.notice = "Sent the public key to your terminal's clipboard again (OSC 52)."
	return tea.SetClipboard(string(jwk))
}

// copyAddress sends the step's console address to the terminal's
// clipboard (OSC 52). Whether the terminal took it cannot be known.
func (m *Model) copyAddress() tea.Cmd {
	link := m.address()
	if link == "" {
		return nil
	}
	m.notice = "Sent the address to your terminal's clipboard (OSC 52; if nothing arrives, your terminal or tmux ignores it: select the address instead)."
	return tea.SetClipboard(link)
}

// --- fields ---------------------------------------------------------------

func (m *Model) focused() field {
	if m.focus >= 0 && m.focus < len(m.fields) {
		return m.fields[m.focus]
	}
	return nil
}

func (m *Model) moveFocus(d int) {
	if len(m.fields) == 0 {
		return
	}
	if f := m.focused(); f != nil {
		f.Blur()
	}
	m.focus = (m.focus + d + len(m.fields)) % len(m.fields)
	m.focused().Focus()
}

func (m *Model) focusKey(key string) {
	for i, f := range m.fields {
		if f.Input().Key == key {
			if cur := m.focused(); cur != nil {
				cur.Blur()
			}
			m.focus = i
			f.Focus()
			return
		}
	}
}

// rebuild makes the fields match the current step's active inputs. With
// force, every field is rebuilt from the answers; without, fields the user
// is editing are kept.
func (m *Model) rebuild(force bool) {
	s := m.mach.Current()
	a := m.mach.Answers()
	ins := personInputs(s, a)
	sig := string(s.ID)
	for _, in := range ins {
		sig += "|" + in.Key
	}
	if sig == m.builtSig && !force {
		return
	}
	stepChanged := !strings.HasPrefix(m.builtSig, string(s.ID)+"|") && m.builtSig != string(s.ID)
	old := map[string]field{}
	for _, f := range m.fields {
		old[f.Input().Key] = f
	}
	m.fields = m.fields[:0]
	for _, in := range ins {
		if f, ok := old[in.Key]; ok && !stepChanged && f.Dirty() && !force {
			m.fields = append(m.fields, f)
			continue
		}
		m.fields = append(m.fields, newField(in, a, m.st, m.mainWidth()))
	}
	if stepChanged || m.focus >= len(m.fields) {
		m.focus = 0
	}
	if stepChanged {
		m.vp.GotoTop() // a new step's result area starts at its top
		m.scrolledUp = false
	}
	m.builtSig = sig
	if k := a.Key; steps.KeyStep(s.ID) && k != nil && (k.Generated || m.publicKeyToAdd() != nil) {
		for _, f := range m.fields {
			if c, ok := f.(*choiceField); ok {
				c.compact = true
			}
		}
	}
	for i, f := range m.fields {
		if i == m.focus {
			f.Focus()
		} else {
			f.Blur()
		}
	}
}

// LeftInOkta says what quitting now leaves in Okta: a generated key whose
// public half is (or may be) on the app, kept on disk for resume. Empty
// when nothing is left.
func (m *Model) LeftInOkta() []string {
	if m.kept == nil || m.cfg.Keys == nil {
		return nil
	}
	return []string{m.kept.Left(m.cfg.Keys.Path)}
}

// FlushKept makes the kept-key file what the run left, after the program
// ended (a save or discard command still pending when the user quit never
// ran): the generated key is kept until the .env holding it is written.
func (m *Model) FlushKept() error {
	switch {
	case m.cfg.Keys == nil:
		return nil
	case m.mach.Status(steps.Write).Done():
		if m.cfg.Kept == nil && m.kept == nil {
			return nil
		}
		return m.cfg.Keys.Discard()
	case m.kept != nil:
		return m.cfg.Keys.Save(*m.kept)
	}
	return nil
}
