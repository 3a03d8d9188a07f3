package web

import (
	"context"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
)

// health answers 200 "ok" while the database answers, 503 otherwise, for
// load balancers and the container healthcheck.
func (s *Server) health(c echo.Context) error {
	ctx, cancel := context.WithTimeout(c.Request().Context(), 2*time.Second)
	defer cancel()
	if err := s.deps.Health.Ping(ctx); err != nil {
		s.log.Warn("health check failed", "error", err)
		return c.String(http.StatusServiceUnavailable, "unavailable")
	}
	return c.String(http.StatusOK, "ok")
}
