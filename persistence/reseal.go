package persistence

import (
	"context"
	"fmt"

	"gorm.io/gorm"
)

// ResealSensitiveColumns rewrites every sealed value still in the old v1
// format (bound to no row) as a v2 value bound to its table, column and
// account ID, and returns how many values it rewrote. It runs at start-up,
// after the migrations, because only the server holds the data key: the
// seller store refuses to open v1 values.
//
// It works in one transaction, so a failure leaves every value as it was, and
// it only rewrites v1 values, so a second run changes nothing and returns 0.
// It is an error, and nothing is rewritten, when:
//   - a v1 value does not open with sealer's key: the server must not start
//     with the wrong data key (the error names the table, column and account,
//     never the value);
//   - v1 values sit in a database that already holds v2 values. Every value
//     was rewritten by the first run and the portal no longer writes v1, so
//     such values were put there by someone else, perhaps copied from another
//     account's row; binding them to the row they are in would defeat the
//     binding. They stay as they are, refused on reading.
func (db *DB) ResealSensitiveColumns(ctx context.Context, sealer *Sealer) (int, error) {
	resealed := 0
	err := db.conn(ctx).Transaction(func(tx *gorm.DB) error {
		var todo []sealedValue
		bound := false
		for _, col := range sealedColumns() {
			values, err := sealedValues(tx, col, sealPrefixV1)
			if err != nil {
				return err
			}
			todo = append(todo, values...)
			if !bound {
				if values, err = sealedValues(tx, col, sealPrefix); err != nil {
					return err
				}
				bound = len(values) > 0
			}
		}
		if len(todo) > 0 && bound {
			return fmt.Errorf("reseal: %d sealed values in the old v1 format are in a database already resealed to v2, "+
				"so the portal did not write them; they are left unread: restore them from a backup", len(todo))
		}
		for _, v := range todo {
			n, err := reseal(tx, sealer, v)
			if err != nil {
				return err
			}
			resealed += n
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return resealed, nil
}

// sealedValue is one sealed value and where it lives.
type sealedValue struct {
	col       sealedColumn
	accountID string
	sealed    string
}

// sealedValues returns the values of col whose format tag is prefix.
func sealedValues(tx *gorm.DB, col sealedColumn, prefix string) ([]sealedValue, error) {
	var rows []struct {
		AccountID string
		Sealed    string
	}
	// The table and column names come from sealedColumns, never from input.
	// substr compares exactly on both databases; SQLite's LIKE ignores case.
	query := fmt.Sprintf(`SELECT account_id, %[2]s AS sealed FROM %[1]s
		WHERE substr(%[2]s, 1, %[3]d) = ? ORDER BY account_id`, col.table, col.column, len(prefix))
	if err := tx.Raw(query, prefix).Scan(&rows).Error; err != nil {
		return nil, domainError(err)
	}
	out := make([]sealedValue, len(rows))
	for i, r := range rows {
		out[i] = sealedValue{col: col, accountID: r.AccountID, sealed: r.Sealed}
	}
	return out, nil
}

// reseal rewrites one v1 value bound to its row, and returns 1, or 0 when
// the row changed since it was read.
func reseal(tx *gorm.DB, sealer *Sealer, v sealedValue) (int, error) {
	plain, err := sealer.openV1(v.sealed)
	if err != nil {
		return 0, fmt.Errorf("reseal %s.%s of account %s: %w", v.col.table, v.col.column, v.accountID, err)
	}
	sealed, err := sealer.Seal(plain, v.col.at(v.accountID))
	if err != nil {
		return 0, err
	}
	// The old value in the condition keeps a value saved meanwhile from
	// being overwritten.
	query := fmt.Sprintf(`UPDATE %[1]s SET %[2]s = ? WHERE account_id = ? AND %[2]s = ?`, v.col.table, v.col.column)
	res := tx.Exec(query, sealed, v.accountID, v.sealed)
	if res.Error != nil {
		return 0, domainError(res.Error)
	}
	return int(res.RowsAffected), nil
}
