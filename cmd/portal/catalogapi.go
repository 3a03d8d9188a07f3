package main

import (
	"crypto/sha256"
	"log/slog"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/domain/app"
	"github.com/mlportal/portal/domain/changesets"
	"github.com/mlportal/portal/persistence"
	"github.com/mlportal/portal/web/catalogapi"
)

// catalogAPI builds the Catalog API face and the service that runs its
// change sets; kick tells the runner a change set is waiting.
func catalogAPI(core *app.App, db *persistence.DB, clock domain.Clock, log *slog.Logger, secret []byte,
	publicURL string) (*catalogapi.API, *changesets.Service, chan struct{}, error) {
	kick := make(chan struct{}, 1)
	docs := catalogapi.CatalogDocs{Core: core, LogoBase: publicURL}
	svc := &changesets.Service{Repo: db.ChangeSets(), Tx: db, Changes: docs,
		Principals: changesets.UserPrincipals{Accounts: db.Accounts(), IAM: db.IAM()}, Products: db.Products(), Clock: clock,
		Log: log, Kick: kick}
	// Paging tokens are signed with a key of their own, derived from the
	// session secret that every server process shares.
	key := sha256.Sum256(append([]byte("catalog API paging tokens|"), secret...))
	api, err := catalogapi.New(core, svc, docs, db.Tags(), catalogapi.Config{TokenKey: key[:], Clock: clock, Log: log})
	if err != nil {
		return nil, nil, nil, err
	}
	return api, svc, kick, nil
}
