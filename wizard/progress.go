package wizard

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/inputfile"
	"github.com/fctr-id/tako-setup/checks/privatefile"
	"github.com/fctr-id/tako-setup/checks/takoenv"
	"github.com/fctr-id/tako-setup/steps"
)

// progressVersion is bumped when the file's meaning changes; older files
// are ignored.
const progressVersion = 1

// Progress is what is saved between runs so that a wizard can resume. It
// holds no secret: no key, no token — those are asked again.
type Progress struct {
	Version  int           `json:"version"`
	EnvFile  string        `json:"env_file"`
	OrgURL   string        `json:"org_url,omitempty"`
	Method   checks.Method `json:"method,omitempty"`
	ClientID string        `json:"client_id,omitempty"`
	// Passed lists the steps that had passed when the progress was saved.
	Passed  []steps.ID `json:"passed,omitempty"`
	Current steps.ID   `json:"current,omitempty"`
	Saved   time.Time  `json:"saved"`
}

// Worth reports whether the progress holds anything to resume.
func (p Progress) Worth() bool { return p.OrgURL != "" }

// Progress snapshots the machine for the resume file.
func (m *Machine) Progress(envFile string, now time.Time) Progress {
	p := Progress{
		Version:  progressVersion,
		EnvFile:  envFile,
		OrgURL:   m.answers.OrgURL,
		Method:   m.answers.Method,
		ClientID: m.answers.ClientID,
		Current:  m.current,
		Saved:    now.UTC(),
	}
	for _, e := range m.Sidebar() {
		if e.Status.Done() {
			p.Passed = append(p.Passed, e.Step.ID)
		}
	}
	return p
}

// Resume loads saved progress into the answers and walks forward on its
// own: every answered step is re-checked live, and the walk stops at the
// first step that fails or needs an answer (at the latest, the secret).
func (m *Machine) Resume(p Progress) *Request {
	m.answers.OrgURL = p.OrgURL
	m.answers.Method = p.Method
	m.answers.ClientID = p.ClientID
	// The run being resumed was setting up: the writer will rewrite every
	// Okta key as Tako needs it (as after "Set up again").
	m.answers.Answered(takoenv.OktaKeys...)
	return m.Recheck()
}

// Recheck re-walks the graph from the start, re-checking every answered
// step live and stopping at the first that needs the user (used by resume
// and by "check the existing .env").
func (m *Machine) Recheck() *Request {
	m.cancel()
	for k := range m.status {
		delete(m.status, k)
	}
	m.auto = true
	if s, ok := m.graph.First(&m.answers); ok {
		m.current = s.ID
	}
	return m.enter()
}

// ProgressStore saves progress to one file with mode 0600.
type ProgressStore struct{ Path string }

// DefaultProgressPath is the progress file in the user's state directory:
// $XDG_STATE_HOME/tako-setup (default ~/.local/state/tako-setup) on Linux
// and BSDs, the user config directory elsewhere.
func DefaultProgressPath() (string, error) {
	var dir string
	switch runtime.GOOS {
	case "darwin", "windows", "ios", "plan9":
		base, err := os.UserConfigDir()
		if err != nil {
			return "", fmt.Errorf("finding the state directory: %w", err)
		}
		dir = base
	default:
		if x := os.Getenv("XDG_STATE_HOME"); filepath.IsAbs(x) {
			dir = x
		} else {
			home, err := os.UserHomeDir()
			if err != nil {
				return "", fmt.Errorf("finding the state directory: %w", err)
			}
			dir = filepath.Join(home, ".local", "state")
		}
	}
	return filepath.Join(dir, "tako-setup", "progress.json"), nil
}

// Load reads the saved progress; ok is false when there is none (or it is
// from another version, or unreadable).
func (s ProgressStore) Load() (Progress, bool) {
	b, err := inputfile.Read(s.Path, inputfile.StateLimit)
	if err != nil {
		return Progress{}, false
	}
	var p Progress
	if json.Unmarshal(b, &p) != nil || p.Version != progressVersion || !p.Worth() {
		return Progress{}, false
	}
	return p, true
}

// Save writes the progress atomically with mode 0600 (directory 0700).
func (s ProgressStore) Save(p Progress) error {
	if err := privatefile.WriteJSON(s.Path, p); err != nil {
		return fmt.Errorf("saving progress: %w", err)
	}
	return nil
}

// Clear removes the saved progress (after a successful write).
func (s ProgressStore) Clear() error {
	if err := privatefile.Remove(s.Path); err != nil {
		return fmt.Errorf("clearing progress: %w", err)
	}
	return nil
}
