// Package screenshot turns a captured terminal screen (the output of
// `tmux capture-pane -p -e`, ANSI styles included) into an SVG picture, for
// the README. The picture is made from a real run: shoot.sh drives the
// built binary in tmux and renders what tmux captured; nothing is drawn by
// hand.
package screenshot

import (
	"bytes"
	"fmt"
	"html"
	"image/color"
	"io"
	"strings"

	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/vt"
)

// Geometry of the picture, in pixels.
const (
	cellW    = 8.4
	cellH    = 18.0
	fontSize = 14
	padX     = 14.0
	padTop   = 36.0
	padBot   = 12.0
)

// Palette of the picture: a dark terminal.
var (
	background = "#1b1d23"
	foreground = "#d7dae0"
)

// Render replays captured terminal text into a w×h terminal emulator and
// draws its cells as an SVG, keeping colours, bold and faint.
func Render(captured []byte, w, h int, title string) (string, error) {
	emu := vt.NewEmulator(w, h)
	go func() { _, _ = io.Copy(io.Discard, emu) }()
	defer func() {
		if c, ok := emu.InputPipe().(io.Closer); ok {
			_ = c.Close()
		}
	}()
	text := bytes.TrimRight(captured, "\n")
	text = bytes.ReplaceAll(text, []byte("\n"), []byte("\r\n"))
	if _, err := emu.Write(text); err != nil {
		return "", fmt.Errorf("replaying the capture: %w", err)
	}

	width := padX*2 + cellW*float64(w)
	height := padTop + padBot + cellH*float64(h)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%.0f" height="%.0f" viewBox="0 0 %.0f %.0f" role="img" aria-label="%s">`+"\n",
		width, height, width, height, html.EscapeString(title))
	fmt.Fprintf(&b, `<rect width="100%%" height="100%%" rx="8" fill="%s"/>`+"\n", background)
	for i, c := range []string{"#ff5f57", "#febc2e", "#28c840"} {
		fmt.Fprintf(&b, `<circle cx="%d" cy="16" r="6" fill="%s"/>`+"\n", 20+i*20, c)
	}
	fmt.Fprintf(&b, `<text x="%.0f" y="21" fill="#8b8f98" font-family="ui-monospace,Menlo,Consolas,monospace" font-size="12" text-anchor="middle">%s</text>`+"\n",
		width/2, html.EscapeString(title))
	fmt.Fprintf(&b, `<g font-family="ui-monospace,SFMono-Regular,Menlo,Consolas,'DejaVu Sans Mono',monospace" font-size="%d" xml:space="preserve">`+"\n", fontSize)
	for y := 0; y < h; y++ {
		row := runsOf(emu, y, w)
		if len(row) == 0 {
			continue
		}
		fmt.Fprintf(&b, `<text y="%.1f">`, padTop+cellH*float64(y)+cellH*0.75)
		for _, r := range row {
			fmt.Fprintf(&b, `<tspan x="%.1f"%s>%s</tspan>`, padX+cellW*float64(r.x), r.attrs(), html.EscapeString(r.text))
		}
		b.WriteString("</text>\n")
	}
	b.WriteString("</g>\n</svg>\n")
	return b.String(), nil
}

// run is a stretch of cells of one style.
type run struct {
	x           int
	text        string
	fg          string
	bold, faint bool
	underline   bool
}

func (r run) attrs() string {
	var a strings.Builder
	if r.fg != "" {
		fmt.Fprintf(&a, ` fill="%s"`, r.fg)
	} else {
		fmt.Fprintf(&a, ` fill="%s"`, foreground)
	}
	if r.bold {
		a.WriteString(` font-weight="bold"`)
	}
	if r.faint {
		a.WriteString(` opacity="0.6"`)
	}
	if r.underline {
		a.WriteString(` text-decoration="underline"`)
	}
	return a.String()
}

// runsOf groups a row's cells into styled runs, dropping trailing blanks.
func runsOf(emu *vt.Emulator, y, w int) []run {
	var out []run
	var cur *run
	for x := 0; x < w; x++ {
		c := emu.CellAt(x, y)
		if c == nil || c.Width == 0 && c.Content == "" {
			continue
		}
		content := c.Content
		if content == "" {
			content = " "
		}
		next := run{x: x, fg: hex(c.Style.Fg), bold: c.Style.Attrs&uv.AttrBold != 0,
			faint: c.Style.Attrs&uv.AttrFaint != 0, underline: c.Style.Underline != 0}
		if cur != nil && cur.fg == next.fg && cur.bold == next.bold && cur.faint == next.faint && cur.underline == next.underline {
			cur.text += content
			continue
		}
		out = append(out, next)
		cur = &out[len(out)-1]
		cur.text = content
	}
	// trim trailing spaces and empty runs
	for len(out) > 0 {
		last := &out[len(out)-1]
		last.text = strings.TrimRight(last.text, " ")
		if last.text != "" {
			break
		}
		out = out[:len(out)-1]
	}
	return out
}

func hex(c color.Color) string {
	if c == nil {
		return ""
	}
	r, g, b, _ := c.RGBA()
	return fmt.Sprintf("#%02x%02x%02x", r>>8, g>>8, b>>8)
}
