package app

import (
	"context"

	"github.com/mlportal/portal/domain"
)

// The account's own use cases: seller settings, IAM users and SageMaker
// resources, each checked against the IAM action AWS names for it.

// authorizeIn authorizes action on the resource resourceOf names in the
// principal's account, and returns that account.
func authorizeIn(pr domain.Principal, action string, resourceOf func(account string) string) (string, error) {
	account, err := accountOf(pr)
	if err != nil {
		return "", err
	}
	return account, domain.Authorize(pr, action, resourceOf(account))
}

func anyResource(string) string { return domain.AnyResource }

// SaveProfile saves the seller's public profile.
func (a *App) SaveProfile(ctx context.Context, pr domain.Principal, profile domain.SellerProfile, removeLogo bool) error {
	if _, err := authorizeIn(pr, domain.ActionUpdateSettings, anyResource); err != nil {
		return err
	}
	defer a.sellerNames.forget(pr.User.AccountID)
	return a.Services.Sellers.SaveProfile(ctx, pr.User, profile, removeLogo)
}

// SaveTax saves the tax interview.
func (a *App) SaveTax(ctx context.Context, pr domain.Principal, tax domain.TaxInterview) error {
	if _, err := authorizeIn(pr, domain.ActionUpdateSettings, anyResource); err != nil {
		return err
	}
	return a.Services.Sellers.SaveTax(ctx, pr.User, tax)
}

// SaveBank saves the disbursement bank account.
func (a *App) SaveBank(ctx context.Context, pr domain.Principal, bank domain.BankAccount) error {
	if _, err := authorizeIn(pr, domain.ActionUpdateSettings, anyResource); err != nil {
		return err
	}
	return a.Services.Sellers.SaveBank(ctx, pr.User, bank)
}

// iamUser authorizes action on the named IAM user and loads it.
func (a *App) iamUser(ctx context.Context, pr domain.Principal, action, name string) (*domain.User, error) {
	account, err := authorizeIn(pr, action, func(account string) string { return domain.IAMUserARN(account, name) })
	if err != nil {
		return nil, err
	}
	return a.Repos.IAM.IAMUser(ctx, account, name)
}

// CreateIAMUser adds an IAM user to the account.
func (a *App) CreateIAMUser(ctx context.Context, pr domain.Principal, in domain.NewIAMUserInput) (*domain.User, error) {
	account, err := authorizeIn(pr, domain.ActionCreateUser, func(account string) string { return domain.IAMUserARN(account, "*") })
	if err != nil {
		return nil, err
	}
	return a.Services.IAM.CreateUser(ctx, account, in)
}

// AttachManagedPolicy attaches an AWS managed policy to an IAM user.
func (a *App) AttachManagedPolicy(ctx context.Context, pr domain.Principal, userName, policy string) (*domain.User, error) {
	u, err := a.iamUser(ctx, pr, domain.ActionAttachUserPolicy, userName)
	if err != nil {
		return nil, err
	}
	return u, a.Services.IAM.AttachManagedPolicy(ctx, u, policy)
}

// PutUserPolicy attaches a custom JSON policy to an IAM user.
func (a *App) PutUserPolicy(ctx context.Context, pr domain.Principal, userName, policy, document string) (*domain.User, error) {
	u, err := a.iamUser(ctx, pr, domain.ActionPutUserPolicy, userName)
	if err != nil {
		return nil, err
	}
	return u, a.Services.IAM.PutCustomPolicy(ctx, u, policy, document)
}

// DetachUserPolicy removes a policy from an IAM user.
func (a *App) DetachUserPolicy(ctx context.Context, pr domain.Principal, userName, policy string) (*domain.User, error) {
	u, err := a.iamUser(ctx, pr, domain.ActionDetachUserPolicy, userName)
	if err != nil {
		return nil, err
	}
	return u, a.Repos.IAM.DeleteUserPolicy(ctx, u.ID, policy)
}

// DeleteIAMUser removes an IAM user, whom it returns; its sessions end
// with it.
func (a *App) DeleteIAMUser(ctx context.Context, pr domain.Principal, userName string) (*domain.User, error) {
	u, err := a.iamUser(ctx, pr, domain.ActionDeleteUser, userName)
	if err != nil {
		return nil, err
	}
	return u, a.Repos.IAM.DeleteIAMUser(ctx, u.AccountID, u.UserName)
}

// sageMakerAction is the IAM action to create or delete a kind of resource.
func sageMakerAction(kind domain.ResourceKind, create bool) string {
	switch {
	case kind == domain.KindAlgorithm && create:
		return domain.ActionCreateAlgorithm
	case kind == domain.KindAlgorithm:
		return domain.ActionDeleteAlgorithm
	case create:
		return domain.ActionCreateModelPackage
	}
	return domain.ActionDeleteModelPackage
}

// allOfKind names every resource of a kind in the account.
func allOfKind(kind domain.ResourceKind) func(string) string {
	return func(account string) string { return "arn:aws:sagemaker:*:" + account + ":" + string(kind) + "/*" }
}

// CreateSageMakerResource stores a model package or algorithm.
func (a *App) CreateSageMakerResource(ctx context.Context, pr domain.Principal, r domain.SageMakerResource) (*domain.SageMakerResource, error) {
	account, err := authorizeIn(pr, sageMakerAction(r.Kind, true), allOfKind(r.Kind))
	if err != nil {
		return nil, err
	}
	return a.Services.SageMaker.Create(ctx, account, r)
}

// ImportSageMakerResource stores a resource from pasted Describe* JSON.
func (a *App) ImportSageMakerResource(ctx context.Context, pr domain.Principal, kind domain.ResourceKind, raw string) (*domain.SageMakerResource, error) {
	account, err := authorizeIn(pr, sageMakerAction(kind, true), allOfKind(kind))
	if err != nil {
		return nil, err
	}
	return a.Services.SageMaker.Import(ctx, account, kind, raw)
}

// DeleteSageMakerResource deletes a resource no listing needs any more. The
// action is checked on the resource's own ARN, with its Region, so policies
// scoped to a Region apply.
func (a *App) DeleteSageMakerResource(ctx context.Context, pr domain.Principal, kind domain.ResourceKind, name string) error {
	account, err := accountOf(pr)
	if err != nil {
		return err
	}
	arn := "arn:aws:sagemaker:*:" + account + ":" + string(kind) + "/" + name
	if r, err := a.Repos.SageMaker.Resource(ctx, account, kind, name); err == nil {
		arn = r.ARN()
	}
	if err := domain.Authorize(pr, sageMakerAction(kind, false), arn); err != nil {
		return err
	}
	return a.Services.SageMaker.Delete(ctx, account, kind, name)
}

// MarkNotificationsRead marks the account's notifications read. Every user
// of the account reads the account's notifications, so any signed-in user
// may: it needs no IAM action, as AWS's console notifications need none.
func (a *App) MarkNotificationsRead(ctx context.Context, pr domain.Principal) error {
	account, err := accountOf(pr)
	if err != nil {
		return err
	}
	return a.Repos.Notifications.MarkAllRead(ctx, account, a.clock.Now())
}

// SetEmailLanguage makes lang the language of the account's emails when its
// root user, who receives them, picks it for the pages; an IAM user's
// choice of language is its own and changes nothing here. lang is one the
// portal offers (the caller checks).
func (a *App) SetEmailLanguage(ctx context.Context, pr domain.Principal, lang string) error {
	if pr.User == nil || pr.User.Role != domain.RoleRoot {
		return nil
	}
	return a.Repos.Contacts.SetLanguage(ctx, pr.User.AccountID, lang)
}
