package web_test

import (
	"net/http"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestRemoveRowWithoutScript: without script, Remove posts the form back
// and the page comes back without that row, the others kept; nothing is
// created.
func TestRemoveRowWithoutScript(t *testing.T) {
	env := newEnv(t)
	root, _ := env.signedIn("Acme", "root@acme.example")
	form := validAlgorithm("gbt")
	form.Set("remove", "channels.0")
	r := root.post(algorithmsPath+"/new", algorithmsPath+"/new", form)
	expectStatus(t, r, http.StatusOK)
	if n := r.doc.Find("fieldset[data-testid^=channel-]").Length(); n != 1 {
		t.Fatalf("%d channel rows after removing one of two", n)
	}
	if got := r.attr(`input[name="channels.0.name"]`, "value"); got != "validation" {
		t.Errorf("the remaining channel is %q, want validation", got)
	}
	if got := r.attr(`input[name="hyperparameters.0.name"]`, "value"); got != "max_depth" {
		t.Errorf("other rows not kept: hyperparameter %q", got)
	}
	expectStatus(t, root.get(algorithmsPath+"/gbt"), http.StatusNotFound)
}

// TestBrowserRowsAddAndRemoveInPlace: with script, Add and Remove change
// the list of training channels without reloading the page; the new row
// has the next index, empty fields and the default input mode.
func TestBrowserRowsAddAndRemoveInPlace(t *testing.T) {
	env := newEnv(t)
	env.signedIn("Acme", "root@acme.example")
	b := newBrowser(t, env)
	b.signIn("root@acme.example")
	b.open(algorithmsPath + "/new")
	eval := func(js string) any {
		t.Helper()
		v, err := chromedp.Run(b.ctx, chromedp.Evaluate[any](js))
		if err != nil {
			t.Fatalf("%s: %v", js, err)
		}
		return v
	}
	eval(`window.stillHere = true`)
	rows := func() float64 { return eval(`document.querySelectorAll("[data-row-group=channels]").length`).(float64) }

	b.fill(map[string]string{`input[name="channels.0.name"]`: "train"})
	b.check("[data-testid=add-channel]")
	if rows() != 2 || eval(`window.stillHere === true`) != true {
		t.Fatalf("after Add: %v rows, page reloaded: %v", rows(), eval(`window.stillHere !== true`))
	}
	if got := eval(`document.querySelector('input[name="channels.1.name"]').value`); got != "" {
		t.Errorf("the new row is not empty: %q", got)
	}
	if got := eval(`document.querySelector('input[name="channels.1.input_modes"][value=File]').checked`); got != true {
		t.Error("the new row's default input mode is not ticked")
	}
	b.fill(map[string]string{`input[name="channels.1.name"]`: "validation"})
	b.check("[data-testid=remove-channels-0]")
	if rows() != 1 || eval(`document.querySelector('input[name="channels.1.name"]').value`) != "validation" {
		t.Errorf("after Remove: %v rows", rows())
	}
	b.check("[data-testid=remove-channels-1]") // the last row is emptied, not removed
	if rows() != 1 || eval(`document.querySelector('input[name="channels.1.name"]').value`) != "" {
		t.Errorf("removing the last row: %v rows", rows())
	}
	if eval(`window.stillHere === true`) != true {
		t.Error("the page reloaded")
	}
}
