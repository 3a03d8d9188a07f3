package web_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// TestLaunchOptionPicksACertifiedResource: the launch option lists the
// account's certified resources not listed yet, with name, type, ARN and
// Region; picking one adds it as a version, and typing an ARN still works.
func TestLaunchOptionPicksACertifiedResource(t *testing.T) {
	f := newEditorFixture(t)
	path := f.section("launch-option")
	sentiment := f.createModelPackage("sentiment", validModelPackage("sentiment"))
	gbt := f.createAlgorithm("gbt")
	pending := validModelPackage("pending")
	pending.Set("validation_status", "NotStarted")
	f.createModelPackage("pending", pending)

	r := f.root.get(path)
	expectStatus(t, r, 200)
	rows := map[string]string{}
	r.doc.Find("[data-testid=resource-picker] tbody tr").Each(func(_ int, tr *goquery.Selection) {
		rows[tr.Find("input[name=pick_arn]").AttrOr("value", "")] = strings.Join(strings.Fields(tr.Text()), " ")
	})
	if len(rows) != 2 || !strings.Contains(rows[sentiment], "Model package") || !strings.Contains(rows[gbt], "Algorithm") ||
		!strings.Contains(rows[sentiment], "us-east-1") || !strings.Contains(rows[gbt], "gbt") {
		t.Fatalf("picker rows %q", rows)
	}

	// Picked: added as a version, and no longer offered, nor is the
	// algorithm, of another type than the listing's.
	expectRedirect(t, saveSection(t, f.root, path, url.Values{"pick_arn": {sentiment}, "then": {"add"}}), path)
	if ids := editorVersionIDs(t, f.root.get(f.base)); len(ids) != 1 {
		t.Fatalf("versions %q after picking", ids)
	}
	r = f.root.get(path)
	if r.doc.Find(`input[name=pick_arn][value="`+sentiment+`"]`).Length() != 0 || r.doc.Find(`input[name=pick_arn][value="`+gbt+`"]`).Length() != 0 {
		t.Error("a listed resource, or one of another type, is still offered")
	}
	// A typed ARN wins over a picked one.
	shelf := f.createModelPackage("shelf", validModelPackage("shelf"))
	expectRedirect(t, saveSection(t, f.root, path, url.Values{"arn": {shelf}, "pick_arn": {gbt}, "then": {"add"}}), path)
	if ids := editorVersionIDs(t, f.root.get(f.base)); len(ids) != 2 {
		t.Fatalf("versions %q after typing", ids)
	}
	if f.root.get(path).doc.Find("[data-testid=resource-picker]").Length() != 0 {
		t.Error("the picker is shown with nothing left to pick")
	}
}
