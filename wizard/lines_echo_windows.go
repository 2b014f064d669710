//go:build windows

package wizard

import (
	"fmt"

	"golang.org/x/sys/windows"
)

// hideTyping turns the console's echo off for a hidden answer, keeping
// line input (Enter ends the line) and ctrl+c on. The caller restores the
// state it saved before.
func hideTyping(fd int) error {
	h := windows.Handle(fd)
	var mode uint32
	if err := windows.GetConsoleMode(h, &mode); err != nil {
		return fmt.Errorf("reading the console's mode: %w", err)
	}
	mode = mode&^windows.ENABLE_ECHO_INPUT | windows.ENABLE_LINE_INPUT | windows.ENABLE_PROCESSED_INPUT
	if err := windows.SetConsoleMode(h, mode); err != nil {
		return fmt.Errorf("turning the console's echo off: %w", err)
	}
	return nil
}
