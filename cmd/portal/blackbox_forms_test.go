package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"maps"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/domain/app"
	"github.com/mlportal/portal/persistence"
	"github.com/mlportal/portal/persistence/persistencetest"
	"github.com/mlportal/portal/web"
)

// badValues are the bytes no field may take: a NUL, and a byte that is not
// UTF-8.
var badValues = []struct{ name, value string }{
	{"NUL", "a\x00b"},
	{"invalid UTF-8", "a\xffb"},
}

// notFuzzed are the POST routes whose forms are left alone, each with why.
// Every other POST route must be reached by a form on some page, so a new
// route joins the table by itself, and one no page links to fails here.
var notFuzzed = map[string]string{
	"POST /logout":                                  "ends the session",
	"POST /iam/users/:name/delete":                  "deletes an IAM user",
	"POST /sagemaker/model-packages/:name/delete":   "deletes a model package",
	"POST /sagemaker/algorithms/:name/delete":       "deletes an algorithm",
	"POST /iam/users/:name/policies/:policy/detach": "removes a policy",
	"POST /management/products/ml/:id/sign-off": "shows only for a product or version in test, which takes " +
		"a new version through every step first",
	"POST /management/products/ml/:id/submit": "offered only while a listing has edits waiting to be submitted; " +
		"the black box's listings are published with nothing waiting",
	"POST /management/products/ml/:id/versions/restrict": "its form is on the confirmation page that the versions page's " +
		"GET form opens; the crawl follows links, not forms",
	"POST /settings/sessions/:handle/end": "ends a session, the test's own among them",
	"POST /settings/sessions/end-all":     "ends every session",
}

// route is one registered route, as a pattern to match request paths.
type route struct {
	Method, Path string
	re           *regexp.Regexp
	params       int
}

func (r route) key() string { return r.Method + " " + r.Path }

// routeTable builds the same server in this process only to list its
// routes: the table the crawl and the fuzzing are checked against.
func routeTable(t *testing.T) []route {
	t.Helper()
	db := persistencetest.SQLite(t)
	sealer, err := persistence.NewSealer([]byte(strings.Repeat("k", 32)))
	if err != nil {
		t.Fatal(err)
	}
	core, err := app.New(db.Repositories(sealer), app.Config{
		Clock: domain.SystemClock{}, Hasher: domain.NewFastHasher(), PublishDelay: time.Hour,
	})
	if err != nil {
		t.Fatal(err)
	}
	srv, err := web.New(web.Config{SessionSecret: []byte(strings.Repeat("s", 32))}, core, db)
	if err != nil {
		t.Fatal(err)
	}
	param := regexp.MustCompile(`:[^/]+`)
	var routes []route
	for _, r := range srv.Routes() {
		if r.Method != http.MethodGet && r.Method != http.MethodPost || strings.HasPrefix(r.Path, "/static") ||
			strings.Contains(r.Path, "*") {
			continue
		}
		pattern := regexp.QuoteMeta(r.Path)
		pattern = param.ReplaceAllString(pattern, `[^/]+`)
		routes = append(routes, route{
			Method: r.Method, Path: r.Path, re: regexp.MustCompile("^" + pattern + "$"),
			params: strings.Count(r.Path, ":"),
		})
	}
	if len(routes) < 20 {
		t.Fatalf("only %d routes listed; the route table looks wrong", len(routes))
	}
	return routes
}

// matchRoute returns the route that serves method and path, preferring the
// one with fewest parameters as Echo's router does (/iam/users/new before
// /iam/users/:name).
func matchRoute(routes []route, method, path string) (route, bool) {
	var best route
	found := false
	for _, r := range routes {
		if r.Method == method && r.re.MatchString(path) && (!found || r.params < best.params) {
			best, found = r, true
		}
	}
	return best, found
}

// browser is one visitor: a cookie jar, no automatic redirects, and every
// cookie value it is given counted as a secret.
type browser struct {
	name   string
	p      *portal
	client *http.Client
}

func (p *portal) newBrowser(name string) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{name: name, p: p, client: &http.Client{
		Jar:       jar,
		Transport: recordCookies{p.http, p.secrets},
		Timeout:   30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}}
}

// recordCookies counts every cookie the server sets as a secret.
type recordCookies struct {
	base    http.RoundTripper
	secrets *secretSet
}

func (rc recordCookies) RoundTrip(req *http.Request) (*http.Response, error) {
	res, err := rc.base.RoundTrip(req)
	if err == nil {
		for _, c := range res.Cookies() {
			if len(c.Value) >= 16 {
				rc.secrets.add("the value of cookie "+c.Name, c.Value)
			}
		}
	}
	return res, err
}

// do sends req and returns the answer with its body read.
func (b *browser) do(t *testing.T, req *http.Request) (*http.Response, []byte) {
	t.Helper()
	res, err := b.client.Do(req)
	if err != nil {
		t.Fatalf("%s: %s %s: %v %s", b.name, req.Method, req.URL, err, b.p.crashed())
	}
	body, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil {
		t.Fatalf("%s: %s %s: reading the body: %v", b.name, req.Method, req.URL, err)
	}
	return res, body
}

func (b *browser) get(t *testing.T, pathOrURL string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, b.abs(pathOrURL), nil)
	if err != nil {
		t.Fatal(err)
	}
	return b.do(t, req)
}

func (b *browser) postForm(t *testing.T, path string, values url.Values) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), http.MethodPost, b.abs(path),
		strings.NewReader(values.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(t, req)
}

func (b *browser) abs(pathOrURL string) string {
	if strings.HasPrefix(pathOrURL, "/") {
		return b.p.base + pathOrURL
	}
	return pathOrURL
}

// csrfToken reads the sign-in or sign-up page's token, counted as a secret.
func (b *browser) csrfToken(t *testing.T, path string) string {
	t.Helper()
	res, body := b.get(t, path)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("%s: GET %s: status %d", b.name, path, res.StatusCode)
	}
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	token, _ := doc.Find(`form[method=post] input[name="_csrf"]`).First().Attr("value")
	if token == "" {
		t.Fatalf("%s: no CSRF token on %s", b.name, path)
	}
	b.p.secrets.add("a CSRF token", token)
	return token
}

// signIn signs u in as a root user with the sign-in form.
func (b *browser) signIn(t *testing.T, u demoCredential) {
	t.Helper()
	token := b.csrfToken(t, "/login")
	res, _ := b.postForm(t, "/login", url.Values{"_csrf": {token}, "email": {u.Email}, "password": {u.Password}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("%s could not sign in: status %d", u.Email, res.StatusCode)
	}
}

// field is one control of a form, with the value the page gave it.
type field struct {
	name, value, kind string
	fuzz              bool
}

// form is one form as a browser would submit it.
type form struct {
	page      string // the page it was found on
	method    string
	action    *url.URL
	multipart bool
	fields    []field
	route     route
	submits   bool // it has an enabled submit button
}

// key identifies a form for deduplication: the same route with the same
// fields is the same form, whichever product or user page shows it.
func (f form) key() string {
	var names []string
	for _, fl := range f.fields {
		if !slices.Contains(names, fl.name) {
			names = append(names, fl.name)
		}
	}
	sort.Strings(names)
	return fmt.Sprintf("%s %s multipart=%t %s", f.method, f.route.Path, f.multipart, strings.Join(names, ","))
}

// fuzzNames are the fields to fill with bad bytes: each name once.
func (f form) fuzzNames() []string {
	var names []string
	for _, fl := range f.fields {
		if fl.fuzz && !slices.Contains(names, fl.name) {
			names = append(names, fl.name)
		}
	}
	return names
}

// values are what a browser sends as the page left the form, with name
// set to bad when name is not empty.
func (f form) values(name, bad string) url.Values {
	v := url.Values{}
	for _, fl := range f.fields {
		if fl.kind == "unchecked" {
			continue
		}
		v.Add(fl.name, fl.value)
	}
	if name != "" {
		v.Set(name, bad)
	}
	return v
}

// textKinds are the input types a person types into or a page fills in.
var textKinds = map[string]bool{
	"text": true, "email": true, "password": true, "url": true, "number": true, "search": true, "hidden": true,
	"tel": true, "date": true, "datetime-local": true, "month": true, "week": true, "time": true, "color": true,
	"range": true,
}

// parseForms returns the forms of an HTML page, with an extra form for
// each element inside a form that posts it elsewhere with htmx (hx-post).
func parseForms(t *testing.T, pageURL *url.URL, body []byte) []form {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("%s: %v", pageURL, err)
	}
	var forms []form
	doc.Find("form").Each(func(_ int, s *goquery.Selection) {
		method := strings.ToUpper(strings.TrimSpace(s.AttrOr("method", "get")))
		action, err := pageURL.Parse(strings.TrimSpace(s.AttrOr("action", "")))
		if err != nil {
			t.Errorf("%s: form action %q: %v", pageURL, s.AttrOr("action", ""), err)
			return
		}
		f := form{
			page: pageURL.String(), method: method, action: action,
			multipart: strings.EqualFold(s.AttrOr("enctype", ""), "multipart/form-data"),
		}
		controls := s.Find("input, textarea, select, button")
		if id, ok := s.Attr("id"); ok && id != "" {
			controls = controls.AddSelection(doc.Find(fmt.Sprintf(`[form="%s"]`, id)))
		}
		controls.Each(func(_ int, c *goquery.Selection) { f.addControl(c) })
		forms = append(forms, f)
		s.Find("[hx-post]").Each(func(_ int, h *goquery.Selection) {
			target, err := pageURL.Parse(h.AttrOr("hx-post", ""))
			if err != nil || h.AttrOr("hx-post", "") == "" {
				return
			}
			hf := f
			hf.method, hf.action = http.MethodPost, target
			forms = append(forms, hf)
		})
	})
	return forms
}

// addControl adds what c contributes to the form, as a browser would: a
// disabled control (or one in a disabled fieldset) sends nothing, and only
// the first submit button sends its name.
func (f *form) addControl(c *goquery.Selection) {
	if _, disabled := c.Attr("disabled"); disabled || c.Closest("fieldset[disabled]").Length() > 0 {
		return
	}
	tag, kind := goquery.NodeName(c), strings.ToLower(c.AttrOr("type", ""))
	if tag == "button" && (kind == "" || kind == "submit") || tag == "input" && (kind == "submit" || kind == "image") {
		if name := c.AttrOr("name", ""); name != "" && !f.submits {
			f.fields = append(f.fields, field{name: name, value: c.AttrOr("value", ""), kind: "button"})
		}
		f.submits = true
		return
	}
	name := c.AttrOr("name", "")
	if name == "" {
		return
	}
	switch tag {
	case "textarea":
		f.fields = append(f.fields, field{name: name, value: c.Text(), kind: "textarea", fuzz: true})
	case "select":
		opt := c.Find("option[selected]").First()
		if opt.Length() == 0 {
			opt = c.Find("option").First()
		}
		value, ok := opt.Attr("value")
		if !ok {
			value = strings.TrimSpace(opt.Text())
		}
		f.fields = append(f.fields, field{name: name, value: value, kind: "select", fuzz: true})
	case "input":
		if kind == "" {
			kind = "text"
		}
		value := c.AttrOr("value", "")
		switch {
		case kind == "checkbox" || kind == "radio":
			if value == "" {
				value = "on"
			}
			if _, checked := c.Attr("checked"); !checked {
				kind = "unchecked"
			}
			f.fields = append(f.fields, field{name: name, value: value, kind: kind, fuzz: true})
		case kind == "file":
			f.fields = append(f.fields, field{name: name, kind: "file"})
		case textKinds[kind]:
			f.fields = append(f.fields, field{name: name, value: value, kind: kind, fuzz: name != "_csrf"})
		}
	}
}

// fuzzStats counts what the fuzzing reached, for the report and for the
// floor that keeps the test from passing on nothing.
type fuzzStats struct {
	pages, forms, fields, names, files, params, requests int
	statuses                                             map[int]int
	// getRoutes are the pages read, formRoutes the routes of forms fuzzed.
	getRoutes, formRoutes map[string]bool
}

func (s *fuzzStats) count(res *http.Response) {
	s.requests++
	s.statuses[res.StatusCode]++
}

// fuzzEveryForm crawls the portal signed out (with the links the portal
// emails) and as the demo seller, buyer and Seller Operations user. It
// submits every form once per field with each bad value in that field,
// and reads each page again with a bad value in each path parameter and in
// the query. Between two crawls as the seller it makes, with valid forms,
// what some forms need to appear: an IAM user, a request for test accounts
// (for the operations desk), and a listing change submitted for publishing
// and staged (for a notification).
func fuzzEveryForm(t *testing.T, p *portal, users map[string]demoCredential, routes []route) {
	start := time.Now()
	stats := &fuzzStats{statuses: map[int]int{}, getRoutes: map[string]bool{}, formRoutes: map[string]bool{}}
	seen := map[string]bool{}
	visit := func(b *browser, start ...string) []form {
		forms, pages := b.crawl(t, routes, start, stats)
		for _, f := range forms {
			if key := b.name + " " + f.key(); !seen[key] {
				seen[key] = true
				b.fuzzForm(t, f, stats)
			}
		}
		for _, r := range routes {
			if u := pages[r.key()]; u != nil && !seen[b.name+" "+r.key()] {
				seen[b.name+" "+r.key()] = true
				b.fuzzPage(t, u, r, stats)
			}
		}
		return forms
	}
	visitor := p.newBrowser("signed out")
	links := followEmailedLinks(t, visitor, users["tester"])
	visit(visitor, append([]string{"/login", "/login?as=iam", "/signup", "/marketplace"}, links...)...)

	seller := p.newBrowser("seller")
	seller.signIn(t, users["seller"])
	forms := visit(seller, "/", "/marketplace")
	setUpState(t, seller, routes, forms, users["tester"])
	visit(seller, "/", "/marketplace")

	buyer := p.newBrowser("buyer")
	buyer.signIn(t, users["buyer"])
	visit(buyer, "/", "/marketplace", "/sagemaker/subscriptions")

	operator := p.newBrowser("seller operations")
	operator.signIn(t, users["seller operations"])
	visit(operator, "/operations", "/")

	for _, b := range []*browser{seller, buyer, operator} {
		if res, _ := b.get(t, "/"); res.StatusCode != http.StatusOK {
			t.Errorf("%s: the session ended during the fuzzing: GET / answers %d", b.name, res.StatusCode)
		}
	}
	exempt := maps.Clone(notFuzzed)
	if p.mail == nil {
		for _, key := range []string{"POST /password-reset/:token", "POST /signup/confirm/:token"} {
			exempt[key] = "its form is reached only from an emailed link, and the binary has no -smtp-url to send it"
		}
	}
	checkRouteCoverage(t, routes, exempt, stats)
	t.Logf("fuzzed %d forms (%d fields, %d bad field names, %d bad uploads) found on %d pages, and %d path and "+
		"query parameters, with %d requests in %s; statuses %v", stats.forms, stats.fields, stats.names, stats.files,
		stats.pages, stats.params, stats.requests, time.Since(start).Round(time.Millisecond), stats.statuses)
	// Floors, so that a crawl that finds nothing cannot pass.
	if stats.pages < 30 || stats.forms < 15 || stats.fields < 40 {
		t.Errorf("the crawl reached too little: %d pages, %d forms, %d fields (want at least 30, 15, 40)",
			stats.pages, stats.forms, stats.fields)
	}
}

// followEmailedLinks signs up and asks for a password reset for the demo
// tester, and returns the paths of the links the portal emails for them:
// pages whose forms are reached from nowhere else.
func followEmailedLinks(t *testing.T, visitor *browser, tester demoCredential) []string {
	t.Helper()
	if visitor.p.mail == nil {
		t.Log("the binary has no -smtp-url: the emailed links are not followed")
		return nil
	}
	password := "bbx sign-up password " + randomSecret(t)
	visitor.p.secrets.add("the password of the test's own sign-up", password)
	token := visitor.csrfToken(t, "/signup")
	res, body := visitor.postForm(t, "/signup", url.Values{"_csrf": {token}, "account_name": {"Black box"},
		"email": {"blackbox-links@example.com"}, "password": {password}})
	if res.StatusCode >= 400 {
		t.Fatalf("set-up: sign-up refused: status %d%s", res.StatusCode, excerpt(body))
	}
	confirm := visitor.p.mail.waitLink(t, "/signup/confirm/")
	token = visitor.csrfToken(t, "/password-reset")
	res, body = visitor.postForm(t, "/password-reset", url.Values{"_csrf": {token}, "email": {tester.Email}})
	if res.StatusCode >= 400 {
		t.Fatalf("set-up: password reset refused: status %d%s", res.StatusCode, excerpt(body))
	}
	reset := visitor.p.mail.waitLink(t, "/password-reset/")
	return []string{confirm, reset}
}

// setUpState submits valid forms the seller's crawl found, so that the next
// crawls find the forms that only show for some state.
func setUpState(t *testing.T, seller *browser, routes []route, forms []form, tester demoCredential) {
	t.Helper()
	password := "bbx iam password " + randomSecret(t)
	seller.p.secrets.add("the password of the IAM user the test creates", password)
	seller.submitValid(t, routes, forms, "POST /iam/users/new", nil, url.Values{
		"user_name": {"bbx-auditor"}, "password": {password},
	})
	seller.submitValid(t, routes, forms, "POST /management/products/ml/:id/test-account-requests", nil, url.Values{
		"request_accounts": {tester.AccountID}, "request_message": {"Black-box test: please allow the tester."},
	})
	// The demo products are all public with nothing to submit: change a
	// section of one, then submit it for publishing.
	hasSupport := func(f form) bool {
		return slices.ContainsFunc(f.fields, func(fl field) bool { return fl.name == "support_description" })
	}
	edited := seller.submitValid(t, routes, forms, "POST /management/products/ml/:id/edit/:section", hasSupport,
		url.Values{"support_description": {"Black-box test support: write to us and we answer within a day."}})
	overview, _, ok := strings.Cut(edited, "/edit/")
	if !ok {
		return
	}
	if seller.submitValid(t, routes, seller.formsOn(t, routes, overview), "POST /management/products/ml/:id/submit",
		func(f form) bool { return f.submits }, nil) == "" {
		return
	}
	// The publishing job stages the change after the delay the binary was
	// started with, and tells the seller, whose home then offers to mark
	// the notice read.
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if _, body := seller.get(t, "/"); bytes.Contains(body, []byte(`action="/notifications/read"`)) {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Errorf("set-up: the change submitted on %s was not staged within 20 s: no notification on the home page", overview)
}

// submitValid sends the first form of routeKey (that ok accepts, when ok is
// given) with values set, and requires it to be accepted with a redirect.
// It reads the form's page again first, so that the form's revision is
// the current one. It returns the page the form was on.
func (b *browser) submitValid(t *testing.T, routes []route, forms []form, routeKey string, ok func(form) bool,
	set url.Values) string {
	t.Helper()
	match := func(f form) bool { return f.route.key() == routeKey && (ok == nil || ok(f)) }
	for _, stale := range forms {
		if !match(stale) {
			continue
		}
		for _, f := range b.formsOn(t, routes, stale.page) {
			if !match(f) {
				continue
			}
			values := f.values("", "")
			for k, v := range set {
				values[k] = v
			}
			res, body := b.submit(t, f, f.action, values)
			if res.StatusCode != http.StatusSeeOther {
				t.Errorf("set-up: %s (form on %s) was not accepted: status %d%s", routeKey, f.page, res.StatusCode,
					excerpt(body))
				return ""
			}
			return f.page
		}
	}
	t.Errorf("set-up: the seller's crawl found no form for %s", routeKey)
	return ""
}

// formsOn reads page and returns its forms, each with its route.
func (b *browser) formsOn(t *testing.T, routes []route, page string) []form {
	t.Helper()
	res, body := b.get(t, page)
	if res.StatusCode != http.StatusOK {
		t.Errorf("set-up: GET %s: status %d", page, res.StatusCode)
		return nil
	}
	u, _ := url.Parse(page)
	var forms []form
	for _, f := range parseForms(t, u, body) {
		if r, ok := matchRoute(routes, f.method, f.action.Path); ok {
			f.route = r
			forms = append(forms, f)
		}
	}
	return forms
}

// maxPages bounds one visitor's crawl.
const maxPages = 400

// crawl follows same-origin links breadth first from start and returns the
// forms of every page, each matched to the route that serves it, and the
// first page read of each GET route. Pages that differ only in the values
// of their query are read once.
func (b *browser) crawl(t *testing.T, routes []route, start []string, stats *fuzzStats) ([]form, map[string]*url.URL) {
	t.Helper()
	pages := map[string]*url.URL{}
	base, _ := url.Parse(b.p.base)
	queue := slices.Clone(start)
	seen := map[string]bool{}
	var forms []form
	for len(queue) > 0 && len(seen) < maxPages {
		raw := queue[0]
		queue = queue[1:]
		u, err := base.Parse(raw)
		if err != nil || u.Host != base.Host || skipLink(u.Path) {
			continue
		}
		u.Fragment = ""
		key := pageKey(u)
		if seen[key] {
			continue
		}
		seen[key] = true
		res, body := b.get(t, u.String())
		if res.StatusCode >= 500 {
			t.Errorf("%s: GET %s: status %d", b.name, u.RequestURI(), res.StatusCode)
		}
		if r, ok := matchRoute(routes, http.MethodGet, u.Path); ok && res.StatusCode < 400 {
			stats.getRoutes[r.key()] = true
			if pages[r.key()] == nil {
				pages[r.key()] = u
			}
		}
		if loc := res.Header.Get("Location"); res.StatusCode >= 300 && res.StatusCode < 400 && loc != "" {
			queue = append(queue, resolve(u, loc))
			continue
		}
		if !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
			continue
		}
		stats.pages++
		doc, err := goquery.NewDocumentFromReader(bytes.NewReader(body))
		if err != nil {
			t.Fatalf("%s: %v", u, err)
		}
		doc.Find("a[href]").Each(func(_ int, a *goquery.Selection) {
			queue = append(queue, resolve(u, a.AttrOr("href", "")))
		})
		for _, f := range parseForms(t, u, body) {
			for _, fl := range f.fields {
				if fl.name == "_csrf" {
					b.p.secrets.add("a CSRF token", fl.value)
				}
			}
			if f.action.Host != base.Host {
				continue
			}
			r, ok := matchRoute(routes, f.method, f.action.Path)
			if !ok {
				t.Errorf("%s: a form on %s goes to %s %s, which no route serves", b.name, u.RequestURI(), f.method,
					f.action.Path)
				continue
			}
			f.route = r
			forms = append(forms, f)
		}
	}
	return forms, pages
}

func resolve(page *url.URL, ref string) string {
	u, err := page.Parse(strings.TrimSpace(ref))
	if err != nil {
		return ""
	}
	return u.String()
}

// skipLink leaves out what is not a page: files, images and the health check.
func skipLink(path string) bool {
	return strings.HasPrefix(path, "/static/") || path == "/healthz" || strings.HasSuffix(path, "/logo")
}

// pageKey is a page's path with the names, not values, of its query.
func pageKey(u *url.URL) string {
	names := make([]string, 0, len(u.Query()))
	for name := range u.Query() {
		names = append(names, name)
	}
	sort.Strings(names)
	return u.Path + "?" + strings.Join(names, "&")
}

// fuzzForm submits f once per field and bad value, requiring each refused.
// A form with nothing to type into is sent with an extra bad field, so its
// route is tried too; only a 5xx fails there, since a handler need not read
// a field its form does not have. Then each path parameter of the form's
// address gets the bad values, with the form's own values.
func (b *browser) fuzzForm(t *testing.T, f form, stats *fuzzStats) {
	t.Helper()
	if reason, skip := notFuzzed[f.route.key()]; skip {
		t.Logf("%s: not fuzzing %s on %s: %s", b.name, f.route.key(), f.page, reason)
		return
	}
	names := f.fuzzNames()
	stats.forms++
	stats.fields += len(names)
	stats.formRoutes[f.route.key()] = true
	for _, name := range names {
		for _, bad := range badValues {
			res, body := b.submit(t, f, f.action, f.values(name, bad.value))
			stats.count(res)
			if res.StatusCode >= 500 || res.StatusCode < 400 {
				t.Errorf("%s: %s %s (form on %s), field %q = %s: status %d, want the value refused with a 4xx%s",
					b.name, f.method, f.action.RequestURI(), f.page, name, bad.name, res.StatusCode, excerpt(body))
			}
		}
	}
	if len(names) == 0 {
		for _, bad := range badValues {
			res, body := b.submit(t, f, f.action, f.values("bbx_extra", bad.value))
			stats.count(res)
			if res.StatusCode >= 500 {
				t.Errorf("%s: %s %s (form on %s), extra field = %s: status %d%s",
					b.name, f.method, f.action.RequestURI(), f.page, bad.name, res.StatusCode, excerpt(body))
			}
		}
	}
	for _, bad := range badValues {
		// A field name no input has, which only the gate can refuse.
		res, body := b.submit(t, f, f.action, f.values("bbx"+bad.value, "x"))
		stats.count(res)
		stats.names++
		if res.StatusCode >= 500 || res.StatusCode < 400 {
			t.Errorf("%s: %s %s (form on %s), a field name with %s: status %d, want it refused with a 4xx%s",
				b.name, f.method, f.action.RequestURI(), f.page, bad.name, res.StatusCode, excerpt(body))
		}
	}
	for _, fl := range f.fields {
		if fl.kind != "file" {
			continue
		}
		// A file's contents and name are the handler's to judge: any answer
		// but a server error will do.
		for _, bad := range badValues {
			for _, file := range []upload{
				{field: fl.name, filename: "bbx.txt", content: bad.value},
				{field: fl.name, filename: "bbx" + bad.value + ".txt", content: "bbx"},
			} {
				res, body := b.submit(t, f, f.action, f.values("", ""), file)
				stats.count(res)
				stats.files++
				if res.StatusCode >= 500 {
					t.Errorf("%s: %s %s (form on %s), file %q named %q with %s: status %d%s", b.name, f.method,
						f.action.RequestURI(), f.page, fl.name, file.filename, bad.name, res.StatusCode, excerpt(body))
				}
			}
		}
	}
	for _, target := range badPaths(f.action, f.route) {
		res, body := b.submit(t, f, target.url, f.values("", ""))
		stats.count(res)
		stats.params++
		if res.StatusCode >= 500 || res.StatusCode < 400 {
			t.Errorf("%s: %s %s (form on %s), path parameter %s = %s: status %d, want the value refused with a 4xx%s",
				b.name, f.method, target.url.EscapedPath(), f.page, target.param, target.bad, res.StatusCode, excerpt(body))
		}
	}
}

// fuzzPage reads page u (served by r) again with each bad value in each of
// its path parameters, and in an extra query parameter.
func (b *browser) fuzzPage(t *testing.T, u *url.URL, r route, stats *fuzzStats) {
	t.Helper()
	targets := badPaths(u, r)
	for _, bad := range badValues {
		q := *u
		values := q.Query()
		values.Set("bbx_query", bad.value)
		q.RawQuery = values.Encode()
		targets = append(targets, badTarget{url: &q, param: "?bbx_query", bad: bad.name})
	}
	for _, target := range targets {
		res, body := b.get(t, target.url.String())
		stats.count(res)
		stats.params++
		if res.StatusCode >= 500 || res.StatusCode < 400 {
			t.Errorf("%s: GET %s, parameter %s = %s: status %d, want the value refused with a 4xx%s",
				b.name, target.url.RequestURI(), target.param, target.bad, res.StatusCode, excerpt(body))
		}
	}
}

// badTarget is an address with a bad value in one parameter.
type badTarget struct {
	url        *url.URL
	param, bad string
}

// badPaths returns u once for each path parameter of r and bad value, with
// that segment replaced by the bad value.
func badPaths(u *url.URL, r route) []badTarget {
	pattern := strings.Split(r.Path, "/")
	segments := strings.Split(u.EscapedPath(), "/")
	if len(pattern) != len(segments) {
		return nil
	}
	var targets []badTarget
	for i, p := range pattern {
		if !strings.HasPrefix(p, ":") {
			continue
		}
		for _, bad := range badValues {
			s := slices.Clone(segments)
			s[i] = url.PathEscape(bad.value)
			t, err := u.Parse(strings.Join(s, "/"))
			if err != nil {
				continue
			}
			t.RawQuery = u.RawQuery
			targets = append(targets, badTarget{url: t, param: p, bad: bad.name})
		}
	}
	return targets
}

// upload is a file sent in a file input.
type upload struct{ field, filename, content string }

// submit sends values as f would: a query for GET, else a urlencoded or
// multipart body. File inputs are sent as given in files, else empty, as a
// browser sends them when no file is chosen.
func (b *browser) submit(t *testing.T, f form, action *url.URL, values url.Values,
	files ...upload) (*http.Response, []byte) {
	t.Helper()
	target := *action
	var body io.Reader
	contentType := ""
	switch {
	case f.method == http.MethodGet:
		target.RawQuery = values.Encode()
	case f.multipart:
		var buf bytes.Buffer
		w := multipart.NewWriter(&buf)
		for _, name := range slices.Sorted(maps.Keys(values)) {
			for _, v := range values[name] {
				if err := w.WriteField(name, v); err != nil {
					t.Fatal(err)
				}
			}
		}
		for _, fl := range f.fields {
			if fl.kind != "file" {
				continue
			}
			file := upload{field: fl.name}
			for _, u := range files {
				if u.field == fl.name {
					file = u
				}
			}
			part, err := w.CreateFormFile(file.field, file.filename)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := io.WriteString(part, file.content); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		body, contentType = &buf, w.FormDataContentType()
	default:
		body, contentType = strings.NewReader(values.Encode()), "application/x-www-form-urlencoded"
	}
	req, err := http.NewRequestWithContext(context.Background(), f.method, target.String(), body)
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	return b.do(t, req)
}

// excerpt shows the start of an error page's text, for a failure message.
func excerpt(body []byte) string {
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(body))
	if err != nil {
		return ""
	}
	text := strings.Join(strings.Fields(doc.Find("main").Text()), " ")
	if text == "" {
		text = strings.Join(strings.Fields(doc.Text()), " ")
	}
	// A page that shows a bad value again must not carry it into the report.
	text = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return utf8.RuneError
		}
		return r
	}, strings.ToValidUTF8(text, string(utf8.RuneError)))
	if len(text) > 200 {
		text = strings.ToValidUTF8(text[:200], "") + "…"
	}
	return ": " + text
}

// checkRouteCoverage requires every POST route to have been fuzzed through
// a form, or be exempt (notFuzzed), and logs the GET routes no link reached.
func checkRouteCoverage(t *testing.T, routes []route, exempt map[string]string, stats *fuzzStats) {
	t.Helper()
	var unreached []string
	for _, r := range routes {
		switch r.Method {
		case http.MethodPost:
			if _, skip := exempt[r.key()]; !skip && !stats.formRoutes[r.key()] {
				t.Errorf("no form on any page reached %s: link it from a page, or list it in notFuzzed with why", r.key())
			}
		case http.MethodGet:
			if !stats.getRoutes[r.key()] && r.Path != "/healthz" {
				unreached = append(unreached, r.Path)
			}
		}
	}
	if len(unreached) > 0 {
		t.Logf("GET routes no link reached: %s", strings.Join(unreached, ", "))
	}
}
