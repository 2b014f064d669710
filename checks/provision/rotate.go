package provision

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/keys"
	"github.com/fctr-id/tako-setup/checks/secret"
	"github.com/fctr-id/tako-setup/checks/takoenv"
)

// ErrNoTokenAPI is why an API-token setup cannot be rotated
// automatically: Okta has no API to create API tokens
// (docs/okta-automation.md §9.1); the guided rotation does it instead.
var ErrNoTokenAPI = errors.New("okta has no API to create API tokens: an API token is rotated with the guided rotation (create the new token in the Admin Console, then tako-setup checks it and revokes the old one)")

// RotateConfig is one automatic key rotation.
type RotateConfig struct {
	OrgURL   string
	ClientID string
	// OldKey is the key the .env holds now.
	OldKey     *keys.Key
	AdminToken secret.Secret
	// NewKey is the key to add; nil generates one.
	NewKey *keys.Key

	HTTP    *http.Client
	Timeout time.Duration
	Now     func() time.Time
	Sleep   func(ctx context.Context, d time.Duration) error
	Env     Env
	OnEvent func(Event)
	// Lock, when set, excludes other automatic runs (see Locker).
	Lock Locker
}

// RotateResult is what a rotation did.
type RotateResult struct {
	OrgURL   string `json:"org_url"`
	AppID    string `json:"app_id"`
	ClientID string `json:"client_id"`
	// KeyID/KID are the new key's Okta id and kid.
	KeyID string `json:"key_id"`
	KID   string `json:"kid"`
	// Deleted are the Okta ids of the old key entries deactivated and deleted.
	Deleted []string `json:"old_keys_deleted"`
	// OldKeyRefused: an assertion signed with the old key was refused.
	OldKeyRefused bool           `json:"old_key_refused"`
	Report        *checks.Report `json:"-"`
	EnvWritten    bool           `json:"-"`
	TokenRevoked  bool           `json:"-"`
	RevokeTried   bool           `json:"-"`
	AuditEvents   []string       `json:"-"`
	Remains       []string       `json:"-"`
	Warnings      []string       `json:"-"`
}

// TokenLine says, in one true sentence, what became of the admin token.
func (r *RotateResult) TokenLine() string { return tokenLine(r.TokenRevoked, r.RevokeTried) }

// Rotate replaces the app's key through the API: preflight, the new key
// added ACTIVE, the .env written, the old key deactivated and deleted, the
// old key proven refused and the new one proven to work as Tako signs
// (checks.RunRotation), then the admin token revoked and proven dead.
// A failure before the .env is written deletes the new key again.
func Rotate(ctx context.Context, cfg RotateConfig) (*RotateResult, error) {
	out := &RotateResult{}
	if cfg.OldKey == nil || cfg.ClientID == "" {
		return out, &RefusedError{Reason: "The .env holds no OAuth 2.0 client ID and private key to rotate.", Fix: "Run tako-setup to set Tako up first."}
	}
	s, err := newSetup(Config{OrgURL: cfg.OrgURL, AdminToken: cfg.AdminToken, HTTP: cfg.HTTP, Timeout: cfg.Timeout,
		Now: cfg.Now, Sleep: cfg.Sleep, Env: cfg.Env, OnEvent: cfg.OnEvent, Key: cfg.NewKey})
	if err != nil {
		return out, err
	}
	if cfg.Lock != nil {
		unlock, err := lock(lockStore{cfg.Lock})
		if err != nil {
			return out, err
		}
		defer unlock()
	}
	err = s.rotate(ctx, cfg, out)
	out.AuditEvents, out.Warnings = s.res.AuditEvents, s.res.Warnings
	return out, err
}

func (s *setup) rotate(ctx context.Context, cfg RotateConfig, out *RotateResult) (err error) {
	if s.info, err = discover(ctx, s.o); err != nil {
		return err
	}
	out.OrgURL = s.info.URL
	if _, _, err = preflight(ctx, s.o); err != nil {
		return err
	}
	ans, err := s.o.call(ctx, "app", "Read the app of the .env: GET /api/v1/apps/"+cfg.ClientID, http.MethodGet, "/api/v1/apps/"+cfg.ClientID, nil)
	if err != nil {
		return err
	}
	if ans.Status == http.StatusNotFound {
		return &RefusedError{Reason: fmt.Sprintf("Okta has no app with the .env's client ID %s (404).", cfg.ClientID), Fix: "Check OKTA_OAUTH2_CLIENT_ID, or run tako-setup to set Tako up again."}
	}
	if ans.Status != http.StatusOK {
		return answerError("Reading the app", ans)
	}
	var app appJSON
	if err := ans.JSON("the app", &app); err != nil {
		return err
	}
	s.appID, s.clientID = app.ID, app.clientID()
	out.AppID, out.ClientID = s.appID, s.clientID
	ks, err := s.listKeys(ctx, "key", s.appID)
	if err != nil {
		return err
	}
	oldN := modulus(cfg.OldKey)
	if s.key = s.cfg.Key; s.key == nil {
		if s.key, err = keys.Generate(2048); err != nil {
			return err
		}
		s.note("Generated a new 2048-bit RSA key here (kid "+s.key.KID+").", false)
	}
	if s.key.Equal(cfg.OldKey) {
		return &RefusedError{Reason: "The new key is the old key.", Fix: "Generate a new key."}
	}
	written := false
	// retire lists the old keys this run must deactivate and delete once
	// the .env holds the new key; they are removed from it as they go.
	var retire []keyJSON
	defer func() {
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
		defer cancel()
		if err != nil && !written && s.created.keyID != "" {
			// Also on an interruption: two active keys break a Tako that
			// sends no kid, and the .env still holds the old one.
			base := "/api/v1/apps/" + s.appID + "/credentials/jwks/" + s.created.keyID
			if _, e := s.o.expect(cctx, "rollback", "Roll back: deactivate the new key", http.MethodPost, base+"/lifecycle/deactivate", nil, http.StatusOK); e == nil {
				if _, e := s.o.expect(cctx, "rollback", "Roll back: delete the new key", http.MethodDelete, base, nil, http.StatusNoContent); e == nil {
					s.created.keyID = ""
				}
			}
		}
		out.RevokeTried = true
		out.TokenRevoked = revoke(cctx, s.o, s.emit)
		if out.TokenRevoked {
			s.audit("system.api_token.revoke")
		} else {
			s.note("The admin token could not be revoked: delete it now in Security › API › Tokens.", true)
		}
		switch {
		case err != nil && !written && s.created.keyID != "":
			out.Remains = append(out.Remains, fmt.Sprintf("the new key %s (%s) on the app %s, ACTIVE beside the .env's key: a Tako that sends no kid fails until it is deleted (Applications › the app › General › Public keys)", s.key.KID, s.created.keyID, s.appID))
		case written:
			for _, k := range retire {
				what := "still ACTIVE: Tako, which now has the new key, fails until it is deactivated"
				if k.Status != "ACTIVE" {
					what = "deactivated but not deleted"
				}
				out.Remains = append(out.Remains, fmt.Sprintf("the old key %s (%s) on the app %s, %s — run the same tako-setup rotate again to finish (it deactivates and deletes every other key), or do it in the console (Applications › the app › General › Public keys)", k.KID, k.ID, s.appID, what))
			}
		}
	}()
	ans, err = s.o.expect(ctx, "key", "Add the new key (kid "+s.key.KID+"): POST /api/v1/apps/"+s.appID+"/credentials/jwks",
		http.MethodPost, "/api/v1/apps/"+s.appID+"/credentials/jwks", publicJWK(s.key, "ACTIVE"), http.StatusCreated, http.StatusOK)
	if err != nil {
		return err
	}
	var nk keyJSON
	if err = ans.JSON("the new key", &nk); err != nil {
		return err
	}
	s.created.keyID, out.KeyID, out.KID = nk.ID, nk.ID, s.key.KID
	s.audit("app.oauth2.credentials.lifecycle.create")
	if err = ctx.Err(); err != nil {
		return err // interrupted: the new key is rolled back, the .env untouched
	}
	label := "Write the new key to the .env (the old file is kept as a backup)"
	s.emit(Event{Kind: CallStart, Phase: "env", Label: label})
	if err = cfg.Env.WriteEnv(ctx, EnvValues{OrgURL: s.info.URL, ClientID: s.clientID, Key: s.key}); err != nil {
		s.emit(Event{Kind: CallDone, Phase: "env", Label: label, Err: err.Error()})
		return fmt.Errorf("writing the .env: %w", err)
	}
	written, out.EnvWritten = true, true
	s.created.keyID = "" // kept: it is the key in the .env now
	s.emit(Event{Kind: CallDone, Phase: "env", Label: label, Status: http.StatusOK})
	// The old keys go: every other active key (Tako sends no kid, so one
	// active key only) and every entry of the .env's old key. An earlier
	// rotation that was cut off after its write left its old key active:
	// this one removes it too.
	for _, k := range ks {
		if k.ID != nk.ID && (k.Status == "ACTIVE" || k.N == oldN) {
			retire = append(retire, k)
		}
	}
	// The .env holds the new key now: the old keys are removed whatever
	// happens (an interruption too), or Tako would fail with two active
	// keys; the proof below is what an interruption skips.
	fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
	defer cancel()
	if err = s.retireKeys(fctx, &retire, out); err != nil {
		return err
	}
	if err = ctx.Err(); err != nil {
		return err
	}
	check := "Prove it as Tako signs: the new key works without a kid, the old key is refused"
	s.emit(Event{Kind: CallStart, Phase: "verify", Label: check})
	in := takoenv.Input(takoenv.Settings{OrgURL: s.info.URL, Method: checks.OAuth2, ClientID: s.clientID, PrivateKeyPEM: s.key.PEM(), KeyID: s.key.KID})
	in.Retired = &checks.Retired{PrivateKey: cfg.OldKey.RSA}
	rep := checks.RunRotation(ctx, in, checks.Options{HTTP: s.cfg.HTTP, Timeout: s.cfg.Timeout, Now: s.cfg.Now,
		Only: []string{checks.IDRotateOneKey, checks.IDRotateOldKey}})
	out.Report = &rep
	s.audit("app.oauth2.token.grant.access_token")
	if f, ok := rep.Find(checks.IDRotateOldKey); ok && f.Status == checks.Pass {
		out.OldKeyRefused = true
	}
	if !rep.OK() || !out.OldKeyRefused {
		err = fmt.Errorf("the rotated key was not proven: %s", failures(rep))
		s.emit(Event{Kind: CallDone, Phase: "verify", Label: check, Err: err.Error()})
		return err
	}
	s.emit(Event{Kind: CallDone, Phase: "verify", Label: check, Status: http.StatusOK})
	return nil
}

// retireKeys deactivates and deletes the old keys, taking each off
// *retire once it is gone.
func (s *setup) retireKeys(ctx context.Context, retire *[]keyJSON, out *RotateResult) error {
	base := "/api/v1/apps/" + s.appID + "/credentials/jwks/"
	for len(*retire) > 0 {
		k := &(*retire)[0]
		if k.Status == "ACTIVE" {
			if _, err := s.o.expect(ctx, "key", "Deactivate the old key "+k.KID+": POST …/jwks/"+k.ID+"/lifecycle/deactivate",
				http.MethodPost, base+k.ID+"/lifecycle/deactivate", nil, http.StatusOK); err != nil {
				return err
			}
			k.Status = "INACTIVE"
			s.audit("app.oauth2.credentials.lifecycle.deactivate")
		}
		if _, err := s.o.expect(ctx, "key", "Delete the old key "+k.KID+": DELETE …/jwks/"+k.ID,
			http.MethodDelete, base+k.ID, nil, http.StatusNoContent); err != nil {
			return err
		}
		out.Deleted = append(out.Deleted, k.ID)
		s.audit("app.oauth2.credentials.lifecycle.delete")
		*retire = (*retire)[1:]
	}
	return nil
}

// lockStore lets lock take a bare Locker.
type lockStore struct{ Locker }

func (lockStore) Load() (State, error) { return State{}, nil }
func (lockStore) Save(State) error     { return nil }
func (lockStore) Clear() error         { return nil }

// failures lists a report's failed findings.
func failures(rep checks.Report) string {
	s := ""
	for _, f := range rep.Findings {
		if f.Status == checks.Fail || f.Status == checks.Skip {
			if s != "" {
				s += "; "
			}
			s += f.ID + ": " + f.Title + " — " + f.Detail
		}
	}
	return s
}
