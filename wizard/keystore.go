package wizard

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/fctr-id/tako-setup/checks/privatefile"
	"github.com/fctr-id/tako-setup/steps"
)

// keptVersion is bumped when the kept-key file's meaning changes.
const keptVersion = 1

// KeptKey is a private key generated here, kept on disk until the .env
// holding it is written or the user discards it, so that quitting after
// adding its public half in Okta loses nothing: resume uses it again.
type KeptKey struct {
	Version  int    `json:"version"`
	EnvFile  string `json:"env_file"`
	OrgURL   string `json:"org_url"`
	ClientID string `json:"client_id"`
	KID      string `json:"kid"`
	// Added: Okta accepted the key (the key step passed), so its public
	// half is on the app.
	Added bool `json:"added"`
	// PEM is the private key, PKCS#8 PEM. The file is mode 0600 in a 0700
	// directory of the user's own.
	PEM   string    `json:"private_key_pem"`
	Saved time.Time `json:"saved"`
}

// Left is what quitting leaves in Okta, in one sentence.
func (k KeptKey) Left(path string) string {
	where := "was added to"
	if !k.Added {
		where = "may have been added to"
	}
	return fmt.Sprintf("Public key %s %s app %s: resume to use it (its private key is kept, mode 0600, in %s), or delete it in the console (Applications › the app › General › Public keys).", k.KID, where, k.ClientID, path)
}

// KeyStore keeps one generated key, next to the progress file.
type KeyStore struct{ Path string }

// KeyPathBeside is the kept-key file in the same directory as the progress
// file at progressPath.
func KeyPathBeside(progressPath string) string {
	return filepath.Join(filepath.Dir(progressPath), "generated-key.json")
}

// Load reads the kept key; ok is false when there is none.
func (s KeyStore) Load() (KeptKey, bool) {
	b, err := os.ReadFile(s.Path)
	if err != nil {
		return KeptKey{}, false
	}
	var k KeptKey
	if json.Unmarshal(b, &k) != nil || k.Version != keptVersion || k.PEM == "" {
		return KeptKey{}, false
	}
	return k, true
}

// Save writes the kept key atomically, mode 0600 (directory 0700).
func (s KeyStore) Save(k KeptKey) error {
	k.Version = keptVersion
	if err := privatefile.WriteJSON(s.Path, k); err != nil {
		return fmt.Errorf("keeping the generated key: %w", err)
	}
	return nil
}

// Discard removes the kept key.
func (s KeyStore) Discard() error {
	if err := privatefile.Remove(s.Path); err != nil {
		return fmt.Errorf("discarding the kept key: %w", err)
	}
	return nil
}

// keyAction is what to do with the kept key after a step's result.
type keyAction int

const (
	keyNothing keyAction = iota
	keySave
	keyDiscard
)

// keptKeyOf decides, from the machine's state, whether the generated key
// must be kept (saved or updated) or discarded: it is kept from the moment
// it exists until the .env holding it is written. last is the key last
// saved (nil = none).
func keptKeyOf(m *Machine, envFile string, now time.Time, last *KeptKey) (KeptKey, keyAction) {
	a := m.Answers()
	if m.Status(steps.Write).Done() {
		if last != nil {
			return KeptKey{}, keyDiscard
		}
		return KeptKey{}, keyNothing
	}
	k := a.Key
	if k == nil || !k.Generated || k.PEM.IsZero() {
		return KeptKey{}, keyNothing
	}
	added := false
	for _, e := range m.Sidebar() {
		if steps.KeyStep(e.Step.ID) && e.Status.Done() {
			added = true
		}
	}
	kk := KeptKey{
		EnvFile: envFile, OrgURL: a.OrgURL, ClientID: a.ClientID, KID: k.KID,
		Added: added || (last != nil && last.KID == k.KID && last.Added),
		PEM:   k.PEM.Reveal(), Saved: now.UTC(),
	}
	if last != nil && last.KID == kk.KID && last.Added == kk.Added && last.ClientID == kk.ClientID {
		return kk, keyNothing
	}
	return kk, keySave
}

// UseKept puts a kept key back into the answers, as the key generated
// here: the key step then checks it instead of generating another.
func UseKept(a *steps.Answers, env steps.Env, k KeptKey) error {
	parse := env.ParseKey
	if parse == nil {
		parse = steps.ParseKey
	}
	key, err := parse(k.PEM)
	if err != nil {
		return fmt.Errorf("reading the kept key: %w", err)
	}
	key.Generated = true
	// SetKey, not a.Key alone: the PEM the engine tests and the .env gets
	// lives in the settings.
	a.SetKey(key)
	a.KeySource = steps.KeyGenerate
	if a.ClientID == "" {
		a.ClientID = k.ClientID
	}
	return nil
}

// keepKey saves or discards the kept key as the machine's state requires,
// in a command (file IO stays out of Update).
func (m *Model) keepKey() tea.Cmd {
	store := m.cfg.Keys
	if store == nil {
		return nil
	}
	kk, act := keptKeyOf(m.mach, m.cfg.EnvFile, m.cfg.Now(), m.kept)
	switch act {
	case keySave:
		m.kept = &kk
		return func() tea.Msg { return progressSavedMsg{store.Save(kk)} }
	case keyDiscard:
		m.kept = nil
		return func() tea.Msg { return progressSavedMsg{store.Discard()} }
	}
	return nil
}
