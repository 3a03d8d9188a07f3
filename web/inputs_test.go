package web_test

import (
	"net/url"
	"testing"
)

// A domain error on a list element is shown beside that element's row.
func TestIndexedFieldErrorLandsOnItsRow(t *testing.T) {
	f := newEditorFixture(t)
	path := f.section("promotional")
	r := postSectionFiles(t, f.root, path, url.Values{"then": {"close"},
		"links.0.title": {"Docs"}, "links.0.url": {"https://docs.acme.example"},
		"links.1.title": {"Blog"}, "links.1.url": {"http://blog.acme.example"},
		"links.2.url": {"https://status.acme.example"}})
	expectOnlyFieldErrors(t, r, map[string]string{
		"links.1.url":   "Enter a full https:// address",
		"links.2.title": "Give each link a title",
	})
	if got := r.attr(`input[name="links.1.url"]`, "value"); got != "http://blog.acme.example" {
		t.Errorf("typed links.1.url not kept: %q", got)
	}
}
