package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mlportal/portal/domain"
)

// attempt is one answer to a request sent in a parallel burst.
type attempt struct {
	status     int
	retryAfter string
	location   string
	echoed     bool // the body repeats the password sent
	err        error
}

// burst sends n requests at once: each gets a browser of its own with a
// CSRF token from page, all wait at a gate, and then post together. It
// returns the answers and the time from the gate's opening to the last.
func burst(t *testing.T, p *portal, n int, page string, values func(i int) url.Values,
	passwordOf func(i int) string) ([]attempt, time.Duration) {
	t.Helper()
	browsers := make([]*browser, n)
	tokens := make([]string, n)
	for i := range n {
		browsers[i] = p.newBrowser(fmt.Sprintf("%s #%d", page, i))
		tokens[i] = browsers[i].csrfToken(t, page)
	}
	answers := make([]attempt, n)
	gate := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			v := values(i)
			v.Set("_csrf", tokens[i])
			req, err := http.NewRequestWithContext(context.Background(), http.MethodPost, p.base+page,
				strings.NewReader(v.Encode()))
			if err != nil {
				answers[i].err = err
				return
			}
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			<-gate
			res, err := browsers[i].client.Do(req)
			if err != nil {
				answers[i].err = err
				return
			}
			var body bytes.Buffer
			_, err = body.ReadFrom(res.Body)
			res.Body.Close()
			answers[i] = attempt{
				status: res.StatusCode, retryAfter: res.Header.Get("Retry-After"), location: res.Header.Get("Location"),
				echoed: bytes.Contains(body.Bytes(), []byte(passwordOf(i))), err: err,
			}
		})
	}
	start := time.Now()
	close(gate)
	wg.Wait()
	return answers, time.Since(start)
}

// guessInParallel sends 100 wrong passwords for one demo root user at once,
// all from 127.0.0.1: the server trusts no proxy header, so this is one
// client. At most the throttle's budget may be checked as a wrong password
// (401); every other answer must be a 429 with Retry-After.
func guessInParallel(t *testing.T, p *portal, victim demoCredential) {
	const guesses = 100
	suffix := randomSecret(t)[len("bbx-secret-"):][:12]
	password := func(i int) string { return fmt.Sprintf("wrong guess %03d %s", i, suffix) }
	for i := range guesses {
		p.secrets.add(fmt.Sprintf("wrong password #%d", i), password(i))
	}
	answers, elapsed := burst(t, p, guesses, "/login", func(i int) url.Values {
		return url.Values{"email": {victim.Email}, "password": {password(i)}}
	}, password)

	checked, throttled := 0, 0
	for i, a := range answers {
		switch {
		case a.err != nil:
			t.Errorf("guess #%d: %v", i, a.err)
		case a.status == http.StatusUnauthorized:
			checked++
		case a.status == http.StatusTooManyRequests:
			throttled++
			if n, err := strconv.Atoi(a.retryAfter); err != nil || n < 1 {
				t.Errorf("guess #%d: 429 with Retry-After %q, want a number of seconds", i, a.retryAfter)
			}
		default:
			t.Errorf("guess #%d: status %d (location %q), want 401 or 429", i, a.status, a.location)
		}
		if a.echoed {
			t.Errorf("guess #%d: the answer repeats the password sent", i)
		}
	}
	budget := guessBudget(domain.DefaultThrottlePolicy, elapsed)
	t.Logf("%d parallel wrong guesses in %s: %d checked (budget %d), %d throttled",
		guesses, elapsed.Round(time.Millisecond), checked, budget, throttled)
	if checked > budget {
		t.Errorf("%d guesses were checked against the password, more than the throttle's budget of %d in %s",
			checked, budget, elapsed.Round(time.Millisecond))
	}
	if checked == 0 {
		t.Error("no guess was checked at all: the burst did not reach the password check")
	}
}

// guessBudget is how many wrong passwords for one account one client may
// have checked within elapsed, from the throttle policy: FreeFailures at
// once, then one more each time the doubling delay runs out, never more
// than PairLimit (or ClientLimit) in a window.
func guessBudget(policy domain.ThrottlePolicy, elapsed time.Duration) int {
	n := policy.FreeFailures
	wait, delay := time.Duration(0), policy.BaseDelay
	for {
		wait += delay
		if wait > elapsed {
			break
		}
		n++
		delay = min(delay*2, policy.MaxDelay)
	}
	return min(n, policy.PairLimit, policy.ClientLimit)
}

// signUpInParallel sends 50 sign-ups with distinct emails and strong
// passwords at once, from one client address. Each must be accepted (a
// 2xx or a redirect) or refused with a clean 429, and at most the sign-up
// limit accepted.
func signUpInParallel(t *testing.T, p *portal, registered demoCredential) {
	const signups = 50
	suffix := randomSecret(t)[len("bbx-secret-"):][:12]
	password := func(i int) string { return fmt.Sprintf("correct horse battery staple 42 %02d %s", i, suffix) }
	for i := range signups + 2 {
		p.secrets.add(fmt.Sprintf("the password of sign-up #%d", i), password(i))
	}
	// First, one at a time: a registered email gets the answer a new one
	// gets, so that sign-up tells no one who has an account.
	signUp := func(i int, email string) (int, string) {
		b := p.newBrowser(fmt.Sprintf("sign-up #%d", i))
		res, body := b.postForm(t, "/signup", url.Values{"_csrf": {b.csrfToken(t, "/signup")},
			"account_name": {"Black box"}, "email": {email}, "password": {password(i)}})
		if res.StatusCode >= 500 {
			t.Errorf("sign-up #%d: status %d%s", i, res.StatusCode, excerpt(body))
		}
		return res.StatusCode, res.Header.Get("Location")
	}
	newStatus, newLocation := signUp(signups, "blackbox-new-"+suffix+"@example.com")
	takenStatus, takenLocation := signUp(signups+1, registered.Email)
	if newStatus != takenStatus || newLocation != takenLocation {
		t.Errorf("sign-up answers %d %q for a new email but %d %q for a registered one",
			newStatus, newLocation, takenStatus, takenLocation)
	}
	answers, elapsed := burst(t, p, signups, "/signup", func(i int) url.Values {
		return url.Values{
			"account_name": {fmt.Sprintf("Black box %02d", i)},
			"email":        {fmt.Sprintf("blackbox-%02d-%s@example.com", i, suffix)},
			"password":     {password(i)},
		}
	}, password)

	accepted, throttled := 0, 0
	for i, a := range answers {
		switch {
		case a.err != nil:
			t.Errorf("sign-up #%d: %v", i, a.err)
		case a.status >= 200 && a.status < 400:
			accepted++
		case a.status == http.StatusTooManyRequests:
			throttled++
			if n, err := strconv.Atoi(a.retryAfter); err != nil || n < 1 {
				t.Errorf("sign-up #%d: 429 with Retry-After %q, want a number of seconds", i, a.retryAfter)
			}
		default:
			t.Errorf("sign-up #%d: status %d, want 2xx, 3xx or 429", i, a.status)
		}
		if a.echoed {
			t.Errorf("sign-up #%d: the answer repeats the password sent", i)
		}
	}
	limit := domain.DefaultThrottlePolicy.SignupLimit
	t.Logf("%d parallel sign-ups in %s: %d accepted (limit %d), %d throttled",
		signups, elapsed.Round(time.Millisecond), accepted, limit, throttled)
	if accepted > limit {
		t.Errorf("%d sign-ups from one address were accepted, more than the limit of %d", accepted, limit)
	}
	if accepted == 0 {
		t.Error("no sign-up was accepted: the burst did not reach the sign-up itself")
	}
}
