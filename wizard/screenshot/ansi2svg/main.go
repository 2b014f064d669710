// Command ansi2svg renders a captured terminal screen (standard input, as
// printed by `tmux capture-pane -p -e`) as an SVG on standard output.
//
//	tmux capture-pane -t S -p -e | go run ./wizard/screenshot/ansi2svg -title "tako-setup --demo" > shot.svg
package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/fctr-id/tako-setup/wizard/screenshot"
)

func main() {
	w := flag.Int("width", 80, "terminal columns")
	h := flag.Int("height", 24, "terminal rows")
	title := flag.String("title", "tako-setup", "window title")
	flag.Parse()
	in, err := io.ReadAll(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "ansi2svg: reading standard input:", err)
		os.Exit(1)
	}
	svg, err := screenshot.Render(in, *w, *h, *title)
	if err != nil {
		fmt.Fprintln(os.Stderr, "ansi2svg:", err)
		os.Exit(1)
	}
	fmt.Print(svg)
}
