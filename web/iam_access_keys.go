package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/views/layout"
	"github.com/mlportal/portal/views/seller"
)

// Messages of the access keys page.
const (
	msgAccessKeyActivated   domain.Message = "accesskeys.activated"
	msgAccessKeyDeactivated domain.Message = "accesskeys.deactivated"
	msgAccessKeyDeleted     domain.Message = "accesskeys.deleted"
)

// accessKeysRoutes registers an IAM user's access keys pages, each guarded
// by its IAM action on the user.
func (s *Server) accessKeysRoutes(g *echo.Group) {
	g.GET("/iam/users/:name/access-keys", s.showAccessKeys, s.allow(domain.ActionListAccessKeys, iamUserResource))
	g.POST("/iam/users/:name/access-keys", s.createAccessKey, s.allow(domain.ActionCreateAccessKey, iamUserResource))
	g.POST("/iam/users/:name/access-keys/:key/status", s.setAccessKeyStatus,
		s.allow(domain.ActionUpdateAccessKey, iamUserResource))
	g.GET("/iam/users/:name/access-keys/:key/delete", s.showConfirmation(s.deleteAccessKeyConfirmationFor),
		s.allow(domain.ActionDeleteAccessKey, iamUserResource))
	g.POST("/iam/users/:name/access-keys/:key/delete", s.deleteAccessKey,
		s.allow(domain.ActionDeleteAccessKey, iamUserResource))
}

func accessKeysPath(userName string) string { return iamUserPath(userName, "access-keys") }

func accessKeyCrumbs(userName string, extra ...layout.Crumb) []layout.Crumb {
	crumbs := iamCrumbs(layout.Crumb{Label: userName, Href: iamUserPath(userName)})
	if len(extra) == 0 {
		return append(crumbs, layout.Crumb{LabelKey: "accesskeys.title"})
	}
	return append(append(crumbs, layout.Crumb{LabelKey: "accesskeys.title", Href: accessKeysPath(userName)}), extra...)
}

func accessKeyRow(k domain.AccessKey) seller.AccessKeyRow {
	row := seller.AccessKeyRow{ID: k.ID, Active: k.Active(), Created: formatTime(k.CreatedAt)}
	if k.LastUsedAt != nil {
		row.LastUsed, row.LastUsedService = formatTime(*k.LastUsedAt), k.LastUsedService
	}
	return row
}

// showAccessKeys lists the user's access keys.
func (s *Server) showAccessKeys(c echo.Context) error {
	return s.renderAccessKeys(c, http.StatusOK)
}

func (s *Server) renderAccessKeys(c echo.Context, status int) error {
	name := c.Param("name")
	keys, err := s.app.AccessKeys(c.Request().Context(), s.who(c), name)
	if err != nil {
		return err
	}
	user := domain.IAMUserARN(accountID(c), name)
	v := seller.AccessKeysView{
		Page:      s.page(c, "accesskeys.title", "iam", accessKeyCrumbs(name)...),
		UserName:  name,
		MayCreate: s.can(c, domain.ActionCreateAccessKey, user),
		MayUpdate: s.can(c, domain.ActionUpdateAccessKey, user),
		MayDelete: s.can(c, domain.ActionDeleteAccessKey, user),
		AtLimit:   domain.CanCreateAccessKey(keys) != nil,
	}
	for _, k := range keys {
		row := accessKeyRow(k)
		if v.MayDelete {
			row.Delete = s.confirmView(c, s.deleteAccessKeyConfirmation(c, name, k))
		}
		v.Keys = append(v.Keys, row)
	}
	return s.render(c, status, seller.AccessKeys(v))
}

// createAccessKey makes a key and shows its secret in this response, the
// only time it is shown: it is never put in the session, a flash or an
// address, and no browser or proxy may keep the page.
func (s *Server) createAccessKey(c echo.Context) error {
	if err := parseForm(c); err != nil {
		return err
	}
	k, secret, err := s.app.CreateAccessKey(c.Request().Context(), s.who(c), c.Param("name"))
	if domain.ErrorCode(err) == domain.ECONFLICT {
		showRefusalNow(c, err)
		return s.renderAccessKeys(c, http.StatusConflict)
	} else if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderCacheControl, "no-store")
	crumbs := accessKeyCrumbs(k.UserName, layout.Crumb{LabelKey: "accesskeys.created_title"})
	v := seller.NewAccessKeyView{
		Page:     s.page(c, "accesskeys.created_title", "iam", crumbs...),
		UserName: k.UserName, KeyID: k.ID, Secret: secret,
	}
	return s.render(c, http.StatusOK, seller.NewAccessKey(v))
}

// setAccessKeyStatus deactivates or activates a key.
func (s *Server) setAccessKeyStatus(c echo.Context) error {
	if err := parseForm(c); err != nil {
		return err
	}
	name, id := c.Param("name"), c.Param("key")
	status := domain.AccessKeyStatus(postValue(c, "status"))
	if err := s.app.SetAccessKeyStatus(c.Request().Context(), s.who(c), name, id, status); err != nil {
		return err
	}
	msg := msgAccessKeyActivated
	if status == domain.AccessKeyInactive {
		msg = msgAccessKeyDeactivated
	}
	return s.flashAndRedirect(c, msg, map[string]string{"ID": id}, accessKeysPath(name))
}

// deleteAccessKeyConfirmationFor asks to confirm deleting one of the user's keys.
func (s *Server) deleteAccessKeyConfirmationFor(c echo.Context) (confirmation, error) {
	name, id := c.Param("name"), c.Param("key")
	keys, err := s.app.AccessKeys(c.Request().Context(), s.who(c), name)
	if err != nil {
		return confirmation{}, err
	}
	for _, k := range keys {
		if k.ID == id {
			return s.deleteAccessKeyConfirmation(c, name, k), nil
		}
	}
	return confirmation{}, domain.Errorf(domain.ENOTFOUND, domain.MsgNotFound)
}

// deleteAccessKey deletes a key once its deletion is confirmed with its ID
// typed.
func (s *Server) deleteAccessKey(c echo.Context) error {
	if err := parseForm(c); err != nil {
		return err
	}
	name, id := c.Param("name"), c.Param("key")
	cf, err := s.deleteAccessKeyConfirmationFor(c)
	if err != nil {
		return err
	}
	if ok, err := s.confirmed(c, cf); !ok {
		return err
	}
	if err := s.app.DeleteAccessKey(c.Request().Context(), s.who(c), name, id); err != nil {
		return err
	}
	return s.flashAndRedirect(c, msgAccessKeyDeleted, map[string]string{"ID": id}, accessKeysPath(name))
}
