package domain

import (
	"testing"
	"time"
)

// day is a moment of November 2026, in UTC.
func day(d, hour int) time.Time { return time.Date(2026, time.November, d, hour, 0, 0, 0, time.UTC) }

// reportNow is Wednesday of ISO week 48 (Monday 23 November 2026), so the
// last four weeks are 45 (2 Nov), 46 (9 Nov), 47 (16 Nov) and 48.
var reportNow = day(25, 12)

var (
	paidTerms = Terms{Pricing: PricingPaid, Prices: []InstancePrice{
		{Use: UseRealtime, InstanceType: "ml.m5.large", HourlyMillis: 1000},
		{Use: UseBatch, InstanceType: "ml.m5.xlarge", HourlyMillis: 2000},
	}}
	trialTerms   = Terms{Pricing: PricingPaidTrial, TrialDays: 7, Prices: paidTerms.Prices}
	privateTerms = Terms{Pricing: PricingPaid, Prices: []InstancePrice{{Use: UseRealtime, InstanceType: "ml.m5.large", HourlyMillis: 500}}}
)

// reportHistory is a seller's agreements on two products, each with what
// it is meant to exercise.
func reportHistory() []Agreement {
	ag := func(id, product string, start time.Time, t Terms) Agreement {
		a := Agreement{ID: id, ProductID: product, SellerAccountID: "111122223333", BuyerAccountID: "444455556666",
			Terms: t, StartAt: start, Status: AgreementActive}
		if t.TrialDays > 0 {
			a.TrialEndAt = start.AddDate(0, 0, t.TrialDays)
		}
		return a
	}
	ended := func(a Agreement, s AgreementStatus, at time.Time) Agreement {
		a.Status, a.EndedAt = s, at
		return a
	}
	private := func(a Agreement, end time.Time) Agreement {
		a.Private, a.EndAt = true, end
		return a
	}
	test := func(a Agreement) Agreement {
		a.Test = true
		return a
	}
	long := trialTerms
	long.TrialDays = 14
	return []Agreement{
		ag("a1", "prod-a", day(3, 9), paidTerms),                                          // W45, active throughout
		ag("a2", "prod-a", day(4, 9), trialTerms),                                         // W45 trial, converts 11 Nov (W46)
		ended(ag("a3", "prod-a", day(10, 9), trialTerms), AgreementCancelled, day(15, 9)), // cancelled before its trial ended (17 Nov)
		ag("a4", "prod-a", day(16, 10), long),                                             // W47 trial, still in trial now (ends 30 Nov)
		private(ag("a5", "prod-a", day(17, 9), privateTerms), day(24, 9)),                 // private, expired on 24 Nov
		test(ag("a6", "prod-a", day(18, 9), paidTerms)),                                   // made in test: left out
		ag("a7", "prod-b", day(19, 9), paidTerms),                                         // the other product
		// Started before the window; cancelled at the very moment its trial
		// ended (3 Nov), so not converted.
		ended(ag("a8", "prod-a", time.Date(2026, time.October, 20, 9, 0, 0, 0, time.UTC), long), AgreementCancelled, day(3, 9)),
		ended(ag("a9", "prod-a", day(5, 9), paidTerms), AgreementReplaced, day(17, 9)), // replaced: not a cancellation
		private(ag("a10", "prod-a", day(17, 9), privateTerms), time.Time{}),            // the private agreement that replaced a9
		ended(ag("a11", "prod-a", time.Date(2026, time.October, 1, 9, 0, 0, 0, time.UTC), paidTerms), AgreementCancelled, day(24, 9)),
		ag("a12", "prod-a", day(26, 9), paidTerms), // after now (a clock skew): not counted
	}
}

func reportOffers() []PrivateOffer {
	return []PrivateOffer{
		{ID: "o1", ProductID: "prod-a", Buyers: []string{"444455556666", "777788889999"}, CreatedAt: day(2, 0)}, // W45's first moment
		{ID: "o2", ProductID: "prod-a", Buyers: []string{"444455556666"}, CreatedAt: day(16, 8)},
		{ID: "o3", ProductID: "prod-b", Buyers: []string{"444455556666"}, CreatedAt: day(23, 8)},
		{ID: "o4", ProductID: "prod-a", Buyers: []string{"444455556666"}, CreatedAt: time.Date(2026, time.October, 1, 0, 0, 0, 0, time.UTC)},
		{ID: "o5", ProductID: "prod-a", Buyers: []string{"444455556666"}, CreatedAt: day(30, 0)}, // after now
	}
}

// weekCounts is a ReportWeek's counts, in the order of the table.
type weekCounts struct {
	week                           int
	new, cancelled, activeAtEnd    int
	trialsStarted, trialsConverted int
	offersExtended, offersAccepted int
}

func countsOf(w ReportWeek) weekCounts {
	return weekCounts{w.Week, w.New, w.Cancelled, w.ActiveAtEnd, w.TrialsStarted, w.TrialsConverted, w.OffersExtended, w.OffersAccepted}
}

func TestBuildReport(t *testing.T) {
	tests := []struct {
		name    string
		product string
		// figures now
		active, inTrial         int
		monthly                 int64
		extended, accepted, tst int
		weeks                   []weekCounts
	}{
		{
			name: "one product", product: "prod-a",
			// a1, a2 (trial over), a4 (in trial) and a10; a5 expired, a11 cancelled.
			active: 4, inTrial: 1, monthly: 730*1000 + 730*1000 + 730*500,
			extended: 3, accepted: 2, tst: 1,
			weeks: []weekCounts{
				{week: 45, new: 3, cancelled: 1, activeAtEnd: 4, trialsStarted: 1, offersExtended: 1},
				{week: 46, new: 1, cancelled: 1, activeAtEnd: 4, trialsStarted: 1, trialsConverted: 1},
				{week: 47, new: 3, activeAtEnd: 6, trialsStarted: 1, offersExtended: 1, offersAccepted: 2},
				{week: 48, cancelled: 1, activeAtEnd: 4},
			},
		},
		{
			name: "all products", product: "",
			active: 5, inTrial: 1, monthly: 730*1000*3 + 730*500,
			extended: 4, accepted: 2, tst: 1,
			weeks: []weekCounts{
				{week: 45, new: 3, cancelled: 1, activeAtEnd: 4, trialsStarted: 1, offersExtended: 1},
				{week: 46, new: 1, cancelled: 1, activeAtEnd: 4, trialsStarted: 1, trialsConverted: 1},
				{week: 47, new: 4, activeAtEnd: 7, trialsStarted: 1, offersExtended: 1, offersAccepted: 2},
				{week: 48, cancelled: 1, activeAtEnd: 5, offersExtended: 1},
			},
		},
		{
			name: "the other product", product: "prod-b",
			active: 1, monthly: 730 * 1000, extended: 1,
			weeks: []weekCounts{{week: 45}, {week: 46}, {week: 47, new: 1, activeAtEnd: 1}, {week: 48, activeAtEnd: 1, offersExtended: 1}},
		},
		{
			name: "a product with nothing", product: "prod-none",
			weeks: []weekCounts{{week: 45}, {week: 46}, {week: 47}, {week: 48}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := BuildReport(reportHistory(), reportOffers(), tt.product, reportNow, 4)
			if r.ProductID != tt.product || !r.Now.Equal(reportNow) {
				t.Errorf("report of %q at %v", r.ProductID, r.Now)
			}
			if r.Active != tt.active || r.InTrial != tt.inTrial || r.MonthlyEstimate != tt.monthly {
				t.Errorf("active %d, in trial %d, monthly %d; want %d, %d, %d", r.Active, r.InTrial, r.MonthlyEstimate, tt.active, tt.inTrial, tt.monthly)
			}
			if r.OffersExtended != tt.extended || r.OffersAccepted != tt.accepted || r.TestAgreements != tt.tst {
				t.Errorf("offers extended %d, accepted %d, test agreements %d; want %d, %d, %d",
					r.OffersExtended, r.OffersAccepted, r.TestAgreements, tt.extended, tt.accepted, tt.tst)
			}
			if len(r.Weeks) != len(tt.weeks) {
				t.Fatalf("%d weeks, want %d", len(r.Weeks), len(tt.weeks))
			}
			for i, w := range r.Weeks {
				if got := countsOf(w); got != tt.weeks[i] {
					t.Errorf("week %d:\n got %+v\nwant %+v", w.Week, got, tt.weeks[i])
				}
			}
			if last := r.Weeks[len(r.Weeks)-1]; last.ActiveAtEnd != r.Active {
				t.Errorf("the current week ends with %d active, the figure says %d", last.ActiveAtEnd, r.Active)
			}
		})
	}
}

func TestReportWeeks(t *testing.T) {
	tests := []struct {
		name      string
		now       time.Time
		weeks     int
		first     time.Time
		firstWeek int
		lastYear  int
		lastWeek  int
		n         int
	}{
		{"twelve weeks to a Wednesday", reportNow, 12, time.Date(2026, time.September, 7, 0, 0, 0, 0, time.UTC), 37, 2026, 48, 12},
		{"Monday midnight starts its week", day(23, 0), 1, day(23, 0), 48, 2026, 48, 1},
		{"Sunday night is the week before", time.Date(2026, time.November, 22, 23, 59, 0, 0, time.UTC), 1, day(16, 0), 47, 2026, 47, 1},
		{"the ISO year ends on 3 January 2027", time.Date(2027, time.January, 1, 12, 0, 0, 0, time.UTC), 2,
			time.Date(2026, time.December, 21, 0, 0, 0, 0, time.UTC), 52, 2026, 53, 2},
		{"another time zone counts in UTC", time.Date(2026, time.November, 23, 1, 0, 0, 0, time.FixedZone("UTC+3", 3*3600)), 1,
			day(16, 0), 47, 2026, 47, 1},
		{"no weeks asked gives one", reportNow, 0, day(23, 0), 48, 2026, 48, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := BuildReport(nil, nil, "", tt.now, tt.weeks)
			if len(r.Weeks) != tt.n {
				t.Fatalf("%d weeks, want %d", len(r.Weeks), tt.n)
			}
			first, last := r.Weeks[0], r.Weeks[len(r.Weeks)-1]
			if !first.Start.Equal(tt.first) || first.Week != tt.firstWeek {
				t.Errorf("first week %v (W%d), want %v (W%d)", first.Start, first.Week, tt.first, tt.firstWeek)
			}
			if last.Year != tt.lastYear || last.Week != tt.lastWeek {
				t.Errorf("last week %d-W%d, want %d-W%d", last.Year, last.Week, tt.lastYear, tt.lastWeek)
			}
			for i, w := range r.Weeks {
				if w.Start.Weekday() != time.Monday || !w.End.Equal(w.Start.AddDate(0, 0, 7)) {
					t.Errorf("week %d runs %v to %v", i, w.Start, w.End)
				}
				if i > 0 && !w.Start.Equal(r.Weeks[i-1].End) {
					t.Errorf("week %d starts %v, after %v", i, w.Start, r.Weeks[i-1].End)
				}
			}
			if now := tt.now.UTC(); now.Before(last.Start) || !now.Before(last.End) {
				t.Errorf("now %v is not in the last week %v–%v", now, last.Start, last.End)
			}
		})
	}
}
