package catalogdoc

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
)

// referencePattern is a whole string value naming an earlier change's
// entity: "$<ChangeName>.Entity.Identifier". A ChangeName is what AWS
// allows: letters, digits, "_" and "-", at most 100 characters.
var referencePattern = regexp.MustCompile(`^\$([A-Za-z0-9_-]{1,100})\.Entity\.Identifier$`)

// ResolveReferences replaces every string value of details that is a
// "$<ChangeName>.Entity.Identifier" reference by the entity ID the change
// of that name produced earlier in the change set (resolved, by
// ChangeName). An unknown name is a *ChangeError with INVALID_REFERENCE.
// Details without a reference come back byte for byte; with one, they are
// re-encoded (keys sorted, numbers kept as written).
func ResolveReferences(details json.RawMessage, resolved map[string]string) (json.RawMessage, error) {
	if !bytes.Contains(details, []byte(".Entity.Identifier")) {
		return details, nil
	}
	dec := json.NewDecoder(bytes.NewReader(details))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return nil, changeErr(CodeInvalidInput, "Details", "malformed JSON")
	}
	changed := false
	var walk func(v any, path string) (any, *ChangeError)
	walk = func(v any, path string) (any, *ChangeError) {
		switch x := v.(type) {
		case string:
			m := referencePattern.FindStringSubmatch(x)
			if m == nil {
				return x, nil
			}
			id, ok := resolved[m[1]]
			if !ok {
				return nil, changeErr(CodeInvalidReference, path, "%s names no earlier change of this change set", x)
			}
			changed = true
			return id, nil
		case map[string]any:
			for k, e := range x {
				r, err := walk(e, path+"."+k)
				if err != nil {
					return nil, err
				}
				x[k] = r
			}
		case []any:
			for i, e := range x {
				r, err := walk(e, path+"["+itoa(i)+"]")
				if err != nil {
					return nil, err
				}
				x[i] = r
			}
		}
		return v, nil
	}
	out, cerr := walk(doc, "Details")
	if cerr != nil {
		return nil, cerr
	}
	if !changed {
		return details, nil
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		return nil, changeErr(CodeInternalFailure, "Details", "cannot encode")
	}
	return json.RawMessage(strings.TrimSuffix(b.String(), "\n")), nil
}

// ResolveEntity resolves an Entity.Identifier that is itself a reference.
func ResolveEntity(identifier string, resolved map[string]string) (string, error) {
	m := referencePattern.FindStringSubmatch(identifier)
	if m == nil {
		return identifier, nil
	}
	id, ok := resolved[m[1]]
	if !ok {
		return "", changeErr(CodeInvalidReference, "Entity.Identifier", "%s names no earlier change of this change set", identifier)
	}
	return id, nil
}

func itoa(i int) string {
	b, _ := json.Marshal(i)
	return string(b)
}
