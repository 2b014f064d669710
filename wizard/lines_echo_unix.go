//go:build darwin || dragonfly || freebsd || linux || netbsd || openbsd || solaris

package wizard

import (
	"fmt"

	"github.com/charmbracelet/x/termios"
)

// hideTyping turns the terminal's echo off for a hidden answer, keeping
// line editing and the keys that send signals (ctrl+c) on, as
// x/term.ReadPassword does. Unlike ReadPassword, the line is then read by
// readLine, which takes ctrl+d at the start of a line as end of input:
// ReadPassword reads the terminal with a bare read(2) and treats its empty
// result as nothing read yet, so ctrl+d was swallowed. The caller restores
// the state it saved before.
func hideTyping(fd int) error {
	cur, err := termios.GetTermios(fd)
	if err != nil {
		return fmt.Errorf("reading the terminal's modes: %w", err)
	}
	err = termios.SetTermios(fd, uint32(cur.Ispeed), uint32(cur.Ospeed), nil,
		map[termios.I]bool{termios.ICRNL: true}, nil, nil,
		map[termios.L]bool{termios.ECHO: false, termios.ICANON: true, termios.ISIG: true})
	if err != nil {
		return fmt.Errorf("turning the terminal's echo off: %w", err)
	}
	return nil
}
