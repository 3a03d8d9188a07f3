package web_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/mlportal/portal/domain"
)

// TestSubscribersAreToldOfRestrictionAndRemoval: when a restriction is
// applied (at the staging that follows it) each subscriber is told which
// version, and when the product is removed each subscriber is told until
// when it is supported: in the portal, and (through the notifications'
// outbox) by email.
func TestSubscribersAreToldOfRestrictionAndRemoval(t *testing.T) {
	env := newEnv(t)
	subscriber, _ := env.signedIn("Subscriber", "subscriber@example.com")
	f := updPublic(t, env)
	updSubscribe(t, subscriber, f.id)
	v1 := updVersionRows(t, f.versionsPage())["1.0"]["id"]
	f.addVersion("sentiment-v2", "2.0")
	f.submitAndStage("")
	f.signOff()
	expectRedirect(t, f.restrict(updRevision(t, f.versionsPage()), v1), f.base+"/versions")
	if got := notices(t, env, "subscriber@example.com", domain.MsgNotifyVersionRestricted); got != 0 {
		t.Fatalf("told of a restriction before it applies (%d)", got)
	}
	f.submitAndStage("")
	home := subscriber.get("/").text("[data-testid=notifications]")
	if got := notices(t, env, "subscriber@example.com", domain.MsgNotifyVersionRestricted); got != 1 || !strings.Contains(home, "1.0") {
		t.Errorf("subscriber told %d times of the restriction: %q", got, home)
	}

	expectRedirect(t, updUnpublishForm(t, f.root, f.base, url.Values{"email": {"ops@acme.example"}, "reason": {"Replaced."}}), f.base)
	home = subscriber.get("/").text("[data-testid=notifications]")
	supportUntil := domain.SupportEnd(env.clock.Now()).Format("2006-01-02")
	if got := notices(t, env, "subscriber@example.com", domain.MsgNotifyProductRemoved); got != 1 || !strings.Contains(home, supportUntil) {
		t.Errorf("subscriber told %d times of the removal, support until %s: %q", got, supportUntil, home)
	}
	if got := notices(t, env, "root@acme.example", domain.MsgNotifyProductRemoved); got != 0 {
		t.Errorf("the seller was told of its own removal (%d)", got)
	}
}
