package web_test

import (
	"net/http"
	"testing"
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
		// The page does not echo kilobytes of a hostile address back
		// (the language switcher returns to the path alone).
		if back, _ := r.doc.Find("input[name=return_to]").Attr("value"); len(back) > maxReturnTo {
			t.Errorf("%s: the language switcher returns to %d bytes", name, len(back))
		}
	}
}

// maxReturnTo is the longest address the pages keep to return to.
const maxReturnTo = 2048
