package wizard

import (
	"fmt"
	"io"

	"github.com/charmbracelet/x/ansi"
)

// The terminal prompter can send the step's address to the clipboard.
var _ ClipboardPrompter = (*TerminalPrompter)(nil)

// SetClipboard sends text to the terminal's system clipboard with OSC 52.
// Over SSH it reaches the local clipboard when the terminal (and tmux, with
// set-clipboard on) accepts it; nothing says whether it did.
func (t *TerminalPrompter) SetClipboard(text string) error {
	if _, err := io.WriteString(t.out, ansi.SetSystemClipboard(text)); err != nil {
		return fmt.Errorf("sending to the clipboard: %w", err)
	}
	return nil
}
