package web

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
)

// switchLanguage remembers the chosen language in a cookie for a year and
// returns to the page the switcher was on.
func (s *Server) switchLanguage(c echo.Context) error {
	if err := parseForm(c); err != nil {
		return err
	}
	back := localPath(postValue(c, "return_to"))
	lang := postValue(c, "lang")
	if !supportedLanguage(lang) {
		if err := addFlash(c, "error", msgLanguageNotOffered, nil); err != nil {
			return err
		}
		return redirect(c, back)
	}
	c.SetCookie(&http.Cookie{
		Name:     langCookie,
		Value:    lang,
		Path:     "/",
		Expires:  time.Now().AddDate(1, 0, 0),
		HttpOnly: true,
		Secure:   s.cfg.SecureCookies,
		SameSite: http.SameSiteLaxMode,
	})
	if err := s.app.SetEmailLanguage(c.Request().Context(), s.who(c), lang); err != nil {
		return err
	}
	return redirect(c, back)
}
