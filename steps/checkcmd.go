package steps

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/fctr-id/tako-setup/checks/termtext"
)

// CheckCommand is the command that checks envFile again later: plain
// `tako-setup check` for ./.env, else with --env-file naming the file (an
// absolute path, quoted for a POSIX shell when it needs it), so the advice
// checks the file that was written and not whatever .env is in the folder
// the user happens to be in.
func CheckCommand(envFile string) string {
	const cmd = "tako-setup check"
	if envFile == "" {
		return cmd
	}
	abs, err := filepath.Abs(envFile)
	if err != nil {
		abs = envFile
	}
	if wd, err := os.Getwd(); err == nil && abs == filepath.Join(wd, ".env") {
		return cmd
	}
	return cmd + " --env-file " + shellQuote(termtext.Line(abs))
}

// shellQuote leaves a path of plain characters as it is and puts any other
// in single quotes.
func shellQuote(s string) string {
	plain := strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("/._-+:@,", r))
	}) < 0
	if plain && s != "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
