package domain

import "time"

// The seller's reports: figures as of now and a week-by-week history of a
// seller's agreements and private offers, overall or for one product.
//
// What is counted:
//   - Agreements made while the product was in test (Agreement.Test: the
//     seller's and the allow-listed test accounts' subscriptions to a Limited
//     listing) are left out of every figure and week, revenue included: they
//     are trials of the listing, not business. Report.TestAgreements says
//     how many were left out.
//   - An agreement is active while its status is active and its end date has
//     not passed (Agreement.StatusAt): an expired agreement is not active.
//   - Weeks are ISO weeks, Monday 00:00 to the next Monday 00:00, in UTC;
//     the last one is the current week, which is still running.
//   - A cancellation is an agreement the buyer cancelled; one replaced by a
//     newer agreement (a private offer accepted) or ended by its end date is
//     not a cancellation.
//   - A trial converted is one whose end date fell in the week, at or before
//     now, while the agreement was still in force: one cancelled, replaced
//     or ended at or before its trial end did not convert.
//   - Private offers extended count offers (one offer may name several
//     buyers); private offers accepted count private agreements, one per
//     buyer who accepted.

// DefaultReportWeeks is how many weeks a report shows.
const DefaultReportWeeks = 12

// Report is a seller's report over agreements and private offers.
type Report struct {
	// ProductID is the product reported on; empty for all products.
	ProductID string
	Now       time.Time
	// Active counts the agreements in force now.
	Active int
	// InTrial counts the active agreements in their free trial now.
	InTrial int
	// MonthlyEstimate is the sum of the active agreements'
	// Agreement.MonthlyEstimate at now, in thousandths of a dollar.
	MonthlyEstimate int64
	// OffersExtended counts the private offers made so far.
	OffersExtended int
	// OffersAccepted counts the private agreements made so far.
	OffersAccepted int
	// TestAgreements counts the agreements left out because they were made
	// while the product was in test.
	TestAgreements int
	// Weeks are the report's weeks, oldest first.
	Weeks []ReportWeek
}

// ReportWeek is one ISO week of a report.
type ReportWeek struct {
	// Start is the Monday the week starts, 00:00 UTC; End is the next
	// Monday. The current week ends after now.
	Start, End time.Time
	// Year and Week are the ISO year and week number.
	Year, Week int
	// New counts the agreements that started in the week; Cancelled the
	// ones their buyers cancelled in it.
	New, Cancelled int
	// ActiveAtEnd counts the agreements in force at the end of the week
	// (at now for the current week).
	ActiveAtEnd int
	// TrialsStarted counts the agreements with a free trial that started
	// in the week; TrialsConverted the trials that ended in the week with
	// the agreement still in force.
	TrialsStarted, TrialsConverted int
	// OffersExtended counts the private offers created in the week;
	// OffersAccepted the private agreements that started in it.
	OffersExtended, OffersAccepted int
}

// WeekStart is the Monday 00:00 UTC that starts t's ISO week.
func WeekStart(t time.Time) time.Time {
	t = t.UTC()
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return day.AddDate(0, 0, -(int(day.Weekday())+6)%7)
}

// BuildReport reports on the agreements and private offers of productID
// (all of them when it is empty) as of now, with the last weeks ISO weeks
// up to the current one (at least one).
func BuildReport(agreements []Agreement, offers []PrivateOffer, productID string, now time.Time, weeks int) Report {
	now = now.UTC()
	r := Report{ProductID: productID, Now: now, Weeks: reportWeeks(now, max(weeks, 1))}
	for i := range agreements {
		a := &agreements[i]
		switch {
		case productID != "" && a.ProductID != productID:
			continue
		case a.Test:
			r.TestAgreements++
			continue
		}
		r.addAgreement(a)
	}
	for i := range offers {
		o := &offers[i]
		if productID != "" && o.ProductID != productID || o.CreatedAt.After(now) {
			continue
		}
		r.OffersExtended++
		if w := r.weekOf(o.CreatedAt); w != nil {
			w.OffersExtended++
		}
	}
	return r
}

func reportWeeks(now time.Time, n int) []ReportWeek {
	first := WeekStart(now).AddDate(0, 0, -7*(n-1))
	out := make([]ReportWeek, n)
	for i := range out {
		start := first.AddDate(0, 0, 7*i)
		year, week := start.ISOWeek()
		out[i] = ReportWeek{Start: start, End: start.AddDate(0, 0, 7), Year: year, Week: week}
	}
	return out
}

// weekOf is the report's week that holds t, or nil; nothing after now is
// in a week yet.
func (r *Report) weekOf(t time.Time) *ReportWeek {
	if t.IsZero() || t.After(r.Now) {
		return nil
	}
	for i := range r.Weeks {
		if w := &r.Weeks[i]; !t.Before(w.Start) && t.Before(w.End) {
			return w
		}
	}
	return nil
}

func (r *Report) addAgreement(a *Agreement) {
	if a.StartAt.After(r.Now) {
		return
	}
	if a.ActiveAt(r.Now) {
		r.Active++
		r.MonthlyEstimate += a.MonthlyEstimate(r.Now)
		if a.InTrial(r.Now) {
			r.InTrial++
		}
	}
	if a.Private {
		r.OffersAccepted++
	}
	if w := r.weekOf(a.StartAt); w != nil {
		w.New++
		if a.Private {
			w.OffersAccepted++
		}
		if !a.TrialEndAt.IsZero() {
			w.TrialsStarted++
		}
	}
	if a.Status == AgreementCancelled {
		if w := r.weekOf(a.EndedAt); w != nil {
			w.Cancelled++
		}
	}
	if !a.TrialEndAt.IsZero() && inForceAt(a, a.TrialEndAt) {
		if w := r.weekOf(a.TrialEndAt); w != nil {
			w.TrialsConverted++
		}
	}
	for i := range r.Weeks {
		w := &r.Weeks[i]
		at := w.End.Add(-time.Nanosecond) // the last moment of the week
		if at.After(r.Now) {
			at = r.Now
		}
		if inForceAt(a, at) {
			w.ActiveAtEnd++
		}
	}
}

// inForceAt reports whether the agreement was in force at t, from its
// dates: started at or before t, and neither ended (cancelled or replaced)
// nor past its end date at t.
func inForceAt(a *Agreement, t time.Time) bool {
	switch {
	case t.Before(a.StartAt):
		return false
	case !a.EndedAt.IsZero() && !t.Before(a.EndedAt):
		return false
	case !a.EndAt.IsZero() && !t.Before(a.EndAt):
		return false
	}
	return true
}
