package persistence

import (
	"context"
	"encoding/json"
	"time"

	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"

	"github.com/mlportal/portal/domain"
)

// offersMigration adds private offers, agreements and their jobs, and the
// account's language (emails are written in it).
//
// One active agreement per buyer and product is a partial unique index, so
// that two processes accepting at once cannot both succeed.
func offersMigration() *gormigrate.Migration {
	return &gormigrate.Migration{
		ID: "202612040001_offers_agreements",
		Migrate: func(tx *gorm.DB) error {
			type privateOffer struct {
				ID              string `gorm:"primaryKey"`
				ProductID       string `gorm:"not null;index"`
				SellerAccountID string `gorm:"not null;index"`
				Name            string `gorm:"not null"`
				Terms           string `gorm:"type:text;not null"`
				ExpiresAt       time.Time
				DurationMonths  int
				CreatedAt       time.Time
				CreatedBy       string
			}
			type offerBuyer struct {
				OfferID   string `gorm:"primaryKey"`
				AccountID string `gorm:"primaryKey;index"`
			}
			type agreement struct {
				ID              string `gorm:"primaryKey"`
				OfferID         string `gorm:"not null;index"`
				ProductID       string `gorm:"not null;index"`
				SellerAccountID string `gorm:"not null;index"`
				BuyerAccountID  string `gorm:"not null;index"`
				Private         bool
				Test            bool
				Terms           string `gorm:"type:text;not null"`
				Steps           string `gorm:"type:text;not null"`
				Status          string `gorm:"not null"`
				StartAt         time.Time
				EndAt           *time.Time
				TrialEndAt      *time.Time
				TrialEndedAt    *time.Time
				EndedAt         *time.Time
			}
			type agreementJob struct {
				ID          int64  `gorm:"primaryKey"`
				AgreementID string `gorm:"not null;index"`
				Kind        string `gorm:"not null"`
				DueAt       time.Time
				State       string `gorm:"not null"`
				DoneAt      *time.Time
			}
			if err := tx.AutoMigrate(&privateOffer{}, &offerBuyer{}, &agreement{}, &agreementJob{}); err != nil {
				return err
			}
			stamp := "datetime"
			if tx.Dialector.Name() == DialectPostgres {
				stamp = "timestamptz"
			}
			for _, stmt := range []string{
				// Notifications made before emails were sent are not emailed now.
				"ALTER TABLE notifications ADD COLUMN emailed_at " + stamp,
				"UPDATE notifications SET emailed_at = created_at",
				"CREATE INDEX idx_notifications_unsent ON notifications (id) WHERE emailed_at IS NULL",
				"CREATE UNIQUE INDEX idx_agreements_one_active ON agreements (buyer_account_id, product_id) WHERE status = 'active'",
				"CREATE INDEX idx_agreement_jobs_due ON agreement_jobs (state, due_at)",
				"ALTER TABLE accounts ADD COLUMN language TEXT NOT NULL DEFAULT 'en'",
			} {
				if err := tx.Exec(stmt).Error; err != nil {
					return err
				}
			}
			return nil
		},
		Rollback: func(tx *gorm.DB) error {
			if err := tx.Migrator().DropTable("agreement_jobs", "agreements", "offer_buyers", "private_offers"); err != nil {
				return err
			}
			if err := tx.Exec("DROP INDEX idx_notifications_unsent").Error; err != nil {
				return err
			}
			if err := tx.Exec("ALTER TABLE notifications DROP COLUMN emailed_at").Error; err != nil {
				return err
			}
			return tx.Exec("ALTER TABLE accounts DROP COLUMN language").Error
		},
	}
}

type privateOfferRecord struct {
	ID              string `gorm:"primaryKey"`
	ProductID       string
	SellerAccountID string
	Name            string
	Terms           string
	ExpiresAt       time.Time
	DurationMonths  int
	CreatedAt       time.Time
	CreatedBy       string
}

func (privateOfferRecord) TableName() string { return "private_offers" }

type offerBuyerRecord struct {
	OfferID   string `gorm:"primaryKey"`
	AccountID string `gorm:"primaryKey"`
}

func (offerBuyerRecord) TableName() string { return "offer_buyers" }

type agreementRecord struct {
	ID              string `gorm:"primaryKey"`
	OfferID         string
	ProductID       string
	SellerAccountID string
	BuyerAccountID  string
	Private         bool
	Test            bool
	Terms           string
	Steps           string
	Status          string
	StartAt         time.Time
	EndAt           *time.Time
	TrialEndAt      *time.Time
	TrialEndedAt    *time.Time
	EndedAt         *time.Time
}

func (agreementRecord) TableName() string { return "agreements" }

type agreementJobRecord struct {
	ID          int64 `gorm:"primaryKey"`
	AgreementID string
	Kind        string
	DueAt       time.Time
	State       string
	DoneAt      *time.Time
}

func (agreementJobRecord) TableName() string { return "agreement_jobs" }

func privateOfferToRecord(o *domain.PrivateOffer) *privateOfferRecord {
	return &privateOfferRecord{ID: o.ID, ProductID: o.ProductID, SellerAccountID: o.SellerAccountID, Name: o.Name,
		Terms: mustJSON(termsToJSON(o.Terms)), ExpiresAt: o.ExpiresAt.UTC(), DurationMonths: o.DurationMonths,
		CreatedAt: o.CreatedAt.UTC(), CreatedBy: o.CreatedBy}
}

// toDomain returns the offer with the buyers given.
func (r *privateOfferRecord) toDomain(buyers []string) (*domain.PrivateOffer, error) {
	var terms termsJSON
	if err := json.Unmarshal([]byte(r.Terms), &terms); err != nil {
		return nil, domain.Internal(err)
	}
	return &domain.PrivateOffer{ID: r.ID, ProductID: r.ProductID, SellerAccountID: r.SellerAccountID, Name: r.Name,
		Buyers: buyers, Terms: terms.toDomain(), ExpiresAt: r.ExpiresAt.UTC(), DurationMonths: r.DurationMonths,
		CreatedAt: r.CreatedAt.UTC(), CreatedBy: r.CreatedBy}, nil
}

func agreementToRecord(a *domain.Agreement) *agreementRecord {
	return &agreementRecord{ID: a.ID, OfferID: a.OfferID, ProductID: a.ProductID, SellerAccountID: a.SellerAccountID,
		BuyerAccountID: a.BuyerAccountID, Private: a.Private, Test: a.Test, Terms: mustJSON(termsToJSON(a.Terms)),
		Steps: mustJSON(stepsToJSON(a.Steps)), Status: string(a.Status), StartAt: a.StartAt.UTC(), EndAt: timePtr(a.EndAt),
		TrialEndAt: timePtr(a.TrialEndAt), TrialEndedAt: timePtr(a.TrialEnded), EndedAt: timePtr(a.EndedAt)}
}

func (r *agreementRecord) toDomain() (*domain.Agreement, error) {
	a := &domain.Agreement{ID: r.ID, OfferID: r.OfferID, ProductID: r.ProductID, SellerAccountID: r.SellerAccountID,
		BuyerAccountID: r.BuyerAccountID, Private: r.Private, Test: r.Test, Status: domain.AgreementStatus(r.Status),
		StartAt: r.StartAt.UTC(), EndAt: utc(r.EndAt), TrialEndAt: utc(r.TrialEndAt), TrialEnded: utc(r.TrialEndedAt),
		EndedAt: utc(r.EndedAt)}
	var terms termsJSON
	if err := json.Unmarshal([]byte(r.Terms), &terms); err != nil {
		return nil, domain.Internal(err)
	}
	var steps []priceStepJSON
	if err := json.Unmarshal([]byte(r.Steps), &steps); err != nil {
		return nil, domain.Internal(err)
	}
	a.Terms, a.Steps = terms.toDomain(), stepsOfJSON(steps)
	return a, nil
}

func utc(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.UTC()
}

func agreementsOf(recs []agreementRecord) ([]domain.Agreement, error) {
	out := make([]domain.Agreement, 0, len(recs))
	for i := range recs {
		a, err := recs[i].toDomain()
		if err != nil {
			return nil, err
		}
		out = append(out, *a)
	}
	return out, nil
}

// OfferStore implements domain.OfferRepository and
// domain.AgreementRepository.
type OfferStore struct{ db *DB }

var (
	_ domain.OfferRepository     = (*OfferStore)(nil)
	_ domain.AgreementRepository = (*OfferStore)(nil)
)

// Offers returns the offer and agreement store of db.
func (db *DB) Offers() *OfferStore { return &OfferStore{db: db} }

// CreatePrivateOffer stores the offer, its buyers and its change set in one
// transaction.
func (s *OfferStore) CreatePrivateOffer(ctx context.Context, o *domain.PrivateOffer, cs *domain.ChangeSet) error {
	return s.db.conn(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(privateOfferToRecord(o)).Error; err != nil {
			return domainError(err)
		}
		buyers := make([]offerBuyerRecord, len(o.Buyers))
		for i, b := range o.Buyers {
			buyers[i] = offerBuyerRecord{OfferID: o.ID, AccountID: b}
		}
		if err := tx.Create(&buyers).Error; err != nil {
			return domainError(err)
		}
		if err := createChangeSetTx(tx, cs); err != nil {
			return err
		}
		// A seller finds a page's change sets through the products they
		// change; an offer is not a product, so its change set belongs to
		// the seller's account, as one started through the Catalog API does.
		return domainError(tx.Model(&apiChangeSetRecord{}).Where("id = ?", cs.ID).
			Update("account_id", o.SellerAccountID).Error)
	})
}

// PrivateOffer finds an offer by ID.
func (s *OfferStore) PrivateOffer(ctx context.Context, id string) (*domain.PrivateOffer, error) {
	offers, err := s.offers(ctx, "id = ?", id)
	if err != nil {
		return nil, err
	}
	if len(offers) == 0 {
		return nil, domain.Errorf(domain.ENOTFOUND, domain.MsgNotFound)
	}
	return &offers[0], nil
}

// SellerOffers lists a seller's private offers, newest first.
func (s *OfferStore) SellerOffers(ctx context.Context, seller string) ([]domain.PrivateOffer, error) {
	return s.offers(ctx, "seller_account_id = ?", seller)
}

// BuyerOffers lists the private offers extended to a buyer, newest first.
func (s *OfferStore) BuyerOffers(ctx context.Context, buyer string) ([]domain.PrivateOffer, error) {
	return s.offers(ctx, "id IN (SELECT offer_id FROM offer_buyers WHERE account_id = ?)", buyer)
}

func (s *OfferStore) offers(ctx context.Context, where string, arg any) ([]domain.PrivateOffer, error) {
	db := s.db.conn(ctx)
	var recs []privateOfferRecord
	if err := db.Where(where, arg).Order("created_at DESC, id").Find(&recs).Error; err != nil {
		return nil, domainError(err)
	}
	if len(recs) == 0 {
		return nil, nil
	}
	ids := make([]string, len(recs))
	for i, r := range recs {
		ids[i] = r.ID
	}
	var buyers []offerBuyerRecord
	if err := db.Where("offer_id IN ?", ids).Order("offer_id, account_id").Find(&buyers).Error; err != nil {
		return nil, domainError(err)
	}
	byOffer := map[string][]string{}
	for _, b := range buyers {
		byOffer[b.OfferID] = append(byOffer[b.OfferID], b.AccountID)
	}
	out := make([]domain.PrivateOffer, len(recs))
	for i := range recs {
		o, err := recs[i].toDomain(byOffer[recs[i].ID])
		if err != nil {
			return nil, err
		}
		out[i] = *o
	}
	return out, nil
}

// MakeAgreement stores a new agreement with its jobs, replaces the buyer's
// active agreement on the product and keeps the buyer subscribed, in one
// transaction. A public agreement for a buyer already subscribed is
// ECONFLICT (already subscribed); a private offer already accepted is
// ECONFLICT too.
func (s *OfferStore) MakeAgreement(ctx context.Context, a *domain.Agreement, jobs []domain.AgreementJob) error {
	return s.db.conn(ctx).Transaction(func(tx *gorm.DB) error {
		var current []agreementRecord
		err := tx.Where("buyer_account_id = ? AND product_id = ? AND status = ?", a.BuyerAccountID, a.ProductID, domain.AgreementActive).
			Find(&current).Error
		if err != nil {
			return domainError(err)
		}
		for _, c := range current {
			if c.OfferID == a.OfferID {
				if a.Private {
					return domain.Errorf(domain.ECONFLICT, domain.MsgOfferAlreadyAccepted)
				}
				return domain.Errorf(domain.ECONFLICT, domain.MsgAlreadySubscribed)
			}
			res := tx.Model(&agreementRecord{}).Where("id = ? AND status = ?", c.ID, domain.AgreementActive).
				Updates(map[string]any{"status": string(domain.AgreementReplaced), "ended_at": a.StartAt.UTC()})
			if res.Error != nil {
				return domainError(res.Error)
			}
		}
		if err := keepSubscribedTx(tx, a, len(current) == 0); err != nil {
			return err
		}
		if err := tx.Create(agreementToRecord(a)).Error; err != nil {
			return withConflictMessage(domainError(err), domain.MsgAlreadySubscribed)
		}
		return createJobsTx(tx, jobs)
	})
}

// keepSubscribedTx makes sure the agreement's buyer is subscribed to its
// product. A buyer subscribed without an agreement (before agreements were
// kept) subscribing again is told so, unless a private offer is accepted.
func keepSubscribedTx(tx *gorm.DB, a *domain.Agreement, noAgreement bool) error {
	var sub subscriptionRecord
	res := tx.Where("account_id = ? AND product_id = ?", a.BuyerAccountID, a.ProductID).Limit(1).Find(&sub)
	if res.Error != nil {
		return domainError(res.Error)
	}
	switch {
	case res.RowsAffected == 0:
		rec := subscriptionRecord{AccountID: a.BuyerAccountID, ProductID: a.ProductID, Test: a.Test, CreatedAt: a.StartAt.UTC()}
		return withConflictMessage(domainError(tx.Create(&rec).Error), domain.MsgAlreadySubscribed)
	case sub.CancelledAt != nil:
		return domainError(tx.Model(&subscriptionRecord{}).Where("id = ?", sub.ID).
			Updates(map[string]any{"test": a.Test, "created_at": a.StartAt.UTC(), "cancelled_at": nil}).Error)
	case noAgreement && !a.Private:
		return domain.Errorf(domain.ECONFLICT, domain.MsgAlreadySubscribed)
	}
	return nil
}

func createJobsTx(tx *gorm.DB, jobs []domain.AgreementJob) error {
	if len(jobs) == 0 {
		return nil
	}
	recs := make([]agreementJobRecord, len(jobs))
	for i, j := range jobs {
		recs[i] = agreementJobRecord{AgreementID: j.AgreementID, Kind: string(j.Kind), DueAt: j.DueAt.UTC(), State: jobPending}
	}
	return domainError(tx.Create(&recs).Error)
}

// Agreement finds an agreement by ID.
func (s *OfferStore) Agreement(ctx context.Context, id string) (*domain.Agreement, error) {
	var r agreementRecord
	if err := s.db.conn(ctx).Where("id = ?", id).Take(&r).Error; err != nil {
		return nil, domainError(err)
	}
	return r.toDomain()
}

// ActiveAgreement is the buyer's active agreement on a product.
func (s *OfferStore) ActiveAgreement(ctx context.Context, buyer, productID string) (*domain.Agreement, error) {
	var r agreementRecord
	err := s.db.conn(ctx).Where("buyer_account_id = ? AND product_id = ? AND status = ?", buyer, productID, domain.AgreementActive).
		Take(&r).Error
	if err != nil {
		return nil, domainError(err)
	}
	return r.toDomain()
}

// BuyerAgreements lists a buyer's agreements, newest first.
func (s *OfferStore) BuyerAgreements(ctx context.Context, buyer string) ([]domain.Agreement, error) {
	return s.agreements(ctx, s.db.conn(ctx).Where("buyer_account_id = ?", buyer))
}

// SellerAgreements lists a seller's agreements, newest first. The status
// filter is applied by the caller's clock for "expired" (an active
// agreement past its end), so it is left to the domain.
func (s *OfferStore) SellerAgreements(ctx context.Context, seller string, q domain.AgreementQuery) ([]domain.Agreement, error) {
	db := s.db.conn(ctx).Where("seller_account_id = ?", seller)
	if q.ProductID != "" {
		db = db.Where("product_id = ?", q.ProductID)
	}
	return s.agreements(ctx, db)
}

// OfferAgreements lists the active agreements made from an offer.
func (s *OfferStore) OfferAgreements(ctx context.Context, offerID string) ([]domain.Agreement, error) {
	return s.agreements(ctx, s.db.conn(ctx).Where("offer_id = ? AND status = ?", offerID, domain.AgreementActive))
}

func (s *OfferStore) agreements(_ context.Context, db *gorm.DB) ([]domain.Agreement, error) {
	var recs []agreementRecord
	if err := db.Order("start_at DESC, id").Find(&recs).Error; err != nil {
		return nil, domainError(err)
	}
	return agreementsOf(recs)
}

// CancelAgreement ends the buyer's subscription to a product and its active
// agreement at at, in one transaction.
func (s *OfferStore) CancelAgreement(ctx context.Context, buyer, productID string, at time.Time) error {
	return s.db.conn(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Model(&subscriptionRecord{}).
			Where("account_id = ? AND product_id = ? AND cancelled_at IS NULL", buyer, productID).
			Update("cancelled_at", at.UTC())
		if res.Error != nil {
			return domainError(res.Error)
		}
		if res.RowsAffected == 0 {
			return domain.Errorf(domain.ECONFLICT, domain.MsgNotSubscribed)
		}
		return domainError(tx.Model(&agreementRecord{}).
			Where("buyer_account_id = ? AND product_id = ? AND status = ?", buyer, productID, domain.AgreementActive).
			Updates(map[string]any{"status": string(domain.AgreementCancelled), "ended_at": at.UTC()}).Error)
	})
}

// AddPriceSteps adds the steps of a price change made at now to agreements
// in one transaction, replacing their steps after now.
func (s *OfferStore) AddPriceSteps(ctx context.Context, now time.Time, steps map[string][]domain.PriceStep) error {
	return s.db.conn(ctx).Transaction(func(tx *gorm.DB) error {
		for id, add := range steps {
			var r agreementRecord
			if err := tx.Where("id = ?", id).Take(&r).Error; err != nil {
				return domainError(err)
			}
			a, err := r.toDomain()
			if err != nil {
				return err
			}
			a.Steps = domain.ReplacePendingSteps(a.Steps, add, now)
			err = tx.Model(&agreementRecord{}).Where("id = ?", id).Update("steps", mustJSON(stepsToJSON(a.Steps))).Error
			if err != nil {
				return domainError(err)
			}
		}
		return nil
	})
}

// DueAgreementJobs lists pending jobs due at now, oldest first.
func (s *OfferStore) DueAgreementJobs(ctx context.Context, now time.Time, limit int) ([]domain.AgreementJob, error) {
	var recs []agreementJobRecord
	err := s.db.conn(ctx).Where("state = ? AND due_at <= ?", jobPending, now.UTC()).Order("due_at, id").Limit(limit).Find(&recs).Error
	if err != nil {
		return nil, domainError(err)
	}
	jobs := make([]domain.AgreementJob, len(recs))
	for i, r := range recs {
		jobs[i] = domain.AgreementJob{ID: r.ID, AgreementID: r.AgreementID, Kind: domain.AgreementJobKind(r.Kind), DueAt: r.DueAt.UTC()}
	}
	return jobs, nil
}

// RunAgreementJob claims the job with a conditional update, so that of
// several processes exactly one runs it, and saves what run changed on the
// agreement in the same transaction.
func (s *OfferStore) RunAgreementJob(ctx context.Context, job domain.AgreementJob, at time.Time,
	run func(*domain.Agreement) ([]domain.Notification, error)) (bool, error) {
	ran := false
	err := s.db.conn(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Model(&agreementJobRecord{}).Where("id = ? AND state = ?", job.ID, jobPending).
			Updates(map[string]any{"state": jobDone, "done_at": at.UTC()})
		if res.Error != nil || res.RowsAffected == 0 {
			return domainError(res.Error) // nil: another process ran it
		}
		var r agreementRecord
		if err := tx.Where("id = ?", job.AgreementID).Take(&r).Error; err != nil {
			return domainError(err)
		}
		a, err := r.toDomain()
		if err != nil {
			return err
		}
		notices, err := run(a)
		if err != nil {
			return err
		}
		ran = true
		for _, n := range notices {
			if err := notifyTx(tx, n.AccountID, n.Message, n.Data, n.CreatedAt); err != nil {
				return err
			}
		}
		if err := tx.Model(&agreementRecord{}).Where("id = ?", a.ID).
			Select("*").Omit("id").Updates(agreementToRecord(a)).Error; err != nil {
			return domainError(err)
		}
		if r.Status == string(domain.AgreementActive) && a.Status == domain.AgreementExpired {
			// The subscription ends with the agreement it was held by.
			return domainError(tx.Model(&subscriptionRecord{}).
				Where("account_id = ? AND product_id = ? AND cancelled_at IS NULL", a.BuyerAccountID, a.ProductID).
				Update("cancelled_at", at.UTC()).Error)
		}
		return nil
	})
	return ran, err
}

// AddNotifications stores in-portal notifications.
func (s *OperationsStore) AddNotifications(ctx context.Context, ns []domain.Notification) error {
	return s.db.conn(ctx).Transaction(func(tx *gorm.DB) error {
		for _, n := range ns {
			if err := notifyTx(tx, n.AccountID, n.Message, n.Data, n.CreatedAt); err != nil {
				return err
			}
		}
		return nil
	})
}

// PendingEmails lists the notifications not yet emailed, oldest first.
func (s *OperationsStore) PendingEmails(ctx context.Context, limit int) ([]domain.Notification, error) {
	var recs []notificationRecord
	err := s.db.conn(ctx).Where("emailed_at IS NULL").Order("id").Limit(limit).Find(&recs).Error
	if err != nil {
		return nil, domainError(err)
	}
	return notificationsOf(recs)
}

// ClaimEmail marks a notification emailed with a conditional update: of
// several processes, one sees the row change.
func (s *OperationsStore) ClaimEmail(ctx context.Context, id int64, at time.Time) (bool, error) {
	res := s.db.conn(ctx).Model(&notificationRecord{}).Where("id = ? AND emailed_at IS NULL", id).Update("emailed_at", at.UTC())
	return res.RowsAffected == 1, domainError(res.Error)
}

// Contact is the root user's email and the account's language.
func (s *AccountStore) Contact(ctx context.Context, accountID string) (domain.Contact, error) {
	var row struct {
		Email    *string
		Language string
	}
	err := s.db.conn(ctx).Table("users").Select("users.email, accounts.language").
		Joins("JOIN accounts ON accounts.id = users.account_id").
		Where("users.account_id = ? AND users.role = ?", accountID, domain.RoleRoot).Take(&row).Error
	if err != nil {
		return domain.Contact{}, domainError(err)
	}
	c := domain.Contact{Language: row.Language}
	if row.Email != nil {
		c.Email = *row.Email
	}
	return c, nil
}

// SetLanguage records the language the account's emails are written in.
func (s *AccountStore) SetLanguage(ctx context.Context, accountID, lang string) error {
	return domainError(s.db.conn(ctx).Model(&accountRecord{}).Where("id = ?", accountID).Update("language", lang).Error)
}
