package web

import (
	"strings"
	"testing"
	"time"
)

type digestPage struct {
	Title  string
	CSRF   string `kept:"token"`
	Rows   []digestRow
	Data   map[string]any
	Seen   map[int64]bool
	User   *digestUser
	At     time.Time
	hidden int
}

type digestRow struct {
	A, B    string
	Confirm string `kept:"token"`
}

type digestUser struct{ Name string }

func digestOf(t *testing.T, v any) (string, []string) {
	t.Helper()
	d := &viewDigest{}
	if !d.digest(v) {
		t.Fatalf("%#v: not digested", v)
	}
	return d.sum(), append([]string(nil), d.tokens...)
}

// TestViewDigestNamesEverythingShown: every field a page could show
// changes the digest; the tokens do not, and are collected once each.
func TestViewDigestNamesEverythingShown(t *testing.T) {
	at := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	base := func() digestPage {
		return digestPage{Title: "t", CSRF: "tok1", Rows: []digestRow{{A: "a", B: "bc", Confirm: "tok2"}},
			Data: map[string]any{"n": 1, "s": "x"}, Seen: map[int64]bool{1: true, 2: false}, At: at}
	}
	want, tokens := digestOf(t, base())
	if strings.Join(tokens, ",") != "tok1,tok2" {
		t.Errorf("tokens %v, want tok1,tok2", tokens)
	}
	changes := map[string]func(*digestPage){
		"title":          func(p *digestPage) { p.Title = "u" },
		"parts shifted":  func(p *digestPage) { p.Rows[0].A, p.Rows[0].B = "ab", "c" },
		"another row":    func(p *digestPage) { p.Rows = append(p.Rows, digestRow{}) },
		"map value":      func(p *digestPage) { p.Data["n"] = 2 },
		"map value type": func(p *digestPage) { p.Data["n"] = "1" },
		"map key":        func(p *digestPage) { p.Seen[3] = true },
		"a user":         func(p *digestPage) { p.User = &digestUser{} },
		"time":           func(p *digestPage) { p.At = at.Add(time.Minute) },
		"unexported":     func(p *digestPage) { p.hidden = 1 },
		"token emptied":  func(p *digestPage) { p.CSRF = "" },
		"tokens shared":  func(p *digestPage) { p.Rows[0].Confirm = p.CSRF },
	}
	for name, change := range changes {
		p := base()
		change(&p)
		if got, _ := digestOf(t, p); got == want {
			t.Errorf("%s: the digest did not change", name)
		}
	}
	same := map[string]func(*digestPage){
		"fresh tokens": func(p *digestPage) { p.CSRF, p.Rows[0].Confirm = "tok3", "tok4" },
		"map rebuilt":  func(p *digestPage) { p.Data = map[string]any{"s": "x", "n": 1} },
	}
	for name, change := range same {
		p := base()
		change(&p)
		if got, _ := digestOf(t, p); got != want {
			t.Errorf("%s: the digest changed", name)
		}
	}
	if (&viewDigest{}).digest(struct{ F func() }{}) {
		t.Error("a view holding a function was digested")
	}
}

// TestSplitAtPutsEachTokenBack: a page cut at its tokens and spliced
// with others is the page with the others in their places.
func TestSplitAtPutsEachTokenBack(t *testing.T) {
	page := "<a>tokA</a><b>tokB</b><c>tokA</c>end"
	kept, ok := splitAt([]byte(page), []string{"tokA", "", "tokB"})
	if !ok {
		t.Fatal("the page was refused")
	}
	var b strings.Builder
	fresh := []string{"NEW1", "", "NEW2"}
	for i, part := range kept.parts {
		if i > 0 {
			b.WriteString(fresh[kept.slots[i-1]])
		}
		b.Write(part)
	}
	if got, want := b.String(), "<a>NEW1</a><b>NEW2</b><c>NEW1</c>end"; got != want {
		t.Errorf("spliced %q, want %q", got, want)
	}
}

// TestSplitAtRefusesAPageMissingAToken: a token the page does not show as
// given may be in it otherwise, so the page is not kept.
func TestSplitAtRefusesAPageMissingAToken(t *testing.T) {
	if _, ok := splitAt([]byte(`<a href="/x?t=tok%2BA">`), []string{"tok+A"}); ok {
		t.Error("a page showing its token escaped was kept")
	}
}
