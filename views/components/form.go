// Package components holds small templ components shared by pages: form
// fields, alerts, containers and headers in the Cloudscape style.
package components

import "strings"

// Field is the view model of one labelled form input.
type Field struct {
	Name         string
	Type         string // "text" when empty
	LabelKey     string
	HintKey      string
	Value        string
	ErrorKey     string // message ID of what is wrong, or ""
	ErrorData    map[string]any
	Autocomplete string
	Required     bool
	MaxLength    int
}

// describedBy lists the IDs of the texts a screen reader reads with the
// input: the hint (the rules of the field) and the error, when shown.
func (f Field) describedBy() string {
	var ids []string
	if f.HintKey != "" {
		ids = append(ids, "f-"+f.Name+"-hint")
	}
	if f.ErrorKey != "" {
		ids = append(ids, "f-"+f.Name+"-error")
	}
	return strings.Join(ids, " ")
}

// Form carries what a re-rendered form needs: the values as typed and a
// message per field.
type Form struct {
	Values map[string]string
	Errors map[string]string
}

// Value returns what the user typed in field name.
func (f Form) Value(name string) string { return f.Values[name] }

// Error returns the message ID of the problem with field name, or "".
func (f Form) Error(name string) string { return f.Errors[name] }

// HasErrors reports whether any field has a problem.
func (f Form) HasErrors() bool { return len(f.Errors) > 0 }
