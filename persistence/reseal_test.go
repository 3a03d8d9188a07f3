package persistence_test

import (
	"context"
	"strings"
	"testing"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/persistence"
)

// sealedCells returns every sealed cell of the seller tables, keyed by
// "table.column account".
func sealedCells(t *testing.T, raw rawDB) map[string]string {
	t.Helper()
	out := map[string]string{}
	for table, cols := range map[string][]string{
		"tax_interviews": {"tax_id_sealed"},
		"bank_accounts":  {"account_number_sealed", "iban_sealed"},
	} {
		for _, row := range raw.cells(t, table) {
			for _, col := range cols {
				out[table+"."+col+" "+row["account_id"]] = row[col]
			}
		}
	}
	return out
}

// saveOldRows stores a tax interview and a bank account for two accounts,
// then rewrites their sealed values the way servers before row binding
// wrote them.
func saveOldRows(t *testing.T, db *persistence.DB, raw rawDB, key string) {
	t.Helper()
	ctx := context.Background()
	store := db.Sellers(mustSealer(t, testDataKey))
	otherTax := sampleTax(otherSellerAcct)
	otherTax.TaxID = "12-3456789"
	for _, s := range []struct {
		tax  *domain.TaxInterview
		bank *domain.BankAccount
	}{
		{sampleTax(sellerAcct), sampleUSBank(sellerAcct)},
		{otherTax, sampleIBANBank(otherSellerAcct)},
	} {
		id := s.tax.AccountID
		if err := store.SaveTaxInterview(ctx, s.tax, change(id, domain.StepTax, rootARN(id), regAt)); err != nil {
			t.Fatal(err)
		}
		if err := store.SaveBankAccount(ctx, s.bank, change(id, domain.StepBank, rootARN(id), regAt)); err != nil {
			t.Fatal(err)
		}
	}
	set := func(table, column, accountID, plain string) {
		t.Helper()
		if _, err := raw.Exec("UPDATE "+table+" SET "+column+" = "+placeholder(raw, 1)+" WHERE account_id = "+placeholder(raw, 2),
			legacySeal(t, key, plain), accountID); err != nil {
			t.Fatal(err)
		}
	}
	set("tax_interviews", "tax_id_sealed", sellerAcct, "123-45-6789")
	set("tax_interviews", "tax_id_sealed", otherSellerAcct, "12-3456789")
	set("bank_accounts", "account_number_sealed", sellerAcct, "000123456789")
	set("bank_accounts", "iban_sealed", otherSellerAcct, "DE89370400440532013000")
}

func placeholder(raw rawDB, n int) string {
	if raw.postgres {
		return "$" + string(rune('0'+n))
	}
	return "?"
}

// oldRowCount is how many non-empty sealed values saveOldRows leaves in v1.
const oldRowCount = 4

func TestResealSensitiveColumns(t *testing.T) {
	eachWithRaw(t, func(t *testing.T, db *persistence.DB, raw rawDB) {
		ctx := context.Background()
		sealer := mustSealer(t, testDataKey)
		store := db.Sellers(sealer)
		saveOldRows(t, db, raw, testDataKey)

		// Before resealing, unbound values are refused.
		if b, err := store.BankAccount(ctx, sellerAcct); domain.ErrorCode(err) != domain.EINTERNAL || b != nil {
			t.Fatalf("BankAccount() of a v1 row before resealing = %+v, %v; want nil and EINTERNAL", b, err)
		}

		n, err := db.ResealSensitiveColumns(ctx, sealer)
		if err != nil || n != oldRowCount {
			t.Fatalf("ResealSensitiveColumns() = %d, %v; want %d, nil", n, err, oldRowCount)
		}
		after := sealedCells(t, raw)
		for cell, value := range after {
			empty := cell == "bank_accounts.iban_sealed "+sellerAcct || cell == "bank_accounts.account_number_sealed "+otherSellerAcct
			if empty && value != "" || !empty && !strings.HasPrefix(value, "v2:") {
				t.Errorf("%s = %q after resealing, want a v2: value (or empty where nothing was sealed)", cell, value)
			}
		}

		// Every value reads back in full.
		if b, err := store.BankAccount(ctx, sellerAcct); err != nil || b.AccountNumber != "000123456789" || b.IBAN != "" {
			t.Errorf("BankAccount(%s) = %+v, %v; want the account number", sellerAcct, b, err)
		}
		if b, err := store.BankAccount(ctx, otherSellerAcct); err != nil || b.IBAN != "DE89370400440532013000" {
			t.Errorf("BankAccount(%s) = %+v, %v; want the IBAN", otherSellerAcct, b, err)
		}
		if tx, err := store.TaxInterview(ctx, sellerAcct); err != nil || tx.TaxID != "123-45-6789" {
			t.Errorf("TaxInterview(%s) = %+v, %v; want the tax ID", sellerAcct, tx, err)
		}
		if tx, err := store.TaxInterview(ctx, otherSellerAcct); err != nil || tx.TaxID != "12-3456789" {
			t.Errorf("TaxInterview(%s) = %+v, %v; want the tax ID", otherSellerAcct, tx, err)
		}

		// A second run (the next start-up) changes nothing.
		n, err = db.ResealSensitiveColumns(ctx, sealer)
		if err != nil || n != 0 {
			t.Fatalf("second ResealSensitiveColumns() = %d, %v; want 0, nil", n, err)
		}
		again := sealedCells(t, raw)
		for cell, value := range after {
			if again[cell] != value {
				t.Errorf("%s changed on the second run: %q, then %q", cell, value, again[cell])
			}
		}
	})
}

func TestResealOnEmptyDatabase(t *testing.T) {
	eachWithRaw(t, func(t *testing.T, db *persistence.DB, _ rawDB) {
		n, err := db.ResealSensitiveColumns(context.Background(), mustSealer(t, testDataKey))
		if err != nil || n != 0 {
			t.Errorf("ResealSensitiveColumns() on an empty database = %d, %v; want 0, nil", n, err)
		}
	})
}

// TestResealWrongKeyChangesNothing: a server started with another data key
// must not start, and must leave every value as it was.
func TestResealWrongKeyChangesNothing(t *testing.T) {
	eachWithRaw(t, func(t *testing.T, db *persistence.DB, raw rawDB) {
		saveOldRows(t, db, raw, testDataKey)
		// One value of the bank table was sealed with another key: the tax
		// table, resealed before it, must be rolled back too.
		if _, err := raw.Exec("UPDATE bank_accounts SET iban_sealed = "+placeholder(raw, 1)+" WHERE account_id = "+placeholder(raw, 2),
			legacySeal(t, otherDataKey, "DE89370400440532013000"), otherSellerAcct); err != nil {
			t.Fatal(err)
		}
		before := sealedCells(t, raw)
		n, err := db.ResealSensitiveColumns(context.Background(), mustSealer(t, testDataKey))
		if err == nil || n != 0 {
			t.Fatalf("ResealSensitiveColumns() with a value of another key = %d, %v; want 0 and an error", n, err)
		}
		if !strings.Contains(err.Error(), "bank_accounts.iban_sealed") || !strings.Contains(err.Error(), otherSellerAcct) {
			t.Errorf("error %q does not say which value failed", err)
		}
		if strings.Contains(err.Error(), "DE89") {
			t.Errorf("error %q shows the value", err)
		}
		for cell, value := range sealedCells(t, raw) {
			if before[cell] != value {
				t.Errorf("%s changed by a failed reseal: %q, then %q", cell, before[cell], value)
			}
		}
	})
}

// TestResealRefusesV1ValuesAfterResealing plays someone who keeps a copy of
// the database from before resealing and writes an old v1 value of one
// account into another account's row: neither a read nor the next start-up's
// reseal may accept it.
func TestResealRefusesV1ValuesAfterResealing(t *testing.T) {
	eachWithRaw(t, func(t *testing.T, db *persistence.DB, raw rawDB) {
		ctx := context.Background()
		sealer := mustSealer(t, testDataKey)
		saveOldRows(t, db, raw, testDataKey)
		oldVictimNumber := sealedCells(t, raw)["bank_accounts.account_number_sealed "+sellerAcct]
		if n, err := db.ResealSensitiveColumns(ctx, sealer); err != nil || n != oldRowCount {
			t.Fatalf("ResealSensitiveColumns() = %d, %v; want %d, nil", n, err, oldRowCount)
		}

		if _, err := raw.Exec("UPDATE bank_accounts SET kind = 'us_ach', account_number_sealed = "+placeholder(raw, 1)+
			", iban_sealed = '' WHERE account_id = "+placeholder(raw, 2), oldVictimNumber, otherSellerAcct); err != nil {
			t.Fatal(err)
		}
		store := db.Sellers(sealer)
		if b, err := store.BankAccount(ctx, otherSellerAcct); domain.ErrorCode(err) != domain.EINTERNAL || b != nil {
			t.Errorf("BankAccount() of a row given an old v1 value = %+v, %v; want nil and EINTERNAL", b, err)
		}
		before := sealedCells(t, raw)
		n, err := db.ResealSensitiveColumns(ctx, sealer)
		if err == nil || n != 0 {
			t.Errorf("ResealSensitiveColumns() with a v1 value in a resealed database = %d, %v; want 0 and an error", n, err)
		}
		for cell, value := range sealedCells(t, raw) {
			if before[cell] != value {
				t.Errorf("%s changed: %q, then %q", cell, before[cell], value)
			}
		}
		if b, err := store.BankAccount(ctx, otherSellerAcct); domain.ErrorCode(err) != domain.EINTERNAL || b != nil {
			t.Errorf("BankAccount() after the refused reseal = %+v, %v; want nil and EINTERNAL", b, err)
		}
	})
}
