package persistence

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/mlportal/portal/domain"
)

type productRecord struct {
	ID           string `gorm:"primaryKey"`
	AccountID    string
	CreatorARN   string
	Type         string
	Status       string
	Privacy      string
	Title        string
	SubmittedAt  *time.Time
	PublishDueAt *time.Time
	TestAccounts string // JSON list of account IDs
	Info         string // JSON of infoJSON
	Promo        string // JSON of promoJSON
	Support      string // JSON of supportJSON
	Regions      string // JSON of regionsJSON
	Offer        string // JSON of offerJSON
	EULA         string `gorm:"column:eula"`
	Logo         []byte
	LogoType     string
	// Snapshot is the snapshotJSON of the last staged listing (its logo
	// apart), "" before the first staging.
	Snapshot     string
	SnapshotLogo []byte
	// PendingSnapshot is the snapshotJSON of the listing as submitted (its
	// logo apart), "" when nothing is pending.
	PendingSnapshot     string
	PendingSnapshotLogo []byte
	// PublicSnapshot is the snapshotJSON of what buyers see: the staged
	// snapshot as signed off (its logo apart), "" before the first sign-off.
	PublicSnapshot     string
	PublicSnapshotLogo []byte
	// Removal is the removalJSON of the seller's removal request, "" while
	// listed.
	Removal string
	// RemovedAt orders removals for Seller Operations.
	RemovedAt *time.Time
	Revision  int
	CreatedAt time.Time
	UpdatedAt time.Time `gorm:"autoUpdateTime:false"` // set by the service's clock
}

func (productRecord) TableName() string { return "products" }

type productVersionRecord struct {
	ID          int64 `gorm:"primaryKey"`
	ProductID   string
	Number      *string
	ResourceARN string `gorm:"column:resource_arn"`
	Status      string
	SubmittedAt *time.Time
	ReleasedAt  *time.Time
	// RestrictPending and RestrictedAt: see domain.Version.
	RestrictPending bool
	RestrictedAt    *time.Time
	Details         string // JSON of versionDetailsJSON
	CreatedAt       time.Time
}

func (productVersionRecord) TableName() string { return "product_versions" }

// ProductStore implements domain.ProductRepository.
type ProductStore struct{ db *DB }

var _ domain.ProductRepository = (*ProductStore)(nil)

// Products returns the product store of db.
func (db *DB) Products() *ProductStore { return &ProductStore{db: db} }

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

func timeOf(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return *t
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only the plain structs of records_json.go, lists and maps of strings are marshalled
	}
	return string(b)
}

func productToRecord(p *domain.Product) *productRecord {
	return &productRecord{
		ID: p.ID, AccountID: p.AccountID, CreatorARN: p.CreatorARN, Type: string(p.Type), Status: string(p.Status),
		Privacy: string(p.Info.Privacy), Title: p.Info.Title, SubmittedAt: timePtr(p.SubmittedAt),
		PublishDueAt: timePtr(p.PublishDueAt), TestAccounts: mustJSON(nonNilList(p.TestAccounts)),
		Info: mustJSON(infoToJSON(p.Info)), Promo: mustJSON(promoToJSON(p.Promo)),
		Support: mustJSON(supportToJSON(p.Support)), Regions: mustJSON(regionsToJSON(p.Regions)),
		Offer: mustJSON(offerToJSON(p.Offer)), EULA: p.Offer.EULA,
		Logo: p.Promo.Logo, LogoType: p.Promo.LogoType, Revision: p.Revision,
		Snapshot: encodeSnapshot(p.Snapshot), SnapshotLogo: snapshotLogo(p.Snapshot),
		PendingSnapshot: encodeSnapshot(p.PendingSnapshot), PendingSnapshotLogo: snapshotLogo(p.PendingSnapshot),
		PublicSnapshot: encodeSnapshot(p.PublicSnapshot), PublicSnapshotLogo: snapshotLogo(p.PublicSnapshot),
		Removal: encodeRemoval(p.Removal), RemovedAt: removedAt(p.Removal),
		CreatedAt: p.CreatedAt.UTC(), UpdatedAt: p.UpdatedAt.UTC(),
	}
}

func (r *productRecord) toDomain() (*domain.Product, error) {
	p := &domain.Product{ID: r.ID, AccountID: r.AccountID, CreatorARN: r.CreatorARN, Type: domain.ResourceKind(r.Type),
		Status: domain.ProductStatus(r.Status), SubmittedAt: timeOf(r.SubmittedAt), PublishDueAt: timeOf(r.PublishDueAt), Revision: r.Revision,
		CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
	var info infoJSON
	var promo promoJSON
	var support supportJSON
	var regions regionsJSON
	var offer offerJSON
	for _, part := range []struct {
		raw string
		v   any
	}{{r.TestAccounts, &p.TestAccounts}, {r.Info, &info}, {r.Promo, &promo}, {r.Support, &support}, {r.Regions, &regions}, {r.Offer, &offer}} {
		if err := json.Unmarshal([]byte(part.raw), part.v); err != nil {
			return nil, domain.Internal(err)
		}
	}
	p.Info, p.Support, p.Regions = info.toDomain(), support.toDomain(), regions.toDomain()
	p.Promo = promo.toDomain(r.Logo, r.LogoType)
	p.Offer = offer.toDomain(r.EULA)
	var err error
	if p.Snapshot, err = decodeSnapshot(r.Snapshot, r.SnapshotLogo); err != nil {
		return nil, err
	}
	if p.PendingSnapshot, err = decodeSnapshot(r.PendingSnapshot, r.PendingSnapshotLogo); err != nil {
		return nil, err
	}
	if p.PublicSnapshot, err = decodeSnapshot(r.PublicSnapshot, r.PublicSnapshotLogo); err != nil {
		return nil, err
	}
	if r.Removal != "" {
		var removal removalJSON
		if err := json.Unmarshal([]byte(r.Removal), &removal); err != nil {
			return nil, domain.Internal(err)
		}
		d := removal.toDomain()
		p.Removal = &d
	}
	return p, nil
}

func versionToRecord(v *domain.Version) *productVersionRecord {
	return &productVersionRecord{ID: v.ID, ProductID: v.ProductID, Number: nullable(v.Number), ResourceARN: v.ResourceARN,
		Status: string(v.Status), SubmittedAt: timePtr(v.SubmittedAt), ReleasedAt: timePtr(v.ReleasedAt),
		RestrictPending: v.RestrictPending, RestrictedAt: timePtr(v.RestrictedAt), Details: mustJSON(versionDetailsToJSON(v)), CreatedAt: v.CreatedAt.UTC()}
}

func (r *productVersionRecord) toDomain() (*domain.Version, error) {
	var d versionDetailsJSON
	if err := json.Unmarshal([]byte(r.Details), &d); err != nil {
		return nil, domain.Internal(err)
	}
	v := &domain.Version{ID: r.ID, ProductID: r.ProductID, ResourceARN: r.ResourceARN, Status: domain.VersionStatus(r.Status),
		SubmittedAt: timeOf(r.SubmittedAt), ReleasedAt: timeOf(r.ReleasedAt), RestrictPending: r.RestrictPending,
		RestrictedAt: timeOf(r.RestrictedAt), CreatedAt: r.CreatedAt}
	d.setOn(v)
	if r.Number != nil {
		v.Number = *r.Number
	}
	return v, nil
}

// CreateProduct stores a new product with its first history entry.
func (s *ProductStore) CreateProduct(ctx context.Context, p *domain.Product, ch domain.ProductChange) error {
	return s.db.conn(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(productToRecord(p)).Error; err != nil {
			return domainError(err)
		}
		return recordChanges(tx, ch)
	})
}

// Product finds one of the account's products.
func (s *ProductStore) Product(ctx context.Context, accountID, id string) (*domain.Product, error) {
	var r productRecord
	if err := s.db.conn(ctx).Where("id = ? AND account_id = ?", id, accountID).Take(&r).Error; err != nil {
		return nil, domainError(err)
	}
	return r.toDomain()
}

// ProductByID finds a product of any account.
func (s *ProductStore) ProductByID(ctx context.Context, id string) (*domain.Product, error) {
	var r productRecord
	if err := s.db.conn(ctx).Where("id = ?", id).Take(&r).Error; err != nil {
		return nil, domainError(err)
	}
	return r.toDomain()
}

// ProductRevision reads a product's revision alone. Outside a transaction
// a revision read less than freshFor ago, before which this process wrote
// nothing, answers again (see freshCache): the core asks on every visit
// of a cached listing.
func (s *ProductStore) ProductRevision(ctx context.Context, id string) (int, error) {
	return s.db.revisions.get(ctx, s.db, id, func() (int, error) {
		var rev int
		err := s.db.queryRow(ctx, "SELECT revision FROM products WHERE id = $1", id).Scan(&rev)
		if errors.Is(err, sql.ErrNoRows) {
			return 0, domain.Errorf(domain.ENOTFOUND, domain.MsgNotFound)
		}
		return rev, domainError(err)
	})
}

// maxPreparedRevisions is the most IDs ProductRevisions reads through a
// prepared statement (one per count of IDs); longer lists are rare (a
// buyer's subscriptions) and run unprepared.
const maxPreparedRevisions = 32

// ProductRevisions reads the revisions of the products ids names, kept as
// ProductRevision keeps them: when every one is fresh, no query runs.
func (s *ProductStore) ProductRevisions(ctx context.Context, ids []string) (map[string]int, error) {
	return s.db.revisions.getAll(ctx, s.db, ids, func() (map[string]int, error) { return s.readRevisions(ctx, ids) })
}

// readRevisions reads the revisions of the products ids names.
func (s *ProductStore) readRevisions(ctx context.Context, ids []string) (map[string]int, error) {
	out := make(map[string]int, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	var q strings.Builder
	q.WriteString("SELECT id, revision FROM products WHERE id IN (")
	args := make([]any, len(ids))
	for i, id := range ids {
		if i > 0 {
			q.WriteString(", ")
		}
		q.WriteString("$" + strconv.Itoa(i+1))
		args[i] = id
	}
	q.WriteString(")")
	var rows *sql.Rows
	var err error
	if len(ids) <= maxPreparedRevisions {
		rows, err = s.db.queryRows(ctx, q.String(), args...)
	} else {
		rows, err = s.db.conn(ctx).Raw(q.String(), args...).Rows()
	}
	if err != nil {
		return nil, domainError(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var rev int
		if err := rows.Scan(&id, &rev); err != nil {
			return nil, domainError(err)
		}
		out[id] = rev
	}
	return out, domainError(rows.Err())
}

// HasProducts reports whether the account has a product, reading one
// index entry: a seller's home asks it, and the account may have 100,000.
func (s *ProductStore) HasProducts(ctx context.Context, accountID string) (bool, error) {
	var one int
	err := s.db.queryRow(ctx, "SELECT 1 FROM products WHERE account_id = $1 LIMIT 1", accountID).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, domainError(err)
}

// ListProducts lists the account's products, most recently changed first.
// Logos are left out: a list never shows them.
func (s *ProductStore) ListProducts(ctx context.Context, accountID string) ([]domain.Product, error) {
	var recs []productRecord
	err := s.db.conn(ctx).Omit("logo", "snapshot_logo", "pending_snapshot_logo", "public_snapshot_logo").Where("account_id = ?", accountID).Order("updated_at DESC, id").Find(&recs).Error
	if err != nil {
		return nil, domainError(err)
	}
	return productsOf(recs)
}

// ProductSummaries lists the account's products, most recently changed
// first, reading five columns of each: at 100,000 products, decoding
// whole products for a choice of them took 30-50 s a page. The rows are
// scanned by hand: GORM's reflection took 1.3 s for those 100,000, the
// scan alone 0.2 s.
func (s *ProductStore) ProductSummaries(ctx context.Context, accountID string) ([]domain.ProductSummary, error) {
	return scanSummaries(s.db.conn(ctx).Model(&productRecord{}).Select(summaryColumns).
		Where("account_id = ?", accountID).Order("updated_at DESC, id"), nil)
}

// ProductSummariesOf reads the summaries of those of ids that are the
// account's products, in ProductSummaries' order: the private offers of a
// seller with 100,000 products name a few of them.
func (s *ProductStore) ProductSummariesOf(ctx context.Context, accountID string, ids []string) ([]domain.ProductSummary, error) {
	var out []domain.ProductSummary
	for chunk := range slices.Chunk(slices.Compact(slices.Sorted(slices.Values(ids))), idsPerQuery) {
		var err error
		out, err = scanSummaries(s.db.conn(ctx).Model(&productRecord{}).Select(summaryColumns).
			Where("account_id = ? AND id IN ?", accountID, chunk), out)
		if err != nil {
			return nil, err
		}
	}
	slices.SortFunc(out, func(a, b domain.ProductSummary) int {
		return cmp.Or(b.UpdatedAt.Compare(a.UpdatedAt), strings.Compare(a.ID, b.ID))
	})
	return out, nil
}

// FindProductSummaries reads the account's products q asks for, most
// recently changed first, and how many match: a choice of a seller's
// 100,000 products lists a few hundred, found by part of a title or ID.
// Titles match in any case (on SQLite, in ASCII letters only).
func (s *ProductStore) FindProductSummaries(ctx context.Context, accountID string, q domain.ProductChoiceQuery) ([]domain.ProductSummary, int, error) {
	where := s.db.conn(ctx).Model(&productRecord{}).Where("account_id = ?", accountID)
	if q.Status != "" {
		where = where.Where("status = ?", string(q.Status))
	}
	if q.Except != "" {
		where = where.Where("id <> ?", q.Except)
	}
	if q.Find != "" {
		like := "LIKE"
		if where.Dialector.Name() == DialectPostgres {
			like = "ILIKE"
		}
		pattern := "%" + likeEscaper.Replace(q.Find) + "%"
		where = where.Where("(title "+like+" ? ESCAPE '\\' OR id "+like+" ? ESCAPE '\\')", pattern, pattern)
	}
	var total int64
	if err := where.Session(&gorm.Session{}).Count(&total).Error; err != nil {
		return nil, 0, domainError(err)
	}
	out, err := scanSummaries(where.Session(&gorm.Session{}).Select(summaryColumns).Order("updated_at DESC, id").Limit(q.Limit), nil)
	return out, int(total), err
}

// likeEscaper escapes a LIKE pattern's wildcards and escape character.
var likeEscaper = strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`)

// summaryColumns are the columns of a ProductSummary.
var summaryColumns = []string{"id", "account_id", "title", "status", "updated_at"}

// idsPerQuery bounds the IDs of one IN list, well within SQLite's and
// PostgreSQL's limits on a statement's parameters.
const idsPerQuery = 500

// scanSummaries appends the summaries query reads to out.
func scanSummaries(query *gorm.DB, out []domain.ProductSummary) ([]domain.ProductSummary, error) {
	rows, err := query.Rows()
	if err != nil {
		return nil, domainError(err)
	}
	defer rows.Close()
	for rows.Next() {
		var p domain.ProductSummary
		if err := rows.Scan(&p.ID, &p.AccountID, &p.Title, &p.Status, &p.UpdatedAt); err != nil {
			return nil, domainError(err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, domainError(err)
	}
	return out, nil
}

// ProductPage lists limit of the account's products from offset, most
// recently changed first, and how many the account has: a seller may have
// 100,000, which the list shows a page at a time.
func (s *ProductStore) ProductPage(ctx context.Context, accountID string, offset, limit int) ([]domain.Product, int, error) {
	var total int64
	if err := s.db.conn(ctx).Model(&productRecord{}).Where("account_id = ?", accountID).Count(&total).Error; err != nil {
		return nil, 0, domainError(err)
	}
	var recs []productRecord
	err := s.db.conn(ctx).Omit("logo", "snapshot_logo", "pending_snapshot_logo", "public_snapshot_logo").Where("account_id = ?", accountID).
		Order("updated_at DESC, id").Offset(offset).Limit(limit).Find(&recs).Error
	if err != nil {
		return nil, 0, domainError(err)
	}
	products, err := productsOf(recs)
	return products, int(total), err
}

func productsOf(recs []productRecord) ([]domain.Product, error) {
	out := make([]domain.Product, 0, len(recs))
	for i := range recs {
		p, err := recs[i].toDomain()
		if err != nil {
			return nil, err
		}
		out = append(out, *p)
	}
	return out, nil
}

// RemovedProducts lists unpublished products, most recently removed first.
func (s *ProductStore) RemovedProducts(ctx context.Context, limit int) ([]domain.Product, error) {
	var recs []productRecord
	err := s.db.conn(ctx).Omit("logo", "snapshot_logo", "pending_snapshot_logo", "public_snapshot_logo").Where("status = ?", string(domain.StatusRestricted)).
		Order("removed_at DESC, id").Limit(limit).Find(&recs).Error
	if err != nil {
		return nil, domainError(err)
	}
	return productsOf(recs)
}

// SaveProduct writes p if nobody saved it since revision expected.
func (s *ProductStore) SaveProduct(ctx context.Context, p *domain.Product, expected int, changes ...domain.ProductChange) error {
	return s.db.conn(ctx).Transaction(func(tx *gorm.DB) error {
		return saveProductTx(tx, p, expected, changes...)
	})
}

// saveProductTx is the optimistic-locking update: the WHERE clause on the
// revision makes a stale save touch no row.
func saveProductTx(tx *gorm.DB, p *domain.Product, expected int, changes ...domain.ProductChange) error {
	rec := productToRecord(p)
	rec.Revision = expected + 1
	res := tx.Model(&productRecord{}).Where("id = ? AND revision = ?", p.ID, expected).
		Select("*").Omit("id", "account_id", "creator_arn", "created_at").Updates(rec)
	if res.Error != nil {
		return domainError(res.Error)
	}
	if res.RowsAffected == 0 {
		return domain.Errorf(domain.ECONFLICT, domain.MsgChangedSinceOpened)
	}
	if err := recordChanges(tx, changes...); err != nil {
		return err
	}
	p.Revision = expected + 1
	return nil
}

// UpdateProduct loads the account's product inside a transaction, its row
// locked on PostgreSQL (SQLite runs one writer at a time), applies update
// and saves the product with the changes update returns.
func (s *ProductStore) UpdateProduct(ctx context.Context, accountID, id string, expected int, update domain.ProductUpdate) (*domain.Product, error) {
	var p *domain.Product
	err := s.db.conn(ctx).Transaction(func(tx *gorm.DB) error {
		var rec productRecord
		err := tx.Clauses(clause.Locking{Strength: clause.LockingStrengthUpdate}).
			Where("id = ? AND account_id = ?", id, accountID).Take(&rec).Error
		if err != nil {
			return domainError(err)
		}
		if p, err = rec.toDomain(); err != nil {
			return err
		}
		changes, err := update(p)
		if err != nil {
			return err
		}
		return saveProductTx(tx, p, expected, changes...)
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// Versions lists a product's versions in the order they were added.
func (s *ProductStore) Versions(ctx context.Context, productID string) ([]domain.Version, error) {
	return versionsTx(s.db.conn(ctx), productID)
}

// AddVersion stores a new version and saves its product.
func (s *ProductStore) AddVersion(ctx context.Context, p *domain.Product, expected int, v *domain.Version, ch domain.ProductChange) error {
	return s.db.conn(ctx).Transaction(func(tx *gorm.DB) error {
		rec := versionToRecord(v)
		if err := tx.Create(rec).Error; err != nil {
			// A new version has no number yet: only its resource can clash.
			return versionConflict(domainError(err), domain.FieldResourceARN, domain.MsgARNInUse)
		}
		v.ID = rec.ID
		return saveProductTx(tx, p, expected, ch)
	})
}

// SaveVersion updates a version and saves its product.
func (s *ProductStore) SaveVersion(ctx context.Context, p *domain.Product, expected int, v *domain.Version, ch domain.ProductChange) error {
	return s.db.conn(ctx).Transaction(func(tx *gorm.DB) error {
		rec := versionToRecord(v)
		res := tx.Model(&productVersionRecord{}).Where("id = ? AND product_id = ?", v.ID, v.ProductID).
			Select("number", "status", "submitted_at", "details").Updates(rec)
		if res.Error != nil {
			// Only the number of a stored version can clash.
			return versionConflict(domainError(res.Error), domain.FieldVersionTitle, domain.MsgVersionNumberTaken)
		}
		if res.RowsAffected == 0 {
			return domain.Errorf(domain.ENOTFOUND, domain.MsgNotFound)
		}
		return saveProductTx(tx, p, expected, ch)
	})
}

// versionConflict turns a unique-key clash into a field error. The domain
// checks both rules first; this catches two concurrent saves. A missing
// product (a foreign-key failure) is not found, not a clash.
func versionConflict(err error, field string, msg domain.Message) error {
	e, ok := err.(*domain.Error)
	switch {
	case !ok || e.Code != domain.ECONFLICT:
		return err
	case errors.Is(e.Err, gorm.ErrDuplicatedKey):
		return domain.Invalid(domain.FieldErrors{field: msg})
	case errors.Is(e.Err, gorm.ErrForeignKeyViolated):
		return &domain.Error{Code: domain.ENOTFOUND, Message: domain.MsgNotFound, Err: e.Err}
	}
	return err
}

// VersionByARN finds the version that uses a resource.
func (s *ProductStore) VersionByARN(ctx context.Context, resourceARN string) (*domain.Version, error) {
	var r productVersionRecord
	if err := s.db.conn(ctx).Where("resource_arn = ?", resourceARN).Take(&r).Error; err != nil {
		return nil, domainError(err)
	}
	return r.toDomain()
}

func nonNilList(l []string) []string {
	if l == nil {
		return []string{}
	}
	return l
}

// encodeSnapshot encodes a snapshot without its logo, which has its own
// column so that lists can leave it out; "" for none.
func encodeSnapshot(s *domain.Snapshot) string {
	if s == nil {
		return ""
	}
	return mustJSON(snapshotToJSON(s))
}

// decodeSnapshot reads what encodeSnapshot wrote, with the logo of its
// column.
func decodeSnapshot(raw string, logo []byte) (*domain.Snapshot, error) {
	if raw == "" {
		return nil, nil
	}
	var j snapshotJSON
	if err := json.Unmarshal([]byte(raw), &j); err != nil {
		return nil, domain.Internal(err)
	}
	return j.toDomain(logo), nil
}

func removedAt(r *domain.Removal) *time.Time {
	if r == nil {
		return nil
	}
	return timePtr(r.At)
}

func encodeRemoval(r *domain.Removal) string {
	if r == nil {
		return ""
	}
	return mustJSON(removalToJSON(*r))
}

func snapshotLogo(s *domain.Snapshot) []byte {
	if s == nil {
		return nil
	}
	return s.Promo.Logo
}
