package wizard

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/steps"
	"github.com/fctr-id/tako-setup/wizard/envfile"
)

// FileEnv is the steps.Env of a real run: files on this machine, keys from
// checks/keys, and the .env at path edited through wizard/envfile.
func FileEnv(path string, stdin io.Reader, now func() time.Time) steps.Env {
	if now == nil {
		now = time.Now
	}
	return steps.Env{
		ReadFile: func(name string) ([]byte, error) { return readFileOrStdin(name, stdin) },
		Preview:  func(a *steps.Answers) (string, error) { return preview(path, a) },
		WriteEnv: func(a *steps.Answers) (steps.WriteResult, error) { return writeEnv(path, a, now) },
		ReadBack: ReadBack,
	}
}

// readFileOrStdin reads name ("-" = stdin; a leading ~/ is the home dir).
func readFileOrStdin(name string, stdin io.Reader) ([]byte, error) {
	name = strings.TrimSpace(name)
	if name == "-" {
		if stdin == nil {
			return nil, errors.New("no standard input")
		}
		return io.ReadAll(io.LimitReader(stdin, 1<<20))
	}
	if rest, ok := strings.CutPrefix(name, "~/"); ok {
		if home, err := os.UserHomeDir(); err == nil {
			name = filepath.Join(home, rest)
		}
	}
	return os.ReadFile(name)
}

// SettingsOf are the .env settings the answers stand for: only the chosen
// method's credential, and the granted scopes.
func SettingsOf(a *steps.Answers) envfile.Settings {
	s := envfile.Settings{
		OrgURL:          a.OrgURL,
		Method:          a.Method,
		ConcurrentLimit: a.ConcurrentLimit,
	}
	switch a.Method {
	case checks.OAuth2:
		s.ClientID = a.ClientID
		if a.Key != nil {
			s.PrivateKeyPEM = a.Key.PEM
		}
		s.Scopes = a.EnvScopes()
	case checks.APIToken:
		s.APIToken = a.APIToken
	}
	return s
}

// loadDoc reads the .env at path, or an empty document when there is none.
func loadDoc(path string) (*envfile.Doc, error) {
	_, doc, err := envfile.Load(path)
	if errors.Is(err, fs.ErrNotExist) {
		return envfile.Parse(nil), nil
	}
	return doc, err
}

// apply validates the answers and applies them to the .env at path.
func apply(path string, a *steps.Answers) (*envfile.Doc, []envfile.Change, error) {
	s := SettingsOf(a)
	if err := envfile.Validate(s); err != nil {
		return nil, nil, fmt.Errorf("the settings cannot be written: %w", err)
	}
	doc, err := loadDoc(path)
	if err != nil {
		return nil, nil, err
	}
	changes := envfile.Apply(doc, s, envfile.ApplyOptions{RemoveOtherMethod: true})
	return doc, changes, nil
}

// preview is the masked list of changes the write would make.
func preview(path string, a *steps.Answers) (string, error) {
	_, changes, err := apply(path, a)
	if err != nil {
		return "", err
	}
	if len(changes) == 0 {
		return "(no changes: the file already holds these values)", nil
	}
	var b strings.Builder
	for _, c := range changes {
		b.WriteString(c.String())
		b.WriteByte('\n')
	}
	return b.String(), nil
}

// writeEnv writes the answers into the .env at path, atomically, with a
// backup of the previous file.
func writeEnv(path string, a *steps.Answers, now func() time.Time) (steps.WriteResult, error) {
	doc, _, err := apply(path, a)
	if err != nil {
		return steps.WriteResult{}, err
	}
	if dir := filepath.Dir(path); dir != "" {
		if _, err := os.Stat(dir); err != nil {
			return steps.WriteResult{}, fmt.Errorf("writing %s: %w", path, err)
		}
	}
	res, err := envfile.Write(path, doc, envfile.WriteOptions{Now: now})
	if err != nil {
		return steps.WriteResult{}, fmt.Errorf("writing %s: %w", path, err)
	}
	abs := res.Path
	if p, err := filepath.Abs(abs); err == nil {
		abs = p
	}
	return steps.WriteResult{Path: abs, Backup: res.BackupPath}, nil
}

// ReadBack re-reads a written .env into answers, as Tako will read it.
func ReadBack(path string) (*steps.Answers, error) {
	s, _, err := envfile.Load(path)
	if err != nil {
		return nil, err
	}
	return answersOf(s)
}

// answersOf turns .env settings into answers (the key parsed, in memory).
func answersOf(s envfile.Settings) (*steps.Answers, error) {
	a := &steps.Answers{
		OrgURL:          s.OrgURL,
		Method:          s.Method,
		ClientID:        s.ClientID,
		APIToken:        s.APIToken,
		Scopes:          s.Scopes,
		ConcurrentLimit: s.ConcurrentLimit,
	}
	if a.Method == "" && !s.APIToken.IsZero() {
		a.Method = checks.APIToken // Tako's default
	}
	if !s.PrivateKeyPEM.IsZero() {
		k, err := steps.ParseKey(s.PrivateKeyPEM.Reveal())
		if err != nil {
			return a, fmt.Errorf("%s: %w", envfile.KeyPrivateKey, err)
		}
		a.Key = k
		a.KeySource = steps.KeyKeep
	}
	return a, nil
}

// LoadExisting reads the .env at path for the welcome screen: answers
// pre-filled from it and a masked summary. No file: empty answers.
func LoadExisting(path string) (steps.Answers, error) {
	s, doc, err := envfile.Load(path)
	if errors.Is(err, fs.ErrNotExist) {
		return steps.Answers{}, nil
	}
	if err != nil {
		return steps.Answers{}, err
	}
	a, kerr := answersOf(s)
	if a.OrgURL != "" {
		if u, err := normalizeForAnswers(a.OrgURL); err == nil {
			a.OrgURL = u
		}
	}
	ex := &steps.Existing{
		Path:     path,
		OrgURL:   s.OrgURL,
		Method:   s.Method,
		ClientID: s.ClientID,
		HasKey:   !s.PrivateKeyPEM.IsZero(),
		HasToken: !s.APIToken.IsZero(),
		Scopes:   len(s.Scopes),
		Limit:    s.ConcurrentLimit,
	}
	for _, k := range doc.Keys() {
		if !envfile.IsOktaKey(k) {
			ex.Unrelated++
		}
	}
	if ex.OrgURL == "" && ex.Method == "" && !ex.HasKey && !ex.HasToken {
		// A .env with other settings only: nothing of ours to check yet.
		return steps.Answers{}, nil
	}
	a.Existing = ex
	_ = kerr // an unreadable key shows up as a failed key check
	return *a, nil
}

// normalizeForAnswers applies the org-URL input's own normalisation.
func normalizeForAnswers(u string) (string, error) {
	s, _ := steps.Setup().Step(steps.OrgURL)
	a := &steps.Answers{}
	if err := s.Inputs[0].Set(steps.Env{}, a, u); err != nil {
		return "", err
	}
	return a.OrgURL, nil
}
