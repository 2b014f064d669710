package wizard

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/fctr-id/tako-setup/steps"
)

// field is one input on screen. Fields hold what is being typed; the
// machine holds the answers.
type field interface {
	Input() steps.Input
	Update(msg tea.Msg) tea.Cmd
	View(width int, focused bool, st Styles) string
	// Value is what Submit passes to the input's setter.
	Value() string
	// Dirty reports whether the user changed the field since it was built.
	Dirty() bool
	// Typing reports whether printable keys are text for this field (so
	// single-letter shortcuts must not fire).
	Typing() bool
	// WantsEnter reports whether Enter belongs to the field (a key still
	// arriving line by line).
	WantsEnter() bool
	Focus() tea.Cmd
	Blur()
}

// newField builds the field for an input, pre-filled from the answers.
func newField(in steps.Input, a *steps.Answers, st Styles, width int) field {
	in.Label, in.Help = in.LabelOf(a), in.HelpOf(a)
	switch in.Kind {
	case steps.Choice:
		return newChoiceField(in, in.OptionsFor(a), in.Proposed(a))
	case steps.Confirm:
		opts := []steps.Option{{Value: "yes", Label: "Yes, write it"}, {Value: "no", Label: "Not yet"}}
		return newChoiceField(in, opts, in.Proposed(a))
	case steps.SecretText:
		return &keyField{in: in, set: in.Value(a) != ""}
	default:
		return newTextField(in, a, st, width)
	}
}

// --- text ---------------------------------------------------------------

type textField struct {
	in      steps.Input
	ti      textinput.Model
	initial string
	set     bool // a secret already has a value (shown as a mask)
}

func newTextField(in steps.Input, a *steps.Answers, st Styles, width int) *textField {
	ti := textinput.New()
	ti.Prompt = "› "
	ti.SetStyles(st.Input)
	ti.SetWidth(max(10, width-4))
	ti.Placeholder = in.Placeholder
	f := &textField{in: in}
	if in.Kind == steps.Secret {
		ti.EchoMode = textinput.EchoPassword
		ti.EchoCharacter = '•'
		if in.Value(a) != "" {
			f.set = true
			ti.Placeholder = "(kept: " + in.Value(a) + " — type to replace)"
		}
	} else {
		f.initial = in.Proposed(a)
		ti.SetValue(f.initial)
	}
	f.ti = ti
	return f
}

func (f *textField) Input() steps.Input { return f.in }
func (f *textField) Value() string {
	if f.in.Kind == steps.Secret && f.ti.Value() == "" && f.set {
		return "" // keep the current secret
	}
	return f.ti.Value()
}
func (f *textField) Dirty() bool      { return f.ti.Value() != f.initial }
func (f *textField) Typing() bool     { return true }
func (f *textField) WantsEnter() bool { return false }
func (f *textField) Focus() tea.Cmd   { return f.ti.Focus() }
func (f *textField) Blur()            { f.ti.Blur() }

func (f *textField) Update(msg tea.Msg) tea.Cmd {
	if p, ok := msg.(tea.PasteMsg); ok {
		// One line: a token or URL pasted with a trailing newline.
		msg = tea.PasteMsg{Content: strings.TrimSpace(p.Content)}
	}
	var cmd tea.Cmd
	f.ti, cmd = f.ti.Update(msg)
	return cmd
}

func (f *textField) View(width int, focused bool, st Styles) string {
	f.ti.SetWidth(max(10, width-4))
	return st.FieldLabel.Render(f.in.Label) + "\n" + f.ti.View()
}

// --- choice -------------------------------------------------------------

type choiceField struct {
	in      steps.Input
	opts    []steps.Option
	cursor  int
	initial int
	// compact shows only the chosen option (until an arrow key is pressed),
	// to leave the room to what the choice produced (a public key).
	compact bool
}

func newChoiceField(in steps.Input, opts []steps.Option, proposed string) *choiceField {
	f := &choiceField{in: in, opts: opts}
	for i, o := range opts {
		if _, ok := in.OptionFor(proposed); ok && strings.EqualFold(o.Value, proposed) {
			f.cursor = i
		}
	}
	f.initial = f.cursor
	return f
}

func (f *choiceField) Input() steps.Input { return f.in }
func (f *choiceField) Value() string {
	if len(f.opts) == 0 {
		return ""
	}
	return f.opts[f.cursor].Value
}
func (f *choiceField) Dirty() bool      { return f.cursor != f.initial }
func (f *choiceField) Typing() bool     { return false }
func (f *choiceField) WantsEnter() bool { return false }
func (f *choiceField) Focus() tea.Cmd   { return nil }
func (f *choiceField) Blur()            {}

func (f *choiceField) Update(msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	f.compact = false
	switch k.String() {
	case "up", "k":
		f.cursor = (f.cursor + len(f.opts) - 1) % len(f.opts)
	case "down", "j":
		f.cursor = (f.cursor + 1) % len(f.opts)
	default:
		if n := k.String(); len(n) == 1 && n[0] >= '1' && n[0] <= '9' && int(n[0]-'1') < len(f.opts) {
			f.cursor = int(n[0] - '1')
		}
	}
	return nil
}

func (f *choiceField) View(width int, focused bool, st Styles) string {
	if f.compact && len(f.opts) > 0 {
		return strings.Join(wrapRuns([]styledText{
			{f.in.Label, st.FieldLabel},
			{f.opts[f.cursor].Label, st.Selected},
			{"(↑↓ to change)", st.Dim},
		}, width, "  "), "\n")
	}
	var b strings.Builder
	b.WriteString(st.FieldLabel.Render(f.in.Label))
	cut := false
	for i, o := range f.opts {
		mark, style := "  ", st.Dim
		if i == f.cursor {
			mark, style = "› ", st.Selected
			if !focused {
				mark = "• "
			}
		}
		prefix := fmt.Sprintf("%s%d. ", mark, i+1)
		text := o.Label
		if o.Note != "" {
			// The note on the option's row when it fits; else the focused
			// option's note wraps on rows of its own below the list.
			if full := prefix + o.Label + " — " + o.Note; ansi.StringWidth(full) <= width {
				text = o.Label + " — " + o.Note
			} else if i == f.cursor {
				cut = true
			}
		}
		for _, l := range wrapPrefixed(prefix, text, width) {
			b.WriteString("\n" + style.Render(l))
		}
	}
	if cut && focused {
		for _, l := range wrapPrefixed("  ", f.opts[f.cursor].Note, width) {
			b.WriteString("\n" + st.Dim.Render(l))
		}
	}
	return b.String()
}

// --- multi-line secret (a private key) ----------------------------------

// keyField receives a private key. Its text is never drawn: the screen shows
// how much arrived and whether it is a complete, valid key. A bracketed
// paste arrives whole (tea.PasteMsg). Without bracketed paste the key
// arrives as keystrokes with Enter between lines: Enter is then a newline
// until the text so far is a complete valid key, so a broken key can never
// be submitted by the paste itself.
type keyField struct {
	in     steps.Input
	buf    strings.Builder
	set    bool // a key is already held (kept when the field stays empty)
	status string
	valid  bool
}

func (f *keyField) Input() steps.Input { return f.in }
func (f *keyField) Value() string      { return f.buf.String() }
func (f *keyField) Dirty() bool        { return f.buf.Len() > 0 }
func (f *keyField) Typing() bool       { return true }
func (f *keyField) Focus() tea.Cmd     { return nil }
func (f *keyField) Blur()              {}

// WantsEnter: Enter is part of the key while one is arriving and is not yet
// complete and valid.
func (f *keyField) WantsEnter() bool { return f.buf.Len() > 0 && !f.valid }

func (f *keyField) Update(msg tea.Msg) tea.Cmd {
	switch m := msg.(type) {
	case tea.PasteMsg:
		// Terminals send pasted line breaks as CR (tmux, many others).
		text := strings.ReplaceAll(m.Content, "\r\n", "\n")
		f.buf.Reset()
		f.buf.WriteString(strings.ReplaceAll(text, "\r", "\n"))
	case tea.KeyPressMsg:
		switch m.String() {
		case "enter":
			f.buf.WriteByte('\n')
		case "ctrl+u":
			f.buf.Reset()
		case "backspace":
			s := f.buf.String()
			if s != "" {
				r := []rune(s)
				f.buf.Reset()
				f.buf.WriteString(string(r[:len(r)-1]))
			}
		default:
			if m.Text != "" {
				f.buf.WriteString(m.Text)
			}
		}
	default:
		return nil
	}
	f.revalidate()
	return nil
}

func (f *keyField) revalidate() {
	text := f.buf.String()
	f.valid = false
	if strings.TrimSpace(text) == "" {
		f.status = ""
		return
	}
	lines := strings.Count(strings.TrimRight(text, "\n"), "\n") + 1
	// While the END line (or the closing brace) has not arrived, the text
	// cannot be a whole key: say so without parsing on every keystroke.
	if looksIncomplete(text) {
		f.status = fmt.Sprintf("receiving… %d lines so far (waiting for the END line)", lines)
		return
	}
	if err := f.in.Check(text); err != nil {
		f.status = "✗ " + firstSentence(err.Error())
		return
	}
	f.valid = true
	f.status = fmt.Sprintf("✓ a whole private key (%d lines); Enter uses it", lines)
}

// looksIncomplete: PEM text whose END line has not arrived, or JSON whose
// braces are still open.
func looksIncomplete(text string) bool {
	t := strings.TrimSpace(text)
	if strings.Contains(t, "-----BEGIN") {
		return !strings.Contains(t[strings.Index(t, "-----BEGIN")+5:], "-----END") || !strings.HasSuffix(t, "-----")
	}
	if strings.HasPrefix(t, "{") {
		return strings.Count(t, "{") > strings.Count(t, "}")
	}
	return false
}

func (f *keyField) View(width int, focused bool, st Styles) string {
	var b strings.Builder
	b.WriteString(st.FieldLabel.Render(f.in.Label))
	switch {
	case f.buf.Len() == 0 && f.set:
		b.WriteString("\n" + st.Dim.Render("› (a key is held — paste another to replace it)"))
	case f.buf.Len() == 0:
		b.WriteString("\n" + st.Dim.Render("› paste the whole key here (it is never shown)"))
	default:
		style := st.Dim
		if f.valid {
			style = st.Pass
		} else if strings.HasPrefix(f.status, "✗") {
			style = st.Fail
		}
		for _, l := range wrapPrefixed("› ", f.status, width) {
			b.WriteString("\n" + style.Render(l))
		}
		if !f.valid {
			b.WriteString("\n" + st.Dim.Render("  ctrl+u clears"))
		}
	}
	return b.String()
}

// firstSentence keeps error text short enough for one line.
func firstSentence(s string) string {
	if i := strings.Index(s, ". "); i > 0 {
		return s[:i+1]
	}
	return s
}
