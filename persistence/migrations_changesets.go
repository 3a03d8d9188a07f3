package persistence

import (
	"crypto/rand"
	"encoding/json"
	"math/big"
	"strings"
	"time"

	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// changeSetsMigration makes every product change a change set: the tables
// change_sets and change_set_changes replace product_changes. Each old row
// becomes a SUCCEEDED change set of one change, started and ended at the
// row's time by its actor, and its detail text becomes the Details document
// of its time where it can be read: "Limited: 2.0; Restricted: 1.0" gives
// {"Limited":["2.0"],"Restricted":["1.0"]}, a restriction's "2.0, 1.0"
// {"Versions":["2.0","1.0"]}, an unpublishing's "Restricted"
// {"TargetVisibility":"Restricted"}; other text is kept as {"Detail":"…"}.
// The rollback rebuilds product_changes from the change sets of products,
// with the details written back as text.
func changeSetsMigration() *gormigrate.Migration {
	type changeSet struct {
		ID        string    `gorm:"primaryKey;size:28"`
		Name      string    `gorm:"size:100;not null;default:''"`
		Status    string    `gorm:"size:20;not null"`
		StartedAt time.Time `gorm:"not null;index"`
		EndedAt   *time.Time
		Actor     string `gorm:"size:300;not null"`
	}
	// The change sets of a product, newest first, are found through
	// idx_change_set_changes_entity: the entity, then its change sets.
	type changeSetChange struct {
		ID          int64     `gorm:"primaryKey"`
		ChangeSetID string    `gorm:"size:28;not null;uniqueIndex:idx_change_set_changes_position,priority:1;index:idx_change_set_changes_entity,priority:3"`
		Position    int       `gorm:"not null;uniqueIndex:idx_change_set_changes_position,priority:2"`
		ChangeType  string    `gorm:"size:60;not null"`
		EntityType  string    `gorm:"size:60;not null;index:idx_change_set_changes_entity,priority:1"`
		EntityID    string    `gorm:"size:100;not null;index:idx_change_set_changes_entity,priority:2"`
		Details     string    `gorm:"type:text;not null"`
		ChangeName  string    `gorm:"size:100;not null;default:''"`
		ChangeSet   changeSet `gorm:"constraint:OnDelete:CASCADE"`
	}
	// productChange is product_changes as 202611300001_product_updates left it.
	type productChange struct {
		ID         int64  `gorm:"primaryKey"`
		ProductID  string `gorm:"size:20;not null;index"`
		ChangeType string `gorm:"size:60;not null"`
		Actor      string `gorm:"size:300;not null"`
		At         time.Time
		Detail     string `gorm:"type:text;not null;default:''"`
	}
	const entityType, succeeded, batch = "MachineLearningProduct", "SUCCEEDED", 500
	return &gormigrate.Migration{
		ID: "202612010002_change_sets",
		Migrate: func(tx *gorm.DB) error {
			if err := tx.AutoMigrate(&changeSet{}, &changeSetChange{}); err != nil {
				return err
			}
			var last int64
			for {
				var rows []productChange
				if err := tx.Where("id > ?", last).Order("id").Limit(batch).Find(&rows).Error; err != nil {
					return err
				}
				if len(rows) == 0 {
					break
				}
				sets := make([]changeSet, len(rows))
				changes := make([]changeSetChange, len(rows))
				for i, r := range rows {
					id, err := migrationChangeSetID()
					if err != nil {
						return err
					}
					at := r.At.UTC()
					sets[i] = changeSet{ID: id, Status: succeeded, StartedAt: at, EndedAt: &at, Actor: r.Actor}
					changes[i] = changeSetChange{ChangeSetID: id, ChangeType: r.ChangeType, EntityType: entityType,
						EntityID: r.ProductID, Details: detailsFromText(r.ChangeType, r.Detail)}
				}
				if err := tx.Omit("ChangeSet").Create(&sets).Error; err != nil {
					return err
				}
				if err := tx.Omit("ChangeSet").Create(&changes).Error; err != nil {
					return err
				}
				last = rows[len(rows)-1].ID
			}
			return tx.Migrator().DropTable("product_changes")
		},
		Rollback: func(tx *gorm.DB) error {
			if err := tx.AutoMigrate(&productChange{}); err != nil {
				return err
			}
			type row struct {
				ID         int64
				EntityID   string
				ChangeType string
				Details    string
				Actor      string
				StartedAt  time.Time
			}
			var last int64
			for {
				var rows []row
				err := tx.Table("change_set_changes c").
					Select("c.id, c.entity_id, c.change_type, c.details, s.actor, s.started_at").
					Joins("JOIN change_sets s ON s.id = c.change_set_id").
					Where("c.entity_type = ? AND c.id > ?", entityType, last).Order("c.id").Limit(batch).Scan(&rows).Error
				if err != nil {
					return err
				}
				if len(rows) == 0 {
					break
				}
				out := make([]productChange, len(rows))
				for i, r := range rows {
					out[i] = productChange{ProductID: r.EntityID, ChangeType: r.ChangeType, Actor: r.Actor, At: r.StartedAt.UTC(),
						Detail: textFromDetails(r.Details)}
				}
				if err := tx.Create(&out).Error; err != nil {
					return err
				}
				last = rows[len(rows)-1].ID
			}
			return tx.Migrator().DropTable("change_set_changes", "change_sets")
		},
	}
}

// migrationChangeSetID is a change set ID of the shape of 202612010002:
// "cs-" and 25 lower-case letters and digits.
func migrationChangeSetID() (string, error) {
	const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
	b := []byte("cs-")
	for range 25 {
		n, err := rand.Int(rand.Reader, big.NewInt(int64(len(alphabet))))
		if err != nil {
			return "", err
		}
		b = append(b, alphabet[n.Int64()])
	}
	return string(b), nil
}

// changeDetailsV1 is the Details document of 202612010002, with Detail for
// text no rule could read.
type changeDetailsV1 struct {
	TargetVisibility string   `json:"TargetVisibility,omitempty"`
	Versions         []string `json:"Versions,omitempty"`
	Limited          []string `json:"Limited,omitempty"`
	Public           []string `json:"Public,omitempty"`
	Restricted       []string `json:"Restricted,omitempty"`
	Detail           string   `json:"Detail,omitempty"`
}

// detailsFromText reads a product_changes detail of before 202612010002.
func detailsFromText(changeType, text string) string {
	text = strings.TrimSpace(text)
	var d changeDetailsV1
	switch {
	case text == "":
	case changeType == "UpdateVisibility" && (text == "Limited" || text == "Public" || text == "Restricted"):
		d.TargetVisibility = text
	case changeType == "RestrictDeliveryOptions":
		d.Versions = splitList(text, ",")
	default:
		if !statusesFromText(text, &d) {
			d = changeDetailsV1{Detail: text}
		}
	}
	b, err := json.Marshal(d)
	if err != nil {
		panic(err) // strings always marshal
	}
	return string(b)
}

// statusesFromText reads "Limited: 2.0; Restricted: 1.0, 1.5" into d.
func statusesFromText(text string, d *changeDetailsV1) bool {
	for _, part := range strings.Split(text, ";") {
		status, numbers, ok := strings.Cut(part, ":")
		list := splitList(numbers, ",")
		if !ok || len(list) == 0 {
			return false
		}
		switch strings.TrimSpace(status) {
		case "Limited":
			d.Limited = append(d.Limited, list...)
		case "Public":
			d.Public = append(d.Public, list...)
		case "Restricted":
			d.Restricted = append(d.Restricted, list...)
		default:
			return false
		}
	}
	return true
}

func splitList(s, sep string) []string {
	var out []string
	for _, x := range strings.Split(s, sep) {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// textFromDetails writes a Details document back as the detail text of
// before 202612010002; a document it cannot read is kept as it is.
func textFromDetails(details string) string {
	var d changeDetailsV1
	if details == "{}" || details == "" {
		return ""
	}
	if err := json.Unmarshal([]byte(details), &d); err != nil {
		return details
	}
	switch {
	case d.Detail != "":
		return d.Detail
	case d.TargetVisibility != "":
		return d.TargetVisibility
	case len(d.Versions) > 0:
		return strings.Join(d.Versions, ", ")
	}
	var parts []string
	for _, st := range []struct {
		name     string
		versions []string
	}{{"Limited", d.Limited}, {"Public", d.Public}, {"Restricted", d.Restricted}} {
		if len(st.versions) > 0 {
			parts = append(parts, st.name+": "+strings.Join(st.versions, ", "))
		}
	}
	if len(parts) == 0 {
		return details
	}
	return strings.Join(parts, "; ")
}
