package components

import (
	"bytes"
	"context"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/a-h/templ"
)

func render(t *testing.T, c templ.Component) *goquery.Document {
	t.Helper()
	var buf bytes.Buffer
	if err := c.Render(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	doc, err := goquery.NewDocumentFromReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestTextFieldShowsItsErrorBesideTheInput(t *testing.T) {
	doc := render(t, TextField(Field{Name: "email", LabelKey: "auth.email_label", Value: `"><script>x</script>`, ErrorKey: "field.email_invalid", MaxLength: 254}))
	input := doc.Find("input#f-email")
	if v, _ := input.Attr("value"); v != `"><script>x</script>` {
		t.Errorf("typed value not kept verbatim: %q", v)
	}
	if doc.Find("script").Length() != 0 {
		t.Error("typed value was not escaped")
	}
	if v, _ := input.Attr("aria-invalid"); v != "true" {
		t.Error("input not marked invalid")
	}
	if v, _ := input.Attr("aria-describedby"); v != "f-email-error" {
		t.Errorf("error not linked to the input: %q", v)
	}
	if got := doc.Find("[data-testid=error-email]").Text(); got != "field.email_invalid" {
		t.Errorf("error text %q", got)
	}
	if v, _ := input.Attr("maxlength"); v != "254" {
		t.Errorf("maxlength %q", v)
	}
}

func TestTextFieldWithoutError(t *testing.T) {
	doc := render(t, TextField(Field{Name: "name", LabelKey: "account.name"}))
	if doc.Find(".field__error").Length() != 0 || doc.Find("[aria-invalid]").Length() != 0 {
		t.Error("a valid field shows an error")
	}
	if v, _ := doc.Find("input").Attr("type"); v != "text" {
		t.Errorf("default type %q", v)
	}
}

func TestAlertRole(t *testing.T) {
	if role, _ := render(t, Alert("error", "error.internal", nil)).Find(".alert").Attr("role"); role != "alert" {
		t.Errorf("error alert role %q", role)
	}
	if role, _ := render(t, Alert("success", "auth.signed_out", nil)).Find(".alert").Attr("role"); role != "status" {
		t.Errorf("success alert role %q", role)
	}
}

func TestTextFieldLinksItsHintAndErrorToTheInput(t *testing.T) {
	tests := []struct {
		field Field
		want  string
	}{
		{Field{Name: "password", HintKey: "auth.password_hint"}, "f-password-hint"},
		{Field{Name: "password", HintKey: "auth.password_hint", ErrorKey: "x.y"}, "f-password-hint f-password-error"},
		{Field{Name: "password"}, ""},
	}
	for _, tt := range tests {
		input := render(t, TextField(tt.field)).Find("input#f-password")
		got, ok := input.Attr("aria-describedby")
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("%+v: aria-describedby = %q (present %v), want %q", tt.field, got, ok, tt.want)
		}
	}
}
