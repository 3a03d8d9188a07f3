package persistence_test

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // to read PostgreSQL tables apart from GORM
	_ "github.com/mattn/go-sqlite3"    // to read SQLite tables apart from GORM

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/persistence"
	"github.com/mlportal/portal/persistence/persistencetest"
)

// regAt is a registration time with microsecond precision, the finest both
// SQLite and PostgreSQL keep.
var regAt = time.Date(2026, 11, 24, 8, 15, 30, 654321000, time.UTC)

const (
	sellerAcct      = "555000111222"
	otherSellerAcct = "555000333444"
)

// rawDB is a database/sql connection of its own to a store's database, for
// reading and changing what the store cannot be asked about.
type rawDB struct {
	*sql.DB
	postgres bool
}

// eachWithRaw runs fn on each database with a raw connection to the same data.
func eachWithRaw(t *testing.T, fn func(t *testing.T, db *persistence.DB, raw rawDB)) {
	t.Run("sqlite", func(t *testing.T) {
		dsn := persistencetest.SQLiteDSN(t)
		db := openStoreDB(t, dsn)
		fn(t, db, rawDB{openSQL(t, "sqlite3", "file:"+dsn+"?_busy_timeout=5000"), false})
	})
	t.Run("postgres", func(t *testing.T) {
		dsn := persistencetest.PostgresDSN(t)
		db := openStoreDB(t, dsn)
		fn(t, db, rawDB{openSQL(t, "pgx", dsn), true})
	})
}

func openStoreDB(t *testing.T, dsn string) *persistence.DB {
	t.Helper()
	db, err := persistence.Open(context.Background(), dsn, nil)
	if err != nil {
		t.Fatalf("Open() error = %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func openSQL(t *testing.T, driver, dsn string) *sql.DB {
	t.Helper()
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatalf("sql.Open(%s) error = %v", driver, err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Ping(); err != nil {
		t.Fatalf("ping %s: %v", driver, err)
	}
	return db
}

func (r rawDB) exec(t *testing.T, query string) {
	t.Helper()
	if _, err := r.Exec(query); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

func (r rawDB) count(t *testing.T, table string) int {
	t.Helper()
	var n int
	if err := r.QueryRow("SELECT COUNT(*) FROM " + table).Scan(&n); err != nil {
		t.Fatalf("count %s: %v", table, err)
	}
	return n
}

// cells returns every column of every row of table as text.
func (r rawDB) cells(t *testing.T, table string) []map[string]string {
	t.Helper()
	rows, err := r.Query("SELECT * FROM " + table)
	if err != nil {
		t.Fatalf("select from %s: %v", table, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]string
	for rows.Next() {
		values := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range values {
			ptrs[i] = &values[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatalf("scan %s: %v", table, err)
		}
		row := map[string]string{}
		for i, v := range values {
			switch v := v.(type) {
			case nil:
				row[cols[i]] = ""
			case []byte:
				row[cols[i]] = string(v)
			default:
				row[cols[i]] = fmt.Sprint(v)
			}
		}
		out = append(out, row)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// failInserts makes every insert into table fail until the returned
// function is called.
func (r rawDB) failInserts(t *testing.T, table string) (restore func()) {
	t.Helper()
	trigger := "fail_" + table
	if r.postgres {
		r.exec(t, "CREATE OR REPLACE FUNCTION fail_insert() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'inserts refused by the test'; END $$ LANGUAGE plpgsql")
		r.exec(t, "CREATE TRIGGER "+trigger+" BEFORE INSERT ON "+table+" FOR EACH ROW EXECUTE FUNCTION fail_insert()")
		return func() { r.exec(t, "DROP TRIGGER "+trigger+" ON "+table) }
	}
	r.exec(t, "CREATE TRIGGER "+trigger+" BEFORE INSERT ON "+table+" BEGIN SELECT RAISE(ABORT, 'inserts refused by the test'); END")
	return func() { r.exec(t, "DROP TRIGGER "+trigger) }
}

func change(accountID, step, actor string, at time.Time) domain.SellerChange {
	return domain.SellerChange{AccountID: accountID, Step: step, Actor: actor, At: at}
}

func rootARN(accountID string) string { return "arn:aws:iam::" + accountID + ":root" }

func sampleProfile(accountID string) *domain.SellerProfile {
	return &domain.SellerProfile{
		AccountID:    accountID,
		DisplayName:  "Example Corp",
		Description:  "Models for retail.\nSupport in English.",
		Website:      "https://example.com",
		SupportEmail: "support@example.com",
		UpdatedAt:    regAt,
	}
}

func sampleTax(accountID string) *domain.TaxInterview {
	return &domain.TaxInterview{
		AccountID:     accountID,
		EntityType:    domain.EntityIndividual,
		LegalName:     "Jane Q Public",
		Country:       "US",
		AddressLine1:  "410 Terry Ave N",
		AddressLine2:  "Floor 5",
		City:          "Seattle",
		Region:        "WA",
		PostalCode:    "98109",
		TaxID:         "123-45-6789",
		FormType:      domain.FormW9,
		SignatureName: "Jane Q Public",
		Certified:     true,
		SignedAt:      regAt,
	}
}

func sampleUSBank(accountID string) *domain.BankAccount {
	return &domain.BankAccount{AccountID: accountID, Kind: domain.BankUSACH, HolderName: "Jane Q Public",
		RoutingNumber: "021000021", AccountNumber: "000123456789", UpdatedAt: regAt}
}

func sampleIBANBank(accountID string) *domain.BankAccount {
	return &domain.BankAccount{AccountID: accountID, Kind: domain.BankIBAN, HolderName: "Beispiel GmbH",
		IBAN: "DE89370400440532013000", BIC: "COBADEFFXXX", UpdatedAt: regAt}
}

func assertProfile(t *testing.T, got, want *domain.SellerProfile) {
	t.Helper()
	if got.AccountID != want.AccountID || got.DisplayName != want.DisplayName || got.Description != want.Description ||
		got.Website != want.Website || got.SupportEmail != want.SupportEmail || got.LogoType != want.LogoType {
		t.Errorf("profile = %+v, want %+v", *got, *want)
	}
	if !bytes.Equal(got.Logo, want.Logo) {
		t.Errorf("logo = %v, want %v", got.Logo, want.Logo)
	}
	if !got.UpdatedAt.Equal(want.UpdatedAt) {
		t.Errorf("UpdatedAt = %v, want %v", got.UpdatedAt, want.UpdatedAt)
	}
}

func TestSellerStoreProfile(t *testing.T) {
	persistencetest.Each(t, func(t *testing.T, db *persistence.DB) {
		ctx := context.Background()
		store := db.Sellers(mustSealer(t, testDataKey))
		ch := change(sellerAcct, domain.StepProfile, rootARN(sellerAcct), regAt)

		// A logo is binary: NUL and high bytes must survive.
		logo := []byte{0x89, 'P', 'N', 'G', 0x00, 0x0d, 0x0a, 0xff, 0x00}
		first := sampleProfile(sellerAcct)
		first.Logo, first.LogoType = logo, "image/png"
		if err := store.SaveSellerProfile(ctx, first, false, ch); err != nil {
			t.Fatalf("SaveSellerProfile() error = %v", err)
		}
		got, err := store.SellerProfile(ctx, sellerAcct)
		if err != nil {
			t.Fatalf("SellerProfile() error = %v", err)
		}
		assertProfile(t, got, first)

		steps := []struct {
			name       string
			change     func(p *domain.SellerProfile)
			removeLogo bool
			wantLogo   []byte
			wantType   string
		}{
			{
				name:     "text changed, no logo given: the logo stays",
				change:   func(p *domain.SellerProfile) { p.DisplayName, p.Website = "Renamed Corp", "https://example.org" },
				wantLogo: logo, wantType: "image/png",
			},
			{
				name:     "new logo replaces the old one",
				change:   func(p *domain.SellerProfile) { p.Logo, p.LogoType = []byte{0xff, 0xd8, 0xff, 0xe0}, "image/jpeg" },
				wantLogo: []byte{0xff, 0xd8, 0xff, 0xe0}, wantType: "image/jpeg",
			},
			{
				name:       "logo removed",
				change:     func(p *domain.SellerProfile) { p.Description = "Only text now." },
				removeLogo: true,
				wantLogo:   nil, wantType: "",
			},
			{
				name:     "saving again without a logo keeps none",
				change:   func(p *domain.SellerProfile) { p.SupportEmail = "help@example.com" },
				wantLogo: nil, wantType: "",
			},
		}
		for i, step := range steps {
			p := sampleProfile(sellerAcct)
			step.change(p)
			p.UpdatedAt = regAt.Add(time.Duration(i+1) * time.Hour)
			if err := store.SaveSellerProfile(ctx, p, step.removeLogo, ch); err != nil {
				t.Fatalf("%s: SaveSellerProfile() error = %v", step.name, err)
			}
			got, err := store.SellerProfile(ctx, sellerAcct)
			if err != nil {
				t.Fatalf("%s: SellerProfile() error = %v", step.name, err)
			}
			want := *p
			want.Logo, want.LogoType = step.wantLogo, step.wantType
			assertProfile(t, got, &want)
		}

		// Another account's profile is its own.
		other := sampleProfile(otherSellerAcct)
		other.DisplayName = "Other Corp"
		if err := store.SaveSellerProfile(ctx, other, false, change(otherSellerAcct, domain.StepProfile, rootARN(otherSellerAcct), regAt)); err != nil {
			t.Fatal(err)
		}
		if got, err := store.SellerProfile(ctx, otherSellerAcct); err != nil || got.DisplayName != "Other Corp" || len(got.Logo) != 0 {
			t.Errorf("other account's profile = %+v, %v", got, err)
		}
		if got, _ := store.SellerProfile(ctx, sellerAcct); got.DisplayName != "Example Corp" || got.SupportEmail != "help@example.com" {
			t.Errorf("first account's profile changed by the other's save: %+v", got)
		}
	})
}

func TestSellerStoreNotFound(t *testing.T) {
	persistencetest.Each(t, func(t *testing.T, db *persistence.DB) {
		ctx := context.Background()
		store := db.Sellers(mustSealer(t, testDataKey))
		// A profile alone does not make the other steps exist.
		if err := store.SaveSellerProfile(ctx, sampleProfile(sellerAcct), false, change(sellerAcct, domain.StepProfile, rootARN(sellerAcct), regAt)); err != nil {
			t.Fatal(err)
		}
		_, err := store.SellerProfile(ctx, otherSellerAcct)
		wantDomainError(t, err, domain.ENOTFOUND, domain.MsgNotFound)
		_, err = store.TaxInterview(ctx, sellerAcct)
		wantDomainError(t, err, domain.ENOTFOUND, domain.MsgNotFound)
		_, err = store.BankAccount(ctx, sellerAcct)
		wantDomainError(t, err, domain.ENOTFOUND, domain.MsgNotFound)
		if changes, err := store.SellerChanges(ctx, otherSellerAcct, 10); err != nil || len(changes) != 0 {
			t.Errorf("SellerChanges() of an account without changes = %v, %v; want none", changes, err)
		}
	})
}

func TestSellerStoreTaxInterview(t *testing.T) {
	persistencetest.Each(t, func(t *testing.T, db *persistence.DB) {
		ctx := context.Background()
		store := db.Sellers(mustSealer(t, testDataKey))
		ch := change(sellerAcct, domain.StepTax, rootARN(sellerAcct), regAt)
		business := sampleTax(sellerAcct)
		business.EntityType, business.LegalName, business.SignatureName = domain.EntityBusiness, "Example Corp", "Example Corp"
		business.TaxID, business.AddressLine2, business.Region = "12-3456789", "", ""
		business.SignedAt = regAt.Add(48 * time.Hour)
		foreign := sampleTax(sellerAcct)
		foreign.Country, foreign.PostalCode, foreign.TaxID, foreign.FormType = "HK", "", "A1234567", domain.FormW8BEN
		foreign.SignedAt = regAt.In(time.FixedZone("HKT", 8*3600)).Add(72 * time.Hour)

		for _, want := range []*domain.TaxInterview{sampleTax(sellerAcct), business, foreign} {
			if err := store.SaveTaxInterview(ctx, want, ch); err != nil {
				t.Fatalf("SaveTaxInterview(%s) error = %v", want.TaxID, err)
			}
			got, err := store.TaxInterview(ctx, sellerAcct)
			if err != nil {
				t.Fatalf("TaxInterview() error = %v", err)
			}
			if !got.SignedAt.Equal(want.SignedAt) {
				t.Errorf("SignedAt = %v, want %v", got.SignedAt, want.SignedAt)
			}
			// The tax ID comes back in full, opened.
			g, w := *got, *want
			g.SignedAt, w.SignedAt = time.Time{}, time.Time{}
			if g != w {
				t.Errorf("tax interview =\n%+v\nwant\n%+v", g, w)
			}
		}
	})
}

func TestSellerStoreBankAccount(t *testing.T) {
	persistencetest.Each(t, func(t *testing.T, db *persistence.DB) {
		ctx := context.Background()
		store := db.Sellers(mustSealer(t, testDataKey))
		ch := change(sellerAcct, domain.StepBank, rootARN(sellerAcct), regAt)
		noBIC := sampleIBANBank(sellerAcct)
		noBIC.IBAN, noBIC.BIC = "GB82WEST12345698765432", ""
		// Saved in turn into one account: each replaces the last, and a
		// switch of kind leaves no number of the old kind behind.
		for _, want := range []*domain.BankAccount{sampleUSBank(sellerAcct), sampleIBANBank(sellerAcct), noBIC, sampleUSBank(sellerAcct)} {
			if err := store.SaveBankAccount(ctx, want, ch); err != nil {
				t.Fatalf("SaveBankAccount(%s) error = %v", want.Kind, err)
			}
			got, err := store.BankAccount(ctx, sellerAcct)
			if err != nil {
				t.Fatalf("BankAccount() error = %v", err)
			}
			g, w := *got, *want
			g.UpdatedAt, w.UpdatedAt = time.Time{}, time.Time{}
			if g != w {
				t.Errorf("bank account =\n%+v\nwant\n%+v", g, w)
			}
		}
	})
}

func TestSellerStoreBankAccountUpdatedAt(t *testing.T) {
	persistencetest.Each(t, func(t *testing.T, db *persistence.DB) {
		ctx := context.Background()
		store := db.Sellers(mustSealer(t, testDataKey))
		ch := change(sellerAcct, domain.StepBank, rootARN(sellerAcct), regAt)
		for i, b := range []*domain.BankAccount{sampleUSBank(sellerAcct), sampleIBANBank(sellerAcct)} {
			b.UpdatedAt = regAt.Add(time.Duration(i) * time.Hour)
			if err := store.SaveBankAccount(ctx, b, ch); err != nil {
				t.Fatal(err)
			}
			got, err := store.BankAccount(ctx, sellerAcct)
			if err != nil {
				t.Fatal(err)
			}
			if !got.UpdatedAt.Equal(b.UpdatedAt) {
				t.Errorf("save #%d: UpdatedAt = %v, want the given %v", i+1, got.UpdatedAt, b.UpdatedAt)
			}
		}
	})
}

func TestSellerStoreEncryptsAtRest(t *testing.T) {
	eachWithRaw(t, func(t *testing.T, db *persistence.DB, raw rawDB) {
		ctx := context.Background()
		store := db.Sellers(mustSealer(t, testDataKey))
		usTax, ibanTax := sampleTax(sellerAcct), sampleTax(otherSellerAcct)
		ibanTax.EntityType, ibanTax.TaxID = domain.EntityBusiness, "12-3456789"
		saves := []struct {
			accountID string
			tax       *domain.TaxInterview
			bank      *domain.BankAccount
		}{
			{sellerAcct, usTax, sampleUSBank(sellerAcct)},
			{otherSellerAcct, ibanTax, sampleIBANBank(otherSellerAcct)},
		}
		for _, s := range saves {
			if err := store.SaveTaxInterview(ctx, s.tax, change(s.accountID, domain.StepTax, rootARN(s.accountID), regAt)); err != nil {
				t.Fatal(err)
			}
			if err := store.SaveBankAccount(ctx, s.bank, change(s.accountID, domain.StepBank, rootARN(s.accountID), regAt)); err != nil {
				t.Fatal(err)
			}
		}

		secrets := []string{
			"000123456789", "123456789", // the US account number, with and without its zeros
			"DE89370400440532013000", "370400440532013000", // the IBAN and its BBAN
			"123-45-6789", "12-3456789", // the tax IDs as typed
		}
		wantLast4 := map[string]string{sellerAcct: "6789", otherSellerAcct: "3000"}
		for _, table := range []string{"bank_accounts", "tax_interviews"} {
			rows := raw.cells(t, table)
			if len(rows) != 2 {
				t.Fatalf("%s has %d rows, want 2", table, len(rows))
			}
			for _, row := range rows {
				for col, value := range row {
					for _, secret := range secrets {
						if strings.Contains(value, secret) {
							t.Errorf("%s.%s of account %s holds %q in the clear: %q", table, col, row["account_id"], secret, value)
						}
					}
				}
				switch table {
				case "bank_accounts":
					if got := row["last4"]; got != wantLast4[row["account_id"]] {
						t.Errorf("bank_accounts.last4 of %s = %q, want %q", row["account_id"], got, wantLast4[row["account_id"]])
					}
					sealed, empty := row["account_number_sealed"], row["iban_sealed"]
					if row["kind"] == string(domain.BankIBAN) {
						sealed, empty = empty, sealed
					}
					if !strings.HasPrefix(sealed, "v2:") || empty != "" {
						t.Errorf("bank_accounts of %s: sealed number %q, other kind's %q; want a v2: value and an empty one",
							row["account_id"], sealed, empty)
					}
				case "tax_interviews":
					if got := row["tax_id_last4"]; got != "6789" {
						t.Errorf("tax_interviews.tax_id_last4 = %q, want %q", got, "6789")
					}
					if !strings.HasPrefix(row["tax_id_sealed"], "v2:") {
						t.Errorf("tax_interviews.tax_id_sealed = %q, want a v2: sealed value", row["tax_id_sealed"])
					}
				}
			}
		}

		// The store itself still reads everything back in full.
		if b, err := store.BankAccount(ctx, sellerAcct); err != nil || b.AccountNumber != "000123456789" {
			t.Errorf("BankAccount() = %+v, %v; want the full account number", b, err)
		}
		if b, err := store.BankAccount(ctx, otherSellerAcct); err != nil || b.IBAN != "DE89370400440532013000" {
			t.Errorf("BankAccount() = %+v, %v; want the full IBAN", b, err)
		}
		if tx, err := store.TaxInterview(ctx, otherSellerAcct); err != nil || tx.TaxID != "12-3456789" {
			t.Errorf("TaxInterview() = %+v, %v; want the full tax ID", tx, err)
		}
	})
}

func TestSellerStoreOtherDataKey(t *testing.T) {
	persistencetest.Each(t, func(t *testing.T, db *persistence.DB) {
		ctx := context.Background()
		store := db.Sellers(mustSealer(t, testDataKey))
		if err := store.SaveTaxInterview(ctx, sampleTax(sellerAcct), change(sellerAcct, domain.StepTax, rootARN(sellerAcct), regAt)); err != nil {
			t.Fatal(err)
		}
		if err := store.SaveBankAccount(ctx, sampleIBANBank(sellerAcct), change(sellerAcct, domain.StepBank, rootARN(sellerAcct), regAt)); err != nil {
			t.Fatal(err)
		}
		// A server started with the wrong data key fails loudly rather
		// than showing garbage or pretending nothing is stored.
		wrong := db.Sellers(mustSealer(t, otherDataKey))
		if tx, err := wrong.TaxInterview(ctx, sellerAcct); domain.ErrorCode(err) != domain.EINTERNAL || tx != nil {
			t.Errorf("TaxInterview() with another key = %+v, %v; want nil and EINTERNAL", tx, err)
		}
		if b, err := wrong.BankAccount(ctx, sellerAcct); domain.ErrorCode(err) != domain.EINTERNAL || b != nil {
			t.Errorf("BankAccount() with another key = %+v, %v; want nil and EINTERNAL", b, err)
		}
	})
}

// TestSellerStoreSwappedSealedValueFails plays someone who can write to the
// database but has no data key: copying one account's sealed numbers into
// another account's row, or into another column, must not make the portal
// show them there.
func TestSellerStoreSwappedSealedValueFails(t *testing.T) {
	eachWithRaw(t, func(t *testing.T, db *persistence.DB, raw rawDB) {
		ctx := context.Background()
		store := db.Sellers(mustSealer(t, testDataKey))
		victim, attacker := sellerAcct, otherSellerAcct
		for _, id := range []string{victim, attacker} {
			bank := sampleUSBank(id)
			bank.AccountNumber = "0000" + id // each account its own number
			if err := store.SaveBankAccount(ctx, bank, change(id, domain.StepBank, rootARN(id), regAt)); err != nil {
				t.Fatal(err)
			}
			tax := sampleTax(id)
			tax.TaxID = "TIN-" + id
			if err := store.SaveTaxInterview(ctx, tax, change(id, domain.StepTax, rootARN(id), regAt)); err != nil {
				t.Fatal(err)
			}
		}
		// The attacker's row gets the victim's sealed values, so the
		// attacker's pages would show the victim's numbers.
		raw.exec(t, `UPDATE bank_accounts SET account_number_sealed =
			(SELECT account_number_sealed FROM bank_accounts WHERE account_id = '`+victim+`')
			WHERE account_id = '`+attacker+`'`)
		raw.exec(t, `UPDATE tax_interviews SET tax_id_sealed =
			(SELECT tax_id_sealed FROM tax_interviews WHERE account_id = '`+victim+`')
			WHERE account_id = '`+attacker+`'`)
		b, err := store.BankAccount(ctx, attacker)
		if domain.ErrorCode(err) != domain.EINTERNAL || b != nil {
			t.Errorf("BankAccount() of the row holding another account's sealed number = %+v, %v; want nil and EINTERNAL", b, err)
		}
		if err != nil && strings.Contains(err.Error(), "0000"+victim) {
			t.Errorf("the error shows the other account's number: %v", err)
		}
		tx, err := store.TaxInterview(ctx, attacker)
		if domain.ErrorCode(err) != domain.EINTERNAL || tx != nil {
			t.Errorf("TaxInterview() of the row holding another account's tax ID = %+v, %v; want nil and EINTERNAL", tx, err)
		}

		// Within one row: the account number moved into the IBAN column.
		raw.exec(t, `UPDATE bank_accounts SET iban_sealed = account_number_sealed, account_number_sealed = ''
			WHERE account_id = '`+victim+`'`)
		if b, err := store.BankAccount(ctx, victim); domain.ErrorCode(err) != domain.EINTERNAL || b != nil {
			t.Errorf("BankAccount() with the number moved to the IBAN column = %+v, %v; want nil and EINTERNAL", b, err)
		}
	})
}

func TestSellerStoreChanges(t *testing.T) {
	persistencetest.Each(t, func(t *testing.T, db *persistence.DB) {
		ctx := context.Background()
		store := db.Sellers(mustSealer(t, testDataKey))
		root, iam := rootARN(sellerAcct), "arn:aws:iam::"+sellerAcct+":user/finance"
		at := func(h int) time.Time { return regAt.Add(time.Duration(h) * time.Hour) }
		saves := []func() error{
			func() error {
				return store.SaveSellerProfile(ctx, sampleProfile(sellerAcct), false, change(sellerAcct, domain.StepProfile, root, at(1)))
			},
			func() error {
				return store.SaveTaxInterview(ctx, sampleTax(sellerAcct), change(sellerAcct, domain.StepTax, iam, at(2)))
			},
			func() error {
				return store.SaveSellerProfile(ctx, sampleProfile(otherSellerAcct), false, change(otherSellerAcct, domain.StepProfile, rootARN(otherSellerAcct), at(3)))
			},
			func() error {
				return store.SaveBankAccount(ctx, sampleUSBank(sellerAcct), change(sellerAcct, domain.StepBank, iam, at(4)))
			},
			func() error {
				// Given in another zone, stored as the same instant.
				return store.SaveSellerProfile(ctx, sampleProfile(sellerAcct), false, change(sellerAcct, domain.StepProfile, root, at(5).In(time.FixedZone("CET", 3600))))
			},
			func() error {
				// Same instant as the last one: the later save comes first.
				return store.SaveBankAccount(ctx, sampleIBANBank(sellerAcct), change(sellerAcct, domain.StepBank, root, at(5)))
			},
		}
		for i, save := range saves {
			if err := save(); err != nil {
				t.Fatalf("save #%d: %v", i+1, err)
			}
		}
		want := []domain.SellerChange{
			change(sellerAcct, domain.StepBank, root, at(5)),
			change(sellerAcct, domain.StepProfile, root, at(5)),
			change(sellerAcct, domain.StepBank, iam, at(4)),
			change(sellerAcct, domain.StepTax, iam, at(2)),
			change(sellerAcct, domain.StepProfile, root, at(1)),
		}
		for _, limit := range []int{10, 5, 2, 1} {
			got, err := store.SellerChanges(ctx, sellerAcct, limit)
			if err != nil {
				t.Fatalf("SellerChanges(%d) error = %v", limit, err)
			}
			w := want[:min(limit, len(want))]
			if len(got) != len(w) {
				t.Fatalf("SellerChanges(%d) = %d changes %+v, want %d", limit, len(got), got, len(w))
			}
			for i := range w {
				if got[i].AccountID != w[i].AccountID || got[i].Step != w[i].Step || got[i].Actor != w[i].Actor || !got[i].At.Equal(w[i].At) {
					t.Errorf("SellerChanges(%d)[%d] = %+v, want %+v", limit, i, got[i], w[i])
				}
			}
		}
		other, err := store.SellerChanges(ctx, otherSellerAcct, 10)
		if err != nil || len(other) != 1 || other[0].Actor != rootARN(otherSellerAcct) {
			t.Errorf("SellerChanges(other account) = %+v, %v; want its one change", other, err)
		}
	})
}

func TestSellerStoreOneChangePerSave(t *testing.T) {
	eachWithRaw(t, func(t *testing.T, db *persistence.DB, raw rawDB) {
		ctx := context.Background()
		store := db.Sellers(mustSealer(t, testDataKey))
		saves := []struct {
			name string
			save func() error
		}{
			{"profile", func() error {
				return store.SaveSellerProfile(ctx, sampleProfile(sellerAcct), false, change(sellerAcct, domain.StepProfile, rootARN(sellerAcct), regAt))
			}},
			{"profile again", func() error {
				return store.SaveSellerProfile(ctx, sampleProfile(sellerAcct), true, change(sellerAcct, domain.StepProfile, rootARN(sellerAcct), regAt))
			}},
			{"tax", func() error {
				return store.SaveTaxInterview(ctx, sampleTax(sellerAcct), change(sellerAcct, domain.StepTax, rootARN(sellerAcct), regAt))
			}},
			{"bank", func() error {
				return store.SaveBankAccount(ctx, sampleUSBank(sellerAcct), change(sellerAcct, domain.StepBank, rootARN(sellerAcct), regAt))
			}},
			{"bank again", func() error {
				return store.SaveBankAccount(ctx, sampleIBANBank(sellerAcct), change(sellerAcct, domain.StepBank, rootARN(sellerAcct), regAt))
			}},
		}
		for i, s := range saves {
			if err := s.save(); err != nil {
				t.Fatalf("%s: %v", s.name, err)
			}
			if n := raw.count(t, "seller_changes"); n != i+1 {
				t.Errorf("after saving %s: %d change rows, want %d", s.name, n, i+1)
			}
		}
		for table, want := range map[string]int{"seller_profiles": 1, "tax_interviews": 1, "bank_accounts": 1} {
			if n := raw.count(t, table); n != want {
				t.Errorf("%s has %d rows, want %d (saves replace)", table, n, want)
			}
		}
	})
}

func TestSellerStoreSaveIsAtomic(t *testing.T) {
	eachWithRaw(t, func(t *testing.T, db *persistence.DB, raw rawDB) {
		ctx := context.Background()
		store := db.Sellers(mustSealer(t, testDataKey))
		ch := func(step string) domain.SellerChange { return change(sellerAcct, step, rootARN(sellerAcct), regAt) }
		// An existing profile, to see that a failed overwrite keeps it.
		if err := store.SaveSellerProfile(ctx, sampleProfile(sellerAcct), false, ch(domain.StepProfile)); err != nil {
			t.Fatal(err)
		}

		// When the change cannot be recorded, the step is not saved.
		restore := raw.failInserts(t, "seller_changes")
		renamed := sampleProfile(sellerAcct)
		renamed.DisplayName = "Renamed Corp"
		failed := map[string]error{
			"profile": store.SaveSellerProfile(ctx, renamed, false, ch(domain.StepProfile)),
			"tax":     store.SaveTaxInterview(ctx, sampleTax(sellerAcct), ch(domain.StepTax)),
			"bank":    store.SaveBankAccount(ctx, sampleUSBank(sellerAcct), ch(domain.StepBank)),
		}
		for step, err := range failed {
			if domain.ErrorCode(err) != domain.EINTERNAL {
				t.Errorf("%s save while changes cannot be recorded: error = %v, want EINTERNAL", step, err)
			}
		}
		restore()
		if p, err := store.SellerProfile(ctx, sellerAcct); err != nil || p.DisplayName != "Example Corp" {
			t.Errorf("profile after the failed overwrite = %+v, %v; want the old one", p, err)
		}
		_, err := store.TaxInterview(ctx, sellerAcct)
		wantDomainError(t, err, domain.ENOTFOUND, domain.MsgNotFound)
		_, err = store.BankAccount(ctx, sellerAcct)
		wantDomainError(t, err, domain.ENOTFOUND, domain.MsgNotFound)
		if n := raw.count(t, "seller_changes"); n != 1 {
			t.Errorf("%d change rows, want the first save's 1", n)
		}

		// When the step cannot be saved, no change is recorded.
		if err := store.SaveTaxInterview(ctx, sampleTax(sellerAcct), ch(domain.StepTax)); err != nil {
			t.Fatal(err)
		}
		restore = raw.failInserts(t, "bank_accounts")
		err = store.SaveBankAccount(ctx, sampleUSBank(sellerAcct), ch(domain.StepBank))
		if domain.ErrorCode(err) != domain.EINTERNAL {
			t.Errorf("SaveBankAccount() while bank accounts cannot be written: error = %v, want EINTERNAL", err)
		}
		restore()
		if n := raw.count(t, "seller_changes"); n != 2 {
			t.Errorf("%d change rows, want 2 (profile, tax)", n)
		}
		changes, err := store.SellerChanges(ctx, sellerAcct, 10)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range changes {
			if c.Step == domain.StepBank {
				t.Errorf("a bank change was recorded for a bank account that was not saved: %+v", c)
			}
		}

		// With the database healthy again, the same saves work.
		if err := store.SaveBankAccount(ctx, sampleUSBank(sellerAcct), ch(domain.StepBank)); err != nil {
			t.Errorf("SaveBankAccount() after the failure: %v", err)
		}
		if n := raw.count(t, "seller_changes"); n != 3 {
			t.Errorf("%d change rows, want 3", n)
		}
	})
}

// TestSellerStoreSellerSteps checks the steps are told from the rows alone:
// with sealed columns a server cannot open, they still count as done.
func TestSellerStoreSellerSteps(t *testing.T) {
	eachWithRaw(t, func(t *testing.T, db *persistence.DB, raw rawDB) {
		ctx := context.Background()
		store := db.Sellers(mustSealer(t, testDataKey))
		check := func(label string, s *persistence.SellerStore, accountID string, want domain.Readiness) {
			t.Helper()
			got, err := s.SellerSteps(ctx, accountID)
			if err != nil || got != want {
				t.Errorf("%s: SellerSteps(%s) = %+v, %v; want %+v", label, accountID, got, err, want)
			}
		}
		check("nothing saved", store, sellerAcct, domain.Readiness{})
		if err := store.SaveSellerProfile(ctx, sampleProfile(sellerAcct), false, change(sellerAcct, domain.StepProfile, rootARN(sellerAcct), regAt)); err != nil {
			t.Fatal(err)
		}
		check("profile", store, sellerAcct, domain.Readiness{Profile: true})
		if err := store.SaveTaxInterview(ctx, sampleTax(sellerAcct), change(sellerAcct, domain.StepTax, rootARN(sellerAcct), regAt)); err != nil {
			t.Fatal(err)
		}
		check("profile and tax", store, sellerAcct, domain.Readiness{Profile: true, Tax: true})
		if err := store.SaveBankAccount(ctx, sampleUSBank(sellerAcct), change(sellerAcct, domain.StepBank, rootARN(sellerAcct), regAt)); err != nil {
			t.Fatal(err)
		}
		all := domain.Readiness{Profile: true, Tax: true, Bank: true}
		check("all steps", store, sellerAcct, all)
		check("another account", store, otherSellerAcct, domain.Readiness{})

		// Sealed values no key opens: reading them would fail, telling the
		// steps must not.
		raw.exec(t, "UPDATE tax_interviews SET tax_id_sealed = 'v2:garbage'")
		raw.exec(t, "UPDATE bank_accounts SET account_number_sealed = 'v2:garbage', iban_sealed = 'v2:garbage'")
		if _, err := store.TaxInterview(ctx, sellerAcct); domain.ErrorCode(err) != domain.EINTERNAL {
			t.Fatalf("TaxInterview() of a corrupt row error = %v, want %s", err, domain.EINTERNAL)
		}
		check("sealed columns unreadable", store, sellerAcct, all)
		check("another data key", db.Sellers(mustSealer(t, otherDataKey)), sellerAcct, all)
	})
}
