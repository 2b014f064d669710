package wizard

import (
	"context"
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
// secrets read with echo off. Its reads end when their context does
// (ctrl+c, SIGTERM, SIGHUP), with the terminal as it was before the read.
type TerminalPrompter struct {
	in  *os.File
	out io.Writer
}

// The terminal reads a pasted key under one echo-off section.
var _ SecretLinesPrompter = (*TerminalPrompter)(nil)

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
	return t.AskContext(context.Background(), prompt)
}

// AskSecret prints prompt and reads one line without echo.
func (t *TerminalPrompter) AskSecret(prompt string) (string, error) {
	return t.AskSecretContext(context.Background(), prompt)
}

// AskContext prints prompt and reads one line. It returns ctx's error as
// soon as ctx ends, and ErrEndOfInput on ctrl+d.
func (t *TerminalPrompter) AskContext(ctx context.Context, prompt string) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	fmt.Fprint(t.out, prompt)
	v, err := t.readLine(ctx)
	if err != nil {
		// The read ended without an Enter, so the terminal did not move to
		// a new line: start one for what is said next.
		fmt.Fprintln(t.out)
	}
	return v, err
}

// AskSecretContext prints prompt and reads one line with echo off. The
// terminal's state is restored however the read ends — an answer, ctrl+d,
// or ctx ending while the read waits.
func (t *TerminalPrompter) AskSecretContext(ctx context.Context, prompt string) (string, error) {
	var v string
	err := t.withTypingHidden(ctx, prompt, func() error {
		var err error
		v, err = t.readLine(ctx)
		return err
	})
	if err != nil {
		return "", err
	}
	return v, nil
}

// AskSecretLines prints prompt and reads lines with echo off until done
// reports that the lines read so far are the whole answer. Echo stays off
// from before the first line until the last, so a paste that arrives in
// slow chunks (some SSH clients) never shows a fragment of the secret. The
// terminal's state is restored however the read ends, as for
// AskSecretContext; on an error no line is returned.
func (t *TerminalPrompter) AskSecretLines(ctx context.Context, prompt string, done func(lines []string) bool) ([]string, error) {
	var lines []string
	err := t.withTypingHidden(ctx, prompt, func() error {
		for {
			v, err := t.readLine(ctx)
			if err != nil {
				return err
			}
			lines = append(lines, v)
			if done(lines) {
				return nil
			}
		}
	})
	if err != nil {
		return nil, err
	}
	return lines, nil
}

// withTypingHidden prints prompt and runs read with the terminal's echo
// off, then restores the terminal's state, however read ends, and starts a
// new line (echo was off: the Enter, if any, made none).
func (t *TerminalPrompter) withTypingHidden(ctx context.Context, prompt string, read func() error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	fd := int(t.in.Fd())
	saved, err := term.GetState(fd)
	if err != nil {
		return fmt.Errorf("reading the terminal's state: %w", err)
	}
	// Echo goes off before the prompt is printed: a secret sent as soon as
	// the prompt appears (a paste, a script) is never echoed. And before
	// the read starts, so that the restore below always comes after it.
	if err := hideTyping(fd); err != nil {
		_ = term.Restore(fd, saved)
		fmt.Fprintln(t.out)
		return err
	}
	fmt.Fprint(t.out, prompt)
	err = read()
	if rerr := term.Restore(fd, saved); rerr != nil && err == nil {
		err = fmt.Errorf("turning the terminal's echo back on: %w", rerr)
	}
	fmt.Fprintln(t.out)
	return err
}

// readLine reads one line from the terminal, giving up when ctx ends. The
// read itself cannot be interrupted: it goes on in a goroutine, which
// stays blocked on the terminal until a line or an error comes. That is
// fine because an ended context ends line mode, and the program with it;
// no later read competes with the abandoned one.
func (t *TerminalPrompter) readLine(ctx context.Context) (string, error) {
	if ctx.Done() == nil {
		return readLine(t.in)
	}
	type result struct {
		line string
		err  error
	}
	got := make(chan result, 1) // buffered: an abandoned read still ends
	go func() {
		line, err := readLine(t.in)
		got <- result{line, err}
	}()
	select {
	case r := <-got:
		return r.line, r.err
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// readLine reads up to a newline, one byte at a time. End of input (ctrl+d
// at the start of a line) is ErrEndOfInput; text typed before a ctrl+d is
// a line of its own, as it is for any terminal program.
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
				return "", ErrEndOfInput
			}
			return "", fmt.Errorf("reading input: %w", err)
		}
	}
}
