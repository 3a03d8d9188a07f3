package persistence

import (
	"context"

	"gorm.io/gorm"

	"github.com/mlportal/portal/domain"
)

// PublishedListing is a product as a sign-off leaves it, with its versions
// and the SageMaker resources they deliver.
type PublishedListing struct {
	Product   *domain.Product
	Versions  []domain.Version
	Resources []domain.SageMakerResource
}

// SeedPublished stores many published listings at once, catalog included,
// in one transaction per call. It is for load tests and demos, which need
// thousands of listings without walking each through the editor.
func (db *DB) SeedPublished(ctx context.Context, listings []PublishedListing) error {
	return db.conn(ctx).Transaction(func(tx *gorm.DB) error {
		for _, l := range listings {
			for i := range l.Resources {
				rec, err := resourceToRecord(&l.Resources[i])
				if err != nil {
					return domain.Internal(err)
				}
				if err := tx.Create(rec).Error; err != nil {
					return domainError(err)
				}
			}
			if err := tx.Create(productToRecord(l.Product)).Error; err != nil {
				return domainError(err)
			}
			for i := range l.Versions {
				rec := versionToRecord(&l.Versions[i])
				if err := tx.Create(rec).Error; err != nil {
					return domainError(err)
				}
				l.Versions[i].ID = rec.ID
			}
			// The versions have their IDs now: the product gets the snapshots
			// a sign-off leaves, so later edits wait for a submission.
			domain.SeedAsPublished(l.Product, l.Versions)
			rec := productToRecord(l.Product)
			err := tx.Model(&productRecord{}).Where("id = ?", rec.ID).Select("snapshot", "snapshot_logo", "public_snapshot",
				"public_snapshot_logo").Updates(rec).Error
			if err != nil {
				return domainError(err)
			}
			if err := syncCatalogTx(tx, l.Product); err != nil {
				return err
			}
		}
		return nil
	})
}
