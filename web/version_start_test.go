package web_test

import "testing"

// TestNewVersionStartsFromThePrevious: "Add new version" opens steps that
// already hold the previous version's details; only the number and the
// release notes are the new version's to write.
func TestNewVersionStartsFromThePrevious(t *testing.T) {
	env := newEnv(t)
	f := updPublic(t, env)
	e := f.editor()
	vid := e.addLaunchOption(f.base, e.createModelPackage("sentiment-v2", validModelPackage("sentiment-v2")))

	if got := fieldValue(f.root.get(e.step(vid, 1)), "number"); got != "" {
		t.Errorf("the new version's number is prefilled: %q", got)
	}
	r := f.root.get(e.step(vid, 3))
	if got := r.text("#f-input_description"); got != "CSV with one review per line." {
		t.Errorf("input description %q, want the previous version's", got)
	}
	if got := fieldValue(r, "input_parameters.0.name"); got != "text" {
		t.Errorf("input parameter %q, want the previous version's", got)
	}
	if got := f.root.get(e.step(vid, 4)).text("#f-output_description"); got != "JSON with label and score." {
		t.Errorf("output description %q, want the previous version's", got)
	}
}
