package envfile

import "testing"

// The one-pass reading Settings uses reads every key as Get does.
func TestReadingAgreesWithGet(t *testing.T) {
	texts := []string{"A=1\nA\nB=2\nB=3\n", "A\nA=1\n", "export A='x'\n# c\nB=\"y\nz\"\n"}
	for _, text := range trickyFiles {
		texts = append(texts, text)
	}
	for _, text := range texts {
		d := Parse([]byte(text))
		r := d.reading()
		if len(r.Keys()) != len(d.Keys()) {
			t.Fatalf("keys %q, want %q", r.Keys(), d.Keys())
		}
		for i, k := range d.Keys() {
			v1, ok1 := d.Get(k)
			v2, ok2 := r.Get(k)
			if r.Keys()[i] != k || v1 != v2 || ok1 != ok2 {
				t.Fatalf("%q in %q: Get %q %v, reading %q %v", k, text, v1, ok1, v2, ok2)
			}
		}
	}
}
