package web

import "github.com/labstack/echo/v4"

// buyerOfferRoutes registers the pages of this file.
func (s *Server) buyerOfferRoutes(g *echo.Group) {}
