package provision

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/fctr-id/tako-setup/checks/keys"
)

// appIDPattern is an Okta app id (0oa + 17 characters).
var appIDPattern = regexp.MustCompile(`^0oa[0-9A-Za-z]{17}$`)

// appJSON is the part of an app the flow reads (docs/okta-automation.md §2.2).
type appJSON struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Label       string `json:"label"`
	Status      string `json:"status"`
	Credentials struct {
		OAuthClient struct {
			ClientID   string `json:"client_id"`
			AuthMethod string `json:"token_endpoint_auth_method"`
		} `json:"oauthClient"`
	} `json:"credentials"`
	Settings struct {
		OAuthClient struct {
			ApplicationType string `json:"application_type"`
			DPoP            bool   `json:"dpop_bound_access_tokens"`
			JWKS            struct {
				Keys []keyJSON `json:"keys"`
			} `json:"jwks"`
		} `json:"oauthClient"`
	} `json:"settings"`
	Profile map[string]any `json:"profile"`
}

// keyJSON is one of an app's keys (docs/okta-automation.md §4).
type keyJSON struct {
	ID     string `json:"id"`
	KID    string `json:"kid"`
	Status string `json:"status"`
	N      string `json:"n"`
}

func (a *appJSON) clientID() string {
	if a.Credentials.OAuthClient.ClientID != "" {
		return a.Credentials.OAuthClient.ClientID
	}
	return a.ID
}

func (a *appJSON) ref() AppRef {
	r := AppRef{ID: a.ID, Label: a.Label, Status: a.Status}
	if m, ok := a.Profile["managedBy"].(string); ok {
		r.ManagedBy = m
	}
	return r
}

// publicJWK is our key as Okta stores it: kid, use sig, RS256, status.
func publicJWK(k *keys.Key, status string) map[string]any {
	var m map[string]any
	_ = json.Unmarshal(k.PublicJWK(), &m)
	m["status"] = status
	return m
}

// createBody is POST /api/v1/apps's body (docs/okta-automation.md §2.1):
// an API Services app with our key inline and DPoP off.
func createBody(label string, k *keys.Key, now time.Time) map[string]any {
	return map[string]any{
		"name": "oidc_client", "label": label, "signOnMode": "OPENID_CONNECT",
		"credentials": map[string]any{"oauthClient": map[string]any{
			"token_endpoint_auth_method": "private_key_jwt", "autoKeyRotation": true, "pkce_required": false,
		}},
		"settings": map[string]any{
			"notes": map[string]any{"admin": "Created by tako-setup on " + now.UTC().Format("2006-01-02") + ": the read-only Tako agent.", "enduser": nil},
			"oauthClient": map[string]any{
				"application_type": "service", "grant_types": []string{"client_credentials"},
				"response_types": []string{"token"}, "consent_method": "TRUSTED", "issuer_mode": "ORG_URL",
				"dpop_bound_access_tokens": false,
				"jwks":                     map[string]any{"keys": []any{publicJWK(k, "ACTIVE")}},
			},
		},
		"profile":    map[string]any{"managedBy": "tako-setup"},
		"visibility": map[string]any{"hide": map[string]bool{"iOS": true, "web": true}},
	}
}

// managedMarker is profile.managedBy of the apps tako-setup creates
// (docs/okta-automation.md §2.1, §2.4).
const managedMarker = "tako-setup"

// findApp returns the app to reuse: the one this .env's last run for the
// same org and label used (the progress), the app whose id was given in
// place of the label, or the one app with exactly the label that
// tako-setup made (profile.managedBy, docs/okta-automation.md §2.4); nil
// when there is none. Several are asked about (ChooseApp) or refused; an
// app with the label that tako-setup did not make is refused with its id
// (its keys would be replaced under whatever uses it).
func (s *setup) findApp(ctx context.Context) (*appJSON, error) {
	if s.state.AppID != "" && s.state.matches(s.info.URL, s.asked) {
		ans, err := s.o.send(ctx, "app", "Resume with the app of the last run for this .env: GET /api/v1/apps/"+s.state.AppID, http.MethodGet, "/api/v1/apps/"+s.state.AppID, nil, []int{http.StatusOK, http.StatusNotFound})
		if err != nil {
			return nil, err
		}
		if ans.Status == http.StatusOK {
			var a appJSON
			if err := ans.JSON("the app", &a); err != nil {
				return nil, err
			}
			s.label = a.Label
			return &a, nil
		}
		if ans.Status != http.StatusNotFound {
			return nil, answerError("Reading the app of the last run", ans)
		}
		s.state.AppID = ""
	}
	if appIDPattern.MatchString(s.label) {
		// An app id where the label goes: that app, named by the person
		// (also one tako-setup did not make).
		ans, err := s.o.expect(ctx, "app", "Read the app "+s.label+": GET /api/v1/apps/"+s.label, http.MethodGet, "/api/v1/apps/"+s.label, nil, http.StatusOK)
		if err != nil {
			return nil, err
		}
		var a appJSON
		if err := ans.JSON("the app", &a); err != nil {
			return nil, err
		}
		s.label = a.Label
		return &a, nil
	}
	path := "/api/v1/apps?q=" + url.QueryEscape(s.label) + "&limit=200&includeNonDeleted=true"
	ans, err := s.o.expect(ctx, "app", fmt.Sprintf("Look for an app labelled %q: GET /api/v1/apps?q=…", s.label), http.MethodGet, path, nil, http.StatusOK)
	if err != nil {
		return nil, err
	}
	var all []appJSON
	if err := ans.JSON("the app list", &all); err != nil {
		return nil, err
	}
	var match, foreign []appJSON
	for _, a := range all {
		// q is a prefix match (docs/okta-automation.md §2.4): keep exact labels only.
		if a.Label != s.label || a.Name != "oidc_client" {
			continue
		}
		if a.Settings.OAuthClient.ApplicationType == "service" && a.ref().ManagedBy == managedMarker {
			match = append(match, a)
		} else {
			foreign = append(foreign, a)
		}
	}
	switch {
	case len(match) == 0 && len(foreign) > 0:
		var ids []string
		for _, a := range foreign {
			ids = append(ids, a.ID+" ("+a.Status+")")
		}
		what, it := "The app "+ids[0]+" is", "it"
		if len(ids) > 1 {
			what, it = "The apps "+strings.Join(ids, ", ")+" are", "them"
		}
		return nil, &RefusedError{
			Reason: fmt.Sprintf("%s labelled %q, but tako-setup did not make %s (no profile.managedBy %q). tako-setup takes over only apps it made: it would deactivate the keys of such an app under whatever uses it now. Nothing was changed.", what, s.label, it, managedMarker),
			Fix:    "To set Tako up with that app anyway, give its id in place of the label (--app-label " + foreign[0].ID + "); else give another label (--app-label) so tako-setup creates an app of its own."}
	case len(match) == 0:
		return nil, nil
	case len(match) == 1:
		return &match[0], nil
	}
	var refs []AppRef
	var ids []string
	for _, a := range match {
		refs = append(refs, a.ref())
		ids = append(ids, a.ID+" ("+a.Status+")")
	}
	if s.cfg.ChooseApp == nil {
		return nil, &RefusedError{
			Reason: fmt.Sprintf("%d API Services apps made by tako-setup are labelled %q: %s. tako-setup will not guess which one Tako should use; nothing was changed.", len(match), s.label, strings.Join(ids, ", ")),
			Fix:    "Give another label, or one of these app ids in its place (--app-label), or deactivate and delete the apps you do not want (Applications › Applications), then run tako-setup again."}
	}
	pick, err := s.cfg.ChooseApp(ctx, refs)
	if err != nil {
		return nil, err
	}
	for i := range match {
		if match[i].ID == pick.ID {
			return &match[i], nil
		}
	}
	return nil, fmt.Errorf("the chosen app %s is not one of the apps labelled %q", pick.ID, s.label)
}

// createApp creates the app with our key inline (docs/okta-automation.md §2.1).
func (s *setup) createApp(ctx context.Context) (*appJSON, error) {
	ans, err := s.o.expect(ctx, "app", fmt.Sprintf("Create the API Services app %q with the key, DPoP off: POST /api/v1/apps", s.label),
		http.MethodPost, "/api/v1/apps?activate=true", createBody(s.label, s.key, s.now()), http.StatusOK, http.StatusCreated)
	if err != nil {
		return nil, err
	}
	var a appJSON
	if err := ans.JSON("the new app", &a); err != nil {
		return nil, err
	}
	s.created.app, s.keyInOkta = true, true
	s.state.AppID = a.ID
	s.save("app")
	s.audit("application.lifecycle.create", "application.lifecycle.activate")
	return &a, nil
}

// verifyApp makes the app what Tako needs: ACTIVE, service,
// private_key_jwt, DPoP off (docs/okta-automation.md §12 step 4). The
// answers it checks are Okta's stored state.
func (s *setup) verifyApp(ctx context.Context, a *appJSON) error {
	oc := a.Settings.OAuthClient
	if oc.ApplicationType != "service" || a.Credentials.OAuthClient.AuthMethod != "private_key_jwt" {
		return fmt.Errorf("the app %q (%s) is a %q app authenticating with %q; Tako needs an API Services app with public key / private key client authentication: give another label (--app-label) so tako-setup creates one",
			a.Label, a.ID, oc.ApplicationType, a.Credentials.OAuthClient.AuthMethod)
	}
	if a.Status != "ACTIVE" {
		if _, err := s.o.expect(ctx, "app", "Activate the app: POST /api/v1/apps/"+a.ID+"/lifecycle/activate",
			http.MethodPost, "/api/v1/apps/"+a.ID+"/lifecycle/activate", nil, http.StatusOK); err != nil {
			return err
		}
		s.audit("application.lifecycle.activate")
		a.Status = "ACTIVE"
	}
	if !oc.DPoP {
		s.note("DPoP is off on the app, as Tako needs (Okta says so in its answer).", false)
		return nil
	}
	// GET, change the flag, PUT the whole app (docs/okta-automation.md §2.4).
	ans, err := s.o.expect(ctx, "app", "Read the whole app to turn DPoP off: GET /api/v1/apps/"+a.ID, http.MethodGet, "/api/v1/apps/"+a.ID, nil, http.StatusOK)
	if err != nil {
		return err
	}
	var whole map[string]any
	if err := ans.JSON("the app", &whole); err != nil {
		return err
	}
	settings, _ := whole["settings"].(map[string]any)
	client, _ := settings["oauthClient"].(map[string]any)
	if client == nil {
		return fmt.Errorf("the app %s has no settings.oauthClient in Okta's answer", a.ID)
	}
	client["dpop_bound_access_tokens"] = false
	ans, err = s.o.expect(ctx, "app", "Turn DPoP off: PUT /api/v1/apps/"+a.ID, http.MethodPut, "/api/v1/apps/"+a.ID, whole, http.StatusOK)
	if err != nil {
		return err
	}
	var after appJSON
	if err := ans.JSON("the updated app", &after); err != nil {
		return err
	}
	if after.Settings.OAuthClient.DPoP {
		return fmt.Errorf("okta still requires DPoP on the app %s after the update", a.ID)
	}
	s.audit("application.lifecycle.update")
	s.note("DPoP turned off and verified in Okta's answer.", false)
	return nil
}

// listKeys reads the app's keys (an array, or the emulator's and older
// orgs' {"jwks":{"keys":[…]}}).
func (s *setup) listKeys(ctx context.Context, phase, appID string) ([]keyJSON, error) {
	ans, err := s.o.expect(ctx, phase, "List the app's keys: GET /api/v1/apps/"+appID+"/credentials/jwks",
		http.MethodGet, "/api/v1/apps/"+appID+"/credentials/jwks", nil, http.StatusOK)
	if err != nil {
		return nil, err
	}
	var list []keyJSON
	if json.Unmarshal(ans.Body, &list) == nil {
		return list, nil
	}
	var wrapped struct {
		JWKS struct {
			Keys []keyJSON `json:"keys"`
		} `json:"jwks"`
	}
	if err := ans.JSON("the app's keys", &wrapped); err != nil {
		return nil, err
	}
	return wrapped.JWKS.Keys, nil
}

// modulus is our key's n as a JWK carries it.
func modulus(k *keys.Key) string {
	var m map[string]any
	_ = json.Unmarshal(k.PublicJWK(), &m)
	n, _ := m["n"].(string)
	return n
}

// ensureOneKey leaves exactly one active key on the app: ours (added if
// missing), every other active key deactivated.
func (s *setup) ensureOneKey(ctx context.Context, a *appJSON) error {
	ks := a.Settings.OAuthClient.JWKS.Keys
	if !s.created.app {
		var err error
		if ks, err = s.listKeys(ctx, "key", a.ID); err != nil {
			return err
		}
	}
	n := modulus(s.key)
	ours := ""
	for _, k := range ks {
		if k.N == n && k.Status == "ACTIVE" {
			ours = k.ID
			s.keyInOkta = true
		}
	}
	if ours == "" {
		s.keyInOkta, s.created.keySent = true, true // from the moment it is sent, whatever the answer
		ans, err := s.o.expect(ctx, "key", "Add the key generated here (kid "+s.key.KID+"): POST /api/v1/apps/"+a.ID+"/credentials/jwks",
			http.MethodPost, "/api/v1/apps/"+a.ID+"/credentials/jwks", publicJWK(s.key, "ACTIVE"), http.StatusCreated, http.StatusOK)
		if err != nil {
			return err
		}
		var k keyJSON
		if err := ans.JSON("the new key", &k); err != nil {
			return err
		}
		ours = k.ID
		s.created.keyID = k.ID
		s.audit("app.oauth2.credentials.lifecycle.create")
	}
	s.res.KeyID, s.res.KID = ours, s.key.KID
	for _, k := range ks {
		if k.Status != "ACTIVE" || k.ID == ours {
			continue
		}
		// Recorded before it is sent: an interruption may end the call
		// after Okta did it. Activating a key that is still active again is
		// [unconfirmed] in Okta (the emulator answers 200); if it fails, the
		// key is named in Result.Remains.
		s.created.deactivated = append(s.created.deactivated, k)
		if _, err := s.o.expect(ctx, "key", "Deactivate the other active key "+k.KID+" (Tako sends no kid): POST …/jwks/"+k.ID+"/lifecycle/deactivate",
			http.MethodPost, "/api/v1/apps/"+a.ID+"/credentials/jwks/"+k.ID+"/lifecycle/deactivate", nil, http.StatusOK); err != nil {
			if ctx.Err() == nil {
				s.created.deactivated = s.created.deactivated[:len(s.created.deactivated)-1]
			}
			return err
		}
		s.audit("app.oauth2.credentials.lifecycle.deactivate")
	}
	s.save("key")
	return nil
}
