package web

import "github.com/labstack/echo/v4"

// sellerOfferRoutes registers the pages of this file.
func (s *Server) sellerOfferRoutes(g *echo.Group) {}
