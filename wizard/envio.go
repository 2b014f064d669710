package wizard

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/inputfile"
	"github.com/fctr-id/tako-setup/checks/termtext"
	"github.com/fctr-id/tako-setup/steps"
	"github.com/fctr-id/tako-setup/wizard/envfile"
)

// FileEnv is the steps.Env of a real run: files on this machine, keys from
// checks/keys, and the .env at path edited through wizard/envfile.
//
// What is written is exactly what was last previewed: Preview keeps the
// edited document it describes, and WriteEnv writes that document (never
// a fresh reading of the file), so a file edited by someone else between
// the review and the write is caught (steps.ErrStaleReview) instead of
// being replaced with changes the user did not see. Without a preview
// (a script that writes straight away) WriteEnv reads the file itself.
func FileEnv(path string, stdin io.Reader, now func() time.Time, opts ...EnvOption) steps.Env {
	if now == nil {
		now = time.Now
	}
	fe := &fileEnv{path: path, now: now}
	for _, o := range opts {
		o(fe)
	}
	return steps.Env{
		ReadFile: func(name string) ([]byte, error) { return readFileOrStdin(name, stdin) },
		Preview:  fe.preview,
		WriteEnv: fe.write,
		ReadBack: ReadBack,
	}
}

// fileEnv is the state behind FileEnv's Preview and WriteEnv: the edit the
// last preview showed. Preview and WriteEnv may run on different
// goroutines.
type fileEnv struct {
	path  string
	now   func() time.Time
	force bool // envfile.WriteOptions.Force

	mu    sync.Mutex
	shown *draft // the edit the last preview described; nil before any
}

// EnvOption changes how FileEnv writes the .env.
type EnvOption func(*fileEnv)

// ForceWrite sets envfile.WriteOptions.Force (--force-env-file): write
// through a symbolic link out of the .env's folder or onto someone else's
// file, and replace a file that does not look like a .env or is read-only.
func ForceWrite(on bool) EnvOption { return func(fe *fileEnv) { fe.force = on } }

// draft is an edit of the .env as a preview showed it: the settings and
// options it was made from, and the edited document (it holds secrets in
// memory; it is never printed or saved).
type draft struct {
	settings envfile.Settings
	opts     envfile.ApplyOptions
	doc      *envfile.Doc
}

// readFileOrStdin reads name ("-" = stdin; a leading ~/ is the home dir).
func readFileOrStdin(name string, stdin io.Reader) ([]byte, error) {
	name = strings.TrimSpace(name)
	if name == "-" {
		if stdin == nil {
			return nil, errors.New("no standard input")
		}
		return inputfile.ReadStream(context.Background(), stdin, inputfile.SecretLimit)
	}
	if rest, ok := strings.CutPrefix(name, "~/"); ok {
		if home, err := os.UserHomeDir(); err == nil {
			name = filepath.Join(home, rest)
		}
	}
	b, err := inputfile.Read(name, inputfile.SecretLimit)
	if errors.Is(err, inputfile.ErrNotRegular) && stdin != nil {
		err = fmt.Errorf("%w, or - to read standard input", err)
	}
	return b, err
}

// loadDoc reads the .env at path, or an empty document when there is none.
func loadDoc(path string) (*envfile.Doc, error) {
	_, doc, err := envfile.Load(path)
	if errors.Is(err, fs.ErrNotExist) {
		return envfile.Parse(nil), nil
	}
	return doc, err
}

// applyOptions are the envfile options the answers ask for: the other
// method's secret is removed unless the review was answered "keep".
func applyOptions(a *steps.Answers) envfile.ApplyOptions {
	return envfile.ApplyOptions{RemoveOtherMethod: !a.KeepOtherCredential()}
}

// apply validates the answers and applies them to the .env at path.
func apply(path string, a *steps.Answers) (*draft, []envfile.Change, error) {
	s := a.EnvSettings()
	if err := envfile.Validate(s); err != nil {
		return nil, nil, fmt.Errorf("the settings cannot be written: %w", err)
	}
	doc, err := loadDoc(path)
	if err != nil {
		return nil, nil, err
	}
	opts := applyOptions(a)
	changes := envfile.Apply(doc, s, opts)
	return &draft{settings: s, opts: opts, doc: doc}, changes, nil
}

// preview is the masked list of changes the write would make. The edit it
// describes is kept: it is what write writes.
func (fe *fileEnv) preview(a *steps.Answers) (string, error) {
	d, changes, err := apply(fe.path, a)
	fe.mu.Lock()
	fe.shown = d // nil after a failed preview: nothing was shown to write
	fe.mu.Unlock()
	if err != nil {
		return "", err
	}
	if len(changes) == 0 {
		return "(no changes: the file already holds these values)", nil
	}
	// The scope list (every scope, wrapped on screen) comes last, so that
	// the other changes are read before it.
	changes = slices.Clone(changes)
	slices.SortStableFunc(changes, func(x, y envfile.Change) int {
		return cmpBool(x.Key == envfile.KeyScopes, y.Key == envfile.KeyScopes)
	})
	var b strings.Builder
	for _, c := range changes {
		b.WriteString(termtext.Line(c.String())) // old values come from the file as it is
		b.WriteByte('\n')
	}
	return b.String(), nil
}

// cmpBool orders false before true.
func cmpBool(x, y bool) int {
	switch {
	case x == y:
		return 0
	case x:
		return 1
	}
	return -1
}

// write writes the answers into the .env, atomically, with a backup of the
// previous file: the edit the last preview showed, when there was one. It
// refuses with steps.ErrStaleReview when that edit is no longer what the
// answers ask for, or when the file changed on disk since it was read.
func (fe *fileEnv) write(a *steps.Answers) (steps.WriteResult, error) {
	path := fe.path
	fe.mu.Lock()
	d := fe.shown
	fe.mu.Unlock()
	if d == nil {
		var err error
		if d, _, err = apply(path, a); err != nil {
			return steps.WriteResult{}, err
		}
	} else if !reflect.DeepEqual(d.settings, a.EnvSettings()) || d.opts != applyOptions(a) {
		return steps.WriteResult{}, StaleReview("nothing was written: the answers changed after the preview")
	}
	if dir := filepath.Dir(path); dir != "" {
		if _, err := os.Stat(dir); err != nil {
			return steps.WriteResult{}, fmt.Errorf("writing %s: %w", path, err)
		}
	}
	res, err := WriteReviewed(path, d.doc, envfile.WriteOptions{Now: fe.now, Force: fe.force}, "nothing was written: the file was changed on disk after the preview")
	if err != nil {
		return res, err
	}
	fe.mu.Lock()
	if fe.shown == d {
		fe.shown = nil // written: a later write reads the file again
	}
	fe.mu.Unlock()
	return res, nil
}

// WriteReviewed writes doc — the edit a review showed — to path, atomically
// and with a backup, and reports the absolute path written. When the file
// changed on disk (or was removed) since doc was read, nothing is written and
// the error is a StaleReview with changedMsg, so the front end goes back to
// the review. The wizard and rotation both write through it.
func WriteReviewed(path string, doc *envfile.Doc, opts envfile.WriteOptions, changedMsg string) (steps.WriteResult, error) {
	res, err := envfile.Write(path, doc, opts)
	if errors.Is(err, envfile.ErrChangedOnDisk) {
		return steps.WriteResult{}, StaleReview(changedMsg, envfile.ErrChangedOnDisk)
	}
	if err != nil {
		return steps.WriteResult{}, err // envfile.Write's errors name the file
	}
	abs := res.Path
	if p, err := filepath.Abs(abs); err == nil {
		abs = p
	}
	return steps.WriteResult{Path: abs, Backup: res.BackupPath, Unchanged: res.Unchanged}, nil
}

// StaleReview is a refusal to write what the review did not show: msg, with
// errors.Is finding steps.ErrStaleReview and each of also.
func StaleReview(msg string, also ...error) error {
	return staleError{msg: msg, errs: append([]error{steps.ErrStaleReview}, also...)}
}

// staleError is write's refusal to write what was not previewed: one
// message, and the sentinels errors.Is finds (steps.ErrStaleReview, and
// envfile.ErrChangedOnDisk when the file changed).
type staleError struct {
	msg  string
	errs []error
}

func (e staleError) Error() string   { return e.msg }
func (e staleError) Unwrap() []error { return e.errs }

// ReadBack re-reads a written .env into answers, as Tako will read it.
func ReadBack(path string) (*steps.Answers, error) {
	s, _, err := envfile.Load(path)
	if err != nil {
		return nil, err
	}
	return fromFile(s)
}

// fromFile are the answers a .env stands for as it is: its settings (the
// one model, with the issues Tako's rules find in it) and, for display and
// rotation, the key parsed. TOKEN_METHOD unset with a token means an API
// token, as Tako reads it.
func fromFile(s envfile.Settings) (*steps.Answers, error) {
	a := &steps.Answers{Settings: s}
	if a.Method == "" && !s.APIToken.IsZero() {
		a.Method = checks.APIToken // Tako's default
	}
	if !s.PrivateKeyPEM.IsZero() {
		k, err := steps.ParseKey(s.PrivateKeyPEM.Reveal())
		if err != nil {
			return a, fmt.Errorf("%s: %w", envfile.KeyPrivateKey, err)
		}
		// Not SetKey: the text stays as the file has it, so the engine
		// judges it as Tako will read it.
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
	a, kerr := fromFile(s)
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
