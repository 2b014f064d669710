package provision

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/keys"
	"github.com/fctr-id/tako-setup/checks/takoenv"
)

// cleanupTimeout bounds rollback and revocation after a failure or an
// interruption (they run on a context of their own).
const cleanupTimeout = 30 * time.Second

// setup is one run of Setup.
type setup struct {
	cfg      Config
	o        *okta
	info     checks.OrgInfo
	state    State
	res      *Result
	key      *keys.Key
	label    string
	scopes   []string
	parallel int
	appID    string
	clientID string
	now      func() time.Time
	emitMu   sync.Mutex
	// asked is the label (or app id) the run was given: the progress is
	// keyed by it.
	asked string
	// keptKey: s.key is kept on disk (KeyKeeper) until the .env holds it.
	keptKey bool
	// keyInOkta: the key's public half is (or may be) on the app.
	keyInOkta bool

	// created is what this run created or changed, for rollback.
	created struct {
		app   bool
		keyID string
		// keySent: the key was sent to the app (its id may be unknown
		// when the answer was cut off).
		keySent     bool
		deactivated []keyJSON
		roles       []string
		grants      map[string]string // scope → grant id
		customRole  string            // cr0… created by this run
		resourceSet string            // iam… created by this run
	}
}

// Setup runs the automatic setup (see the package doc). It returns the
// result (also on failure: what was rolled back, what remains) and an
// error when the .env was not written: a *RefusedError (ErrRefused) when
// nothing changed, ctx.Err() when interrupted, else the failed step.
func Setup(ctx context.Context, cfg Config) (*Result, error) {
	s, err := newSetup(cfg)
	if err != nil {
		return &Result{}, err
	}
	unlock, err := lock(s.cfg.Store)
	if err != nil {
		return s.res, err
	}
	defer unlock()
	err = s.run(ctx)
	slices.Sort(s.res.ScopesGranted)
	s.res.WriteCalls, s.res.Repeated = s.o.writeCount()
	return s.res, err
}

func newSetup(cfg Config) (*setup, error) {
	if cfg.Env == nil {
		return nil, errors.New("provision: Config.Env is required")
	}
	if cfg.AdminToken.IsZero() {
		return nil, &RefusedError{Reason: "No admin API token was given.", Fix: "Give the temporary Super Administrator API token (typing is hidden), or a file holding it."}
	}
	s := &setup{cfg: cfg, res: &Result{}, label: strings.TrimSpace(cfg.AppLabel), scopes: cfg.Scopes, parallel: cfg.Parallel, now: cfg.Now}
	if s.label == "" {
		s.label = DefaultLabel
	}
	if err := CheckLabel(s.label); err != nil {
		return nil, &RefusedError{Reason: "The app label is not usable: " + err.Error() + ".", Fix: "Give a label of plain, printable characters, such as Tako."}
	}
	s.asked = s.label
	if s.scopes == nil {
		s.scopes = slices.Clone(checks.DefaultScopes)
	}
	if s.parallel <= 0 {
		s.parallel = 8
	}
	if s.now == nil {
		s.now = time.Now
	}
	s.res.RateLimitPercent = cfg.RateLimitPercent
	if s.res.RateLimitPercent <= 0 {
		s.res.RateLimitPercent = DefaultRateLimitPercent
	}
	if cfg.Store == nil {
		s.cfg.Store = MemStore{}
	}
	s.created.grants = map[string]string{}
	o, err := newOkta(cfg, s.emit)
	if err != nil {
		return nil, err
	}
	s.o = o
	return s, nil
}

// newOkta builds the flow's client from the engine's options.
func newOkta(cfg Config, emit func(Event)) (*okta, error) {
	api, err := checks.NewAPI(cfg.OrgURL, checks.Options{HTTP: cfg.HTTP, Timeout: cfg.Timeout, Now: cfg.Now})
	if err != nil {
		return nil, &RefusedError{Reason: capitalise(err.Error()) + ".", Fix: "Give your Okta org's address, such as https://acme.okta.com."}
	}
	sleep := cfg.Sleep
	if sleep == nil {
		sleep = sleepCtx
	}
	now := cfg.Now
	if now == nil {
		now = time.Now
	}
	return &okta{api: api, token: cfg.AdminToken, emit: emit, sleep: sleep, now: now, share: 50,
		pace: map[string]*window{}, writes: map[string]int{}}, nil
}

// emit hands one event to the front end, one at a time.
func (s *setup) emit(e Event) {
	if s.cfg.OnEvent == nil {
		return
	}
	s.emitMu.Lock()
	defer s.emitMu.Unlock()
	s.cfg.OnEvent(e)
}

func (s *setup) note(text string, warn bool) {
	if warn {
		s.res.Warnings = append(s.res.Warnings, text)
	}
	s.emit(Event{Kind: Note, Label: text, Warn: warn})
}

// audit records System Log event types an auditor will see, in order.
func (s *setup) audit(types ...string) {
	for _, t := range types {
		if !slices.Contains(s.res.AuditEvents, t) {
			s.res.AuditEvents = append(s.res.AuditEvents, t)
		}
	}
}

// save records a finished phase in the progress (no secrets).
func (s *setup) save(phase string) {
	if phase != "" && !slices.Contains(s.state.Done, phase) {
		s.state.Done = append(s.state.Done, phase)
	}
	if err := s.cfg.Store.Save(s.state); err != nil {
		s.note("The progress could not be saved ("+err.Error()+"); a re-run starts by looking the app up by its label.", true)
	}
}

func (s *setup) run(ctx context.Context) (err error) {
	if s.state, err = s.cfg.Store.Load(); err != nil {
		s.note(err.Error()+"; starting afresh.", true)
		s.state = State{}
	}
	if s.state.RevokePending {
		s.note("A previous automatic setup could not revoke its admin token (the network was gone): if that token is not this one, delete it in Security › API › Tokens.", true)
	}
	if s.info, err = discover(ctx, s.o); err != nil {
		return err
	}
	s.res.OrgURL = s.info.URL
	// The progress is this .env's (one Store per .env); it is used only by
	// a run for the same org and label.
	if !s.state.matches(s.info.URL, s.asked) {
		s.state = State{OrgURL: s.info.URL, Label: s.asked, RevokePending: s.state.RevokePending}
	}
	if err = s.preflight(ctx); err != nil {
		return err
	}
	if err = s.chooseKey(); err != nil {
		return err
	}
	// From here on the token is revoked whatever happens, but for a
	// refusal (several apps with the label: nothing changed).
	s.state.RevokePending = true
	s.save("preflight")
	defer func() { s.finish(ctx, &err) }()
	app, err := s.findApp(ctx)
	if err != nil {
		return err
	}

	if app == nil {
		if app, err = s.createApp(ctx); err != nil {
			return err
		}
	} else {
		s.note(fmt.Sprintf("Using the app %q (%s) that is already there.", app.Label, app.ID), false)
		s.state.AppID = app.ID
		s.save("app")
	}
	s.appID, s.clientID = app.ID, app.clientID()
	s.res.AppID, s.res.ClientID, s.res.CreatedApp = s.appID, s.clientID, s.created.app
	if err = s.verifyApp(ctx, app); err != nil {
		return err
	}
	if err = s.ensureOneKey(ctx, app); err != nil {
		return err
	}
	if err = s.ensureRole(ctx); err != nil {
		return err
	}
	if !s.cfg.NoCustomRole {
		if err = s.ensureCustomRole(ctx); err != nil {
			return err
		}
	}
	if err = s.ensureGrants(ctx); err != nil {
		return err
	}
	if err = s.stripSuperAdmin(ctx); err != nil {
		return err
	}
	if err = s.setRateLimit(ctx); err != nil {
		return err
	}
	rep, err := s.verify(ctx)
	if err != nil {
		return err
	}
	return s.writeEnv(ctx, rep)
}

// chooseKey takes the key to register: the caller's, the one kept on
// disk by an interrupted run for this .env, org and label, or a new one,
// kept on disk (mode 0600) before its public half goes to Okta.
func (s *setup) chooseKey() error {
	if s.key = s.cfg.Key; s.key != nil {
		return nil
	}
	keeper, _ := s.cfg.Store.(KeyKeeper)
	if keeper != nil && s.state.KID != "" {
		k, err := keeper.LoadKey()
		if err != nil {
			s.note(err.Error()+"; a new key is made.", true)
		}
		if err == nil && k != nil && k.KID == s.state.KID {
			s.key, s.keptKey = k, true
			s.note("Using the private key kept from the last run for this .env (kid "+k.KID+").", false)
			return nil
		}
	}
	k, err := keys.Generate(2048)
	if err != nil {
		return err
	}
	s.key = k
	s.note("Generated a 2048-bit RSA key here (kid "+k.KID+"); the private key never leaves this machine.", false)
	if keeper == nil {
		return nil
	}
	if err := keeper.KeepKey(k); err != nil {
		s.note(err.Error()+": if this run is interrupted before the .env is written, the new key is lost.", true)
		return nil
	}
	s.keptKey, s.state.KID = true, k.KID
	return nil
}

// dropKey forgets the kept key: the .env holds it, or Okta no longer does.
func (s *setup) dropKey() {
	if !s.keptKey {
		return
	}
	if keeper, ok := s.cfg.Store.(KeyKeeper); ok {
		if err := keeper.DropKey(); err != nil {
			s.note(err.Error(), true)
			return
		}
	}
	s.keptKey, s.state.KID = false, ""
}

// keyPlace says where the kept key is.
func (s *setup) keyPlace() string {
	if p, ok := s.cfg.Store.(interface{ KeyPath() string }); ok {
		return p.KeyPath()
	}
	return "tako-setup's state directory"
}

// preflight proves the token a Super Administrator's and warns when the
// org setting "Public client app admins" is on.
func (s *setup) preflight(ctx context.Context) error {
	_, trap, err := preflight(ctx, s.o)
	if err == nil && trap {
		s.note("The org setting \"Public client app admins\" is on: Okta will make the app a Super Administrator when scopes are granted; tako-setup removes that role again.", true)
	}
	return err
}

// verify runs the full live check as Tako signs (checks.Run).
func (s *setup) verify(ctx context.Context) (checks.Report, error) {
	label := "Live check as Tako signs: token request with the new key, scopes, role, rate limit"
	s.emit(Event{Kind: CallStart, Phase: "verify", Label: label})
	// Through takoenv.Input, the one converter: the key as the .env will hold it.
	in := takoenv.Input(takoenv.Settings{OrgURL: s.info.URL, Method: checks.OAuth2, ClientID: s.clientID, PrivateKeyPEM: s.key.PEM(), KeyID: s.key.KID, Scopes: s.scopes})
	rep := checks.Run(ctx, in, checks.Options{HTTP: s.cfg.HTTP, Timeout: s.cfg.Timeout, Now: s.cfg.Now})
	s.res.Report = &rep
	s.audit("app.oauth2.token.grant.access_token")
	if ctx.Err() != nil {
		s.emit(Event{Kind: CallDone, Phase: "verify", Label: label, Err: ctx.Err().Error()})
		return rep, ctx.Err()
	}
	if !rep.OK() {
		var failed []string
		for _, f := range rep.Findings {
			if f.Status == checks.Fail {
				failed = append(failed, f.ID+": "+f.Title+" — "+f.Detail)
			}
		}
		err := fmt.Errorf("the live check as Tako signs failed: %s", strings.Join(failed, "; "))
		s.emit(Event{Kind: CallDone, Phase: "verify", Label: label, Err: err.Error()})
		return rep, err
	}
	s.emit(Event{Kind: CallDone, Phase: "verify", Label: label, Status: http.StatusOK})
	s.res.Scopes = rep.Recommended.Scopes
	if len(s.res.Scopes) == 0 {
		s.res.Scopes = slices.DeleteFunc(slices.Clone(s.scopes), func(sc string) bool { return slices.Contains(s.res.ScopesRefused, sc) })
	}
	return rep, nil
}

// writeEnv has the front end write the .env.
func (s *setup) writeEnv(ctx context.Context, rep checks.Report) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	label := "Write the .env (an old file is kept as a backup)"
	s.emit(Event{Kind: CallStart, Phase: "env", Label: label})
	err := s.cfg.Env.WriteEnv(ctx, EnvValues{OrgURL: s.info.URL, ClientID: s.clientID, Key: s.key, Scopes: s.res.Scopes, ConcurrentLimit: rep.Recommended.ConcurrentLimit})
	if err != nil {
		s.emit(Event{Kind: CallDone, Phase: "env", Label: label, Err: err.Error()})
		return fmt.Errorf("writing the .env: %w", err)
	}
	s.res.EnvWritten = true
	s.emit(Event{Kind: CallDone, Phase: "env", Label: label, Status: http.StatusOK})
	return nil
}

// finish runs after the first change. On a failure it rolls back what
// this run created. On an interruption it keeps what a re-run reuses, but
// undoes the key change on an app it found (keys it deactivated are
// activated again, the key it added removed), so that a Tako already using
// that app goes on working. Then the token is revoked in every case, and
// what remains in Okta is said.
func (s *setup) finish(ctx context.Context, errp *error) {
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
	defer cancel()
	if errors.Is(*errp, ErrRefused) {
		s.state.RevokePending = false
		if !s.keyInOkta {
			s.dropKey()
		}
		s.save("")
		return
	}
	interrupted := ctx.Err() != nil
	switch {
	case *errp != nil && !interrupted:
		s.rollback(cctx)
	case *errp != nil && !s.created.app:
		s.rollbackKeys(cctx, func(what string) { s.res.RolledBack = append(s.res.RolledBack, what) })
	}
	if *errp == nil || !s.keyInOkta {
		s.dropKey()
	}
	s.res.RevokeTried = true
	s.res.TokenRevoked = revoke(cctx, s.o, s.emit)
	if s.res.TokenRevoked {
		s.audit("system.api_token.revoke")
		s.state.RevokePending = false
	} else {
		s.note("The admin token could not be revoked: delete it now in Security › API › Tokens.", true)
	}
	if *errp == nil {
		_ = s.cfg.Store.Clear()
		if !s.res.TokenRevoked {
			s.save("")
		}
		return
	}
	s.res.Remains = s.remains()
	s.save("")
}

// remains says what this and earlier runs left in Okta, and what each
// thing left means for Tako.
func (s *setup) remains() []string {
	if s.appID == "" || (s.created.app && slices.Contains(s.res.RolledBack, "the app "+s.appID)) {
		return nil
	}
	out := []string{fmt.Sprintf("the app %q (%s)", s.label, s.appID)}
	if s.keyInOkta && s.res.KeyID != "" {
		if s.keptKey {
			out = append(out, fmt.Sprintf("its key %s (%s), whose private key is kept, mode 0600, in %s until a re-run for the same .env and label writes it", s.res.KID, s.res.KeyID, s.keyPlace()))
		} else {
			out = append(out, fmt.Sprintf("its key %s (%s), whose private key was not kept: delete that key in the console (Applications › the app › General › Public keys)", s.res.KID, s.res.KeyID))
		}
	}
	for _, k := range s.created.deactivated {
		out = append(out, fmt.Sprintf("the key %s (%s) deactivated by this run: a Tako using it fails until it is active again (Applications › the app › General › Public keys › Activate) or a re-run writes the new key", k.KID, k.ID))
	}
	if n := len(s.created.grants); n > 0 {
		out = append(out, fmt.Sprintf("%d scope grants made by this run", n))
	}
	for _, r := range s.res.Roles {
		out = append(out, "the role "+r)
	}
	return out
}

// rollback undoes what this run created, newest first
// (docs/okta-automation.md §12): an app it created is deactivated and
// deleted (its key, grants and roles go with it); on an app that was
// there, its roles and grants are removed, keys it deactivated are
// activated again and the key it added is deleted.
func (s *setup) rollback(ctx context.Context) {
	did := func(what string) { s.res.RolledBack = append(s.res.RolledBack, what) }
	defer s.rollbackIAM(ctx, did)
	if s.created.app {
		if _, err := s.o.expect(ctx, "rollback", "Roll back: deactivate the app: POST /api/v1/apps/"+s.appID+"/lifecycle/deactivate",
			http.MethodPost, "/api/v1/apps/"+s.appID+"/lifecycle/deactivate", nil, http.StatusOK); err != nil {
			return
		}
		s.audit("application.lifecycle.deactivate")
		if _, err := s.o.expect(ctx, "rollback", "Roll back: delete the app: DELETE /api/v1/apps/"+s.appID,
			http.MethodDelete, "/api/v1/apps/"+s.appID, nil, http.StatusNoContent, http.StatusOK); err != nil {
			return
		}
		s.audit("application.lifecycle.delete")
		did("the app " + s.appID)
		s.state.AppID, s.keyInOkta = "", false
		return
	}
	for _, id := range s.created.roles {
		if _, err := s.o.expect(ctx, "rollback", "Roll back: remove the role "+id, http.MethodDelete, "/oauth2/v1/clients/"+s.clientID+"/roles/"+id, nil, http.StatusNoContent); err == nil {
			did("the role " + id)
			s.audit("app.oauth2.client.privilege.revoke")
		}
	}
	scopes := make([]string, 0, len(s.created.grants))
	for sc := range s.created.grants {
		scopes = append(scopes, sc)
	}
	slices.Sort(scopes)
	for _, sc := range scopes {
		if _, err := s.o.expect(ctx, "rollback", "Roll back: revoke the grant of "+sc, http.MethodDelete, "/api/v1/apps/"+s.appID+"/grants/"+s.created.grants[sc], nil, http.StatusNoContent); err == nil {
			did("the grant of " + sc)
			s.audit("app.oauth2.admin.consent.revoke")
		}
	}
	s.rollbackKeys(ctx, did)
}

// rollbackKeys undoes this run's key change on an app it found: the keys
// it deactivated are activated again and the key it added is deactivated
// and deleted, so the app's keys are as they were.
func (s *setup) rollbackKeys(ctx context.Context, did func(string)) {
	if s.appID == "" {
		return
	}
	base := "/api/v1/apps/" + s.appID + "/credentials/jwks/"
	// The old keys first: Okta refuses to deactivate an app's only
	// active key (docs/okta-automation.md §4).
	var left []keyJSON
	for _, k := range s.created.deactivated {
		if _, err := s.o.expect(ctx, "rollback", "Roll back: activate the key "+k.KID+" again", http.MethodPost, base+k.ID+"/lifecycle/activate", nil, http.StatusOK); err == nil {
			did("the deactivation of key " + k.ID)
		} else {
			left = append(left, k)
		}
	}
	s.created.deactivated = left
	if s.created.keyID == "" && s.created.keySent {
		// The add was cut off: find our key by its modulus.
		if ks, err := s.listKeys(ctx, "rollback", s.appID); err == nil {
			n := modulus(s.key)
			for _, k := range ks {
				if k.N == n {
					s.created.keyID = k.ID
				}
			}
			if s.created.keyID == "" {
				s.keyInOkta = false // it never arrived
			}
		}
	}
	if id := s.created.keyID; id != "" {
		if _, err := s.o.expect(ctx, "rollback", "Roll back: deactivate the added key "+s.key.KID, http.MethodPost, base+id+"/lifecycle/deactivate", nil, http.StatusOK); err == nil {
			if _, err := s.o.expect(ctx, "rollback", "Roll back: delete the added key "+s.key.KID, http.MethodDelete, base+id, nil, http.StatusNoContent); err == nil {
				did("the key " + id)
				s.res.KeyID, s.created.keyID, s.keyInOkta = "", "", false
			}
		}
	}
}

// rollbackIAM deletes the custom role and resource set this run created
// (after the app or its bindings are gone).
func (s *setup) rollbackIAM(ctx context.Context, did func(string)) {
	for _, x := range []struct{ kind, id string }{{"roles", s.created.customRole}, {"resource-sets", s.created.resourceSet}} {
		if x.id == "" {
			continue
		}
		if _, err := s.o.expect(ctx, "rollback", "Roll back: delete "+x.id, http.MethodDelete, "/api/v1/iam/"+x.kind+"/"+x.id, nil, http.StatusNoContent); err == nil {
			did(x.id)
		}
	}
}

// revoke revokes the admin token with DELETE /api/v1/api-tokens/current
// and proves it dead: /users/me must answer 401 E0000011
// (docs/okta-automation.md §9.3).
func revoke(ctx context.Context, o *okta, emit func(Event)) bool {
	ans, err := o.send(ctx, "revoke", "Revoke the admin token: DELETE /api/v1/api-tokens/current",
		http.MethodDelete, "/api/v1/api-tokens/current", nil, []int{http.StatusNoContent, http.StatusOK, http.StatusUnauthorized})
	if err != nil {
		return false
	}
	if ans.Status == http.StatusUnauthorized && code(ans) == "E0000011" {
		// Already dead (revoked or expired meanwhile): nothing to delete.
		emit(Event{Kind: Note, Label: "Okta answers 401 E0000011: the admin token is already invalid."})
		return true
	}
	if ans.Status == http.StatusUnauthorized {
		return false
	}
	ans, err = o.send(ctx, "revoke", "Prove the admin token is dead: GET /api/v1/users/me answers 401 E0000011",
		http.MethodGet, "/api/v1/users/me", nil, []int{http.StatusUnauthorized})
	if err != nil {
		return false
	}
	ok := ans.Status == http.StatusUnauthorized && code(ans) == "E0000011"
	if !ok {
		emit(Event{Kind: Note, Warn: true, Label: fmt.Sprintf("Okta still answered %d to the revoked token.", ans.Status)})
	}
	return ok
}

// sleepCtx waits d or until ctx ends.
var sleepCtx = checks.Sleep

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
