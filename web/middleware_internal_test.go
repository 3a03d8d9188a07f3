package web

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/labstack/echo/v4"
)

func TestRequestIDsDifferWithinAndAcrossProcesses(t *testing.T) {
	seen := map[string]bool{}
	for _, next := range []func() string{newRequestIDs(), newRequestIDs()} {
		for range 1000 {
			id := next()
			if seen[id] {
				t.Fatalf("request ID %q given twice", id)
			}
			seen[id] = true
		}
	}
}

func TestSecurityHeadersAreNotSharedBetweenAnswers(t *testing.T) {
	e := echo.New()
	mw := securityHeaders(false)
	var first http.Header
	answer := 0
	handler := mw(func(c echo.Context) error {
		// A handler that adds to one of the frame's headers must change
		// its own answer only.
		c.Response().Header().Add("X-Frame-Options", "answer "+strconv.Itoa(answer))
		return c.NoContent(http.StatusNoContent)
	})
	for i := range 2 {
		answer = i
		rec := httptest.NewRecorder()
		if err := handler(e.NewContext(httptest.NewRequest(http.MethodGet, "/", nil), rec)); err != nil {
			t.Fatal(err)
		}
		if got := rec.Header().Values("X-Frame-Options"); len(got) != 2 || got[0] != "DENY" || got[1] != "answer "+strconv.Itoa(i) {
			t.Errorf("answer %d: X-Frame-Options = %q, want DENY then its own", i, got)
		}
		if rec.Header().Get("Strict-Transport-Security") != "" {
			t.Errorf("answer %d over plain HTTP carries HSTS", i)
		}
		if i == 0 {
			first = rec.Header()
		}
	}
	if got := first.Values("X-Frame-Options"); len(got) != 2 || got[1] != "answer 0" {
		t.Errorf("the first answer's header changed with the second: %q", got)
	}
	rec := httptest.NewRecorder()
	if err := securityHeaders(true)(func(c echo.Context) error { return nil })(e.NewContext(httptest.NewRequest(http.MethodGet, "/", nil), rec)); err != nil {
		t.Fatal(err)
	}
	if rec.Header().Get("Strict-Transport-Security") != hstsValue {
		t.Errorf("served over TLS without HSTS: %q", rec.Header())
	}
}
