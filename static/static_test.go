package static

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"testing"
)

func TestPathFingerprintsTheContent(t *testing.T) {
	got := Path("css/portal.css")
	if !regexp.MustCompile(`^/static/css/portal\.css\?v=[0-9a-f]{12}$`).MatchString(got) {
		t.Fatalf("Path = %q", got)
	}
	if Path("css/portal.css") != got || Path("js/portal.js") == got {
		t.Error("fingerprints are not stable or not per file")
	}
	if got := Path("no/such.file"); got != "/static/no/such.file" {
		t.Errorf("unknown file: %q", got)
	}
}

// The embedded files carry no date; served from FS they get one, so a
// browser revalidates them with If-Modified-Since instead of downloading
// them again on every page.
func TestFSAnswersNotModified(t *testing.T) {
	srv := http.FileServerFS(FS())
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/fonts/open-sans-latin-wght-normal.woff2", nil))
	if rec.Code != http.StatusOK || rec.Body.Len() < 10000 {
		t.Fatalf("font: status %d, %d bytes", rec.Code, rec.Body.Len())
	}
	modified := rec.Header().Get("Last-Modified")
	if modified == "" {
		t.Fatal("no Last-Modified header")
	}
	req := httptest.NewRequest(http.MethodGet, "/css/portal.css", nil)
	req.Header.Set("If-Modified-Since", modified)
	rec = httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	if rec.Code != http.StatusNotModified {
		t.Errorf("revalidation: status %d, want 304", rec.Code)
	}
}
