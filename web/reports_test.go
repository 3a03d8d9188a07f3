package web_test

import (
	"encoding/csv"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/mlportal/portal/domain"
)

// reportWorld is a seller with two public products and a known history of
// agreements and private offers, seeded straight into the store.
type reportWorld struct {
	seller             *client
	account            string
	productA, productB string
}

const (
	reportProductA = "prod-reportsaaaaa1"
	reportProductB = "prod-reportsbbbbb2"
	// reportTitleB starts like a spreadsheet formula, for the CSV's guard.
	reportTitleB = "=SUM(1+1) Forecaster"
)

// reportDay is a moment of November 2026; the test clock starts on Monday
// 23 November 09:00 (ISO week 48).
func reportDay(d int) time.Time { return time.Date(2026, time.November, d, 9, 0, 0, 0, time.UTC) }

var reportPaid = domain.Terms{Pricing: domain.PricingPaid, Prices: []domain.InstancePrice{
	{Use: domain.UseRealtime, InstanceType: "ml.m5.large", HourlyMillis: 1000},
	{Use: domain.UseBatch, InstanceType: "ml.m5.xlarge", HourlyMillis: 3000},
}}

// newReportWorld seeds, on product A: a paid agreement (3 Nov, W45), a
// trial (4 Nov) that converted on 11 Nov (W46), a trial started 10 Nov and
// cancelled 12 Nov (W46), an agreement made in test (left out), and a
// private offer (16 Nov, W47); on product B a paid agreement (18 Nov, W47).
func newReportWorld(t *testing.T, env *testEnv) *reportWorld {
	t.Helper()
	seller, account := env.signedIn("Reporter", "reports@acme.example")
	w := &reportWorld{seller: seller, account: account, productA: reportProductA, productB: reportProductB}
	seedSellerProduct(t, env, account, reportProductA, "Churn Predictor")
	seedSellerProduct(t, env, account, reportProductB, reportTitleB)
	ctx := t.Context()
	trial := reportPaid
	trial.Pricing, trial.TrialDays = domain.PricingPaidTrial, 7
	agree := func(product, buyer string, terms domain.Terms, start time.Time, test bool) {
		t.Helper()
		id, err := domain.NewAgreementID()
		if err != nil {
			t.Fatal(err)
		}
		a := &domain.Agreement{ID: id, OfferID: domain.PublicOfferID(product), ProductID: product, SellerAccountID: account,
			BuyerAccountID: buyer, Terms: terms, StartAt: start, Status: domain.AgreementActive, Test: test}
		if terms.TrialDays > 0 {
			a.TrialEndAt = start.AddDate(0, 0, terms.TrialDays)
		}
		if err := env.app.Repos.Agreements.MakeAgreement(ctx, a, nil); err != nil {
			t.Fatal(err)
		}
	}
	agree(reportProductA, "900000000001", reportPaid, reportDay(3), false)
	agree(reportProductA, "900000000002", trial, reportDay(4), false)
	agree(reportProductA, "900000000003", trial, reportDay(10), false)
	if err := env.app.Repos.Agreements.CancelAgreement(ctx, "900000000003", reportProductA, reportDay(12)); err != nil {
		t.Fatal(err)
	}
	agree(reportProductA, "900000000004", reportPaid, reportDay(5), true)
	agree(reportProductB, "900000000005", reportPaid, reportDay(18), false)
	seedPrivateOffer(t, env, account, reportProductA, reportDay(16))
	return w
}

// seedSellerProduct stores a public product of the account.
func seedSellerProduct(t *testing.T, env *testEnv, account, id, title string) {
	t.Helper()
	now := env.clock.Now()
	p := &domain.Product{ID: id, AccountID: account, CreatorARN: "arn:aws:iam::" + account + ":root", Type: domain.KindModelPackage,
		Status: domain.StatusPublic, CreatedAt: now, UpdatedAt: now,
		Info:  domain.GeneralInfo{Privacy: domain.PrivacyPublic, Title: title, ShortDescription: "About " + title},
		Offer: domain.Offer{Pricing: domain.PricingPaid, Prices: reportPaid.Prices, EULA: "EULA"}}
	if err := env.db.Products().CreateProduct(t.Context(), p, domain.ProductChange{ProductID: id, ChangeType: domain.ChangeCreateProduct,
		Actor: "seed", At: now}); err != nil {
		t.Fatal(err)
	}
}

func seedPrivateOffer(t *testing.T, env *testEnv, account, product string, at time.Time) {
	t.Helper()
	id, err := domain.NewOfferID()
	if err != nil {
		t.Fatal(err)
	}
	csID, err := domain.NewChangeSetID()
	if err != nil {
		t.Fatal(err)
	}
	o := &domain.PrivateOffer{ID: id, ProductID: product, SellerAccountID: account, Name: "Volume deal", Buyers: []string{"900000000001"},
		Terms: reportPaid, ExpiresAt: at.AddDate(0, 1, 0), DurationMonths: 12, CreatedAt: at, CreatedBy: "seed"}
	cs := &domain.ChangeSet{ID: csID, Status: domain.ChangeSetSucceeded, StartedAt: at, EndedAt: at, Actor: "seed",
		Changes: []domain.Change{{ChangeType: domain.ChangeCreateOffer, EntityType: domain.EntityTypeOffer, EntityID: id, Details: "{}"}}}
	if err := env.app.Repos.Offers.CreatePrivateOffer(t.Context(), o, cs); err != nil {
		t.Fatal(err)
	}
}

// weekCells are the cells of a week's row in one of the page's tables.
func weekCells(r *response, table string, week int) []string {
	var cells []string
	r.doc.Find("[data-testid=table-" + table + "] tr[data-testid=week-" + strconv.Itoa(week) + "] td").Each(func(_ int, s *goquery.Selection) {
		cells = append(cells, strings.TrimSpace(s.Text()))
	})
	return cells
}

func TestReportsShowFiguresAndWeeks(t *testing.T) {
	env := newEnv(t)
	w := newReportWorld(t, env)

	tests := []struct {
		name, query                  string
		active, trials, monthly      string
		extended, accepted           string
		w45, w46, w47                []string // agreements table: new, cancelled
		active47, trials46, offers47 []string
	}{
		{
			name: "all products", query: "",
			active: "3", trials: "0", monthly: "$2190.00", extended: "1", accepted: "0",
			w45: []string{"2", "0"}, w46: []string{"1", "1"}, w47: []string{"1", "0"},
			active47: []string{"3"}, trials46: []string{"1", "1"}, offers47: []string{"1", "0"},
		},
		{
			name: "one product", query: "?product=" + reportProductA,
			active: "2", trials: "0", monthly: "$1460.00", extended: "1", accepted: "0",
			w45: []string{"2", "0"}, w46: []string{"1", "1"}, w47: []string{"0", "0"},
			active47: []string{"2"}, trials46: []string{"1", "1"}, offers47: []string{"1", "0"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := w.seller.get("/management/reports" + tt.query)
			expectStatus(t, r, http.StatusOK)
			for sel, want := range map[string]string{
				"[data-testid=figure-active]": tt.active, "[data-testid=figure-trials]": tt.trials,
				"[data-testid=figure-offers-extended]": tt.extended, "[data-testid=figure-offers-accepted]": tt.accepted,
			} {
				if got := r.text(sel); got != want {
					t.Errorf("%s = %q, want %q", sel, got, want)
				}
			}
			if got := r.text("[data-testid=figure-monthly]"); !strings.HasPrefix(got, tt.monthly) {
				t.Errorf("monthly estimate %q, want %s", got, tt.monthly)
			}
			if got := r.text("[data-testid=report-note-test]"); !strings.Contains(got, "1 left out") {
				t.Errorf("test agreements note %q", got)
			}
			for week, want := range map[int][]string{45: tt.w45, 46: tt.w46, 47: tt.w47, 48: {"0", "0"}} {
				if got := weekCells(r, "agreements", week); !slices.Equal(got, want) {
					t.Errorf("agreements in W%d: %v, want %v", week, got, want)
				}
			}
			if got := weekCells(r, "active", 47); !slices.Equal(got, tt.active47) {
				t.Errorf("active at the end of W47: %v, want %v", got, tt.active47)
			}
			if got := weekCells(r, "active", 48); !slices.Equal(got, []string{tt.active}) {
				t.Errorf("active in the current week: %v, want %s", got, tt.active)
			}
			if got := weekCells(r, "trials", 46); !slices.Equal(got, tt.trials46) {
				t.Errorf("trials in W46: %v, want %v", got, tt.trials46)
			}
			if got := weekCells(r, "offers", 47); !slices.Equal(got, tt.offers47) {
				t.Errorf("offers in W47: %v, want %v", got, tt.offers47)
			}
			if n := r.doc.Find("[data-testid=table-agreements] tbody tr").Length(); n != domain.DefaultReportWeeks {
				t.Errorf("%d weeks in the table, want %d", n, domain.DefaultReportWeeks)
			}
			// Four charts, each an image with a title and a description,
			// its bars or points in place.
			svgs := r.doc.Find("svg[role=img]")
			if svgs.Length() != 4 {
				t.Fatalf("%d charts, want 4", svgs.Length())
			}
			svgs.Each(func(_ int, s *goquery.Selection) {
				title := strings.TrimSpace(s.ChildrenFiltered("title").Text())
				labelled, _ := s.Attr("aria-labelledby")
				if title == "" || s.ChildrenFiltered("desc").Text() == "" || !strings.Contains(labelled, "-title") {
					t.Errorf("chart without a title or description: %q, labelled by %q", title, labelled)
				}
				if vb, _ := s.Attr("viewBox"); vb == "" {
					t.Error("chart without a viewBox")
				}
			})
			if n := r.doc.Find("[data-testid=chart-agreements] rect.chart__bar").Length(); n != 2*domain.DefaultReportWeeks {
				t.Errorf("%d bars of new and cancelled agreements, want %d", n, 2*domain.DefaultReportWeeks)
			}
			if n := r.doc.Find("[data-testid=chart-active] circle").Length(); n != domain.DefaultReportWeeks {
				t.Errorf("%d points of active agreements, want %d", n, domain.DefaultReportWeeks)
			}
			selected := r.attr("[data-testid=report-product] option[selected]", "value")
			if want := strings.TrimPrefix(tt.query, "?product="); selected != want {
				t.Errorf("product select shows %q, want %q", selected, want)
			}
			if got := r.attr("[data-testid=csv-agreements]", "href"); got != "/management/reports/weekly.csv"+
				map[bool]string{true: "?product=" + reportProductA + "&table=agreements", false: "?table=agreements"}[tt.query != ""] {
				t.Errorf("CSV link %q", got)
			}
		})
	}
	if n := w.seller.get("/management/reports").doc.Find("[data-testid=report-product] option").Length(); n != 3 {
		t.Errorf("%d choices of product, want all and the two products", n)
	}

	// In French: the charts' titles and week labels too.
	w.seller.header.Set("Accept-Language", "fr")
	r := w.seller.get("/management/reports")
	if got := r.text("[data-testid=chart-agreements] svg > title"); got != "Contrats nouveaux et résiliés" {
		t.Errorf("French chart title %q", got)
	}
	if got := r.doc.Find("[data-testid=chart-agreements] .chart__labels text").Last().Text(); got != "S48" {
		t.Errorf("French label of the current week %q", got)
	}
}

func readCSV(t *testing.T, r *response) [][]string {
	t.Helper()
	expectStatus(t, r, http.StatusOK)
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
		t.Fatalf("Content-Type %q", ct)
	}
	if cd := r.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment; filename=") || !strings.HasSuffix(cd, `.csv"`) {
		t.Errorf("Content-Disposition %q", cd)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(r.body, "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestReportsWeeklyCSV(t *testing.T) {
	env := newEnv(t)
	w := newReportWorld(t, env)
	all := []string{"Product", "Week", "Week start", "New", "Cancelled", "Active", "Trials started", "Trials converted",
		"Offers extended", "Offers accepted"}
	tests := []struct {
		name, query string
		header      []string
		// rows by week: the cells after the product
		rows map[string][]string
		// product is the first cell of every row
		product string
	}{
		{
			name: "every column of one product", query: "?product=" + reportProductA, header: all, product: "Churn Predictor",
			rows: map[string][]string{
				"2026-W45": {"2026-W45", "2026-11-02", "2", "0", "2", "1", "0", "0", "0"},
				"2026-W46": {"2026-W46", "2026-11-09", "1", "1", "2", "1", "1", "0", "0"},
				"2026-W47": {"2026-W47", "2026-11-16", "0", "0", "2", "0", "0", "1", "0"},
				"2026-W48": {"2026-W48", "2026-11-23", "0", "0", "2", "0", "0", "0", "0"},
				"2026-W37": {"2026-W37", "2026-09-07", "0", "0", "0", "0", "0", "0", "0"},
			},
		},
		{
			name: "one table of all products", query: "?table=agreements", header: []string{"Product", "Week", "Week start", "New", "Cancelled"},
			product: "All products",
			rows:    map[string][]string{"2026-W47": {"2026-W47", "2026-11-16", "1", "0"}},
		},
		{
			// The title starts like a formula: the spreadsheet shows it.
			name: "a title that looks like a formula", query: "?product=" + reportProductB + "&table=active",
			header: []string{"Product", "Week", "Week start", "Active"}, product: "'" + reportTitleB,
			rows: map[string][]string{"2026-W47": {"2026-W47", "2026-11-16", "1"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows := readCSV(t, w.seller.get("/management/reports/weekly.csv"+tt.query))
			if len(rows) != 1+domain.DefaultReportWeeks {
				t.Fatalf("%d rows, want a header and %d weeks", len(rows), domain.DefaultReportWeeks)
			}
			if !slices.Equal(rows[0], tt.header) {
				t.Errorf("header %q, want %q", rows[0], tt.header)
			}
			seen := 0
			for _, row := range rows[1:] {
				if row[0] != tt.product {
					t.Errorf("product cell %q, want %q", row[0], tt.product)
				}
				if want, ok := tt.rows[row[1]]; ok {
					seen++
					if !slices.Equal(row[1:], want) {
						t.Errorf("row %q, want %q", row[1:], want)
					}
				}
			}
			if seen != len(tt.rows) {
				t.Errorf("found %d of the %d weeks looked for", seen, len(tt.rows))
			}
		})
	}
	r := w.seller.get("/management/reports/weekly.csv?product=" + reportProductA)
	if cd := r.Header.Get("Content-Disposition"); cd != `attachment; filename="report-weekly-`+reportProductA+`-2026-11-23.csv"` {
		t.Errorf("Content-Disposition %q", cd)
	}
	expectStatus(t, w.seller.get("/management/reports/weekly.csv?table=nonsense"), http.StatusNotFound)

	// French headings, accents and all.
	w.seller.header.Set("Accept-Language", "fr")
	if rows := readCSV(t, w.seller.get("/management/reports/weekly.csv?table=agreements")); !slices.Equal(rows[0],
		[]string{"Produit", "Semaine", "Début de la semaine", "Nouveaux", "Résiliés"}) {
		t.Errorf("French header %q", rows[0])
	}
}

func TestReportsOfAnotherAccountsProductAreNotFound(t *testing.T) {
	env := newEnv(t)
	newReportWorld(t, env)
	other, _ := env.signedIn("Other", "other@example.com")
	for _, path := range []string{
		"/management/reports?product=" + reportProductA,
		"/management/reports/weekly.csv?product=" + reportProductA,
		"/management/reports?product=prod-doesnotexist1",
		"/management/reports?product=nonsense",
	} {
		expectStatus(t, other.get(path), http.StatusNotFound)
	}
	// Its own report is empty: nothing of the other seller's counts.
	r := other.get("/management/reports")
	expectStatus(t, r, http.StatusOK)
	if got := r.text("[data-testid=figure-active]"); got != "0" {
		t.Errorf("another seller sees %s active agreements", got)
	}
	if got := r.text("[data-testid=figure-monthly]"); !strings.HasPrefix(got, "$0.00") {
		t.Errorf("another seller's estimate %q", got)
	}
}
