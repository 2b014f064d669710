package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/fctr-id/tako-setup/steps"
)

// A stop says what it left behind: "Nothing was written" only when that is
// true; after the write it names the file, its backup and how to check it.
func TestStopSaysTruthfullyWhetherTheEnvWasWritten(t *testing.T) {
	var w bytes.Buffer
	if sayStopped(&w, &steps.Answers{}, "/srv/tako/.env") || !strings.Contains(w.String(), "Nothing was written") {
		t.Fatalf("before the write: %q", w.String())
	}
	w.Reset()
	a := &steps.Answers{Written: &steps.WriteResult{Path: "/srv/tako/.env", Backup: "/srv/tako/.env.bak-20261206-020000"}}
	if !sayStopped(&w, a, "/srv/tako/.env") {
		t.Fatal("a written .env was not reported")
	}
	got := w.String()
	for _, want := range []string{"Stopped after the .env was written:\n/srv/tako/.env\n", ".env.bak-20261206-020000", "tako-setup check --env-file /srv/tako/.env"} {
		if !strings.Contains(got, want) {
			t.Errorf("lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "Nothing was written") {
		t.Errorf("claims nothing was written:\n%s", got)
	}
}
