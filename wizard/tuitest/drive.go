package tuitest

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/vt"
)

// Driver runs a Bubble Tea model synchronously, as the program would
// (every command run, its message delivered, until nothing is left), and
// replays each frame into a terminal emulator, so a test reads what a
// person would see at a given size — and can look at the model between
// two keys without racing it.
type Driver struct {
	t testing.TB
	// M is the model driven.
	M    tea.Model
	W, H int
	// Hold says which messages to keep in Held instead of delivering (a
	// clock's ticks); by default the spinner's and the wizard's watch
	// ticks. Release delivers them.
	Hold func(tea.Msg) bool
	Held []tea.Msg
	// Clipboard is every OSC 52 text the model sent; Quit whether it quit.
	Clipboard []string
	Quit      bool

	mu  sync.Mutex
	emu *vt.Emulator
}

// NewDriver sizes the model to w×h and runs its Init.
func NewDriver(t testing.TB, m tea.Model, w, h int) *Driver {
	d := &Driver{t: t, M: m, W: w, H: h, emu: vt.NewEmulator(w, h)}
	d.Hold = func(msg tea.Msg) bool {
		name := fmt.Sprintf("%T", msg)
		return name == "spinner.TickMsg" || strings.HasSuffix(name, ".watchMsg")
	}
	go func() { _, _ = io.Copy(io.Discard, d.emu) }()
	t.Cleanup(func() {
		if c, ok := d.emu.InputPipe().(io.Closer); ok {
			_ = c.Close()
		}
	})
	d.Send(tea.WindowSizeMsg{Width: w, Height: h})
	d.run(m.Init())
	return d
}

// Send delivers one message and everything its commands lead to.
func (d *Driver) Send(msg tea.Msg) {
	d.t.Helper()
	var cmd tea.Cmd
	d.M, cmd = d.M.Update(msg)
	d.run(cmd)
}

// Release delivers the held messages (a clock ticking once).
func (d *Driver) Release() {
	held := d.Held
	d.Held = nil
	for _, msg := range held {
		d.Send(msg)
	}
}

func (d *Driver) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	switch msg := cmd().(type) {
	case nil:
	case tea.BatchMsg:
		for _, c := range msg {
			d.run(c)
		}
	case tea.QuitMsg:
		d.Quit = true
	default:
		switch {
		case fmt.Sprintf("%T", msg) == "tea.setClipboardMsg":
			d.Clipboard = append(d.Clipboard, fmt.Sprint(msg))
		case d.Hold != nil && d.Hold(msg):
			d.Held = append(d.Held, msg)
		default:
			d.Send(msg)
		}
	}
}

// Frame is the model's current view content, escape sequences and all.
func (d *Driver) Frame() string { return d.M.View().Content }

// Screen is the current frame as a w×h terminal shows it.
func (d *Driver) Screen() string {
	d.mu.Lock()
	defer d.mu.Unlock()
	frame := strings.ReplaceAll(d.Frame(), "\n", "\r\n")
	_, _ = d.emu.Write([]byte("\x1b[H\x1b[2J" + frame))
	return d.emu.String()
}

// Key sends key presses by name: "enter", "esc", "tab", "pgdown",
// "shift+down", "ctrl+o", or one printable character.
func (d *Driver) Key(names ...string) {
	d.t.Helper()
	for _, n := range names {
		d.Send(KeyMsg(n))
	}
}

// KeyMsg is the key press named n.
func KeyMsg(n string) tea.KeyPressMsg {
	codes := map[string]rune{"enter": tea.KeyEnter, "esc": tea.KeyEscape, "tab": tea.KeyTab,
		"down": tea.KeyDown, "up": tea.KeyUp, "pgdown": tea.KeyPgDown, "pgup": tea.KeyPgUp, "f1": tea.KeyF1}
	if c, ok := codes[n]; ok {
		return tea.KeyPressMsg{Code: c}
	}
	if rest, ok := strings.CutPrefix(n, "shift+"); ok {
		k := KeyMsg(rest)
		k.Mod |= tea.ModShift
		return k
	}
	if rest, ok := strings.CutPrefix(n, "ctrl+"); ok {
		return tea.KeyPressMsg{Code: []rune(rest)[0], Mod: tea.ModCtrl}
	}
	r := []rune(n)[0]
	return tea.KeyPressMsg{Code: r, Text: n}
}
