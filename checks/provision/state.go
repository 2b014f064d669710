package provision

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/fctr-id/tako-setup/checks/inputfile"
)

// State is the progress of an automatic setup, saved after every phase so
// that a re-run (or a dropped SSH link) resumes. It holds no secret.
type State struct {
	OrgURL string `json:"org_url"`
	AppID  string `json:"app_id,omitempty"`
	// Done lists finished phases (informational: a re-run re-reads Okta).
	Done []string `json:"done,omitempty"`
	// RevokePending: a run ended without proving the admin token revoked.
	RevokePending bool `json:"revoke_pending,omitempty"`
}

// Store keeps State between runs.
type Store interface {
	Load() (State, error)
	Save(State) error
	Clear() error
}

// FileStore keeps State as JSON in one file (mode 0600).
type FileStore string

// Load reads the file; a missing file is an empty State.
func (p FileStore) Load() (State, error) {
	var s State
	raw, err := inputfile.Read(string(p), inputfile.StateLimit)
	if errors.Is(err, fs.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return s, fmt.Errorf("reading the automatic-setup progress: %w", err)
	}
	if err := json.Unmarshal(raw, &s); err != nil {
		return State{}, fmt.Errorf("reading the automatic-setup progress %s: %w", p, err)
	}
	return s, nil
}

// Save writes the file atomically.
func (p FileStore) Save(s State) error {
	raw, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return fmt.Errorf("encoding the automatic-setup progress: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(string(p)), 0o700); err != nil {
		return fmt.Errorf("saving the automatic-setup progress: %w", err)
	}
	tmp := string(p) + ".tmp"
	if err := os.WriteFile(tmp, raw, 0o600); err != nil {
		return fmt.Errorf("saving the automatic-setup progress: %w", err)
	}
	if err := os.Rename(tmp, string(p)); err != nil {
		return fmt.Errorf("saving the automatic-setup progress: %w", err)
	}
	return nil
}

// Clear removes the file.
func (p FileStore) Clear() error {
	if err := os.Remove(string(p)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("removing the automatic-setup progress: %w", err)
	}
	return nil
}

// MemStore keeps State in memory (tests, the demo).
type MemStore struct{ S *State }

// Load returns the state.
func (m MemStore) Load() (State, error) {
	if m.S == nil {
		return State{}, nil
	}
	return *m.S, nil
}

// Save keeps s.
func (m MemStore) Save(s State) error {
	if m.S != nil {
		*m.S = s
	}
	return nil
}

// Clear empties the state.
func (m MemStore) Clear() error {
	if m.S != nil {
		*m.S = State{}
	}
	return nil
}
