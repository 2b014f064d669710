package envfile

import (
	"math/rand/v2"
	"testing"
)

// slowBinding is parseBinding without its plain-line shortcut.
func slowBinding(text string, pos int) (segment, int) {
	return parseBindingWith(text, pos, false)
}

// The shortcut for plain NAME=value lines reads every line exactly as the
// grammar (the regular expressions ported from python-dotenv) does.
func TestPlainBindingMatchesTheGrammar(t *testing.T) {
	lines := []string{"A=1\n", "A=\n", "A=", "a.b-c_D=x'y\"z\n", "A=1#2\n", "export=1\n", "A=1 #c\n", "A='q'\n", "A=\"q\"\n",
		"A =1\n", "A= 1\n", "A=é\n", "1=2\n", "-=x\n", "A=a=b=c\n", "A=\\n\n", "A=1\nB=2\n", "#A=1\n", "A=1\x1c\n", "export A=1 # c\n", "export\tA='x y'\n", "A=\"x\" \n", "A=x \t#\n", "A=x #\n", "# c\n", "#\n", "A=x  y #c\n"}
	pieces := []string{"export", "export ", " ", "\t", "A", "b", "_", ".", "-", "=", "#", "'", "\"", "\\", "\n", "x", "é", "\x1c", "1", "\u00a0", "\x00", "\xff", "\u2028"}
	r := rand.New(rand.NewPCG(1, 2))
	for range 200000 {
		var b []byte
		for range 1 + r.IntN(10) {
			b = append(b, pieces[r.IntN(len(pieces))]...)
		}
		lines = append(lines, string(b))
	}
	for _, text := range lines {
		fast, fend := parseBinding(text, 0)
		slow, send := slowBinding(text, 0)
		if fast != slow || fend != send {
			t.Fatalf("%q: shortcut %+v (to %d), grammar %+v (to %d)", text, fast, fend, slow, send)
		}
	}
}

func FuzzPlainBindingMatchesTheGrammar(f *testing.F) {
	for _, s := range []string{"A=1\n", "export A=1 # c\n", "A='x'\n", "# c\n", "A=x  y #c\n", "A= 1\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		text, _ = universalNewlines(text) // parseBinding reads translated text
		for pos := 0; pos < len(text); {
			fast, fend := parseBinding(text, pos)
			slow, send := slowBinding(text, pos)
			if fast != slow || fend != send {
				t.Fatalf("%q at %d: shortcut %+v (to %d), grammar %+v (to %d)", text, pos, fast, fend, slow, send)
			}
			if send <= pos {
				break
			}
			pos = send
		}
	})
}
