package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/mlportal/portal/persistence"
)

// iamEvery makes every iamEvery-th write of a seller the creation of an
// IAM user (with its password hashed by argon2id), the others saves of the
// support section of its draft listing. Seller i's first IAM user is its
// write i mod 20 + 1: when every seller's were its 20th, 40th, …, the 50
// sellers, who start together and pause alike, asked for 50 hashes within
// half a second, a burst that two cores take close to a second to hash
// whatever the server does, and that no set of real sellers makes.
const iamEvery = 20

// createsUser reports whether the seller's n-th write creates an IAM user.
func (w *writer) createsUser(n int) bool { return (n+iamEvery-1-w.i%iamEvery)%iamEvery == 0 }

// writer is one seller's browser in the write mix: its cookies, its form
// token and the revision its next save is based on.
type writer struct {
	i        int
	client   *http.Client
	base     string
	csrf     string
	revision int
	// acked counts the writes the portal acknowledged; lastSupport is the
	// support description of the last acknowledged save.
	ackedSaves, ackedUsers int
	lastSupport            string
	// run tells this run's IAM users from an earlier run's on a reused
	// database; usersBefore is how many the account had before.
	run         string
	usersBefore int
	latencies   []time.Duration
	// userLatencies are those of the IAM user creations alone,
	// saveLatencies those of the section saves.
	userLatencies, saveLatencies []time.Duration
	errors                       int
	firstError                   string
}

var revisionInput = regexp.MustCompile(`name="revision" value="(\d+)"`)

// newWriter signs writer i in and opens its listing's support section.
func newWriter(base string, i int) (*writer, error) {
	jar, _ := cookiejar.New(nil)
	// Each seller comes from its own loopback address, as sellers come
	// from their own machines: the sign-in limits count per address.
	client := &http.Client{Jar: jar, Timeout: 30 * time.Second, Transport: fromAddress(net.IPv4(127, 1, byte(i/250), 1+byte(i%250))),
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	if err := signInWith(client, base, writerEmail(i)); err != nil {
		return nil, err
	}
	w := &writer{i: i, client: client, base: base}
	return w, w.openForm()
}

func (w *writer) supportPath() string {
	return w.base + "/management/products/ml/" + writerProduct(w.i) + "/edit/support"
}

// openForm reads the form token and the revision from the support section.
func (w *writer) openForm() error {
	res, err := w.client.Get(w.supportPath())
	if err != nil {
		return err
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	return w.readForm(res.StatusCode, page)
}

func (w *writer) readForm(status int, page []byte) error {
	c, r := csrfInput.FindSubmatch(page), revisionInput.FindSubmatch(page)
	if c == nil || r == nil {
		return fmt.Errorf("writer %d: no form token or revision in the support section (%d)", w.i, status)
	}
	w.csrf = string(c[1])
	w.revision, _ = strconv.Atoi(string(r[1]))
	return nil
}

// write makes the seller's n-th write and times it.
func (w *writer) write(n int) {
	var form url.Values
	target := w.supportPath()
	support := fmt.Sprintf("Write %d of seller %d", n, w.i)
	if w.createsUser(n) {
		target = w.base + "/iam/users/new"
		form = url.Values{"user_name": {fmt.Sprintf("w%d-%s-%d", w.i, w.run, n)}, "password": {fmt.Sprintf("Quokka-%d-Lantern-%d!", w.i, n)}}
	} else {
		form = url.Values{"offered": {"yes"}, "support_email": {"help@example.com"}, "support_url": {"https://example.com/help"},
			"support_description": {support}, "revision": {strconv.Itoa(w.revision)}}
	}
	form.Set("_csrf", w.csrf)
	start := time.Now()
	res, err := w.client.PostForm(target, form)
	var page []byte
	if err == nil {
		page, _ = io.ReadAll(res.Body)
		res.Body.Close()
	}
	took := time.Since(start)
	w.latencies = append(w.latencies, took)
	if w.createsUser(n) {
		w.userLatencies = append(w.userLatencies, took)
	} else {
		w.saveLatencies = append(w.saveLatencies, took)
	}
	switch {
	case err != nil:
		w.fail(err.Error())
	case res.StatusCode != http.StatusSeeOther && res.StatusCode != http.StatusFound:
		w.fail(fmt.Sprintf("%s answered %d", target, res.StatusCode))
		if res.StatusCode == http.StatusConflict {
			_ = w.readForm(res.StatusCode, page)
		}
	case w.createsUser(n):
		w.ackedUsers++
	default:
		w.ackedSaves++
		w.lastSupport = support
		w.revision++ // each save moves the listing one revision on
	}
}

func (w *writer) fail(msg string) {
	w.errors++
	if w.firstError == "" {
		w.firstError = msg
	}
}

// runWrites runs the write mix: every writer writes, pauses for a think
// time drawn between half and one and a half times think, and writes
// again, until d has passed. Then it checks that every acknowledged write
// is in the database.
//
// Without a pause, 50 writers measure only the queue in front of the
// slowest write: an IAM user's password hash takes tens of milliseconds of
// both cores by design, so a closed loop with no think time always ends
// with every writer waiting behind hashes. With think = 200 ms the 50
// sellers offer about 250 writes a second, each far faster than a person.
func runWrites(ctx context.Context, db *persistence.DB, base string, writers int, d, think time.Duration) (pageResult, error) {
	ws := make([]*writer, writers)
	run := strconv.FormatInt(time.Now().Unix(), 36)
	for i := range ws {
		w, err := newWriter(base, i)
		if err != nil {
			return pageResult{}, err
		}
		before, err := db.IAM().ListIAMUsers(ctx, writerAccount(i))
		if err != nil {
			return pageResult{}, err
		}
		w.run, w.usersBefore = run, len(before)
		ws[i] = w
	}
	var wg sync.WaitGroup
	start := time.Now()
	deadline := start.Add(d)
	for _, w := range ws {
		wg.Go(func() {
			pause := rand.New(rand.NewPCG(uint64(w.i), 1))
			for n := 1; time.Now().Before(deadline); n++ {
				w.write(n)
				if think > 0 {
					time.Sleep(think/2 + time.Duration(pause.Int64N(int64(think))))
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	r := pageResult{Page: "writes"}
	var all, users, saves []time.Duration
	var firstError string
	for _, w := range ws {
		all = append(all, w.latencies...)
		users = append(users, w.userLatencies...)
		saves = append(saves, w.saveLatencies...)
		r.Errors += w.errors
		if firstError == "" {
			firstError = w.firstError
		}
	}
	r.RPS = float64(len(all)) / elapsed.Seconds()
	r.P50ms, r.P99ms = percentileMs(all, 0.50), percentileMs(all, 0.99)
	fmt.Printf("writes: IAM user creations alone (%d): p50 %.2f ms, p99 %.2f ms\n", len(users), percentileMs(users, 0.50), percentileMs(users, 0.99))
	fmt.Printf("writes: section saves alone (%d): p50 %.2f ms, p99 %.2f ms\n", len(saves), percentileMs(saves, 0.50), percentileMs(saves, 0.99))
	if firstError != "" {
		fmt.Printf("writes: %d errors, the first: %s\n", r.Errors, firstError)
	}
	return r, verifyWrites(ctx, db, ws)
}

// percentileMs is the q-th quantile of ds, in milliseconds.
func percentileMs(ds []time.Duration, q float64) float64 {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return float64(s[min(len(s)-1, int(q*float64(len(s))))]) / float64(time.Millisecond)
}

// verifyWrites checks that each writer's acknowledged writes are stored:
// its listing holds its last acknowledged support text and its account has
// as many IAM users as were acknowledged.
func verifyWrites(ctx context.Context, db *persistence.DB, ws []*writer) error {
	var problems []string
	saves, users := 0, 0
	for _, w := range ws {
		saves, users = saves+w.ackedSaves, users+w.ackedUsers
		p, err := db.Products().Product(ctx, writerAccount(w.i), writerProduct(w.i))
		if err != nil {
			return err
		}
		if w.lastSupport != "" && p.Support.Description != w.lastSupport {
			problems = append(problems, fmt.Sprintf("seller %d: support %q, last acknowledged %q", w.i, p.Support.Description, w.lastSupport))
		}
		list, err := db.IAM().ListIAMUsers(ctx, writerAccount(w.i))
		if err != nil {
			return err
		}
		if len(list) != w.usersBefore+w.ackedUsers {
			problems = append(problems, fmt.Sprintf("seller %d: %d IAM users stored, %d before and %d acknowledged", w.i, len(list), w.usersBefore, w.ackedUsers))
		}
	}
	fmt.Printf("writes: %d section saves and %d IAM users acknowledged, all checked in the database\n", saves, users)
	if len(problems) > 0 {
		return errors.New("acknowledged writes missing:\n" + strings.Join(problems, "\n"))
	}
	return nil
}
