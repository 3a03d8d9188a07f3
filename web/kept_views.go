package web

import (
	"bytes"
	"cmp"
	"hash/maphash"
	"math"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"
)

// A signed-in page (a seller's product overview, a buyer's subscriptions)
// is kept rendered by a digest of its view: the value the handler hands
// its template, which is everything the page shows but the language,
// which is in the key too. Two requests whose views digest alike get the
// same page, so the page is rendered once per change of anything it
// shows, for everyone who sees it alike, and a change to the view's type
// needs no change here: the digest reads every field.
//
// The views' secrets (the form token and the confirmation tokens, fields
// tagged `kept:"token"`) are fresh on every request: the digest leaves
// them out, the page is kept cut where they are, and each request's are
// put in their places.
//
// Rendering the overview's view was more than half of its time on the
// server; digesting it is a tenth of that.

// tokenTag marks a view's field holding a per-request secret.
const tokenTag = "token"

// renderKeptView renders component, the template of view, through the
// kept pages under name (the page's kind). A view the digest cannot read
// (one holding a function or a component) is rendered as usual.
func (s *Server) renderKeptView(c echo.Context, status int, name string, view any, component templ.Component) error {
	d := viewDigests.Get().(*viewDigest)
	defer viewDigests.Put(d)
	if status != http.StatusOK || !d.digest(view) {
		return s.render(c, status, component)
	}
	key := "view\x00" + name + "\x00" + s.translator(c).Lang() + "\x00" + d.sum()
	return s.renderSpliced(c, status, key, d.tokens, component)
}

// splicedPage is a kept page cut at its per-request secrets: between two
// parts goes the secret slots names (an index into the request's tokens).
type splicedPage struct {
	parts [][]byte
	slots []int
	size  int
}

// renderSpliced renders component through the kept pages under key,
// which names everything the page shows but tokens, the request's secrets.
func (s *Server) renderSpliced(c echo.Context, status int, key string, tokens []string, component templ.Component) error {
	kept, ok := s.kept.Get(key)
	if !ok {
		buf := new(bytes.Buffer)
		if err := component.Render(s.renderContext(c), buf); err != nil {
			return err
		}
		if kept, ok = splitAt(buf.Bytes(), tokens); !ok {
			return s.sendPage(c, status, buf.Bytes())
		}
		s.kept.Put(key, kept, kept.size, maxKeptPageBytes)
	}
	return s.sendSpliced(c, status, kept, tokens)
}

// sendKept sends the page kept under key with tokens spliced in, and
// reports whether there was one: a handler that can name its page before
// making its view asks here first.
func (s *Server) sendKept(c echo.Context, status int, key string, tokens []string) (bool, error) {
	kept, ok := s.kept.Get(key)
	if !ok {
		return false, nil
	}
	return true, s.sendSpliced(c, status, kept, tokens)
}

// sendSpliced sends kept with this request's tokens in their places.
func (s *Server) sendSpliced(c echo.Context, status int, kept splicedPage, tokens []string) error {
	page := pageBuffers.Get().(*bytes.Buffer)
	defer putPageBuffer(page)
	for i, part := range kept.parts {
		if i > 0 {
			page.WriteString(tokens[kept.slots[i-1]])
		}
		page.Write(part)
	}
	return s.sendPage(c, status, page.Bytes())
}

// splitAt cuts page at every occurrence of each of tokens (random values
// of 128 bits or more, found only where the page has them). It refuses a
// page missing one of them: the page might show it otherwise than as
// given (escaped, say), and would be kept with it.
func splitAt(page []byte, tokens []string) (splicedPage, bool) {
	kept := splicedPage{size: len(page)}
	found := make([]bool, len(tokens))
	for {
		at, slot := -1, -1
		for i, t := range tokens {
			if t == "" {
				continue
			}
			if j := bytes.Index(page, []byte(t)); j >= 0 && (at < 0 || j < at) {
				at, slot = j, i
			}
		}
		if at < 0 {
			kept.parts = append(kept.parts, page)
			for i, t := range tokens {
				if t != "" && !found[i] {
					return splicedPage{}, false
				}
			}
			return kept, true
		}
		kept.parts = append(kept.parts, page[:at])
		kept.slots = append(kept.slots, slot)
		found[slot] = true
		page = page[at+len(tokens[slot]):]
	}
}

// viewDigest writes a view's values, each told apart from the next, and
// collects its tokens.
type viewDigest struct {
	buf    []byte
	tokens []string
}

var viewDigests = sync.Pool{New: func() any { return &viewDigest{buf: make([]byte, 0, 4096)} }}

// maxViewDepth bounds the walk, in case a view ever holds a cycle.
const maxViewDepth = 24

// digest reads view; false means it holds what cannot be digested.
func (d *viewDigest) digest(view any) bool {
	d.reset()
	return d.value(reflect.ValueOf(view), 0)
}

// reset forgets what was read, keeping the buffers.
func (d *viewDigest) reset() { d.buf, d.tokens = d.buf[:0], d.tokens[:0] }

// sum is the digest of what was read: 128 bits, so two different views
// would share it about once in 10^19 pairs.
func (d *viewDigest) sum() string {
	return strconv.FormatUint(maphash.Bytes(digestSeeds[0], d.buf), 16) + "." +
		strconv.FormatUint(maphash.Bytes(digestSeeds[1], d.buf), 16)
}

var timeType = reflect.TypeFor[time.Time]()

func (d *viewDigest) value(v reflect.Value, depth int) bool {
	if depth > maxViewDepth {
		return false
	}
	switch v.Kind() {
	case reflect.String:
		d.str(v.String())
	case reflect.Bool:
		d.buf = strconv.AppendBool(d.buf, v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		d.buf = strconv.AppendInt(append(d.buf, 'i'), v.Int(), 36)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		d.buf = strconv.AppendUint(append(d.buf, 'u'), v.Uint(), 36)
	case reflect.Float32, reflect.Float64:
		d.buf = strconv.AppendUint(append(d.buf, 'f'), math.Float64bits(v.Float()), 36)
	case reflect.Pointer:
		if v.IsNil() {
			d.buf = append(d.buf, 'n')
			return true
		}
		return d.value(v.Elem(), depth+1)
	case reflect.Interface:
		if v.IsNil() {
			d.buf = append(d.buf, 'n')
			return true
		}
		d.str(v.Elem().Type().String())
		return d.value(v.Elem(), depth+1)
	case reflect.Slice, reflect.Array:
		return d.list(v, depth)
	case reflect.Map:
		return d.dict(v, depth)
	case reflect.Struct:
		return d.record(v, depth)
	default: // functions, channels: nothing a page could be kept by
		return false
	}
	return true
}

// str writes s with its length, so "ab","c" differs from "a","bc".
func (d *viewDigest) str(s string) {
	d.buf = strconv.AppendInt(append(d.buf, 's'), int64(len(s)), 36)
	d.buf = append(append(d.buf, ':'), s...)
}

func (d *viewDigest) list(v reflect.Value, depth int) bool {
	d.buf = strconv.AppendInt(append(d.buf, '['), int64(v.Len()), 36)
	for i := range v.Len() {
		if !d.value(v.Index(i), depth+1) {
			return false
		}
	}
	return true
}

// dict writes a map with string or integer keys, in key order.
func (d *viewDigest) dict(v reflect.Value, depth int) bool {
	keys := v.MapKeys()
	switch v.Type().Key().Kind() {
	case reflect.String:
		slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(a.String(), b.String()) })
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		slices.SortFunc(keys, func(a, b reflect.Value) int { return cmp.Compare(a.Int(), b.Int()) })
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		slices.SortFunc(keys, func(a, b reflect.Value) int { return cmp.Compare(a.Uint(), b.Uint()) })
	default:
		return false
	}
	d.buf = strconv.AppendInt(append(d.buf, '{'), int64(len(keys)), 36)
	for _, k := range keys {
		if !d.value(k, depth+1) || !d.value(v.MapIndex(k), depth+1) {
			return false
		}
	}
	return true
}

// record writes a struct's fields in order, and collects its tokens.
func (d *viewDigest) record(v reflect.Value, depth int) bool {
	t := v.Type()
	if t == timeType {
		if !v.CanInterface() {
			return false
		}
		tm := v.Interface().(time.Time)
		d.buf = strconv.AppendInt(append(d.buf, 't'), tm.UnixNano(), 36)
		d.str(tm.Location().String())
		return true
	}
	d.buf = append(d.buf, '(')
	for i, isToken := range tokenFields(t) {
		f := v.Field(i)
		if isToken && f.Kind() == reflect.String {
			d.token(f.String())
			continue
		}
		if !d.value(f, depth+1) {
			return false
		}
	}
	d.buf = append(d.buf, ')')
	return true
}

// token collects a secret and writes only which one it is (two fields
// may hold the same token) and whether it is empty.
func (d *viewDigest) token(t string) {
	if t == "" {
		d.buf = append(d.buf, 'e')
		return
	}
	i := slices.Index(d.tokens, t)
	if i < 0 {
		i = len(d.tokens)
		d.tokens = append(d.tokens, t)
	}
	d.buf = strconv.AppendInt(append(d.buf, 'k'), int64(i), 36)
}

// tokenFieldsOf keeps, per struct type, which fields are tagged as tokens.
var tokenFieldsOf sync.Map // reflect.Type -> []bool

func tokenFields(t reflect.Type) []bool {
	if f, ok := tokenFieldsOf.Load(t); ok {
		return f.([]bool)
	}
	fields := make([]bool, t.NumField())
	for i := range fields {
		fields[i] = t.Field(i).Tag.Get("kept") == tokenTag
	}
	tokenFieldsOf.Store(t, fields)
	return fields
}

// digestSeeds are the process's: kept pages live as long as it does.
var digestSeeds = [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()}
