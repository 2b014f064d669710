package provision

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// The custom role that lets Tako read admin role assignments
// (docs/okta-automation.md §7): READ_ONLY_ADMIN cannot view admins.
const (
	customRoleLabel   = "Tako IAM reader"
	resourceSetLabel  = "Tako IAM resources"
	customPermission  = "okta.iam.read"
	customDescription = "Lets Tako read admin roles and assignments (created by tako-setup)"
)

// ensureCustomRole gets or creates the custom role (okta.iam.read) and
// the resource set of all IAM resources, and assigns the pair to the app
// (409 = assigned already).
func (s *setup) ensureCustomRole(ctx context.Context) error {
	roleID, err := s.getOrCreateIAM(ctx, "roles", customRoleLabel, map[string]any{
		"label": customRoleLabel, "description": customDescription, "permissions": []string{customPermission}})
	if err != nil {
		return err
	}
	rsID, err := s.getOrCreateIAM(ctx, "resource-sets", resourceSetLabel, map[string]any{
		"label": resourceSetLabel, "description": customDescription, "resources": []string{iamORN(s.info.URL, s.info.ID)}})
	if err != nil {
		return err
	}
	return s.assignRole(ctx, "the custom role that reads admin assignments",
		map[string]string{"type": "CUSTOM", "role": roleID, "resource-set": rsID}, "CUSTOM "+customRoleLabel, "customrole",
		"app.oauth2.client.privilege.grant", "iam.resourceset.bindings.add")
}

// assignRole assigns a role to the app (POST /oauth2/v1/clients/{id}/roles;
// 409 = assigned already, nothing recorded), records the assignment as
// created by this run (for rollback) under name, with the System Log event
// types it causes, and saves progress as phase.
func (s *setup) assignRole(ctx context.Context, what string, body map[string]string, name, phase string, events ...string) error {
	ans, err := s.o.expect(ctx, "role", "Assign "+what+": POST /oauth2/v1/clients/"+s.clientID+"/roles",
		http.MethodPost, "/oauth2/v1/clients/"+s.clientID+"/roles", body,
		http.StatusCreated, http.StatusOK, http.StatusConflict)
	if err != nil {
		return err
	}
	if ans.Status != http.StatusConflict {
		var r struct{ ID string }
		if err := ans.JSON("the role assignment", &r); err != nil {
			return err
		}
		s.created.roles = append(s.created.roles, r.ID)
		s.res.Roles = append(s.res.Roles, name)
		s.audit(events...)
	}
	s.save(phase)
	return nil
}

// getOrCreateIAM finds a custom role or resource set by label
// (GET …/{label}), or creates it (POST → 200).
func (s *setup) getOrCreateIAM(ctx context.Context, kind, label string, body map[string]any) (string, error) {
	what := map[string]string{"roles": "custom role", "resource-sets": "resource set"}[kind]
	ans, err := s.o.send(ctx, "role", fmt.Sprintf("Look for the %s %q: GET /api/v1/iam/%s/…", what, label, kind),
		http.MethodGet, "/api/v1/iam/"+kind+"/"+url.PathEscape(label), nil, []int{http.StatusOK, http.StatusNotFound})
	if err != nil {
		return "", err
	}
	var x struct{ ID string }
	if ans.Status == http.StatusOK {
		err := ans.JSON("the "+what, &x)
		return x.ID, err
	}
	if ans.Status != http.StatusNotFound {
		return "", answerError("Looking for the "+what, ans)
	}
	ans, err = s.o.expect(ctx, "role", fmt.Sprintf("Create the %s %q: POST /api/v1/iam/%s", what, label, kind),
		http.MethodPost, "/api/v1/iam/"+kind, body, http.StatusOK, http.StatusCreated)
	if err != nil {
		return "", err
	}
	if err := ans.JSON("the new "+what, &x); err != nil {
		return "", err
	}
	if kind == "roles" {
		s.created.customRole = x.ID
		s.audit("iam.role.create")
	} else {
		s.created.resourceSet = x.ID
		s.audit("iam.resourceset.create")
	}
	return x.ID, nil
}

// iamORN is the resource-set resource for "all identity and access
// management resources" of the org ([3p], docs/okta-automation.md §7):
// partition oktapreview for preview orgs, okta otherwise.
func iamORN(orgURL, orgID string) string {
	partition := "okta"
	if strings.Contains(orgURL, ".oktapreview.com") {
		partition = "oktapreview"
	}
	return "orn:" + partition + ":iam:" + orgID + ":contained_resources"
}
