package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// confirm opens the confirmation page at path (where a destructive button
// leads without JavaScript), types typed in the name field when there is
// one, and posts it as the page's form would, with extra fields set on top.
func (c *client) confirm(path, typed string, extra url.Values) *response {
	c.env.t.Helper()
	page := c.get(path)
	if page.StatusCode != http.StatusOK {
		c.env.t.Fatalf("confirmation page %s: status %d; body:\n%.2000s", path, page.StatusCode, page.body)
	}
	action, _, _ := strings.Cut(path, "?")
	return c.postConfirmForm(page, action, typed, extra)
}

// postConfirmForm posts the confirmation form of a page that posts to
// action (a modal's or the confirmation page's).
func (c *client) postConfirmForm(page *response, action, typed string, extra url.Values) *response {
	c.env.t.Helper()
	form := page.doc.Find(`form[data-testid=confirm-form][action="` + action + `"]`).First()
	if form.Length() == 0 {
		c.env.t.Fatalf("no confirmation form; body:\n%.2000s", page.body)
	}
	values := url.Values{}
	form.Find("input[type=hidden]").Each(func(_ int, in *goquery.Selection) {
		name, _ := in.Attr("name")
		value, _ := in.Attr("value")
		values.Add(name, value)
	})
	if form.Find("input[name=confirm_name]").Length() > 0 {
		values.Set("confirm_name", typed)
	}
	for k, v := range extra {
		values[k] = v
	}
	return c.postRaw(action, values)
}

// confirmCase is one destructive action and how to tell it was not done.
type confirmCase struct {
	name string
	// setup builds the item and returns the signed-in client, the page
	// with the action's button, the action's address and the name to
	// type ("" when none is asked).
	setup func(t *testing.T, env *testEnv) (c *client, page, action, typed string)
	// done reports whether the action happened.
	done func(t *testing.T, c *client) bool
	// form is posted with the action (a revision, versions).
	form func(t *testing.T, c *client) url.Values
	// redirect is where a confirmed action goes.
	redirect func() string
}

// expectConfirmFlow checks one action: its button leads to a confirmation
// (the first click only asks), a post without the token or with another
// item's token changes nothing, a wrong typed name changes nothing and
// says so with what was typed kept, and the confirmation does it.
func expectConfirmFlow(t *testing.T, tc confirmCase) {
	t.Helper()
	env := newEnv(t)
	c, page, action, typed := tc.setup(t, env)

	// The button is a link to the confirmation, with its modal beside it.
	p := c.get(page)
	expectStatus(t, p, http.StatusOK)
	button := p.doc.Find(`a[href="` + action + `"][data-confirm]`)
	if button.Length() != 1 {
		t.Fatalf("no confirmation button for %s on %s", action, page)
	}
	dialogID, _ := button.Attr("data-confirm")
	dialog := p.doc.Find("dialog#" + dialogID)
	if dialog.Length() != 1 || dialog.Find("form[data-testid=confirm-form]").AttrOr("action", "") != action {
		t.Fatalf("no modal %s posting to %s", dialogID, action)
	}
	if typed != "" && !strings.Contains(dialog.Text(), typed) {
		t.Errorf("modal does not name %q: %q", typed, dialog.Text())
	}
	if got := dialog.Find("input[name=confirm_name]").Length() > 0; got != (typed != "") {
		t.Errorf("modal asks to type the name: %v, want %v", got, typed != "")
	}

	// The first click only asks.
	r := c.get(action)
	expectStatus(t, r, http.StatusOK)
	if r.doc.Find("form[data-testid=confirm-form]").Length() != 1 || tc.done(t, c) {
		t.Fatal("the confirmation page did the action or asks nothing")
	}

	// Posting directly, without the token, does nothing.
	var extra url.Values
	if tc.form != nil {
		extra = tc.form(t, c)
	}
	plain := url.Values{"confirm_name": {typed}}
	for k, v := range extra {
		plain[k] = v
	}
	r = c.post(page, action, plain)
	expectStatus(t, r, http.StatusUnprocessableEntity)
	if !strings.Contains(r.text("[data-testid=confirm-error]"), "Nothing was changed") {
		t.Errorf("no token: message %q", r.text("[data-testid=confirm-error]"))
	}
	if r.doc.Find("form[data-testid=confirm-form]").Length() != 1 || tc.done(t, c) {
		t.Fatal("a post without the confirmation token acted, or asks nothing")
	}

	// A forged token does nothing either.
	forged := url.Values{"_confirm": {"AAAA" + strings.Repeat("x", 60)}, "confirm_name": {typed}}
	for k, v := range extra {
		forged[k] = v
	}
	expectStatus(t, c.post(page, action, forged), http.StatusUnprocessableEntity)
	if tc.done(t, c) {
		t.Fatal("a forged token acted")
	}

	// A wrong name is refused with a message, what was typed kept.
	if typed != "" {
		r = c.confirm(action, typed+"-typo", extra)
		expectStatus(t, r, http.StatusUnprocessableEntity)
		if got := r.text("[data-testid=error-confirm_name]"); !strings.Contains(got, "does not match "+typed) {
			t.Errorf("wrong name: message %q", got)
		}
		if got := r.attr("input[name=confirm_name]", "value"); got != typed+"-typo" {
			t.Errorf("typed name not kept: %q", got)
		}
		if tc.done(t, c) {
			t.Fatal("a wrong typed name acted")
		}
		// The modal's form, from the item's page, refuses it too.
		r = c.postConfirmForm(c.get(page), action, "", extra)
		expectStatus(t, r, http.StatusUnprocessableEntity)
		if tc.done(t, c) {
			t.Fatal("an empty typed name acted")
		}
	}

	// The confirmation, from the modal of the item's page, does it.
	r = c.postConfirmForm(c.get(page), action, typed, extra)
	if r.StatusCode == http.StatusUnprocessableEntity {
		t.Logf("refused: %q %q", r.text("[data-testid=confirm-error]"), r.text("[data-testid=error-confirm_name]"))
	}
	expectRedirect(t, r, tc.redirect())
	if !tc.done(t, c) {
		t.Fatal("the confirmation did not act")
	}
}

func TestConfirmDeleteIAMUserInUse(t *testing.T) {
	expectConfirmFlow(t, confirmCase{
		setup: func(t *testing.T, env *testEnv) (*client, string, string, string) {
			root, _ := env.signedIn("Acme", "root@acme.example")
			root.newIAMUser("alice")
			expectRedirect(t, root.post("/iam/users/alice", "/iam/users/alice/managed-policies",
				url.Values{"managed_policy": {"AWSMarketplaceSellerFullAccess"}}), "/iam/users/alice")
			return root, "/iam/users/alice", "/iam/users/alice/delete", "alice"
		},
		done:     func(t *testing.T, c *client) bool { return c.get("/iam/users/alice").StatusCode == http.StatusNotFound },
		redirect: func() string { return "/iam/users" },
	})
}

func TestConfirmDeleteIAMUserWithAccessKey(t *testing.T) {
	env := newEnv(t)
	root, _ := env.signedIn("Acme", "root@acme.example")
	root.newIAMUser("bob")
	root.newIAMUser("carol")
	root.createAccessKey("bob")
	// A user with an access key is in use: its name must be typed; one
	// with nothing needs no typing.
	if root.get("/iam/users/bob/delete").doc.Find("input[name=confirm_name]").Length() != 1 {
		t.Error("deleting a user with an access key does not ask for its name")
	}
	if root.get("/iam/users/carol/delete").doc.Find("input[name=confirm_name]").Length() != 0 {
		t.Error("deleting an unused user asks for its name")
	}
	expectRedirect(t, root.confirm("/iam/users/carol/delete", "", nil), "/iam/users")
	// A token for carol does not delete bob.
	root.newIAMUser("carol")
	page := root.get("/iam/users/carol/delete")
	token := page.attr("input[name=_confirm]", "value")
	r := root.postRaw("/iam/users/bob/delete", url.Values{"_csrf": {page.csrf(t)}, "_confirm": {token}, "confirm_name": {"bob"}})
	expectStatus(t, r, http.StatusUnprocessableEntity)
	expectStatus(t, root.get("/iam/users/bob"), http.StatusOK)
	// Another account's user is not found, confirmation page included.
	other, _ := env.signedIn("Other", "other@example.com")
	expectStatus(t, other.get("/iam/users/bob/delete"), http.StatusNotFound)
}

func TestConfirmDetachPolicy(t *testing.T) {
	expectConfirmFlow(t, confirmCase{
		setup: func(t *testing.T, env *testEnv) (*client, string, string, string) {
			root, _ := env.signedIn("Acme", "root@acme.example")
			root.newIAMUser("alice")
			expectRedirect(t, root.post("/iam/users/alice", "/iam/users/alice/managed-policies",
				url.Values{"managed_policy": {"AWSMarketplaceSellerFullAccess"}}), "/iam/users/alice")
			return root, "/iam/users/alice", "/iam/users/alice/policies/AWSMarketplaceSellerFullAccess/detach", ""
		},
		done: func(t *testing.T, c *client) bool {
			return c.get("/iam/users/alice").doc.Find("[data-testid=detach-AWSMarketplaceSellerFullAccess]").Length() == 0
		},
		redirect: func() string { return "/iam/users/alice" },
	})
}

func TestConfirmDeleteAccessKey(t *testing.T) {
	var id string
	expectConfirmFlow(t, confirmCase{
		setup: func(t *testing.T, env *testEnv) (*client, string, string, string) {
			root, _ := env.signedIn("Acme", "root@acme.example")
			root.newIAMUser("alice")
			id, _, _ = root.createAccessKey("alice")
			page := "/iam/users/alice/access-keys"
			return root, page, page + "/" + id + "/delete", id
		},
		done: func(t *testing.T, c *client) bool {
			return c.get("/iam/users/alice/access-keys").doc.Find("[data-testid=delete-"+id+"]").Length() == 0
		},
		redirect: func() string { return "/iam/users/alice/access-keys" },
	})
}

func TestConfirmDeleteModelPackage(t *testing.T) {
	expectConfirmFlow(t, confirmCase{
		setup: func(t *testing.T, env *testEnv) (*client, string, string, string) {
			root, _ := env.signedIn("Acme", "root@acme.example")
			expectRedirect(t, root.post(modelPackagesPath+"/new", modelPackagesPath+"/new", validModelPackage("shelf")), modelPackagesPath+"/shelf")
			return root, modelPackagesPath + "/shelf", modelPackagesPath + "/shelf/delete", "shelf"
		},
		done: func(t *testing.T, c *client) bool {
			return c.get(modelPackagesPath+"/shelf").StatusCode == http.StatusNotFound
		},
		redirect: func() string { return modelPackagesPath },
	})
}

func TestConfirmDeleteAlgorithm(t *testing.T) {
	expectConfirmFlow(t, confirmCase{
		setup: func(t *testing.T, env *testEnv) (*client, string, string, string) {
			root, _ := env.signedIn("Acme", "root@acme.example")
			expectRedirect(t, root.post(algorithmsPath+"/new", algorithmsPath+"/new", validAlgorithm("forecaster")), algorithmsPath+"/forecaster")
			return root, algorithmsPath + "/forecaster", algorithmsPath + "/forecaster/delete", "forecaster"
		},
		done: func(t *testing.T, c *client) bool {
			return c.get(algorithmsPath+"/forecaster").StatusCode == http.StatusNotFound
		},
		redirect: func() string { return algorithmsPath },
	})
}

func TestConfirmCancelSubscription(t *testing.T) {
	var page string
	expectConfirmFlow(t, confirmCase{
		setup: func(t *testing.T, env *testEnv) (*client, string, string, string) {
			_, _, id := publicListing(t, env)
			buyer, _ := env.signedIn("Buyer", "buyer@example.com")
			page = "/marketplace/pp/" + id
			expectRedirect(t, buyer.post(page, page+"/subscribe", url.Values{"accept_eula": {"on"}}), page)
			return buyer, page, page + "/cancel", ""
		},
		done: func(t *testing.T, c *client) bool {
			return c.get(page).doc.Find("[data-testid=cancel-subscription]").Length() == 0
		},
		redirect: func() string { return page },
	})
}

func TestConfirmSignOff(t *testing.T) {
	var base string
	expectConfirmFlow(t, confirmCase{
		setup: func(t *testing.T, env *testEnv) (*client, string, string, string) {
			root, id := stagedListing(t, env)
			base = "/management/products/ml/" + id
			return root, base, base + "/sign-off", ""
		},
		done: func(t *testing.T, c *client) bool {
			return c.get(base).text("[data-testid=summary-status]") == "Public"
		},
		redirect: func() string { return base },
	})
}

func TestConfirmRestrictVersions(t *testing.T) {
	env := newEnv(t)
	f := updPublic(t, env)
	v2 := f.addVersion("sentiment-v2", "2.0")
	f.submitAndStage("")
	f.signOff()
	rows := updVersionRows(t, f.versionsPage())
	v1 := rows["1.0"]["id"]
	revision := updRevision(t, f.versionsPage())
	pending := func() bool { return f.versionsPage().doc.Find("[data-testid=pending-badge]").Length() > 0 }

	// Restrict version leads (a GET form) to a page naming the versions.
	r := f.root.get(f.base + "/versions/restrict?revision=" + revision + "&version=" + v1)
	expectStatus(t, r, http.StatusOK)
	if got := r.text("[data-testid=confirm-details]"); got != "1.0" {
		t.Errorf("confirmation lists %q, want 1.0", got)
	}
	if pending() {
		t.Fatal("the confirmation page restricted")
	}
	// A choice the domain refuses is said on the Versions page.
	r = f.root.get(f.base + "/versions/restrict?revision=" + revision + "&version=" + v1 + "&version=" + v2)
	expectStatus(t, r, http.StatusUnprocessableEntity)
	if r.text("[data-testid=error-versions]") == "" {
		t.Error("restricting every public version: no message")
	}
	// Posting directly does nothing.
	r = f.root.post(f.base+"/versions", f.base+"/versions/restrict", url.Values{"revision": {revision}, "version": {v1}})
	expectStatus(t, r, http.StatusUnprocessableEntity)
	if pending() {
		t.Fatal("a post without the token restricted")
	}
	// A token for version 2.0 does not restrict 1.0.
	page := f.root.get(f.base + "/versions/restrict?revision=" + revision + "&version=" + v2)
	r = f.root.postRaw(f.base+"/versions/restrict", url.Values{"_csrf": {page.csrf(t)}, "_confirm": {page.attr("input[name=_confirm]", "value")},
		"revision": {revision}, "version": {v1}})
	expectStatus(t, r, http.StatusUnprocessableEntity)
	if pending() {
		t.Fatal("another choice's token restricted")
	}
	// The confirmation does it.
	expectRedirect(t, f.root.confirm(f.base+"/versions/restrict?revision="+revision+"&version="+v1, "", nil), f.base+"/versions")
	if !pending() {
		t.Fatal("the confirmation did not restrict")
	}
}

func TestConfirmUnpublish(t *testing.T) {
	env := newEnv(t)
	f := updPublic(t, env)
	title := f.root.get(f.base).text("[data-testid=page-title]")
	form := f.root.get(f.base + "/unpublish")
	expectStatus(t, form, http.StatusOK)
	if got := form.text("label[for=f-confirm_name]"); !strings.Contains(got, title) {
		t.Fatalf("the form does not ask to type %q: %q", title, got)
	}
	removed := func() bool { return f.root.get(f.base).text("[data-testid=summary-status]") == "Restricted" }
	values := func(page *response, typed string) url.Values {
		return url.Values{"_csrf": {page.csrf(t)}, "_confirm": {page.attr("input[name=_confirm]", "value")},
			"revision": {page.attr("input[name=revision]", "value")}, "email": {"ops@acme.example"}, "reason": {"Old."},
			"confirm_name": {typed}}
	}
	// Without the token: nothing, and the form says why.
	v := values(form, title)
	v.Del("_confirm")
	r := f.root.postRaw(f.base+"/unpublish", v)
	expectStatus(t, r, http.StatusUnprocessableEntity)
	if !strings.Contains(r.text("[data-testid=form-errors]"), "Nothing was changed") || removed() {
		t.Fatalf("no token: %q", r.text("[data-testid=form-errors]"))
	}
	// A wrong title: nothing, the message beside the field, fields kept.
	r = f.root.postRaw(f.base+"/unpublish", values(f.root.get(f.base+"/unpublish"), "Wrong title"))
	expectStatus(t, r, http.StatusUnprocessableEntity)
	if !strings.Contains(r.text("[data-testid=error-confirm_name]"), "does not match") || removed() {
		t.Fatalf("wrong title: %q", r.text("[data-testid=error-confirm_name]"))
	}
	if r.attr("input[name=confirm_name]", "value") != "Wrong title" || r.attr("input[name=email]", "value") != "ops@acme.example" {
		t.Error("typed values not kept")
	}
	// The title typed: removed.
	expectRedirect(t, f.root.postRaw(f.base+"/unpublish", values(f.root.get(f.base+"/unpublish"), title)), f.base)
	if !removed() {
		t.Fatal("the confirmed unpublish did not remove the product")
	}
}

// TestConfirmTranslated: the confirmation and its refusal read in French
// and Spanish.
func TestConfirmTranslated(t *testing.T) {
	env := newEnv(t)
	root, _ := env.signedIn("Acme", "root@acme.example")
	root.newIAMUser("alice")
	root.createAccessKey("alice")
	for lang, want := range map[string][3]string{
		"fr": {"Supprimer l'utilisateur IAM", "Pour confirmer, saisissez alice", "ne correspond pas à alice"},
		"es": {"Eliminar usuario de IAM", "Para confirmar, escriba alice", "no coincide con alice"},
	} {
		root.header.Set("Accept-Language", lang)
		r := root.get("/iam/users/alice/delete")
		if got := r.text("[data-testid=page-title]"); got != want[0] {
			t.Errorf("%s: title %q", lang, got)
		}
		if got := r.text("label[for$=-name]"); !strings.HasPrefix(got, want[1]) {
			t.Errorf("%s: name label %q", lang, got)
		}
		r = root.confirm("/iam/users/alice/delete", "bob", nil)
		expectStatus(t, r, http.StatusUnprocessableEntity)
		if got := r.text("[data-testid=error-confirm_name]"); !strings.Contains(got, want[2]) {
			t.Errorf("%s: refusal %q", lang, got)
		}
	}
	root.header.Del("Accept-Language")
}
