package web

import (
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/labstack/echo/v4"
	"golang.org/x/text/unicode/norm"

	"github.com/mlportal/portal/domain"
)

func TestCleanText(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		want  string
		fault textFault
		char  rune
	}{
		{"empty", "", "", faultNone, 0},
		{"ascii", "Acme Corp.", "Acme Corp.", faultNone, 0},
		{"tab and newline", "a\tb\nc", "a\tb\nc", faultNone, 0},
		{"textarea line breaks", "line one\r\nline two\r\n", "line one\r\nline two\r\n", faultNone, 0},
		{"already NFC", "Café", "Café", faultNone, 0},
		{"decomposed becomes NFC", "Cafe\u0301", "Café", faultNone, 0},
		{"hangul jamo compose", "\u1100\u1161", "\uac00", faultNone, 0},
		{"real replacement character", "a\uFFFDb", "a\uFFFDb", faultNone, 0},
		{"emoji", "ok 👍", "ok 👍", faultNone, 0},
		{"NUL", "a\x00@example.com", "", faultNUL, 0},
		{"NUL alone", "\x00", "", faultNUL, 0},
		{"invalid byte", "a\xffb", "", faultInvalidUTF8, utf8.RuneError},
		{"truncated sequence", "caf\xc3", "", faultInvalidUTF8, utf8.RuneError},
		{"overlong encoding", "\xc0\xaf", "", faultInvalidUTF8, utf8.RuneError},
		{"encoded surrogate", "\xed\xa0\x80", "", faultInvalidUTF8, utf8.RuneError},
		{"lone carriage return", "a\rb", "", faultControl, '\r'},
		{"carriage return at the end", "a\r", "", faultControl, '\r'},
		{"bell", "a\x07", "", faultControl, '\x07'},
		{"escape", "\x1b[31mred", "", faultControl, '\x1b'},
		{"delete", "a\x7fb", "", faultControl, '\x7f'},
		{"C1 control", "a\u0085b", "", faultControl, '\u0085'},
		{"first problem wins", "a\x01\x00", "", faultControl, '\x01'},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, fault, char := cleanText(tt.in)
			if fault != tt.fault || char != tt.char || got != tt.want {
				t.Errorf("cleanText(%q) = %q, %v, %U; want %q, %v, %U", tt.in, got, fault, char, tt.want, tt.fault, tt.char)
			}
		})
	}
}

func TestCleanValues(t *testing.T) {
	tests := []struct {
		name    string
		in      url.Values
		want    url.Values
		field   string
		fault   textFault
		changed bool
	}{
		{"clean stays", url.Values{"title": {"Widget"}}, url.Values{"title": {"Widget"}}, "", faultNone, false},
		{"every value normalized", url.Values{"v": {"e\u0301", "ok"}}, url.Values{"v": {"é", "ok"}}, "", faultNone, true},
		{"name normalized", url.Values{"e\u0301": {"x"}}, url.Values{"é": {"x"}}, "", faultNone, true},
		{"bad value named", url.Values{"title": {"ok"}, "legal_name": {"a\x00"}}, nil, "legal_name", faultNUL, false},
		{"second value checked", url.Values{"version": {"v1", "v\xff"}}, nil, "version", faultInvalidUTF8, false},
		{"bad name", url.Values{"a\x00b": {"x"}}, nil, "a\x00b", faultNUL, false},
		{"first name in order", url.Values{"z": {"\x00"}, "a": {"\x01"}}, nil, "a", faultControl, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rejection, changed := cleanValues(tt.in)
			if tt.fault == faultNone {
				if rejection != nil {
					t.Fatalf("refused %q: %v", rejection.field, rejection.fault)
				}
				if changed != tt.changed || url.Values(tt.in).Encode() != tt.want.Encode() {
					t.Errorf("got %v (changed %v), want %v (changed %v)", tt.in, changed, tt.want, tt.changed)
				}
				return
			}
			if rejection == nil || rejection.field != tt.field || rejection.fault != tt.fault {
				t.Fatalf("rejection %+v, want field %q fault %v", rejection, tt.field, tt.fault)
			}
		})
	}
}

func TestInputRejectionMessage(t *testing.T) {
	tests := []struct {
		name      string
		rejection inputRejection
		msg       string
		data      map[string]any
	}{
		{"NUL", inputRejection{field: "email", fault: faultNUL}, string(msgInputNUL), map[string]any{"Field": "email"}},
		{"UTF-8", inputRejection{field: "user_name", fault: faultInvalidUTF8}, string(msgInputInvalidUTF8),
			map[string]any{"Field": "user_name"}},
		{"control", inputRejection{field: "title", fault: faultControl, char: '\x1b'}, string(msgInputControl),
			map[string]any{"Field": "title", "Char": "U+001B"}},
		{"unprintable name", inputRejection{field: "a\x00\xffb", fault: faultNUL}, string(msgInputNUL),
			map[string]any{"Field": "a\uFFFD\uFFFDb"}},
		{"long name", inputRejection{field: strings.Repeat("n", 100), fault: faultNUL}, string(msgInputNUL),
			map[string]any{"Field": strings.Repeat("n", maxFieldNameShown) + "…"}},
		{"path", inputRejection{field: "name", path: true, fault: faultNUL}, string(msgInputPath), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg, data := tt.rejection.message()
			if string(msg) != tt.msg || len(data) != len(tt.data) {
				t.Fatalf("message %q %v, want %q %v", msg, data, tt.msg, tt.data)
			}
			for k, v := range tt.data {
				if data[k] != v {
					t.Errorf("data[%s] = %q, want %q", k, data[k], v)
				}
			}
		})
	}
}

func TestReplaceBadText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"clean stays", "clean stays"},
		{"line\r\nnext\tcol", "line\r\nnext\tcol"},
		{"Acme\x00ML", "Acme\uFFFDML"},
		{"Acme\xffML", "Acme\uFFFDML"},
		{"Acme\x1bML", "Acme\uFFFDML"},
		{"a\rb", "a\uFFFDb"},
		{"caf\xc3", "caf\uFFFD"},
		{"\u0085\x7f", "\uFFFD\uFFFD"},
	}
	for _, tt := range tests {
		if got := replaceBadText(tt.in); got != tt.want {
			t.Errorf("replaceBadText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRefusedFields(t *testing.T) {
	form := url.Values{"title": {"ok"}, "overview": {"a\x00b"}, "highlight_1": {"ok", "x\x1by"}, "keywords": {"\xff"}}
	refused := refuseBadValues(form)
	var names []string
	for _, r := range refused {
		names = append(names, r.field)
	}
	if want := []string{"highlight_1", "keywords", "overview"}; !slices.Equal(names, want) {
		t.Fatalf("refused %q, want %q", names, want)
	}
	c := echo.New().NewContext(httptest.NewRequest(http.MethodPost, "/", nil), httptest.NewRecorder())
	if err := refusedFields(c); err != nil {
		t.Fatalf("nothing refused, yet %v", err)
	}
	c.Set(ctxRefusedFields, refused)
	err := refusedFields(c)
	if !isRefusedFields(err) || domain.ErrorCode(err) != domain.EINVALID {
		t.Fatalf("refusedFields = %v, want the gate's validation error", err)
	}
	want := domain.FieldErrors{"highlight_1": msgFieldControl, "keywords": msgFieldInvalidUTF8, "overview": msgFieldNUL}
	if got := domain.AsError(err).Fields; !maps.Equal(got, want) {
		t.Fatalf("fields %v, want %v", got, want)
	}
	if e := domain.AsError(err); e.Message != msgInputControl || e.Data["Field"] != "highlight_1" {
		t.Fatalf("page message %q %v, want the first field's", e.Message, e.Data)
	}
	moved := refusedShownAt(err, func(field string) string {
		if strings.HasPrefix(field, "highlight_") {
			return "highlights"
		}
		return ""
	})
	want = domain.FieldErrors{"highlights": msgFieldControl, "keywords": msgFieldInvalidUTF8, "overview": msgFieldNUL}
	if got := domain.AsError(moved).Fields; !isRefusedFields(moved) || !maps.Equal(got, want) {
		t.Fatalf("moved fields %v, want %v", got, want)
	}
	if status, _ := classify(err); status != http.StatusBadRequest {
		t.Fatalf("a handler without a form to show answers %d, want 400", status)
	}
}

// FuzzInputGate checks that the gate never panics, that what it accepts is
// clean NFC text whose check is stable, and that what it refuses really has
// a bad byte or character.
func FuzzInputGate(f *testing.F) {
	for _, seed := range []string{
		"", "plain", "a\x00@example.com", "a\xffb", "Cafe\u0301", "line\r\nnext", "a\rb", "\x1b[0m", "\u0085",
		"\xed\xa0\x80", "\xf4\x90\x80\x80", "\uFFFD", "\u1100\u1161\u11a8", "e\u0301\u0327", "日本語\t", "\x7f",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if replaced := replaceBadText(s); !utf8.ValidString(replaced) {
			t.Fatalf("replaceBadText(%q) = %q, not UTF-8", s, replaced)
		} else if fault, _ := checkText(replaced); fault != faultNone {
			t.Fatalf("replaceBadText(%q) = %q, still refused", s, replaced)
		}
		got, fault, _ := cleanText(s)
		if fault != faultNone {
			if got != "" {
				t.Fatalf("refused %q but returned %q", s, got)
			}
			if utf8.ValidString(s) && !strings.ContainsFunc(s, isBadRune) && !hasLoneCR(s) {
				t.Fatalf("refused %q, which is clean text", s)
			}
			return
		}
		if !utf8.ValidString(got) || !norm.NFC.IsNormalString(got) {
			t.Fatalf("accepted %q as %q, which is not valid NFC", s, got)
		}
		if again, fault, _ := cleanText(got); fault != faultNone || again != got {
			t.Fatalf("cleaning %q again gives %q, %v", got, again, fault)
		}
		vs := url.Values{s: {s}}
		if rejection, _ := cleanValues(vs); rejection != nil || len(vs[got]) != 1 || vs[got][0] != got {
			t.Fatalf("cleanValues(%q) = %v, %v", s, rejection, vs)
		}
	})
}

// isBadRune reports the runes checkText refuses wherever they stand.
func isBadRune(r rune) bool {
	return r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r >= 0x7f && r <= 0x9f
}

func hasLoneCR(s string) bool {
	return strings.Count(s, "\r") != strings.Count(s, "\r\n")
}

// TestBoundQueryCutsBetweenCharacters: a long pair of the address is cut
// where a character begins, raw or escaped, so what is left decodes to a
// prefix of what was sent, and to clean text.
func TestBoundQueryCutsBetweenCharacters(t *testing.T) {
	long := func(unit string) string { return strings.Repeat(unit, maxQueryPairChars) }
	tests := []struct {
		name, text string
	}{
		{"ascii", long("x")},
		{"words", long("retail ")},
		{"escaped two bytes", long("é")},
		{"escaped three bytes", long("€")},
		{"escaped four bytes", long("👍")},
		{"mixed", long("aé€👍 ")},
		{"offset by one", "a" + long("👍")},
		{"offset by two", "ab" + long("€")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, raw := range []string{"q=" + url.QueryEscape(tt.text), "q=" + tt.text} { // escaped, and raw UTF-8
				bounded, cut := boundQuery(raw)
				if !cut {
					t.Fatal("not cut")
				}
				q, err := url.ParseQuery(bounded)
				if err != nil {
					t.Fatalf("the cut query does not parse: %v", err)
				}
				got := q.Get("q")
				if !utf8.ValidString(got) || !strings.HasPrefix(tt.text, got) {
					t.Fatalf("decodes to %q…, not a clean prefix of what was sent", got[:min(len(got), 20)])
				}
				if n := utf8.RuneCountInString(got); n <= domain.MaxSearchLength || n != maxQueryPairChars-len("q=") {
					t.Errorf("%d characters left, want %d, more than the search takes", n, maxQueryPairChars-len("q="))
				}
			}
		})
	}
	short := "q=retail&category=Forecasting"
	if got, cut := boundQuery(short); cut || got != short {
		t.Errorf("a short query became %q", got)
	}
	many := strings.TrimSuffix(strings.Repeat("a=1&", 2000), "&")
	if got, _ := boundQuery(many); strings.Count(got, "&")+1 != maxQueryPairs {
		t.Errorf("%d pairs kept, want %d", strings.Count(got, "&")+1, maxQueryPairs)
	}
}
