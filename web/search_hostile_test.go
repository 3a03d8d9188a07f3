package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/mlportal/portal/domain"
)

// TestHostileSearchesAnswerCleanly: every hostile search gets the
// marketplace page, with its results or a message beside the field, or a
// clean 400 page for bytes no text holds (NUL), never a server error.
func TestHostileSearchesAnswerCleanly(t *testing.T) {
	env := newEnv(t)
	c := env.client()
	for name, query := range hostileQueries() {
		r := c.get("/marketplace?" + query)
		switch {
		case r.StatusCode == http.StatusBadRequest && name == "nul":
			if r.text("h1") == "" {
				t.Errorf("%s: the 400 page has no heading", name)
			}
		case r.StatusCode != http.StatusOK && r.StatusCode != http.StatusUnprocessableEntity:
			t.Errorf("%s: status %d, want 200 or 422", name, r.StatusCode)
		case r.text("[data-testid=search-form]") == "":
			t.Errorf("%s: no search form on the page", name)
		}
		// A search too long to run keeps its first characters in the box.
		if sent, _ := url.ParseQuery(query); utf8.RuneCountInString(sent.Get("q")) > domain.MaxSearchLength {
			box := r.attr("input[name=q]", "value")
			if utf8.RuneCountInString(box) != domain.MaxSearchLength || !strings.HasPrefix(sent.Get("q"), box) {
				t.Errorf("%s: the search box holds %q…, not the first %d characters sent", name, box[:min(len(box), 20)], domain.MaxSearchLength)
			}
		}
		// The page does not echo kilobytes of a hostile address back
		// (the language switcher returns to the path alone).
		if back, _ := r.doc.Find("input[name=return_to]").Attr("value"); len(back) > maxReturnTo {
			t.Errorf("%s: the language switcher returns to %d bytes", name, len(back))
		}
	}
}

// maxReturnTo is the longest address the pages keep to return to.
const maxReturnTo = 2048
