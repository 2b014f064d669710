package wizard

import "github.com/fctr-id/tako-setup/checks/termtext"

// wrapText wraps plain text at spaces only (termtext.WrapWords: ansi.Wrap
// also breaks at hyphens, which splits host names such as
// integrator-1234567.okta.com); a word longer than the line is cut hard.
//
// s is made safe for the terminal first (termtext.Text): what is wrapped
// quotes the .env, the progress file, Okta and file names.
func wrapText(s string, width int) []string {
	return termtext.WrapWords(termtext.Text(s), width, true)
}
