package steps

import (
	"os"
	"path/filepath"
	"testing"
)

func TestCheckCommandNamesTheFile(t *testing.T) {
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ env, want string }{
		{"", "tako-setup check"},
		{".env", "tako-setup check"},
		{filepath.Join(wd, ".env"), "tako-setup check"},
		{"/srv/tako/.env", "tako-setup check --env-file /srv/tako/.env"},
		{"/srv/my tako/.env", "tako-setup check --env-file '/srv/my tako/.env'"},
		{"/srv/it's/.env", `tako-setup check --env-file '/srv/it'\''s/.env'`},
	} {
		if got := CheckCommand(c.env); got != c.want {
			t.Errorf("CheckCommand(%q) = %q, want %q", c.env, got, c.want)
		}
	}
}
