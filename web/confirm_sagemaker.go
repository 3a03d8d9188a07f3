package web

import (
	"github.com/labstack/echo/v4"

	"github.com/mlportal/portal/domain"

	"github.com/mlportal/portal/views/layout"
)

// deleteResourceConfirmation asks to confirm deleting a model package or an
// algorithm. Its name must be typed: a deleted resource cannot be brought
// back, and listings may be built on it.
func deleteResourceConfirmation(k resourceKind, name string) confirmation {
	cf := confirmation{
		action: "sagemaker.delete-" + string(k.kind), item: name, name: name, requireName: true,
		titleKey: "confirm.delete_model_package_title", leadKey: "confirm.delete_model_package_lead", submitKey: "confirm.delete",
		path: k.base + "/" + name + "/delete", cancel: k.base + "/" + name,
		nav: k.nav, crumbs: k.crumbs(layout.Crumb{Label: name, Href: k.base + "/" + name}),
	}
	if k.algorithms() {
		cf.titleKey, cf.leadKey = "confirm.delete_algorithm_title", "confirm.delete_algorithm_lead"
	}
	return cf
}

// deleteResourceConfirmationFor asks to confirm deleting the named
// resource, which must be one the principal may see.
func (s *Server) deleteResourceConfirmationFor(k resourceKind) func(echo.Context) (confirmation, error) {
	return func(c echo.Context) (confirmation, error) {
		r, err := s.app.SageMakerResource(c.Request().Context(), s.who(c), k.kind, c.Param("name"))
		if err != nil {
			return confirmation{}, err
		}
		// Only those who may delete it are asked to confirm.
		if err := domain.Authorize(s.who(c), k.delete, r.ARN()); err != nil {
			return confirmation{}, err
		}
		return deleteResourceConfirmation(k, r.Name), nil
	}
}
