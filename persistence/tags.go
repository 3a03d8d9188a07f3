package persistence

import (
	"context"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/mlportal/portal/domain"
)

// tagRecord is a row of resource_tags.
type tagRecord struct {
	AccountID   string `gorm:"primaryKey"`
	ResourceArn string `gorm:"primaryKey"`
	TagKey      string `gorm:"primaryKey"`
	TagValue    string
}

func (tagRecord) TableName() string { return "resource_tags" }

// TagStore implements domain.TagRepository.
type TagStore struct{ db *DB }

var _ domain.TagRepository = (*TagStore)(nil)

// Tags returns the tag store of db.
func (db *DB) Tags() *TagStore { return &TagStore{db: db} }

// TagResource upserts tags in one transaction.
func (s *TagStore) TagResource(ctx context.Context, accountID, arn string, tags []domain.Tag) error {
	return s.db.conn(ctx).Transaction(func(tx *gorm.DB) error {
		for _, t := range tags {
			r := tagRecord{AccountID: accountID, ResourceArn: arn, TagKey: t.Key, TagValue: t.Value}
			err := tx.Clauses(clause.OnConflict{
				Columns:   []clause.Column{{Name: "account_id"}, {Name: "resource_arn"}, {Name: "tag_key"}},
				DoUpdates: clause.AssignmentColumns([]string{"tag_value"}),
			}).Create(&r).Error
			if err != nil {
				return domainError(err)
			}
		}
		return nil
	})
}

// UntagResource removes the tags with keys; missing keys are no error.
func (s *TagStore) UntagResource(ctx context.Context, accountID, arn string, keys []string) error {
	return domainError(s.db.conn(ctx).Where("account_id = ? AND resource_arn = ? AND tag_key IN ?", accountID, arn, keys).
		Delete(&tagRecord{}).Error)
}

// Tags lists a resource's tags by key.
func (s *TagStore) Tags(ctx context.Context, accountID, arn string) ([]domain.Tag, error) {
	var rs []tagRecord
	err := s.db.conn(ctx).Where("account_id = ? AND resource_arn = ?", accountID, arn).Order("tag_key").Find(&rs).Error
	if err != nil {
		return nil, domainError(err)
	}
	out := make([]domain.Tag, len(rs))
	for i, r := range rs {
		out[i] = domain.Tag{Key: r.TagKey, Value: r.TagValue}
	}
	return out, nil
}
