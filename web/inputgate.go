package web

import (
	"errors"
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

	msgFieldInvalidUTF8 domain.Message = "inputgate.field_invalid_utf8"
	msgFieldNUL         domain.Message = "inputgate.field_nul"
	msgFieldControl     domain.Message = "inputgate.field_control"
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

// fieldMessage returns what is shown beside the field of a form. Field
// messages carry no data (see components.Form), so each names its fault
// without the character.
func (r *inputRejection) fieldMessage() domain.Message {
	switch r.fault {
	case faultNUL:
		return msgFieldNUL
	case faultControl:
		return msgFieldControl
	default:
		return msgFieldInvalidUTF8
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
// handler and refuses a value that is not clean text (see checkText), so
// that nothing of it is stored or looked up, and hands the handlers every
// value in NFC. A path parameter, a query value or a field name that is not
// clean text is refused here with a 400 page naming it. A posted field's
// value is the handler's to report, beside the field of the form it shows
// again: the gate replaces the value's bad characters with U+FFFD and keeps
// why on the request, where parseForm and parseMultipart find it and return
// it as a validation error (see refusedFields). Uploaded files are not text
// fields: their contents are judged by the handlers that read them.
func (s *Server) gateInput(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		rejection, fields, err := cleanRequest(c)
		if err != nil {
			return err
		}
		if rejection != nil {
			return s.refuseInput(c, rejection)
		}
		if len(fields) > 0 {
			c.Set(ctxRefusedFields, fields)
		}
		return next(c)
	}
}

// ctxRefusedFields holds the posted fields the gate refused, a []*inputRejection.
const ctxRefusedFields = "portal.refused_fields"

// cleanRequest checks and normalizes every text value of the request. It
// returns what must be refused at once, else the posted fields whose values
// are not clean text, which it has made harmless (see replaceBadText).
func cleanRequest(c echo.Context) (*inputRejection, []*inputRejection, error) {
	if rejection := cleanPathParams(c); rejection != nil {
		return rejection, nil, nil
	}
	r := c.Request()
	if bounded, cut := boundQuery(r.URL.RawQuery); cut {
		r.URL.RawQuery = bounded
	}
	query := c.QueryParams()
	rejection, changed := cleanValues(query)
	if rejection != nil {
		return rejection, nil, nil
	}
	if changed {
		// Code that parses the query again, or reads the address, sees the clean values too.
		r.URL.RawQuery = query.Encode()
	}
	if isSafeMethod(r.Method) {
		return nil, nil, nil
	}
	if err := readMultipart(c); err != nil {
		return nil, nil, err
	}
	// The body's fields are in PostForm, and again in Form (after the
	// query's) and in MultipartForm.Value: each copy is cleaned alike.
	fields := refuseBadValues(r.PostForm)
	forms := []url.Values{r.Form}
	if r.MultipartForm != nil {
		forms = append(forms, r.MultipartForm.Value)
	}
	for _, form := range append(forms, r.PostForm) {
		if rejection := checkNames(form); rejection != nil {
			return rejection, nil, nil
		}
		replaceBadValues(form)
		if rejection, _ := cleanValues(form); rejection != nil {
			return nil, nil, fmt.Errorf("input gate: %q still refused after replacement", rejection.field)
		}
	}
	return nil, fields, nil
}

// checkNames refuses a form whose field name is not clean text: such a
// name belongs to no input of any form, so only the error page can show it.
func checkNames(vs url.Values) *inputRejection {
	for _, name := range slices.Sorted(maps.Keys(vs)) {
		if fault, r := checkText(name); fault != faultNone {
			return &inputRejection{field: name, fault: fault, char: r}
		}
	}
	return nil
}

// refuseBadValues returns, in name order, one rejection for each field of
// vs with a value that is not clean text.
func refuseBadValues(vs url.Values) []*inputRejection {
	var refused []*inputRejection
	for _, name := range slices.Sorted(maps.Keys(vs)) {
		for _, v := range vs[name] {
			if fault, r := checkText(v); fault != faultNone {
				refused = append(refused, &inputRejection{field: name, fault: fault, char: r})
				break
			}
		}
	}
	return refused
}

// replaceBadValues rewrites each value of vs that is not clean text with
// replaceBadText, so that a form shown again holds what the user typed with
// only the bad characters marked.
func replaceBadValues(vs url.Values) {
	for _, values := range vs {
		for i, v := range values {
			if fault, _ := checkText(v); fault != faultNone {
				values[i] = replaceBadText(v)
			}
		}
	}
}

// replaceBadText returns s with each byte that is not UTF-8, and each NUL
// or control character checkText refuses, replaced by U+FFFD.
func replaceBadText(s string) string {
	s = strings.ToValidUTF8(s, string(utf8.RuneError))
	var b strings.Builder
	for i, r := range s {
		switch {
		case r == '\t' || r == '\n':
		case r == '\r' && i+1 < len(s) && s[i+1] == '\n':
		case r == 0 || unicode.IsControl(r):
			r = utf8.RuneError
		}
		b.WriteRune(r)
	}
	return b.String()
}

// refusedFields returns the posted fields the gate refused as a validation
// error with a message for each (see inputRejection.fieldMessage), or nil.
// The error also carries the page message naming the first field, and
// errInputRefused, so that a handler that has no form to show again answers
// with the 400 page naming the field.
func refusedFields(c echo.Context) error {
	refused, _ := c.Get(ctxRefusedFields).([]*inputRejection)
	if len(refused) == 0 {
		return nil
	}
	fields := domain.FieldErrors{}
	for _, r := range refused {
		fields[r.field] = r.fieldMessage()
	}
	msg, data := refused[0].message()
	return &domain.Error{Code: domain.EINVALID, Message: msg, Data: data, Fields: fields, Err: errInputRefused}
}

// refusedShownAt returns err, the input gate's refusal of posted fields,
// with each field's message moved to the input the form shows it beside:
// at returns that input for a field, or "" where the field shows its own
// messages. When two fields land on one input, the first in name order
// wins, so the page is the same on every request.
func refusedShownAt(err error, at func(field string) string) error {
	e := domain.AsError(err)
	moved := domain.FieldErrors{}
	for _, field := range slices.Sorted(maps.Keys(e.Fields)) {
		to := at(field)
		if to == "" {
			to = field
		}
		if _, ok := moved[to]; !ok {
			moved[to] = e.Fields[field]
		}
	}
	shown := *e
	shown.Fields = moved
	return &shown
}

// errInputRefused marks the validation error of refusedFields.
var errInputRefused = errors.New("a posted field is not clean text")

// isRefusedFields reports whether err is the gate's refusal of posted
// fields, which a handler shows beside its form's fields like any other
// validation error.
func isRefusedFields(err error) bool { return errors.Is(err, errInputRefused) }

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

// maxQueryPairChars bounds one name=value pair of the address, counted in
// characters as sent (a character escaped as %XX bytes counts once), and
// maxQueryPairs their number. The longest field the portal reads from an
// address is the search text, 200 characters. A longer pair is cut to
// this length before it is decoded, so the handler still refuses it as
// too long, with what was typed at its start kept; pairs past the 64th
// are dropped. Decoding and checking the 14 KB of a 2,000-word search
// made it take four times as long as the search of a common word.
const (
	maxQueryPairChars = 1024
	maxQueryPairs     = 64
)

// boundQuery returns the raw query with each pair cut to maxQueryPairChars
// and at most maxQueryPairs pairs, and whether it had to cut.
func boundQuery(raw string) (string, bool) {
	if len(raw) <= maxQueryPairChars {
		return raw, false
	}
	pairs := strings.Split(raw, "&")
	cut := len(pairs) > maxQueryPairs
	pairs = pairs[:min(len(pairs), maxQueryPairs)]
	for i, p := range pairs {
		if len(p) > maxQueryPairChars {
			if kept := cutEscaped(p, maxQueryPairChars); len(kept) < len(p) {
				pairs[i], cut = kept, true
			}
		}
	}
	return strings.Join(pairs, "&"), cut
}

// cutEscaped cuts s, query text as sent, after n characters: never inside
// a %XX escape, nor between the bytes of one UTF-8 character, sent raw or
// escaped, so what is left decodes to clean text when s did.
func cutEscaped(s string, n int) string {
	chars := 0
	for i := 0; i < len(s); {
		b, width := s[i], 1
		if b == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			b, width = unhex(s[i+1])<<4|unhex(s[i+2]), 3
		}
		if utf8.RuneStart(b) {
			if chars == n {
				return s[:i]
			}
			chars++
		}
		i += width
	}
	return s
}

func isHex(b byte) bool {
	return '0' <= b && b <= '9' || 'a' <= b && b <= 'f' || 'A' <= b && b <= 'F'
}

func unhex(b byte) byte {
	switch {
	case b <= '9':
		return b - '0'
	case b <= 'F':
		return b - 'A' + 10
	}
	return b - 'a' + 10
}
