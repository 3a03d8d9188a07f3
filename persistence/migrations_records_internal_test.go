package persistence

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"

	"github.com/mlportal/portal/domain"
)

const storedJSONRecordsID = "202612010001_stored_json_records"

// v1Golden returns a file of testdata/golden/v1, the JSON written before
// storedJSONRecordsMigration (Go field names as keys), compacted as a
// column held it.
func v1Golden(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "golden", "v1", name))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, b); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return buf.String()
}

// v1Draft returns a draft's JSON columns as the release before stored JSON
// records wrote them: every key there, nothing filled in, no snapshot and no
// removal.
func v1Draft() map[string]string {
	return map[string]string{
		"info": `{"Privacy":"public","AllowedAccounts":null,"Title":"Old draft","ShortDescription":"","Overview":"",` +
			`"Highlights":null,"Categories":null,"VideoURL":""}`,
		"promo":    `{"keywords":null,"links":null}`,
		"support":  `{"Chosen":false,"Offered":false,"Email":"","URL":"","Description":""}`,
		"regions":  `{"AllCurrentAndFuture":true,"Regions":null}`,
		"offer":    `{"pricing":"","prices":null,"trialDays":0}`,
		"snapshot": "",
		"removal":  "",
	}
}

// v1DraftDetails is a draft version's details before stored JSON records.
func v1DraftDetails(i int) string {
	return `{"ReleaseNotes":"notes ` + strconv.Itoa(i) + `","NotebookURL":"","RepoURL":"","TrainingDataDescription":"",` +
		`"TrainingDataSampleURL":"","AlgorithmOverview":"","CustomAttributes":null,"Input":{"Description":"",` +
		`"Limitations":"","SampleRealtimeURL":"","SampleBatchURL":"","Parameters":null},"Output":{"Description":"",` +
		`"SampleText":"","SampleURL":"","Parameters":null},"RecommendedRealtime":"","RecommendedBatch":"",` +
		`"RecommendedTraining":""}`
}

// productColumns lists the product columns the migration rewrites, and the
// golden file of each.
func productColumns() []struct{ column, golden string } {
	return []struct{ column, golden string }{
		{"info", "info.json"}, {"promo", "promo.json"}, {"support", "support.json"}, {"regions", "regions.json"},
		{"offer", "offer.json"}, {"snapshot", "snapshot.json"}, {"removal", "removal.json"},
	}
}

// productJSONColumns reads the JSON columns of a product, by column name.
func productJSONColumns(t *testing.T, db *DB, id string) map[string]string {
	t.Helper()
	var row struct{ Info, Promo, Support, Regions, Offer, Snapshot, Removal string }
	if err := db.gorm.Raw("SELECT info, promo, support, regions, offer, snapshot, removal FROM products WHERE id = ?", id).
		Scan(&row).Error; err != nil {
		t.Fatal(err)
	}
	return map[string]string{"info": row.Info, "promo": row.Promo, "support": row.Support, "regions": row.Regions,
		"offer": row.Offer, "snapshot": row.Snapshot, "removal": row.Removal}
}

// TestMigrateStoredJSONRecords upgrades a database whose JSON columns hold
// domain structs keyed by Go field names: every row is rewritten in the
// shapes of the golden files, in batches, and reads back as it was written;
// rolling back restores the old bytes exactly.
func TestMigrateStoredJSONRecords(t *testing.T) {
	eachInternalDSN(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := connectForTest(t, dsn)
		ids := allMigrationIDs()
		before := ids[slices.Index(ids, storedJSONRecordsID)-1]
		if err := db.migrate(ctx, before); err != nil {
			t.Fatalf("migrate(%s) error = %v", before, err)
		}
		for _, col := range []string{"pending_snapshot", "pending_snapshot_logo"} {
			if db.gorm.Migrator().HasColumn("products", col) {
				t.Fatalf("products.%s exists before its migration", col)
			}
		}

		// A fully populated product, version and algorithm, and a draft with
		// more versions than one batch, all in the old shapes.
		p, v, r := fullProduct(), fullVersion(), fullResource()
		const draftID = "prod-draftjson0001"
		draftVersions := jsonRecordsBatch + 1
		err := db.gorm.Transaction(func(tx *gorm.DB) error {
			insertProduct := func(id, title string, cols map[string]string, logo []byte, snapshotLogo []byte) error {
				return tx.Exec(`INSERT INTO products (id, account_id, creator_arn, type, status, privacy, title, submitted_at,
					publish_due_at, test_accounts, info, promo, support, regions, offer, eula, logo, logo_type, snapshot,
					snapshot_logo, removal, removed_at, revision, created_at, updated_at)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
					id, p.AccountID, p.CreatorARN, string(p.Type), string(p.Status), string(p.Info.Privacy), title,
					p.SubmittedAt, p.PublishDueAt, mustJSON(p.TestAccounts), cols["info"], cols["promo"], cols["support"],
					cols["regions"], cols["offer"], p.Offer.EULA, logo, p.Promo.LogoType, cols["snapshot"], snapshotLogo,
					cols["removal"], p.Removal.At, p.Revision, p.CreatedAt, p.UpdatedAt).Error
			}
			full := map[string]string{}
			for _, c := range productColumns() {
				full[c.column] = v1Golden(t, c.golden)
			}
			if err := insertProduct(p.ID, p.Info.Title, full, p.Promo.Logo, p.Snapshot.Promo.Logo); err != nil {
				return err
			}
			if err := insertProduct(draftID, "Old draft", v1Draft(), nil, nil); err != nil {
				return err
			}
			insertVersion := func(id int64, productID, number, arn, details string) error {
				return tx.Exec(`INSERT INTO product_versions (id, product_id, number, resource_arn, status, submitted_at,
					released_at, restrict_pending, restricted_at, details, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
					id, productID, number, arn, string(v.Status), v.SubmittedAt, v.ReleasedAt, v.RestrictPending,
					v.RestrictedAt, details, v.CreatedAt).Error
			}
			if err := insertVersion(v.ID, v.ProductID, v.Number, v.ResourceARN, v1Golden(t, "version_details.json")); err != nil {
				return err
			}
			for i := range draftVersions {
				err := insertVersion(int64(1000+i), draftID, "1."+strconv.Itoa(i), fmt.Sprintf("arn:draft/%d", i), v1DraftDetails(i))
				if err != nil {
					return err
				}
			}
			insertResource := func(kind domain.ResourceKind, name, spec string) error {
				return tx.Exec(`INSERT INTO sagemaker_resources (account_id, kind, name, arn, description, region,
					instance_types, spec, certified_for_marketplace, validation_status, supports_distributed_training,
					created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
					r.AccountID, string(kind), name, "arn:aws:sagemaker:"+r.Region+":"+r.AccountID+":"+string(kind)+"/"+name,
					r.Description, r.Region, compactGolden(t, "resource_lists.json"), spec, r.CertifiedForMarketplace,
					string(r.ValidationStatus), r.SupportsDistributedTraining, r.CreatedAt).Error
			}
			if err := insertResource(r.Kind, r.Name, v1Golden(t, "algorithm_spec.json")); err != nil {
				return err
			}
			return insertResource(domain.KindModelPackage, "old-model", "{}")
		})
		if err != nil {
			t.Fatalf("insert old rows: %v", err)
		}

		if err := db.migrate(ctx, ""); err != nil {
			t.Fatalf("migrate(all) error = %v", err)
		}
		if got := appliedMigrations(t, db); !slices.Contains(got, storedJSONRecordsID) {
			t.Fatalf("applied migrations = %v, want %s", got, storedJSONRecordsID)
		}
		checkStoredJSON(t, db, "after migrating", oldGolden(t))
		checkStoredProducts(t, db, draftID, draftVersions)

		m := gormigrate.New(db.gorm, &gormigrate.Options{TableName: "schema_migrations", IDColumnName: "id", IDColumnSize: 100}, migrations())
		if err := m.RollbackTo(before); err != nil {
			t.Fatalf("RollbackTo(%s) error = %v", before, err)
		}
		for _, col := range []string{"pending_snapshot", "pending_snapshot_logo"} {
			if db.gorm.Migrator().HasColumn("products", col) {
				t.Errorf("products.%s still exists after rollback", col)
			}
		}
		checkStoredJSON(t, db, "after rolling back", func(golden string) string { return v1Golden(t, golden) })
		draft := productJSONColumns(t, db, draftID)
		for col, want := range v1Draft() {
			if got := draft[col]; got != want {
				t.Errorf("draft %s after rolling back = %s, want %s", col, got, want)
			}
		}
		var details []string
		if err := db.gorm.Raw("SELECT details FROM product_versions WHERE product_id = ? ORDER BY id", draftID).Scan(&details).Error; err != nil {
			t.Fatal(err)
		}
		if len(details) != draftVersions {
			t.Fatalf("draft versions after rolling back = %d, want %d", len(details), draftVersions)
		}
		for i, d := range details {
			if d != v1DraftDetails(i) {
				t.Fatalf("draft version %d details after rolling back = %s, want %s", i, d, v1DraftDetails(i))
			}
		}

		// And forward again.
		if err := db.migrate(ctx, ""); err != nil {
			t.Fatalf("migrate(all) after rollback error = %v", err)
		}
		checkStoredJSON(t, db, "after migrating again", oldGolden(t))
		checkStoredProducts(t, db, draftID, draftVersions)

		// Every save writes the new columns.
		got, err := db.Products().ProductByID(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		got.PendingSnapshot = fullProduct().PendingSnapshot
		if err := db.Products().SaveProduct(ctx, got, got.Revision); err != nil {
			t.Fatalf("SaveProduct() with a pending snapshot error = %v", err)
		}
		saved, err := db.Products().ProductByID(ctx, p.ID)
		if err != nil || !reflect.DeepEqual(saved.PendingSnapshot, fullProduct().PendingSnapshot) {
			t.Errorf("pending snapshot saved = %+v, %v; want %+v", saved.PendingSnapshot, err, fullProduct().PendingSnapshot)
		}
		var pending string
		if err := db.gorm.Raw("SELECT pending_snapshot FROM products WHERE id = ?", p.ID).Scan(&pending).Error; err != nil {
			t.Fatal(err)
		}
		if want := encodeSnapshot(fullProduct().PendingSnapshot); pending != want {
			t.Errorf("products.pending_snapshot = %s, want %s", pending, want)
		}
	})
}

// checkStoredJSON compares the JSON columns of the full product, version
// and algorithm with the golden files as want returns them.
func checkStoredJSON(t *testing.T, db *DB, when string, want func(golden string) string) {
	t.Helper()
	row := productJSONColumns(t, db, fullProduct().ID)
	for _, c := range productColumns() {
		if got := row[c.column]; got != want(c.golden) {
			t.Errorf("%s: products.%s =\n%s\nwant\n%s", when, c.column, got, want(c.golden))
		}
	}
	var details, spec, modelSpec string
	if err := db.gorm.Raw("SELECT details FROM product_versions WHERE id = ?", fullVersion().ID).Scan(&details).Error; err != nil {
		t.Fatal(err)
	}
	if details != want("version_details.json") {
		t.Errorf("%s: product_versions.details =\n%s\nwant\n%s", when, details, want("version_details.json"))
	}
	if err := db.gorm.Raw("SELECT spec FROM sagemaker_resources WHERE name = ?", fullResource().Name).Scan(&spec).Error; err != nil {
		t.Fatal(err)
	}
	if spec != want("algorithm_spec.json") {
		t.Errorf("%s: sagemaker_resources.spec =\n%s\nwant\n%s", when, spec, want("algorithm_spec.json"))
	}
	if err := db.gorm.Raw("SELECT spec FROM sagemaker_resources WHERE name = 'old-model'").Scan(&modelSpec).Error; err != nil {
		t.Fatal(err)
	}
	if modelSpec != "{}" {
		t.Errorf("%s: a model package's spec = %s, want {}", when, modelSpec)
	}
}

// checkStoredProducts reads the migrated rows through the stores: the full
// product, version and algorithm are what fullProduct, fullVersion and
// fullResource hold, and the draft and its versions what they were.
// oldGolden is a golden record as the migration writes it from rows made
// before the Standard Contract choice, which have none.
func oldGolden(t *testing.T) func(string) string {
	return func(golden string) string {
		old := strings.ReplaceAll(compactGolden(t, golden), `,"standardContract":true`, "")
		// Regions came without "chosen", which reads as chosen.
		return strings.ReplaceAll(old, `{"chosen":true,"allCurrentAndFuture"`, `{"allCurrentAndFuture"`)
	}
}

func checkStoredProducts(t *testing.T, db *DB, draftID string, draftVersions int) {
	t.Helper()
	ctx := context.Background()
	want := fullProduct()
	want.PendingSnapshot = nil // not a column before this migration
	// The Standard Contract came after: old offers have a custom EULA.
	want.Offer.StandardContract = false
	snapshot := *want.Snapshot
	snapshot.Offer.StandardContract = false
	want.Snapshot = &snapshot
	// A removed product's buyers' snapshot starts as its staged one
	// (202612010003_public_snapshot).
	want.PublicSnapshot = want.Snapshot
	got, err := db.Products().ProductByID(ctx, want.ID)
	if err != nil {
		t.Fatal(err)
	}
	got.CreatedAt, got.UpdatedAt, got.SubmittedAt, got.PublishDueAt = got.CreatedAt.UTC(), got.UpdatedAt.UTC(), got.SubmittedAt.UTC(), got.PublishDueAt.UTC()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("product =\n%+v\nwant\n%+v", got, want)
	}
	versions, err := db.Products().Versions(ctx, want.ID)
	if err != nil || len(versions) != 1 {
		t.Fatalf("Versions() = %+v, %v; want one", versions, err)
	}
	gv := versions[0]
	gv.CreatedAt, gv.SubmittedAt, gv.ReleasedAt, gv.RestrictedAt = gv.CreatedAt.UTC(), gv.SubmittedAt.UTC(), gv.ReleasedAt.UTC(), gv.RestrictedAt.UTC()
	if wv := fullVersion(); !reflect.DeepEqual(gv, wv) {
		t.Errorf("version =\n%+v\nwant\n%+v", gv, wv)
	}
	wr := fullResource()
	gr, err := db.SageMaker().ResourceByARN(ctx, wr.ARN())
	if err != nil {
		t.Fatal(err)
	}
	gr.CreatedAt = gr.CreatedAt.UTC()
	if !reflect.DeepEqual(*gr, wr) {
		t.Errorf("resource =\n%+v\nwant\n%+v", *gr, wr)
	}
	model, err := db.SageMaker().Resource(ctx, wr.AccountID, domain.KindModelPackage, "old-model")
	if err != nil || model.TrainingChannels != nil || model.HyperParameters != nil || model.MetricDefinitions != nil {
		t.Errorf("model package = %+v, %v; want no training specification", model, err)
	}

	draft, err := db.Products().ProductByID(ctx, draftID)
	if err != nil {
		t.Fatal(err)
	}
	if draft.Info.Title != "Old draft" || draft.Info.Privacy != domain.PrivacyPublic || draft.Info.Highlights != nil ||
		!draft.Regions.AllCurrentAndFuture || draft.Support.Offered || draft.Offer.Prices != nil ||
		draft.Snapshot != nil || draft.PendingSnapshot != nil || draft.Removal != nil {
		t.Errorf("draft = %+v", draft)
	}
	dv, err := db.Products().Versions(ctx, draftID)
	if err != nil || len(dv) != draftVersions {
		t.Fatalf("draft Versions() = %d, %v; want %d", len(dv), err, draftVersions)
	}
	for i, v := range dv {
		if want := "notes " + strconv.Itoa(i); v.ReleaseNotes != want || v.Input.Parameters != nil {
			t.Fatalf("draft version %d = %+v, want release notes %q", i, v, want)
		}
	}
	var pending []string
	if err := db.gorm.Raw("SELECT pending_snapshot FROM products ORDER BY id").Scan(&pending).Error; err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(pending, []string{"", ""}) {
		t.Errorf("products.pending_snapshot = %q, want '' for both", pending)
	}
}

// TestMigratePublicSnapshot: products already public or removed keep
// showing their buyers the staged snapshot; drafts and products in test get
// none; rolling back drops the columns and keeps every version.
func TestMigratePublicSnapshot(t *testing.T) {
	eachInternalDSN(t, func(t *testing.T, dsn string) {
		{
			db := connectForTest(t, dsn)
			ctx := context.Background()
			const before, publicSnapshotID = "202612010002_change_sets", "202612010003_public_snapshot"
			if err := db.migrate(ctx, before); err != nil {
				t.Fatal(err)
			}
			for _, row := range []struct{ id, status string }{
				{"prod-pubsnapshot01", "Public"}, {"prod-pubsnapshot02", "Restricted"}, {"prod-pubsnapshot03", "Limited"},
			} {
				err := db.gorm.Exec(`INSERT INTO products (id, account_id, creator_arn, type, status, privacy, title,
					test_accounts, info, promo, support, regions, offer, eula, logo_type, snapshot, snapshot_logo,
					removal, revision, created_at, updated_at) VALUES (?, '111122223333', 'arn', 'model-package', ?,
					'public', 't', '[]', '{}', '{}', '{}', '{}', '{}', '', '', ?, ?, '', 1, ?, ?)`,
					row.id, row.status, `{"info":{"title":"staged `+row.status+`"}}`, []byte("logo"), time.Now(), time.Now()).Error
				if err != nil {
					t.Fatal(err)
				}
				if err := db.gorm.Exec(`INSERT INTO product_versions (product_id, number, resource_arn, status, details,
					created_at) VALUES (?, '1.0', ?, 'Public', '{}', ?)`, row.id, "arn:"+row.id, time.Now()).Error; err != nil {
					t.Fatal(err)
				}
			}
			if err := db.migrate(ctx, publicSnapshotID); err != nil {
				t.Fatal(err)
			}
			var rows []struct {
				ID                 string
				PublicSnapshot     string
				PublicSnapshotLogo []byte
			}
			if err := db.gorm.Raw("SELECT id, public_snapshot, public_snapshot_logo FROM products ORDER BY id").Scan(&rows).Error; err != nil {
				t.Fatal(err)
			}
			want := map[string]string{"prod-pubsnapshot01": `{"info":{"title":"staged Public"}}`,
				"prod-pubsnapshot02": `{"info":{"title":"staged Restricted"}}`, "prod-pubsnapshot03": ""}
			for _, r := range rows {
				if r.PublicSnapshot != want[r.ID] || (want[r.ID] != "") != (string(r.PublicSnapshotLogo) == "logo") {
					t.Errorf("%s: public snapshot %q logo %q, want %q", r.ID, r.PublicSnapshot, r.PublicSnapshotLogo, want[r.ID])
				}
			}
			m := gormigrate.New(db.gorm, &gormigrate.Options{TableName: "schema_migrations", IDColumnName: "id", IDColumnSize: 100}, migrations())
			if err := m.RollbackTo(before); err != nil {
				t.Fatal(err)
			}
			if db.gorm.Migrator().HasColumn("products", "public_snapshot") {
				t.Error("public_snapshot still there after rollback")
			}
			var versions int64
			if err := db.gorm.Raw("SELECT COUNT(*) FROM product_versions").Scan(&versions).Error; err != nil || versions != 3 {
				t.Errorf("versions after rollback: %d (%v), want 3", versions, err)
			}
		}
	})
}
