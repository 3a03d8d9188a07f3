package web

import "github.com/labstack/echo/v4"

// reportRoutes registers the pages of this file.
func (s *Server) reportRoutes(g *echo.Group) {}
