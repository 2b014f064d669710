package secret

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

func TestSecretNeverPrintsItsValue(t *testing.T) {
	canary := "canary-" + strings.Repeat("Zq9", 12)
	s := New(canary)
	var forms []string
	for _, verb := range []string{"%s", "%v", "%+v", "%#v", "%q", "%x", "%X", "%d", "%T"} {
		forms = append(forms, fmt.Sprintf(verb, s))
	}
	forms = append(forms, fmt.Sprint(s), fmt.Sprintf("%v", struct{ S Secret }{s}), fmt.Sprintf("%+v", &struct{ S Secret }{s}))
	js, err := json.Marshal(map[string]any{"token": s})
	if err != nil {
		t.Fatal(err)
	}
	forms = append(forms, string(js))
	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("x", "token", s)
	forms = append(forms, buf.String())
	for _, f := range forms {
		if strings.Contains(f, canary) || strings.Contains(f, canary[:20]) {
			t.Errorf("secret leaked in %q", f)
		}
	}
	if s.Reveal() != canary {
		t.Fatal("Reveal must return the value")
	}
}

func TestMask(t *testing.T) {
	cases := map[string]string{"": "(empty)", "short": "********", "00abcdefghijklmnopqrstuvwxyz1234": "…1234"}
	for in, want := range cases {
		if got := New(in).Mask(); got != want {
			t.Errorf("Mask(%q) = %q, want %q", in, got, want)
		}
	}
	if New("a").Fingerprint() == New("b").Fingerprint() {
		t.Error("fingerprints of different values must differ")
	}
	first, again := New("a"), New("a")
	if first.Fingerprint() != again.Fingerprint() {
		t.Error("fingerprint must be stable")
	}
}
