package screenshot

import (
	"strings"
	"testing"
)

func TestRenderKeepsTextColourAndWeight(t *testing.T) {
	captured := "plain \x1b[1;38;2;255;0;0mred bold\x1b[0m <&>\n\x1b[2mfaint\x1b[0m line two\n"
	svg, err := Render([]byte(captured), 20, 3, "demo <1>")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`<svg xmlns="http://www.w3.org/2000/svg"`,
		`aria-label="demo &lt;1&gt;"`,
		`fill="#ff0000" font-weight="bold">red bold</tspan>`,
		`&lt;&amp;&gt;`,
		`opacity="0.6">faint</tspan>`,
		`> line two</tspan>`,
	} {
		if !strings.Contains(svg, want) {
			t.Errorf("svg lacks %q:\n%s", want, svg)
		}
	}
	if strings.Count(svg, "<text y=") != 2 {
		t.Errorf("want 2 text rows (the empty third row is dropped):\n%s", svg)
	}
}
