package web

import (
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/views/components"
	"github.com/mlportal/portal/views/layout"
	"github.com/mlportal/portal/views/seller"
)

func iamCrumbs(extra ...layout.Crumb) []layout.Crumb {
	return append([]layout.Crumb{{LabelKey: "nav.iam", Href: "/iam/users"}}, extra...)
}

// listIAMUsers shows the account's IAM users and the permissions tasks need.
func (s *Server) listIAMUsers(c echo.Context) error {
	ctx := c.Request().Context()
	users, counts, err := s.app.IAMUsers(ctx, s.who(c))
	if err != nil {
		return err
	}
	v := seller.IAMUsersView{Page: s.page(c, "iam.users_title", "iam", iamCrumbs()[0]), Tasks: taskRows()}
	v.Page.Breadcrumbs[0].Href = ""
	for _, u := range users {
		v.Users = append(v.Users, seller.IAMUserRow{UserName: u.UserName, ARN: u.ARN(), Created: formatTime(u.CreatedAt), PolicyCount: counts[u.ID]})
	}
	return s.render(c, http.StatusOK, seller.IAMUsers(v))
}

func taskRows() []seller.TaskRow {
	var rows []seller.TaskRow
	for _, t := range domain.Tasks() {
		rows = append(rows, seller.TaskRow{NameKey: string(t.NameKey), Actions: t.Actions})
	}
	return rows
}

// showNewIAMUser renders the create-user form.
func (s *Server) showNewIAMUser(c echo.Context) error {
	return s.renderNewIAMUser(c, http.StatusOK, components.Form{})
}

func (s *Server) renderNewIAMUser(c echo.Context, status int, form components.Form) error {
	v := seller.NewIAMUserView{Page: s.page(c, "iam.create_user", "iam", iamCrumbs(layout.Crumb{LabelKey: "iam.create_user"})...), Form: form}
	return s.render(c, status, seller.NewIAMUser(v))
}

// createIAMUser adds the user and opens its page to attach policies.
func (s *Server) createIAMUser(c echo.Context) error {
	err := parseForm(c)
	if err != nil && !isRefusedFields(err) {
		return err
	}
	in := domain.NewIAMUserInput{UserName: trimmed(c, "user_name"), Password: postValue(c, "password")}
	var u *domain.User
	if err == nil {
		u, err = s.app.CreateIAMUser(c.Request().Context(), s.who(c), in)
	}
	if domain.ErrorCode(err) == domain.EINVALID {
		return s.renderNewIAMUser(c, statusOf(domain.EINVALID), formFromError(map[string]string{"user_name": in.UserName}, err, iamUserInputs()))
	} else if err != nil {
		return err
	}
	if err := addFlash(c, "success", msgIAMUserCreated, map[string]string{"Name": u.UserName}); err != nil {
		return err
	}
	return redirect(c, iamUserPath(u.UserName))
}

func iamUserPath(name string, rest ...string) string {
	p := "/iam/users/" + url.PathEscape(name)
	for _, r := range rest {
		p += "/" + r
	}
	return p
}

// showIAMUser renders one user with its policies.
func (s *Server) showIAMUser(c echo.Context) error {
	return s.renderIAMUser(c, http.StatusOK, components.Form{}, components.Form{}, nil)
}

func (s *Server) renderIAMUser(c echo.Context, status int, managed, custom components.Form, docData map[string]any) error {
	u, policies, err := s.app.IAMUser(c.Request().Context(), s.who(c), c.Param("name"))
	if err != nil {
		return err
	}
	v := seller.IAMUserView{
		Page:        s.page(c, "iam.user_title", "iam", iamCrumbs(layout.Crumb{Label: u.UserName})...),
		UserName:    u.UserName,
		ARN:         u.ARN(),
		Created:     formatTime(u.CreatedAt),
		ManagedForm: managed, CustomForm: custom, DocumentErrorData: docData,
		Delete: s.confirmView(c, s.deleteIAMUserConfirmation(c, u.UserName, len(policies))),
	}
	attached := map[string]bool{}
	for _, p := range policies {
		row := seller.PolicyRow{Name: p.Name, Managed: p.Managed, Document: p.Document,
			Detach: s.confirmView(c, detachPolicyConfirmation(u.UserName, p.Name))}
		if m, ok := domain.ManagedPolicyByName(p.Name); ok && p.Managed {
			row.DescriptionKey = string(m.DescriptionKey)
			attached[p.Name] = true
		}
		v.Policies = append(v.Policies, row)
	}
	for _, m := range domain.ManagedPolicies() {
		if !attached[m.Name] {
			v.Managed = append(v.Managed, components.Option{Value: m.Name, Label: m.Name})
		}
	}
	return s.render(c, status, seller.IAMUser(v))
}

// attachManagedPolicy attaches a ready-made policy to the user.
func (s *Server) attachManagedPolicy(c echo.Context) error {
	err := parseForm(c)
	if err != nil && !isRefusedFields(err) {
		return err
	}
	name := postValue(c, "managed_policy")
	var u *domain.User
	if err == nil {
		u, err = s.app.AttachManagedPolicy(c.Request().Context(), s.who(c), c.Param("name"), name)
	}
	if domain.ErrorCode(err) == domain.EINVALID {
		form := formFromError(map[string]string{"managed_policy": name}, err, managedPolicyInputs())
		return s.renderIAMUser(c, statusOf(domain.EINVALID), form, components.Form{}, nil)
	} else if err != nil {
		return err
	}
	return s.flashAndRedirect(c, msgPolicyAttached, map[string]string{"Name": name}, iamUserPath(u.UserName))
}

// putCustomPolicy attaches a JSON policy written by the seller.
func (s *Server) putCustomPolicy(c echo.Context) error {
	err := parseForm(c)
	if err != nil && !isRefusedFields(err) {
		return err
	}
	name, doc := trimmed(c, "policy_name"), postValue(c, "document")
	var u *domain.User
	if err == nil {
		u, err = s.app.PutUserPolicy(c.Request().Context(), s.who(c), c.Param("name"), name, doc)
	}
	if domain.ErrorCode(err) == domain.EINVALID {
		form := formFromError(map[string]string{"policy_name": name, "document": doc}, err, customPolicyInputs())
		return s.renderIAMUser(c, statusOf(domain.EINVALID), components.Form{}, form, domain.AsError(err).Data)
	} else if err != nil {
		return err
	}
	return s.flashAndRedirect(c, msgPolicyAttached, map[string]string{"Name": name}, iamUserPath(u.UserName))
}

// detachPolicy removes a policy from the user, once confirmed.
func (s *Server) detachPolicy(c echo.Context) error {
	if err := parseForm(c); err != nil {
		return err
	}
	cf, err := s.detachPolicyConfirmationFor(c)
	if err != nil {
		return err
	}
	if ok, err := s.confirmed(c, cf); !ok {
		return err
	}
	name := c.Param("policy")
	u, err := s.app.DetachUserPolicy(c.Request().Context(), s.who(c), c.Param("name"), name)
	if err != nil {
		return err
	}
	return s.flashAndRedirect(c, msgPolicyDetached, map[string]string{"Name": name}, iamUserPath(u.UserName))
}

// deleteIAMUser removes the user, once confirmed; its sessions end with it.
func (s *Server) deleteIAMUser(c echo.Context) error {
	if err := parseForm(c); err != nil {
		return err
	}
	cf, err := s.deleteIAMUserConfirmationFor(c)
	if err != nil {
		return err
	}
	if ok, err := s.confirmed(c, cf); !ok {
		return err
	}
	u, err := s.app.DeleteIAMUser(c.Request().Context(), s.who(c), c.Param("name"))
	if err != nil {
		return err
	}
	return s.flashAndRedirect(c, msgIAMUserDeleted, map[string]string{"Name": u.UserName}, "/iam/users")
}
