package catalogapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// cleanDocument is the API's input gate, the same rule as the pages': every
// string and member name of a details document must be valid UTF-8 without
// NUL or other control characters (tab, and line breaks as LF or CR LF,
// allowed), and is stored in Unicode NFC. It returns the document
// re-encoded, or the path of the first value it refuses and why.
func cleanDocument(raw json.RawMessage) (json.RawMessage, error) {
	if !utf8.Valid(raw) {
		return nil, fmt.Errorf("is not valid UTF-8")
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("is not a JSON document")
	}
	clean, err := cleanValue(v, "")
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(clean); err != nil {
		return nil, err
	}
	return json.RawMessage(bytes.TrimRight(b.Bytes(), "\n")), nil
}

func cleanValue(v any, path string) (any, error) {
	switch x := v.(type) {
	case string:
		return cleanString(x, path)
	case []any:
		for i, item := range x {
			c, err := cleanValue(item, path+"["+strconv.Itoa(i)+"]")
			if err != nil {
				return nil, err
			}
			x[i] = c
		}
		return x, nil
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		out := make(map[string]any, len(x))
		for _, k := range keys {
			ck, err := cleanString(k, path+"."+k)
			if err != nil {
				return nil, err
			}
			c, err := cleanValue(x[k], path+"."+ck)
			if err != nil {
				return nil, err
			}
			out[ck] = c
		}
		return out, nil
	}
	return v, nil
}

// cleanString checks one string and returns it in NFC.
func cleanString(s, path string) (string, error) {
	for i, r := range s {
		switch {
		case r == utf8.RuneError:
			return "", fmt.Errorf("%s: holds a character that is not valid text", pathOrDoc(path))
		case r == '\t' || r == '\n':
		case r == '\r' && i+1 < len(s) && s[i+1] == '\n':
		case unicode.IsControl(r):
			return "", fmt.Errorf("%s: holds the control character U+%04X, which is not allowed", pathOrDoc(path), r)
		}
	}
	return norm.NFC.String(s), nil
}

func pathOrDoc(path string) string {
	if path == "" {
		return "the document"
	}
	return path[1:]
}
