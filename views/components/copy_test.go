package components

import (
	"testing"

	"github.com/a-h/templ"
)

func TestCopyTextNamesWhatItCopies(t *testing.T) {
	doc := render(t, CopyText("resource-arn", "arn:aws:sagemaker:us-east-1:111122223333:model-package/x", "ARN"))
	if got := doc.Find("#resource-arn.mono").Text(); got != "arn:aws:sagemaker:us-east-1:111122223333:model-package/x" {
		t.Errorf("copied text %q", got)
	}
	button := doc.Find("button[data-copy=resource-arn]")
	if _, hidden := button.Attr("hidden"); !hidden {
		t.Error("the button shows before script finds a clipboard")
	}
	if v, _ := button.Attr("type"); v != "button" {
		t.Errorf("button type %q: it must not submit a form around it", v)
	}
	// Without a translator in the context, message IDs render as they are.
	if v, _ := button.Attr("aria-label"); v != "layout.copy_label" {
		t.Errorf("accessible name %q", v)
	}
	if v, _ := button.Attr("data-copied"); v != "layout.copied" {
		t.Errorf("copied status %q", v)
	}
	if doc.Find("[role=status][data-copy-status=resource-arn]").Length() != 1 {
		t.Error("no live region to say it was copied")
	}
}

func TestTextAreaIsMonospaceOnlyForCode(t *testing.T) {
	prose := render(t, TextArea(Field{Name: "overview", LabelKey: "x"}, 3)).Find("textarea")
	if prose.HasClass("field__input--mono") {
		t.Error("a prose textarea is monospace")
	}
	if _, ok := prose.Attr("spellcheck"); ok {
		t.Error("spellcheck turned off on prose")
	}
	for _, c := range []templ.Component{CodeArea(Field{Name: "anything", LabelKey: "x"}, 3), TextArea(Field{Name: "document", LabelKey: "x"}, 3)} {
		if code := render(t, c).Find("textarea"); !code.HasClass("field__input--mono") {
			t.Errorf("code textarea %q not monospace", code.AttrOr("name", ""))
		}
	}
}
