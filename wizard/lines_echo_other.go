//go:build !(darwin || dragonfly || freebsd || linux || netbsd || openbsd || solaris || windows)

package wizard

import "errors"

// hideTyping: on this system tako-setup cannot turn the terminal's echo
// off, so it asks for no secret rather than show one.
func hideTyping(int) error {
	return errors.New("this system's terminal cannot hide typing; to set up Tako here, use the flags listed by `tako-setup --help`")
}
