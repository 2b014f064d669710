package main

import (
	"os"
	"strconv"
	"strings"

	"charm.land/fang/v2"
	"charm.land/lipgloss/v2"
)

// Help, usage errors and --version never wait on the terminal.
//
// fang styles its help and error pages with colours for a dark or a light
// background, and decides which by asking the terminal
// (lipgloss.HasDarkBackground on os.Stdin and os.Stdout) whenever stdout is
// a terminal. A terminal that never answers (some SSH clients, CI ptys)
// makes that question wait 2 s on stdin and 2 s more on stdout; one that
// answers still has the reply read from the user's input. fang has no
// option to skip the question, and lipgloss asks only when stdin is a
// terminal too. So while cobra parses the command line and fang prints help,
// a usage error or the version, os.Stdin is an empty pipe that no one reads
// (hideStdin), and the colours are decided without asking (colorScheme).
// Every command's own run gets the real stdin back (keepFromFang), so the
// wizard, accessible mode and `-` arguments read the user's input as before.
// On Windows lipgloss opens the console (CONIN$) itself when stdin is not
// one, so the question is still asked there; a terminal that answers its
// device-attributes half (Windows Terminal does) ends the wait at once. Not
// measured here: no Windows machine.

// stdinSwap holds the real stdin while it is hidden.
type stdinSwap struct {
	real, empty *os.File
}

// hideStdin replaces os.Stdin with the read end of a closed pipe (never a
// terminal; a read gets end of input) and returns how to bring it back.
// If no pipe can be made, stdin stays as it is: help then merely asks the
// terminal, as before.
func hideStdin() *stdinSwap {
	r, w, err := os.Pipe()
	if err != nil {
		return &stdinSwap{real: os.Stdin}
	}
	_ = w.Close()
	s := &stdinSwap{real: os.Stdin, empty: r}
	os.Stdin = r
	return s
}

// restore gives the program its real stdin for a command's run.
func (s *stdinSwap) restore() { os.Stdin = s.real }

// hide takes stdin away again after a command's run, before fang prints an
// error.
func (s *stdinSwap) hide() {
	if s.empty != nil {
		os.Stdin = s.empty
	}
}

// colorScheme is fang's colour scheme for a background decided without
// asking the terminal: see darkBackground.
func colorScheme(_ lipgloss.LightDarkFunc) fang.ColorScheme {
	return fang.DefaultColorScheme(lipgloss.LightDark(darkBackground(os.Getenv("COLORFGBG"))))
}

// darkBackground reads the terminal's background from COLORFGBG
// ("fg;bg" or "fg;default;bg", set by rxvt, Konsole, iTerm2 and others;
// colours 0-6 and 8 are dark). Without it the answer is dark, as lipgloss
// answers when the terminal does not reply: most terminals are dark.
func darkBackground(colorfgbg string) bool {
	parts := strings.Split(colorfgbg, ";")
	bg, err := strconv.Atoi(strings.TrimSpace(parts[len(parts)-1]))
	if len(parts) < 2 || err != nil {
		return true
	}
	return bg < 7 || bg == 8
}
