package wizard

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"
)

// TerminalPrompter is the LinePrompter of a person at a terminal: plain
// text on out, answers read from the terminal one line at a time (no
// buffering ahead, so a hidden read never finds visible text queued), and
// secrets read with echo off.
type TerminalPrompter struct {
	in  *os.File
	out io.Writer
}

// NewTerminalPrompter needs in to be a terminal: accessible mode is for a
// person; scripts use the non-interactive flags.
func NewTerminalPrompter(in *os.File, out io.Writer) (*TerminalPrompter, error) {
	if !term.IsTerminal(int(in.Fd())) {
		return nil, errors.New("accessible mode reads your answers from a terminal, and standard input is not one; to set up Tako from a script, use the flags listed by `tako-setup --help`")
	}
	return &TerminalPrompter{in: in, out: out}, nil
}

// Say prints text and a newline.
func (t *TerminalPrompter) Say(text string) { fmt.Fprintln(t.out, text) }

// Ask prints prompt and reads one line.
func (t *TerminalPrompter) Ask(prompt string) (string, error) {
	fmt.Fprint(t.out, prompt)
	return readLine(t.in)
}

// AskSecret prints prompt and reads one line without echo.
func (t *TerminalPrompter) AskSecret(prompt string) (string, error) {
	fmt.Fprint(t.out, prompt)
	b, err := term.ReadPassword(int(t.in.Fd()))
	fmt.Fprintln(t.out)
	if err != nil {
		return "", fmt.Errorf("reading hidden input: %w", err)
	}
	return string(b), nil
}

// readLine reads up to a newline, one byte at a time. End of input (ctrl+d)
// is taken as "quit".
func readLine(r io.Reader) (string, error) {
	var b strings.Builder
	buf := make([]byte, 1)
	for {
		n, err := r.Read(buf)
		if n == 1 {
			if buf[0] == '\n' {
				return strings.TrimSuffix(b.String(), "\r"), nil
			}
			b.WriteByte(buf[0])
		}
		if err != nil {
			if errors.Is(err, io.EOF) {
				if b.Len() > 0 {
					return b.String(), nil
				}
				return "", ErrAborted
			}
			return "", fmt.Errorf("reading input: %w", err)
		}
	}
}
