package main

import (
	"bytes"
	"io"
)

// trailingSpaceTrimmer drops the spaces at the end of every line written
// through it. fang lays the help out in blocks as wide as the terminal —
// 120 columns when standard output is a pipe or a file — and pads each
// line with spaces to that width; a help piped to a pager, a file or a
// diff should not carry them. Nothing is held back but a run of spaces
// whose line has not ended yet (a prompt still shows at once), and a write
// reports all of p as written.
type trailingSpaceTrimmer struct {
	w    io.Writer
	held int // spaces seen at the end of what was written, not passed on yet
}

func (t *trailingSpaceTrimmer) Write(p []byte) (int, error) {
	var out []byte
	rest := p
	for len(rest) > 0 {
		i := bytes.IndexByte(rest, '\n')
		chunk := rest
		if i >= 0 {
			chunk = rest[:i]
		}
		body := bytes.TrimRight(chunk, " ")
		if len(body) > 0 {
			out = append(out, bytes.Repeat([]byte{' '}, t.held)...)
			out = append(out, body...)
			t.held = 0
		}
		t.held += len(chunk) - len(body)
		if i < 0 {
			break
		}
		out = append(out, '\n')
		t.held = 0
		rest = rest[i+1:]
	}
	if _, err := t.w.Write(out); err != nil {
		return 0, err
	}
	return len(p), nil
}
