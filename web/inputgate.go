package web

import (
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/labstack/echo/v4"
	"golang.org/x/text/unicode/norm"

	"github.com/mlportal/portal/domain"
	errorviews "github.com/mlportal/portal/views/errors"
)

// Messages of the input gate, each a key of every translation catalog.
const (
	msgInputInvalidUTF8 domain.Message = "error.input_invalid_utf8"
	msgInputNUL         domain.Message = "error.input_nul"
	msgInputControl     domain.Message = "error.input_control"
	msgInputPath        domain.Message = "error.input_path"
)

// textFault says why a value can't be used as text.
type textFault int

const (
	faultNone textFault = iota
	faultInvalidUTF8
	faultNUL
	faultControl
)

// checkText reports the first reason s can't be used as text, and for a
// control character which one: s must be valid UTF-8 without NUL or other
// control characters, except tab, newline, and carriage return right before
// a newline (browsers send a textarea's line breaks as CR LF).
func checkText(s string) (textFault, rune) {
	for i, r := range s {
		switch {
		case r == utf8.RuneError:
			// A real U+FFFD is three bytes; a byte that is not UTF-8 decodes to it with width one.
			if _, width := utf8.DecodeRuneInString(s[i:]); width == 1 {
				return faultInvalidUTF8, r
			}
		case r == 0:
			return faultNUL, r
		case r == '\t' || r == '\n':
		case r == '\r':
			if i+1 == len(s) || s[i+1] != '\n' {
				return faultControl, r
			}
		case unicode.IsControl(r):
			return faultControl, r
		}
	}
	return faultNone, 0
}

// cleanText returns s in Unicode normalization form C when it can be used as
// text, so that "é" typed as one character or as "e" and an accent is
// stored, compared and searched as the same text.
func cleanText(s string) (string, textFault, rune) {
	if fault, r := checkText(s); fault != faultNone {
		return "", fault, r
	}
	return norm.NFC.String(s), faultNone, 0
}

// inputRejection names the value the gate refused and why.
type inputRejection struct {
	field string // the form or query field, or the path parameter
	path  bool   // the value is part of the page address
	fault textFault
	char  rune
}

// message returns what the reader is told, in catalog terms.
func (r *inputRejection) message() (domain.Message, map[string]any) {
	if r.path {
		return msgInputPath, nil
	}
	data := map[string]any{"Field": displayFieldName(r.field)}
	switch r.fault {
	case faultNUL:
		return msgInputNUL, data
	case faultControl:
		data["Char"] = fmt.Sprintf("U+%04X", r.char)
		return msgInputControl, data
	default:
		return msgInputInvalidUTF8, data
	}
}

// maxFieldNameShown keeps a long or hostile field name from filling the page.
const maxFieldNameShown = 64

// displayFieldName returns a field name fit to be shown: a name that is
// itself not clean text has its bad bytes and control characters replaced.
func displayFieldName(name string) string {
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return utf8.RuneError
		}
		return r
	}, strings.ToValidUTF8(name, string(utf8.RuneError)))
	if utf8.RuneCountInString(name) > maxFieldNameShown {
		name = string([]rune(name)[:maxFieldNameShown]) + "…"
	}
	return name
}

// cleanValues checks every name and value of vs and rewrites them in NFC in
// place. It looks at names in sorted order, so a request with several bad
// fields is always refused for the same one. It reports whether anything
// changed.
func cleanValues(vs url.Values) (*inputRejection, bool) {
	changed := false
	for _, name := range slices.Sorted(maps.Keys(vs)) {
		clean, fault, r := cleanText(name)
		if fault != faultNone {
			return &inputRejection{field: name, fault: fault, char: r}, changed
		}
		values := vs[name]
		for i, v := range values {
			cv, fault, r := cleanText(v)
			if fault != faultNone {
				return &inputRejection{field: name, fault: fault, char: r}, changed
			}
			if cv != v {
				values[i], changed = cv, true
			}
		}
		if clean != name {
			delete(vs, name)
			vs[clean] = append(vs[clean], values...)
			changed = true
		}
	}
	return nil, changed
}

// gateInput is the one gate for the text a request carries: the path
// parameters, the query and the (multipart) form. It runs before any
// handler, refuses a value that is not clean text (see checkText) with a 400
// page naming the field, so nothing of it is stored or looked up, and hands
// the handlers every value in NFC. Uploaded files are not text fields: their
// contents are judged by the handlers that read them.
func (s *Server) gateInput(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		rejection, err := cleanRequest(c)
		if err != nil {
			return err
		}
		if rejection != nil {
			return s.refuseInput(c, rejection)
		}
		return next(c)
	}
}

// cleanRequest checks and normalizes every text value of the request.
func cleanRequest(c echo.Context) (*inputRejection, error) {
	if rejection := cleanPathParams(c); rejection != nil {
		return rejection, nil
	}
	r := c.Request()
	query := c.QueryParams()
	rejection, changed := cleanValues(query)
	if rejection != nil {
		return rejection, nil
	}
	if changed {
		// Code that parses the query again, or reads the address, sees the clean values too.
		r.URL.RawQuery = query.Encode()
	}
	if !isSafeMethod(r.Method) {
		if err := parseMultipart(c); err != nil {
			return nil, err
		}
	}
	forms := []url.Values{r.Form, r.PostForm}
	if r.MultipartForm != nil {
		forms = append(forms, r.MultipartForm.Value)
	}
	for _, form := range forms {
		if rejection, _ := cleanValues(form); rejection != nil {
			return rejection, nil
		}
	}
	return nil, nil
}

// cleanPathParams checks the values the router took from the address; a
// NUL or an invalid byte there arrives decoded, like a form value.
func cleanPathParams(c echo.Context) *inputRejection {
	names, values := c.ParamNames(), c.ParamValues()
	cleaned := make([]string, len(values))
	for i, v := range values {
		clean, fault, r := cleanText(v)
		if fault != faultNone {
			name := ""
			if i < len(names) {
				name = names[i]
			}
			return &inputRejection{field: name, path: true, fault: fault, char: r}
		}
		cleaned[i] = clean
	}
	if len(values) > 0 {
		c.SetParamValues(cleaned...)
	}
	return nil
}

// refuseInput answers a refused value with the error page, status 400, in
// the reader's language. It renders the page itself because the error
// handler shows a 400 only with its generic message, without the field.
func (s *Server) refuseInput(c echo.Context, rejection *inputRejection) error {
	status := http.StatusBadRequest
	if c.Request().Method == http.MethodHead {
		return c.NoContent(status)
	}
	msg, data := rejection.message()
	heading := "error.heading_" + headingFor(status)
	return s.render(c, status, errorviews.Page(errorviews.ErrorView{
		Page:       s.page(c, heading, ""),
		Status:     status,
		HeadingKey: heading,
		MessageKey: string(msg),
		Data:       data,
	}))
}
