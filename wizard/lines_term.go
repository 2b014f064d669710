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

// Say prints text and a newline, wrapping long lines at spaces (keeping
// their indent) to the terminal's width. A line without spaces (a public
// JWK) is left whole, so that copying it gives the original.
func (t *TerminalPrompter) Say(text string) {
	width := 80
	if w, _, err := term.GetSize(int(t.in.Fd())); err == nil && w > 20 {
		width = w
	}
	fmt.Fprintln(t.out, wrapForLines(text, width-1))
}

// wrapForLines wraps each line of text at spaces, keeping its indent.
func wrapForLines(text string, width int) string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		trimmed := strings.TrimLeft(line, " ")
		if len(line) <= width || !strings.Contains(trimmed, " ") {
			out = append(out, line)
			continue
		}
		ind := line[:len(line)-len(trimmed)]
		for _, l := range wrapText(trimmed, width-len(ind)) {
			out = append(out, ind+l)
		}
	}
	return strings.Join(out, "\n")
}

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
