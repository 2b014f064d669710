package wizard

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/fctr-id/tako-setup/steps"
)

// keyMap is the wizard's one keymap: the TUI matches keys against it, the
// footer and the f1 page render it with bubbles/help, and accessible mode
// lists its words from it, so the three never disagree. A binding's
// one-letter alias works only outside text fields (where the letter is
// text); its help shows both ("ctrl+r r").
type keyMap struct {
	Enter       key.Binding
	Back        key.Binding
	NextField   key.Binding
	PrevField   key.Binding
	Choose      key.Binding
	Recheck     key.Binding
	Watch       key.Binding
	Console     key.Binding
	CopyKey     key.Binding
	CopyAddress key.Binding
	ClearKey    key.Binding
	Scroll      key.Binding
	Help        key.Binding
	Quit        key.Binding
	Exit        key.Binding
}

// lineWord is the word accessible mode takes for a binding, and what it
// does there (the same action, worded for a prompt).
type lineWord struct {
	word string
	desc string
}

// newKeyMap builds the keymap with every binding enabled; the model
// enables only those that work on the screen shown (keymapFor).
func newKeyMap() keyMap {
	return keyMap{
		Enter:       key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "check")),
		Back:        key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
		NextField:   key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next field")),
		PrevField:   key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous field")),
		Choose:      key.NewBinding(key.WithKeys("up", "down", "k", "j"), key.WithHelp("↑↓ 1-9", "choose")),
		Recheck:     key.NewBinding(key.WithKeys("ctrl+r", "r"), key.WithHelp("ctrl+r r", "check again")),
		Watch:       key.NewBinding(key.WithKeys("ctrl+w", "w"), key.WithHelp("ctrl+w w", "stop watching")),
		Console:     key.NewBinding(key.WithKeys("ctrl+o", "o"), key.WithHelp("ctrl+o o", "demo console")),
		CopyKey:     key.NewBinding(key.WithKeys("ctrl+y", "y"), key.WithHelp("ctrl+y y", "key to clipboard")),
		CopyAddress: key.NewBinding(key.WithKeys("ctrl+l", "l"), key.WithHelp("ctrl+l l", "address to clipboard")),
		ClearKey:    key.NewBinding(key.WithKeys("ctrl+u"), key.WithHelp("ctrl+u", "clear the pasted key")),
		Scroll:      key.NewBinding(key.WithKeys("pgdown", "pgup", "shift+down", "shift+up"), key.WithHelp("pgdn pgup", "scroll")),
		Help:        key.NewBinding(key.WithKeys("f1", "?"), key.WithHelp("f1 ?", "help")),
		Quit:        key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
		Exit:        key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "exit")),
	}
}

// lineWords maps the bindings that have a line-mode twin to their word.
// Accessible mode's intro and its command parser are built from it.
func (k keyMap) lineWords() []lineWord {
	return []lineWord{
		{cmdBack, "goes to the previous step"},
		{cmdHelp, "repeats the explanation and lists these words"},
		{cmdAgain, "re-runs the step's checks"},
		{cmdAddress, "sends the step's address to your terminal's clipboard"},
		{cmdQuit, "stops without writing anything"},
	}
}

// full is every binding, in the order of the f1 page.
func (k keyMap) full() []key.Binding {
	return []key.Binding{k.Enter, k.Back, k.NextField, k.PrevField, k.Choose, k.Scroll, k.Recheck, k.Watch,
		k.CopyAddress, k.CopyKey, k.ClearKey, k.Console, k.Help, k.Quit, k.Exit}
}

// ShortHelp is every binding the footer may show: the main ones, then the
// optional ones (footerKeys keeps those that fit).
func (k keyMap) ShortHelp() []key.Binding {
	return append(k.mainKeys(), k.optionalKeys()...)
}

func (k keyMap) mainKeys() []key.Binding {
	return []key.Binding{k.Enter, k.Back, k.Console, k.Help, k.Quit, k.Exit}
}

func (k keyMap) optionalKeys() []key.Binding {
	return []key.Binding{k.Watch, k.Scroll, k.CopyAddress, k.CopyKey, k.NextField, k.Recheck}
}

// The demo console's footer label where its own does not fit.
const (
	consoleShort    = "console does this step"
	consoleShortest = "console"
)

// footerKeys are the footer's bindings for width w: each shown by its
// first key only (the f1 page lists every alias), the main ones always,
// and the optional ones, in order, where they fit before help and quit.
func (k keyMap) footerKeys(w int, sep int) []key.Binding {
	short := func(bs []key.Binding) []key.Binding {
		var out []key.Binding
		for _, b := range bs {
			if !b.Enabled() {
				continue
			}
			first := b.Help().Key
			if i := strings.IndexByte(first, ' '); i > 0 && !strings.HasPrefix(first, "↑↓") {
				first = first[:i]
			}
			b.SetHelp(first, b.Help().Desc)
			out = append(out, b)
		}
		return out
	}
	width := func(bs []key.Binding) int {
		n := 0
		for i, b := range bs {
			if i > 0 {
				n += sep
			}
			n += ansi.StringWidth(b.Help().Key) + 1 + ansi.StringWidth(b.Help().Desc)
		}
		return n
	}
	keys := short(k.mainKeys())
	// Too narrow for all the main keys: ctrl+c is known to everyone, and
	// esc is on the f1 page; help itself always stays.
	for _, drop := range []key.Binding{k.Quit, k.Back} {
		if width(keys) <= w {
			break
		}
		for i, b := range keys {
			if b.Help().Desc == drop.Help().Desc && drop.Enabled() {
				keys = append(keys[:i:i], keys[i+1:]...)
				break
			}
		}
	}
	// Still too wide: the demo console's label in short (f1 has it whole),
	// never a label cut mid-word.
	if over := width(keys) - w; over > 0 {
		for i, b := range keys {
			if b.Help().Desc == k.Console.Help().Desc && k.Console.Enabled() {
				d := consoleShort
				if ansi.StringWidth(b.Help().Desc)-over < ansi.StringWidth(d) {
					d = consoleShortest
				}
				if ansi.StringWidth(d) < ansi.StringWidth(b.Help().Desc) {
					keys[i].SetHelp(b.Help().Key, d)
				}
			}
		}
	}
	// help and quit (and exit) stay last.
	tail := 0
	for i, b := range keys {
		if b.Help().Key == k.Help.Help().Key || strings.HasPrefix(k.Help.Help().Key, b.Help().Key) {
			tail = len(keys) - i
			break
		}
	}
	for _, o := range short(k.optionalKeys()) {
		if o.Help().Desc == k.Recheck.Help().Desc && k.Enter.Help().Desc == o.Help().Desc {
			continue // enter says it already
		}
		n := len(keys) - tail
		with := append(append(append([]key.Binding{}, keys[:n]...), o), keys[n:]...)
		if width(with) <= w {
			keys = with
			continue
		}
		// The address's key matters more than ctrl+c, which everyone knows,
		// and esc (both on the f1 page), as where the main keys do not fit.
		if o.Help().Desc != k.CopyAddress.Help().Desc {
			continue
		}
		t := tail
		for _, drop := range []key.Binding{k.Quit, k.Back} {
			if !drop.Enabled() {
				continue
			}
			for i, b := range with {
				if b.Help().Desc == drop.Help().Desc {
					with = append(with[:i:i], with[i+1:]...)
					if i > n {
						t--
					}
					break
				}
			}
			if width(with) <= w {
				keys, tail = with, t
				break
			}
		}
	}
	return keys
}

// FullHelp is the f1 page's list: one column, every binding that works on
// this screen.
func (k keyMap) FullHelp() [][]key.Binding { return [][]key.Binding{k.full()} }

// matches reports whether a key press is b, ignoring b's one-letter alias
// while the user is typing text.
func matches(k tea.KeyPressMsg, b key.Binding, typing bool) bool {
	if !b.Enabled() {
		return false
	}
	s := k.String()
	for _, v := range b.Keys() {
		if v == s && (!typing || len([]rune(v)) > 1) {
			return true
		}
	}
	return false
}

// newHelp is the bubbles/help model styled like the rest of the screen.
func newHelp(st Styles) help.Model {
	h := help.New()
	h.ShortSeparator = " · "
	h.Styles.ShortKey, h.Styles.FullKey = st.Key, st.Key
	h.Styles.ShortDesc, h.Styles.FullDesc = st.Dim, st.Plain
	h.Styles.ShortSeparator, h.Styles.Ellipsis, h.Styles.FullSeparator = st.Dim, st.Dim, st.Dim
	return h
}

// keys is the keymap of the screen shown: only the bindings that do
// something now are enabled, and the Enter and console labels say what.
func (m *Model) keys() keyMap {
	k := m.km
	all := []*key.Binding{&k.Enter, &k.Back, &k.NextField, &k.PrevField, &k.Choose, &k.Recheck, &k.Watch,
		&k.Console, &k.CopyKey, &k.CopyAddress, &k.ClearKey, &k.Scroll, &k.Help, &k.Quit, &k.Exit}
	for _, b := range all {
		b.SetEnabled(false)
	}
	k.Quit.SetEnabled(true)
	switch {
	case m.offer != nil:
		k.Choose.SetEnabled(true)
		k.Enter.SetEnabled(true)
		k.Enter.SetHelp("enter", "ok")
		return k
	case m.showHelp:
		k.Choose.SetEnabled(true)
		k.Choose.SetHelp("↑↓ pgdn pgup", "scroll")
		k.Help.SetEnabled(true)
		k.Help.SetKeys("f1", "?", "esc", "q", "enter")
		k.Help.SetHelp("esc", "close help")
		return k
	}
	k.Help.SetEnabled(true)
	k.Enter.SetEnabled(true)
	k.Scroll.SetEnabled(m.scrollable)
	if m.mach.Outcome() == Finished {
		k.Enter.SetHelp("enter", "exit")
		k.Exit.SetEnabled(true)
		return k
	}
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
	case (st == Failed || st == Errored) && !m.dirty():
		action = "check again"
	}
	k.Enter.SetHelp("enter", action)
	k.Back.SetEnabled(m.mach.CanGoBack())
	if m.cfg.Console != nil {
		if label, ok := m.cfg.Console.Offer(s.ID, m.mach.Answers()); ok {
			k.Console.SetEnabled(true)
			k.Console.SetHelp("ctrl+o o", label)
		}
	}
	if m.watchable() {
		k.Watch.SetEnabled(true)
		if !m.watchOn() {
			k.Watch.SetHelp("ctrl+w w", "watch Okta")
		}
	}
	k.NextField.SetEnabled(len(m.fields) > 1)
	k.PrevField.SetEnabled(len(m.fields) > 1)
	if f := m.focused(); f != nil {
		_, isChoice := f.(*choiceField)
		k.Choose.SetEnabled(isChoice)
		if kf, ok := f.(*keyField); ok && kf.Dirty() {
			k.ClearKey.SetEnabled(true)
		}
	}
	k.Recheck.SetEnabled(len(s.Checks) > 0 && st != Pending)
	k.CopyKey.SetEnabled(m.copyableJWK() != nil)
	k.CopyAddress.SetEnabled(m.address() != "")
	return k
}
