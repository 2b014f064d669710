package wizard

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/secret"
	"github.com/fctr-id/tako-setup/checks/takoenv"
	"github.com/fctr-id/tako-setup/steps"
	"github.com/fctr-id/tako-setup/wizard/envfile"
)

// tokenAnswers are API-token answers with a token made up at run time.
func tokenAnswers() *steps.Answers {
	return &steps.Answers{Settings: takoenv.Settings{OrgURL: "https://acme.okta.com", Method: checks.APIToken, APIToken: secret.New("00" + strings.Repeat("t", 38) + "Zx"), ConcurrentLimit: 20}, Confirmed: true}
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestWriteEnvWritesWhatWasPreviewedOrNothing(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, ".env")
	writeFile(t, path, "SLACK_CHANNEL=general\n")
	env := FileEnv(path, nil, nil)
	a := tokenAnswers()

	diff, err := env.Preview(a)
	if err != nil || !strings.Contains(diff, "+ OKTA_API_TOKEN") {
		t.Fatalf("preview %q, %v", diff, err)
	}
	// Someone edits the file between the review and the write.
	edited := "SLACK_CHANNEL=general\nJWT_SECRET_NAME=tako\n"
	writeFile(t, path, edited)
	_, err = env.WriteEnv(a)
	if !errors.Is(err, steps.ErrStaleReview) || !errors.Is(err, envfile.ErrChangedOnDisk) {
		t.Fatalf("write after an edit on disk: %v", err)
	}
	if !strings.Contains(err.Error(), "changed on disk after the preview") {
		t.Errorf("the refusal does not say why: %v", err)
	}
	if got := readFile(t, path); got != edited {
		t.Fatalf("the edited file was replaced:\n%s", got)
	}
	// Writing again without a new preview still refuses: the user never
	// saw the edited file's changes.
	if _, err := env.WriteEnv(a); !errors.Is(err, steps.ErrStaleReview) {
		t.Fatalf("second write without a new preview: %v", err)
	}
	// A fresh preview is of the edited file, and that is what is written.
	if _, err := env.Preview(a); err != nil {
		t.Fatal(err)
	}
	res, err := env.WriteEnv(a)
	if err != nil {
		t.Fatal(err)
	}
	got := readFile(t, path)
	if !strings.HasPrefix(got, edited) || !strings.Contains(got, "OKTA_API_TOKEN=") {
		t.Fatalf("written:\n%s", got)
	}
	if res.Backup == "" || readFile(t, res.Backup) != edited {
		t.Fatalf("backup %q", res.Backup)
	}
}

func TestWriteEnvRefusesAnswersThatChangedAfterThePreview(t *testing.T) {
	path := filepath.Join(t.TempDir(), ".env")
	writeFile(t, path, "SLACK_CHANNEL=general\n")
	env := FileEnv(path, nil, nil)
	a := tokenAnswers()
	if _, err := env.Preview(a); err != nil {
		t.Fatal(err)
	}
	a.ConcurrentLimit = 30
	if _, err := env.WriteEnv(a); !errors.Is(err, steps.ErrStaleReview) || errors.Is(err, envfile.ErrChangedOnDisk) {
		t.Fatalf("write of answers that were not previewed: %v", err)
	}
	if got := readFile(t, path); got != "SLACK_CHANNEL=general\n" {
		t.Fatalf("the file was written:\n%s", got)
	}
}

func TestWriteEnvWithoutAPreviewReadsTheFile(t *testing.T) {
	// A script writes straight away: nothing was shown, so the file as it
	// is now is edited.
	path := filepath.Join(t.TempDir(), ".env")
	writeFile(t, path, "SLACK_CHANNEL=general\n")
	env := FileEnv(path, nil, nil)
	if _, err := env.WriteEnv(tokenAnswers()); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, path); !strings.HasPrefix(got, "SLACK_CHANNEL=general\n") || !strings.Contains(got, "TOKEN_METHOD=API_TOKEN") {
		t.Fatalf("written:\n%s", got)
	}
}

// TestWriteErrorNamesTheFileOnce: a refused write used to read "writing X:
// writing X: not writing X: …"; the writer names the file, and nothing on
// the way adds it again.
func TestWriteErrorNamesTheFileOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), ".env")
	writeFile(t, path, "OTHER=1\nSLACK=\"never closed\nMORE=2\n")
	env := FileEnv(path, nil, nil)
	_, err := env.WriteEnv(tokenAnswers())
	if err == nil {
		t.Fatal("a file with an unclosed quote was written")
	}
	if n := strings.Count(err.Error(), path); n != 1 {
		t.Fatalf("the path appears %d times: %v", n, err)
	}
}

// The review shows every value whole: all the scopes (the screens wrap
// the line) and the key's whole kid, never cut with "…"; the long scope
// list comes after the other changes.
func TestPreviewShowsEveryScopeAndTheWholeKid(t *testing.T) {
	env := FileEnv(filepath.Join(t.TempDir(), ".env"), nil, nil)
	k := testKey(t)
	a := &steps.Answers{Settings: takoenv.Settings{OrgURL: "https://acme.okta.com", Method: checks.OAuth2, ClientID: "0oaTAKO123", ConcurrentLimit: 20}, Confirmed: true}
	a.SetKey(k)
	for i := range 48 {
		a.Granted = append(a.Granted, fmt.Sprintf("okta.thing%02d.read", i))
	}
	a.Scopes = a.Granted
	text, err := env.Preview(a)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(text, "…") {
		t.Fatalf("the preview cuts a value:\n%s", text)
	}
	for _, s := range append([]string{"kid " + k.KID}, a.Granted...) {
		if !strings.Contains(text, s) {
			t.Fatalf("the preview lacks %q:\n%s", s, text)
		}
	}
	lines := strings.Split(strings.TrimSpace(text), "\n")
	if !strings.Contains(lines[len(lines)-1], envfile.KeyScopes) {
		t.Fatalf("the scope list is not last:\n%s", text)
	}
}
