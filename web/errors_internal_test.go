package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/mlportal/portal/web/i18n"
)

// errorServer is a server with only the middleware that reaches the error
// handler (request IDs, the request log) and a few failing routes.
func errorServer(t *testing.T, logs *bytes.Buffer) *Server {
	t.Helper()
	catalog, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	e := echo.New()
	s := &Server{echo: e, catalog: catalog, log: slog.New(slog.NewJSONHandler(logs, nil))}
	e.HTTPErrorHandler = s.handleError
	e.Use(middleware.RequestID(), s.requestLogger())
	e.GET("/half-written", func(c echo.Context) error {
		if err := c.String(http.StatusOK, "first half"); err != nil {
			return err
		}
		return errors.New("rendering failed half way")
	})
	e.GET("/missing", func(echo.Context) error { return echo.ErrNotFound })
	e.GET("/broken", func(echo.Context) error { return errors.New("database unreachable") })
	return s
}

// logRecords parses the JSON log lines that carry msg.
func logRecords(t *testing.T, logs *bytes.Buffer, msg string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		if rec["msg"] == msg {
			out = append(out, rec)
		}
	}
	return out
}

// TestErrorAfterTheResponseBeganIsLogged: a handler that fails once it has
// written can no longer show an error page, but the log must still get the
// error, once, with the request ID.
func TestErrorAfterTheResponseBeganIsLogged(t *testing.T) {
	var logs bytes.Buffer
	s := errorServer(t, &logs)
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/half-written?password=hunter2secret&page=2", nil))
	if rec.Code != http.StatusOK || rec.Body.String() != "first half" {
		t.Errorf("response %d %q, want the half written, with no error page after it", rec.Code, rec.Body.String())
	}
	requestID := rec.Header().Get(echo.HeaderXRequestID)
	if requestID == "" {
		t.Fatal("no request ID")
	}
	got := logRecords(t, &logs, "error after the response began")
	if len(got) != 1 {
		t.Fatalf("%d log records of the error, want 1:\n%s", len(got), logs.String())
	}
	if r := got[0]; r["error"] != "rendering failed half way" || r["request_id"] != requestID || r["level"] != "ERROR" || r["uri"] != "/half-written?password=REDACTED&page=2" {
		t.Errorf("log record %v, want the error at level ERROR with request_id %q and the URI, its password redacted", r, requestID)
	}
	if strings.Contains(logs.String(), "hunter2secret") {
		t.Error("the password in the URL reached the log")
	}
}

// TestErrorsHandledInTimeAreNotLoggedAsLate: the request log hands an error
// to the error handler and returns it again; the second call must not be
// taken for an error after the response began.
func TestErrorsHandledInTimeAreNotLoggedAsLate(t *testing.T) {
	for path, status := range map[string]int{"/missing": http.StatusNotFound, "/broken": http.StatusInternalServerError} {
		t.Run(path, func(t *testing.T) {
			var logs bytes.Buffer
			s := errorServer(t, &logs)
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
			if rec.Code != status || !strings.Contains(rec.Body.String(), "<html") {
				t.Errorf("status %d, want %d with the error page", rec.Code, status)
			}
			if late := logRecords(t, &logs, "error after the response began"); len(late) != 0 {
				t.Errorf("a handled error logged as late: %v", late)
			}
			wantFailed := 0
			if status >= 500 {
				wantFailed = 1
			}
			if failed := logRecords(t, &logs, "request failed"); len(failed) != wantFailed {
				t.Errorf("%d \"request failed\" records, want %d:\n%s", len(failed), wantFailed, logs.String())
			}
		})
	}
}
