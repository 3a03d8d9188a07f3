package persistence

import "github.com/mlportal/portal/domain/app"

// Repositories returns every store of db for the application core; sealer
// encrypts the seller's bank and tax data at rest.
func (db *DB) Repositories(sealer *Sealer) app.Repositories {
	return app.Repositories{
		Accounts: db.Accounts(), IAM: db.IAM(), Throttles: db.Throttles(), Sellers: db.Sellers(sealer),
		SageMaker: db.SageMaker(), Usage: db.SageMaker(), Products: db.Products(), Publishing: db.Publishing(),
		Subscriptions: db.Subscriptions(), Operations: db.Operations(), Notifications: db.Operations(),
		Catalog: db.SearchIndex(), Sessions: db.Sessions(), Credentials: db.Accounts(), Tokens: db.Tokens(),
		AccessKeys: db.AccessKeys(sealer), Offers: db.Offers(), Agreements: db.Offers(), Contacts: db.Accounts(),
	}
}
