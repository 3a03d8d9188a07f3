package web

import (
	"github.com/labstack/echo/v4"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/views/layout"
)

// deleteIAMUserConfirmation asks to confirm deleting the user name. A user
// in use (with policies or access keys) must have its name typed; a user
// whose keys this principal may not list is taken as in use.
func (s *Server) deleteIAMUserConfirmation(c echo.Context, name string, policies int) confirmation {
	inUse := policies > 0
	if !inUse {
		keys, err := s.app.AccessKeys(c.Request().Context(), s.who(c), name)
		inUse = err != nil || len(keys) > 0
	}
	return confirmation{
		action: "iam.delete-user", item: name, name: name, requireName: inUse,
		titleKey: "confirm.delete_user_title", leadKey: "confirm.delete_user_lead", submitKey: "confirm.delete",
		path: iamUserPath(name, "delete"), cancel: iamUserPath(name),
		nav: "iam", crumbs: iamCrumbs(layout.Crumb{Label: name, Href: iamUserPath(name)}),
	}
}

// deleteIAMUserConfirmationFor loads the user and asks to confirm its deletion.
func (s *Server) deleteIAMUserConfirmationFor(c echo.Context) (confirmation, error) {
	u, policies, err := s.app.IAMUser(c.Request().Context(), s.who(c), c.Param("name"))
	if err != nil {
		return confirmation{}, err
	}
	return s.deleteIAMUserConfirmation(c, u.UserName, len(policies)), nil
}

// detachPolicyConfirmation asks to confirm detaching policy from the user.
func detachPolicyConfirmation(userName, policy string) confirmation {
	return confirmation{
		action: "iam.detach-policy", item: userName + "/" + policy, name: policy,
		titleKey: "confirm.detach_title", leadKey: "confirm.detach_lead", submitKey: "confirm.detach",
		path: iamUserPath(userName, "policies", policy, "detach"), cancel: iamUserPath(userName),
		nav: "iam", crumbs: iamCrumbs(layout.Crumb{Label: userName, Href: iamUserPath(userName)}),
	}
}

// detachPolicyConfirmationFor asks to confirm detaching an attached policy.
func (s *Server) detachPolicyConfirmationFor(c echo.Context) (confirmation, error) {
	u, policies, err := s.app.IAMUser(c.Request().Context(), s.who(c), c.Param("name"))
	if err != nil {
		return confirmation{}, err
	}
	for _, p := range policies {
		if p.Name == c.Param("policy") {
			return detachPolicyConfirmation(u.UserName, p.Name), nil
		}
	}
	return confirmation{}, domain.Errorf(domain.ENOTFOUND, domain.MsgNotFound)
}

// deleteAccessKeyConfirmation asks to confirm deleting a key; its ID must
// be typed, as in the IAM console.
func (s *Server) deleteAccessKeyConfirmation(c echo.Context, userName string, k domain.AccessKey) confirmation {
	t := s.translator(c)
	status := t.Translate("accesskeys.status_inactive", nil)
	if k.Active() {
		status = t.Translate("accesskeys.status_active", nil)
	}
	details := []string{
		t.Translate("accesskeys.status", nil) + ": " + status,
		t.Translate("accesskeys.created", nil) + ": " + formatTime(k.CreatedAt),
	}
	if k.LastUsedAt != nil {
		details = append(details, t.Translate("accesskeys.last_used", nil)+": "+formatTime(*k.LastUsedAt))
	}
	return confirmation{
		action: "iam.delete-access-key", item: userName + "/" + k.ID, name: k.ID, requireName: true,
		titleKey: "accesskeys.delete_title", leadKey: "confirm.delete_key_lead", submitKey: "confirm.delete",
		path: iamUserPath(userName, "access-keys", k.ID, "delete"), cancel: accessKeysPath(userName),
		details: details, nav: "iam",
		crumbs: iamCrumbs(layout.Crumb{Label: userName, Href: iamUserPath(userName)},
			layout.Crumb{LabelKey: "accesskeys.title", Href: accessKeysPath(userName)}),
	}
}
