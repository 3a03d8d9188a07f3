package app

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/mlportal/portal/domain"
)

// RunDueJobs runs the agreement jobs due now (trial notices and trial
// ends), each exactly once even with several server processes, and then
// sends the emails of pending notifications. It reports how many jobs ran.
// A job that fails stays due, to run again next time; it does not hold up
// the other jobs or the emails, and its error is returned with theirs.
func (a *App) RunDueJobs(ctx context.Context) (int, error) {
	jobs, err := a.Repos.Agreements.DueAgreementJobs(ctx, a.clock.Now(), 100)
	if err != nil {
		return 0, err
	}
	ran := 0
	var errs []error
	for _, job := range jobs {
		ok, err := a.Repos.Agreements.RunAgreementJob(ctx, job, a.clock.Now(), a.agreementJob(ctx, job))
		if err != nil {
			errs = append(errs, fmt.Errorf("agreement job %d (%s of %s): %w", job.ID, job.Kind, job.AgreementID, err))
			continue
		}
		if ok {
			ran++
		}
	}
	_, err = a.SendPendingEmails(ctx)
	return ran, errors.Join(append(errs, err)...)
}

// agreementJob is what a job does to its agreement at its time: tell both
// parties the trial ends soon, or end the trial (the agreement goes on at
// its paid prices) and tell them. An agreement no longer active gets
// nothing, and neither does a notice run after the trial ended (the jobs
// did not run for a while): the end tells the parties.
func (a *App) agreementJob(ctx context.Context, job domain.AgreementJob) func(*domain.Agreement) ([]domain.Notification, error) {
	return func(ag *domain.Agreement) ([]domain.Notification, error) {
		now := a.clock.Now()
		if job.Kind == domain.JobAgreementEnd {
			return a.endAgreement(ctx, ag, now)
		}
		if !ag.ActiveAt(now) || (job.Kind == domain.JobTrialNotice && !ag.InTrial(now)) {
			return nil, nil
		}
		p, err := a.Repos.Products.ProductByID(ctx, ag.ProductID)
		if err != nil {
			return nil, err
		}
		data := func(link string) map[string]string {
			return map[string]string{"Title": title(p), "Buyer": ag.BuyerAccountID, "TrialEnd": ag.TrialEndAt.Format(time.DateOnly), "Link": link}
		}
		buyerMsg, sellerMsg := domain.MsgNotifyTrialEnding, domain.MsgNotifyTrialEndingSeller
		if job.Kind == domain.JobTrialEnd {
			ag.TrialEnded = now
			buyerMsg, sellerMsg = domain.MsgNotifyTrialEnded, domain.MsgNotifyTrialEndedSeller
		}
		return domain.NotificationsOf([]domain.Notice{
			{AccountID: ag.BuyerAccountID, Message: buyerMsg, Data: data("/agreements/" + ag.ID)},
			{AccountID: ag.SellerAccountID, Message: sellerMsg, Data: data("/management/agreements/" + ag.ID)},
		}, now), nil
	}
}

// endAgreement expires an agreement at its end date and tells both
// parties; the store ends the buyer's subscription with it, so the buyer
// subscribes again (or accepts a new offer) to go on.
func (a *App) endAgreement(ctx context.Context, ag *domain.Agreement, now time.Time) ([]domain.Notification, error) {
	if !ag.End() {
		return nil, nil
	}
	p, err := a.Repos.Products.ProductByID(ctx, ag.ProductID)
	if err != nil {
		return nil, err
	}
	data := func(link string) map[string]string {
		return map[string]string{"Title": title(p), "Buyer": ag.BuyerAccountID, "Ended": ag.EndAt.Format(time.DateOnly), "Link": link}
	}
	return domain.NotificationsOf([]domain.Notice{
		{AccountID: ag.BuyerAccountID, Message: domain.MsgNotifyAgreementEnded, Data: data("/marketplace/pp/" + ag.ProductID)},
		{AccountID: ag.SellerAccountID, Message: domain.MsgNotifyAgreementEndedSeller, Data: data("/management/agreements/" + ag.ID)},
	}, now), nil
}

// RunJobs calls RunDueJobs now and then every interval until ctx ends.
func (a *App) RunJobs(ctx context.Context, every time.Duration) {
	ticker := time.NewTicker(every)
	defer ticker.Stop()
	for {
		if _, err := a.RunDueJobs(ctx); err != nil && ctx.Err() == nil {
			a.log.Error("agreement jobs and emails", "error", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
	}
}
