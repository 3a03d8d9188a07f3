// Package tr gives templ components the reader's language through the
// context, so that every component can translate without a translator being
// threaded through each view model.
package tr

import (
	"context"
	"fmt"
	"io"

	"github.com/a-h/templ"
)

// Translator renders catalog messages in one language.
type Translator interface {
	// Lang is the BCP 47 code of the language: "en", "fr" or "es".
	Lang() string
	// Translate renders message id with data; a missing id renders as itself.
	Translate(id string, data map[string]any) string
}

type ctxKey struct{}

// With returns a context that carries t.
func With(ctx context.Context, t Translator) context.Context {
	return context.WithValue(ctx, ctxKey{}, t)
}

func from(ctx context.Context) Translator {
	if t, ok := ctx.Value(ctxKey{}).(Translator); ok {
		return t
	}
	return identity{}
}

// T translates id in the context's language. kv are placeholder names and
// values in pairs: T(ctx, "login.too_many_attempts", "Minutes", 15).
func T(ctx context.Context, id string, kv ...any) string {
	return from(ctx).Translate(id, pairs(kv))
}

// TData translates id with a ready-made data map.
func TData(ctx context.Context, id string, data map[string]any) string {
	return from(ctx).Translate(id, data)
}

// Lang returns the context's language code.
func Lang(ctx context.Context) string { return from(ctx).Lang() }

func pairs(kv []any) map[string]any {
	if len(kv) == 0 {
		return nil
	}
	data := make(map[string]any, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		key, ok := kv[i].(string)
		if !ok {
			key = fmt.Sprint(kv[i])
		}
		data[key] = kv[i+1]
	}
	return data
}

// identity is used when no translator was set: it shows message IDs, which
// makes a forgotten translator obvious in a page or a test.
type identity struct{}

func (identity) Lang() string                                 { return "en" }
func (identity) Translate(id string, _ map[string]any) string { return id }

// Text is T as a component, for a message that is an element's whole
// content: <h1>@tr.Text("auth.sign_in_title")</h1>. It writes the escaped
// message straight to the page, where { tr.T(ctx, …) } goes through templ's
// JoinStringErrs, which formats every string with fmt.Sprint: a catalog
// page spent a tenth of its time there.
func Text(id string, kv ...any) templ.Component { return text{id: id, kv: kv} }

type text struct {
	id string
	kv []any
}

// Render writes the message, escaped as templ escapes { } expressions.
func (t text) Render(ctx context.Context, w io.Writer) error {
	_, err := io.WriteString(w, templ.EscapeString(T(ctx, t.id, t.kv...)))
	return err
}

// Escaped is a string as a component, escaped as templ escapes { }
// expressions, for the same reason as Text.
func Escaped(s string) templ.Component { return escaped(s) }

type escaped string

// Render writes the string, escaped.
func (s escaped) Render(_ context.Context, w io.Writer) error {
	_, err := io.WriteString(w, templ.EscapeString(string(s)))
	return err
}
