package wizard

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/steps"
)

// toGeneratedKey walks to the key step and generates a key there, with a
// key store in a temporary state directory.
func toGeneratedKey(t *testing.T) (*harness, *KeyStore) {
	t.Helper()
	store := &KeyStore{Path: KeyPathBeside(filepath.Join(t.TempDir(), "state", "progress.json"))}
	h := newHarness(t, func(c *Config) { c.Keys = store })
	h.toMethod(0)
	h.typeText("0oaTAKO123")
	h.key("enter", "enter")
	h.key("enter") // generate
	h.at(steps.PrivateKey)
	return h, store
}

// A key generated here is kept (mode 0600, next to the progress file) from
// the moment it exists; quitting says what is left in Okta.
func TestGeneratedKeyIsKeptUntilWritten(t *testing.T) {
	h, store := toGeneratedKey(t)
	k := h.m.mach.Answers().Key
	kept, ok := store.Load()
	if !ok || kept.KID != k.KID || kept.PEM != k.PEM.Reveal() || kept.ClientID != "0oaTAKO123" || kept.Added {
		t.Fatalf("kept %+v (ok %v)", kept, ok)
	}
	if fi, err := os.Stat(store.Path); err != nil || (runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600) {
		t.Fatalf("kept file: %v %v", fi, err)
	}
	if p := "/state/tako-setup/progress.json"; filepath.Dir(KeyPathBeside(p)) != filepath.Dir(p) {
		t.Fatal("the kept key is not next to the progress file")
	}
	left := strings.Join(h.m.LeftInOkta(), "\n")
	for _, want := range []string{"Public key " + k.KID, "may have been added to app 0oaTAKO123", "resume to use it", "or delete it in the console"} {
		if !strings.Contains(left, want) {
			t.Fatalf("quitting says %q, lacks %q", left, want)
		}
	}
	h.key("enter") // Okta accepts it: its public half is on the app
	h.expect("▸✓ Private key")
	if kept, _ := store.Load(); !kept.Added {
		t.Fatal("the kept key does not say it was added")
	}
	if left := strings.Join(h.m.LeftInOkta(), "\n"); !strings.Contains(left, "was added to app 0oaTAKO123") {
		t.Fatalf("quitting says %q", left)
	}
	for h.m.mach.Current().ID != steps.Review {
		h.key("enter")
	}
	h.key("enter") // write
	h.at(steps.Done)
	if _, ok := store.Load(); ok {
		t.Fatal("the key is still kept after the .env holding it was written")
	}
	if err := h.m.FlushKept(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(store.Path); !os.IsNotExist(err) {
		t.Fatalf("kept file after the write: %v", err)
	}
	if len(h.m.LeftInOkta()) != 0 {
		t.Fatal("something said left in Okta after the write")
	}
}

// Resume offers the kept key and uses it: no new key is generated, the key
// step checks the kept one.
func TestResumeUsesTheKeptKey(t *testing.T) {
	h, store := toGeneratedKey(t)
	want := h.m.mach.Answers().Key.KID
	kept, _ := store.Load()
	generated := 0
	h2 := newHarness(t, func(c *Config) {
		c.Keys, c.Kept = store, &kept
		c.Env.GenerateKey = func(int) (*steps.Key, error) { generated++; return testKey(t), nil }
	})
	h2.expect("Resume where you left off?", "kid "+want, "Resume uses it")
	h2.key("enter") // resume
	a := h2.m.mach.Answers()
	if a.Key == nil || a.Key.KID != want || !a.Key.Generated || a.ClientID != "0oaTAKO123" {
		t.Fatalf("resumed with key %+v, client %q", a.Key, a.ClientID)
	}
	for h2.m.mach.Current().ID != steps.PrivateKey && h2.m.mach.Current().ID != steps.Review {
		h2.key("enter")
	}
	if generated != 0 {
		t.Fatal("a new key was generated instead of using the kept one")
	}
}

// Starting over discards the kept key.
func TestStartOverDiscardsTheKeptKey(t *testing.T) {
	_, store := toGeneratedKey(t)
	kept, _ := store.Load()
	h := newHarness(t, func(c *Config) { c.Keys, c.Kept = store, &kept })
	h.key("down", "enter") // start over
	if _, ok := store.Load(); ok {
		t.Fatal("the kept key survived starting over")
	}
}

// keyCheckSeesPEM is a Check that, like the engine, fails the key check
// when the input holds no private key, and records whether each key check
// was given one.
func keyCheckSeesPEM(f *fakeOrg, saw *[]bool) func(context.Context, checks.Input, []string) checks.Report {
	return func(_ context.Context, in checks.Input, only []string) checks.Report {
		r := f.report(only, only == nil)
		for i, fd := range r.Findings {
			if fd.ID != checks.IDOAuthKey {
				continue
			}
			*saw = append(*saw, in.PrivateKey != nil)
			if in.PrivateKey == nil {
				r.Findings[i].Status, r.Findings[i].Title = checks.Fail, "No private key"
			}
		}
		return r
	}
}

// Resuming with the kept key checks that key: the engine is given its
// private half (the .env will hold it), and the key step passes.
func TestResumeChecksTheKeptKey(t *testing.T) {
	h, store := toGeneratedKey(t)
	h.key("enter") // Okta accepts it: its public half is on the app
	h.expect("▸✓ Private key")
	kept, _ := store.Load()
	var saw []bool
	h2 := newHarness(t, func(c *Config) {
		c.Keys, c.Kept = store, &kept
		c.Check = keyCheckSeesPEM(newFakeOrg(), &saw)
	})
	h2.expect("Resume where you left off?", "kid "+kept.KID)
	h2.key("enter") // resume
	if pem := h2.m.mach.Answers().PrivateKeyPEM; pem.Reveal() != kept.PEM {
		t.Fatal("resumed without the kept key's PEM in the settings the .env is written from")
	}
	for i := 0; h2.m.mach.Current().ID != steps.Review; i++ {
		if i > 20 {
			t.Fatalf("stuck at %s:\n%s", h2.m.mach.Current().ID, h2.screen())
		}
		h2.key("enter")
	}
	if len(saw) == 0 || slices.Contains(saw, false) {
		t.Fatalf("key checks given a private key: %v", saw)
	}
	h2.expect("✓ Private key")
	if strings.Contains(strings.Join(h2.screens, "\n"), "No private key") {
		t.Fatal("the kept key was reported missing")
	}
}
