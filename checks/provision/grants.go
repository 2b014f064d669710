package provision

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"time"
)

// Role assignment ids are base32 of the role type (docs/okta-automation.md fact 5).
const (
	readOnlyAdmin    = "READ_ONLY_ADMIN"
	superAdminRoleID = "KNKVARKSL5AUITKJJY"
)

// listRoleTypes lists the app's role assignments as type → assignment id.
func (s *setup) listRoles(ctx context.Context, phase, label string) (map[string]string, error) {
	ans, err := s.o.expect(ctx, phase, label+": GET /oauth2/v1/clients/"+s.clientID+"/roles",
		http.MethodGet, "/oauth2/v1/clients/"+s.clientID+"/roles", nil, http.StatusOK)
	if err != nil {
		return nil, err
	}
	var roles []struct{ ID, Type string }
	if err := ans.JSON("the app's admin roles", &roles); err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, r := range roles {
		out[r.Type] = r.ID
	}
	return out, nil
}

// ensureRole assigns READ_ONLY_ADMIN before any grant (so that Okta's
// "Public client app admins" has a role to respect, §6.1); 409 = held.
func (s *setup) ensureRole(ctx context.Context) error {
	if !s.created.app {
		roles, err := s.listRoles(ctx, "role", "List the app's admin roles")
		if err != nil {
			return err
		}
		if _, ok := roles[readOnlyAdmin]; ok {
			s.note("The app already has the Read-Only Administrator role.", false)
			return nil
		}
	}
	return s.assignRole(ctx, "the Read-Only Administrator role", map[string]string{"type": readOnlyAdmin}, readOnlyAdmin, "role",
		"app.oauth2.client.privilege.grant")
}

// grantedScopes lists the app's grants as scope → grant id.
func (s *setup) grantedScopes(ctx context.Context, label string) (map[string]string, error) {
	ans, err := s.o.expect(ctx, "grants", label+": GET /api/v1/apps/"+s.appID+"/grants",
		http.MethodGet, "/api/v1/apps/"+s.appID+"/grants", nil, http.StatusOK)
	if err != nil {
		return nil, err
	}
	var gs []struct{ ID, ScopeID string }
	if err := ans.JSON("the app's grants", &gs); err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, g := range gs {
		out[g.ScopeID] = g.ID
	}
	return out, nil
}

// ensureGrants grants the missing wanted scopes, Parallel at a time and
// paced by okta.call; a scope Okta refuses (4xx, still missing when the
// grants are listed again) is a warning (docs/okta-automation.md fact 9).
func (s *setup) ensureGrants(ctx context.Context) error {
	have := map[string]string{}
	if !s.created.app {
		var err error
		if have, err = s.grantedScopes(ctx, "List the app's granted scopes"); err != nil {
			return err
		}
	}
	var missing []string
	for _, sc := range s.scopes {
		if _, ok := have[sc]; !ok {
			missing = append(missing, sc)
		}
	}
	if len(missing) == 0 {
		s.note(fmt.Sprintf("All %d scopes are already granted.", len(s.scopes)), false)
		return nil
	}
	var (
		mu       sync.Mutex
		done     int
		refused  []string
		firstErr error
		start    = s.now()
	)
	parent := ctx
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan string)
	var wg sync.WaitGroup
	for range min(s.parallel, len(missing)) {
		wg.Go(func() {
			for sc := range jobs {
				ans, err := s.o.send(ctx, "grants", "Grant "+sc+": POST /api/v1/apps/"+s.appID+"/grants",
					http.MethodPost, "/api/v1/apps/"+s.appID+"/grants", map[string]string{"scopeId": sc, "issuer": s.info.URL},
					[]int{http.StatusCreated, http.StatusOK})
				mu.Lock()
				switch {
				case err != nil:
					if firstErr == nil {
						firstErr = err
					}
					cancel()
					mu.Unlock()
					continue // not granted: the progress counts answers only
				case ans.Status == http.StatusCreated || ans.Status == http.StatusOK:
					var g struct{ ID string }
					_ = ans.JSON("the grant", &g)
					s.created.grants[sc] = g.ID
					s.res.ScopesGranted = append(s.res.ScopesGranted, sc)
				case ans.Status == http.StatusBadRequest || ans.Status == http.StatusNotFound:
					refused = append(refused, sc)
				default:
					if firstErr == nil {
						firstErr = answerError("Granting "+sc, ans)
					}
					cancel()
					mu.Unlock()
					continue
				}
				done++
				elapsed := s.now().Sub(start)
				eta := time.Duration(0)
				if done < len(missing) {
					eta = elapsed / time.Duration(done) * time.Duration(len(missing)-done)
				}
				left := "about " + eta.Round(time.Second).String() + " left"
				switch {
				case done == len(missing):
					left = "done"
				case eta < time.Second:
					left = "less than a second left"
				}
				s.emit(Event{Kind: Progress, Phase: "grants", Done: done, Total: len(missing), ETA: eta,
					Label: fmt.Sprintf("Scopes granted: %d of %d (%s)", done, len(missing), left)})
				mu.Unlock()
			}
		})
	}
	for _, sc := range missing {
		select {
		case jobs <- sc:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
	}
	close(jobs)
	wg.Wait()
	if len(s.created.grants) > 0 {
		s.audit("app.oauth2.admin.consent.grant") // also when stopped half-way
	}
	if firstErr != nil {
		return firstErr
	}
	if err := parent.Err(); err != nil {
		return err
	}
	ctx = parent
	if len(refused) > 0 {
		// Re-list: a 4xx may mean "granted meanwhile" (docs/okta-automation.md §5).
		now, err := s.grantedScopes(ctx, "List the grants again after a refusal")
		if err != nil {
			return err
		}
		for _, sc := range refused {
			if _, ok := now[sc]; !ok {
				s.res.ScopesRefused = append(s.res.ScopesRefused, sc)
			}
		}
		slices.Sort(s.res.ScopesRefused)
		for _, sc := range s.res.ScopesRefused {
			s.note(fmt.Sprintf("Okta would not grant %s: Tako works without it, but that scope's tools will not (it is left out of the .env).", sc), true)
		}
	}
	s.save("grants")
	return nil
}

// stripSuperAdmin removes SUPER_ADMIN from the app and proves it gone
// (the "Public client app admins" trap, docs/okta-automation.md §6.1).
func (s *setup) stripSuperAdmin(ctx context.Context) error {
	roles, err := s.listRoles(ctx, "superadmin", "Check the app did not become a Super Administrator")
	if err != nil {
		return err
	}
	id, ok := roles[superAdmin]
	if !ok {
		return nil
	}
	if id == "" {
		id = superAdminRoleID
	}
	s.audit("app.oauth2.client.privilege.grant")
	s.note("Okta made the app a Super Administrator (the org setting \"Public client app admins\" is on): removing that role.", true)
	if _, err := s.o.expect(ctx, "superadmin", "Remove the Super Administrator role: DELETE /oauth2/v1/clients/"+s.clientID+"/roles/"+id,
		http.MethodDelete, "/oauth2/v1/clients/"+s.clientID+"/roles/"+id, nil, http.StatusNoContent, http.StatusOK); err != nil {
		return err
	}
	s.audit("app.oauth2.client.privilege.revoke")
	ans, err := s.o.send(ctx, "superadmin", "Prove the Super Administrator role is gone: GET /oauth2/v1/clients/"+s.clientID+"/roles/"+id+" answers 404",
		http.MethodGet, "/oauth2/v1/clients/"+s.clientID+"/roles/"+id, nil, []int{http.StatusNotFound})
	if err != nil {
		return err
	}
	if ans.Status != http.StatusNotFound {
		return fmt.Errorf("the app %s still has the Super Administrator role after it was removed (Okta answered %d); remove it in Security › Administrators › Apps before using Tako", s.appID, ans.Status)
	}
	s.res.SuperAdminRemoved = true
	s.save("superadmin")
	return nil
}

// setRateLimit sets the app's share of each bucket: PUT when the app has
// an entity, else POST; a refused POST is followed by a re-list and PUT
// (docs/okta-automation.md §8).
func (s *setup) setRateLimit(ctx context.Context) error {
	pct := s.res.RateLimitPercent
	filter := url.QueryEscape(`principalType eq "OAUTH_CLIENT" and principalId eq "` + s.clientID + `"`)
	list := func() (id string, cur int, err error) {
		ans, err := s.o.expect(ctx, "ratelimit", "Read the app's rate-limit share: GET /api/v1/principal-rate-limits?filter=…",
			http.MethodGet, "/api/v1/principal-rate-limits?filter="+filter, nil, http.StatusOK)
		if err != nil {
			return "", 0, err
		}
		var es []struct {
			ID  string `json:"id"`
			Pct int    `json:"defaultPercentage"`
		}
		if err := ans.JSON("the app's rate limits", &es); err != nil {
			return "", 0, err
		}
		if len(es) == 0 {
			return "", 0, nil
		}
		return es[0].ID, es[0].Pct, nil
	}
	body := map[string]any{"principalId": s.clientID, "principalType": "OAUTH_CLIENT", "defaultPercentage": pct, "defaultConcurrencyPercentage": pct}
	id, cur, err := list()
	if err != nil {
		return err
	}
	if id == "" {
		ans, err := s.o.call(ctx, "ratelimit", fmt.Sprintf("Set the app's rate-limit share to %d %%: POST /api/v1/principal-rate-limits", pct),
			http.MethodPost, "/api/v1/principal-rate-limits", body)
		if err != nil {
			return err
		}
		if ans.Status == http.StatusCreated || ans.Status == http.StatusOK {
			s.audit("application.configuration.update_rate_limits")
			s.save("ratelimit")
			return nil
		}
		if ans.Status >= 500 || ans.Status == http.StatusUnauthorized || ans.Status == http.StatusForbidden {
			return answerError("Setting the app's rate-limit share", ans)
		}
		if id, cur, err = list(); err != nil {
			return err
		}
		if id == "" {
			return answerError("Setting the app's rate-limit share", ans)
		}
	}
	if cur != pct {
		if _, err := s.o.expect(ctx, "ratelimit", fmt.Sprintf("Set the app's rate-limit share to %d %%: PUT /api/v1/principal-rate-limits/%s", pct, id),
			http.MethodPut, "/api/v1/principal-rate-limits/"+id, body, http.StatusOK); err != nil {
			return err
		}
		s.audit("application.configuration.update_rate_limits")
	}
	s.save("ratelimit")
	return nil
}
