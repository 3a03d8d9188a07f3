package web

import (
	"github.com/labstack/echo/v4"

	"github.com/mlportal/portal/domain"
)

const ctxPrincipal = "portal.principal"

// allow guards a route: the signed-in user must be allowed action on the
// resource that resource(c) names. Every seller route declares its action
// here, so the decision is made in one place (domain.Authorize), never ad hoc
// in a handler.
func (s *Server) allow(action string, resource func(c echo.Context) string) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			p, err := s.principal(c)
			if err != nil {
				return err
			}
			if err := domain.Authorize(p, action, resource(c)); err != nil {
				return err
			}
			return next(c)
		}
	}
}

// can reports whether the signed-in user may perform action on resource,
// for pages that show or hide a button accordingly.
func (s *Server) can(c echo.Context, action, resource string) bool {
	p, err := s.principal(c)
	return err == nil && domain.Authorize(p, action, resource) == nil
}

// principal loads the signed-in user's policies once per request.
func (s *Server) principal(c echo.Context) (domain.Principal, error) {
	if p, ok := c.Get(ctxPrincipal).(domain.Principal); ok {
		return p, nil
	}
	p := domain.Principal{User: currentUser(c)}
	if p.User != nil && p.User.Role == domain.RoleIAM {
		policies, err := s.deps.IAM.UserPolicies(c.Request().Context(), p.User.ID)
		if err != nil {
			return p, err
		}
		p.Policies = domain.PolicyDocuments(policies)
	}
	c.Set(ctxPrincipal, p)
	return p, nil
}

// who is the principal a use case acts for. Policies that cannot be read
// are logged and left out, which can only take permissions away: an IAM
// user then gets a refusal, never more than its policies allow.
func (s *Server) who(c echo.Context) domain.Principal {
	p, err := s.principal(c)
	if err != nil {
		s.log.Error("reading the user's policies", "error", err, "request_id", c.Response().Header().Get(echo.HeaderXRequestID))
		return domain.Principal{User: currentUser(c)}
	}
	return p
}

// errOnly keeps the error of a use case whose result the handler does not
// need.
func errOnly[T any](_ T, err error) error { return err }

// anyResource is the resource of actions that AWS does not scope.
func anyResource(echo.Context) string { return domain.AnyResource }

// accountID is the signed-in user's account.
func accountID(c echo.Context) string {
	if a := currentAccount(c); a != nil {
		return a.ID
	}
	return ""
}

// iamUsersResource names all the account's IAM users.
func iamUsersResource(c echo.Context) string { return domain.IAMUserARN(accountID(c), "*") }

// iamUserResource names the IAM user in the path.
func iamUserResource(c echo.Context) string { return domain.IAMUserARN(accountID(c), c.Param("name")) }
