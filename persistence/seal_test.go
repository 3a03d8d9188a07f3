package persistence_test

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"strings"
	"sync"
	"testing"

	"github.com/mlportal/portal/persistence"
)

const (
	testDataKey  = "0123456789abcdef0123456789abcdef" // 32 characters
	otherDataKey = "fedcba9876543210fedcba9876543210"
)

// testField is where the unit tests pretend their values live.
var testField = persistence.SealedField{Table: "bank_accounts", Column: "account_number_sealed", AccountID: sellerAcct}

// legacySeal seals plain the way the portal did before values were bound to
// their rows ("v1:", no additional data), so the tests can put such values in
// a database. It rebuilds the old format on purpose instead of calling the
// package, so that the resealer is tested against what old servers wrote.
func legacySeal(t *testing.T, key, plain string) string {
	t.Helper()
	sum := sha256.Sum256(append([]byte("portal data key:"), key...))
	block, err := aes.NewCipher(sum[:])
	if err != nil {
		t.Fatal(err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		t.Fatal(err)
	}
	nonce := make([]byte, aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		t.Fatal(err)
	}
	return "v1:" + base64.StdEncoding.EncodeToString(aead.Seal(nonce, nonce, []byte(plain), nil))
}

func mustSealer(t *testing.T, key string) *persistence.Sealer {
	t.Helper()
	s, err := persistence.NewSealer([]byte(key))
	if err != nil {
		t.Fatalf("NewSealer() error = %v", err)
	}
	return s
}

func TestSealerRoundTrip(t *testing.T) {
	s := mustSealer(t, testDataKey)
	for _, plain := range []string{
		"000123456789",
		"DE89370400440532013000",
		"123-45-6789",
		"x",
		"Ünïcödé 日本 😀",
		strings.Repeat("long value ", 500),
	} {
		sealed, err := s.Seal(plain, testField)
		if err != nil {
			t.Fatalf("Seal(%q) error = %v", plain, err)
		}
		if !strings.HasPrefix(sealed, "v2:") {
			t.Errorf("Seal(%q) = %q, want the v2: format tag", plain, sealed)
		}
		if len(plain) >= 6 && strings.Contains(sealed, plain) {
			t.Errorf("Seal(%q) = %q, which contains the value", plain, sealed)
		}
		got, err := s.Open(sealed, testField)
		if err != nil {
			t.Fatalf("Open(Seal(%q)) error = %v", plain, err)
		}
		if got != plain {
			t.Errorf("Open(Seal(%q)) = %q", plain, got)
		}
		// Another sealer made from the same key opens it: the key, not the
		// process, is what matters.
		if got, err := mustSealer(t, testDataKey).Open(sealed, testField); err != nil || got != plain {
			t.Errorf("a second sealer with the same key: Open() = %q, %v; want %q", got, err, plain)
		}
	}
}

func TestSealerSealsDifferentlyEachTime(t *testing.T) {
	s := mustSealer(t, testDataKey)
	a, err := s.Seal("000123456789", testField)
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.Seal("000123456789", testField)
	if err != nil {
		t.Fatal(err)
	}
	if a == b {
		t.Errorf("two seals of one value are equal (%q): equal numbers would be visible in the database", a)
	}
	for _, sealed := range []string{a, b} {
		if got, err := s.Open(sealed, testField); err != nil || got != "000123456789" {
			t.Errorf("Open(%q) = %q, %v", sealed, got, err)
		}
	}
}

func TestSealerOtherKeyFails(t *testing.T) {
	sealed, err := mustSealer(t, testDataKey).Seal("DE89370400440532013000", testField)
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{otherDataKey, testDataKey + "x", strings.ToUpper(testDataKey)} {
		got, err := mustSealer(t, key).Open(sealed, testField)
		if err == nil || got != "" {
			t.Errorf("Open() with key %q = %q, %v; want an error and no text", key, got, err)
		}
	}
}

func TestSealerTamperedValueFails(t *testing.T) {
	s := mustSealer(t, testDataKey)
	sealed, err := s.Seal("123-45-6789", testField)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(sealed, "v2:"))
	if err != nil {
		t.Fatalf("sealed value %q is not v2: and base64: %v", sealed, err)
	}
	flip := func(i int) string {
		b := append([]byte(nil), raw...)
		b[i] ^= 0x01
		return "v2:" + base64.StdEncoding.EncodeToString(b)
	}
	tests := []struct {
		name, value string
	}{
		{"bit flipped in the nonce", flip(0)},
		{"bit flipped in the ciphertext", flip(len(raw) / 2)},
		{"bit flipped in the tag", flip(len(raw) - 1)},
		{"truncated", "v2:" + base64.StdEncoding.EncodeToString(raw[:len(raw)-1])},
		{"only the nonce", "v2:" + base64.StdEncoding.EncodeToString(raw[:12])},
		{"shorter than a nonce", "v2:" + base64.StdEncoding.EncodeToString(raw[:5])},
		{"no format tag", strings.TrimPrefix(sealed, "v2:")},
		{"old format tag", "v1:" + strings.TrimPrefix(sealed, "v2:")},
		{"unknown format tag", "v3:" + strings.TrimPrefix(sealed, "v2:")},
		{"tag only", "v2:"},
		{"not base64", "v1:!!!not base64!!!"},
		{"plain text", "123-45-6789"},
	}
	for _, tt := range tests {
		got, err := s.Open(tt.value, testField)
		if err == nil || got != "" {
			t.Errorf("%s: Open(%q) = %q, %v; want an error and no text", tt.name, tt.value, got, err)
		}
	}
	// The error must not echo the value.
	for _, value := range []string{
		"v2:" + base64.StdEncoding.EncodeToString([]byte("secret-secret-secret")),
		legacySeal(t, testDataKey, "secret-secret-secret"),
	} {
		if _, err := s.Open(value, testField); err == nil || strings.Contains(err.Error(), "secret") {
			t.Errorf("Open() error = %v, want one that does not contain the value", err)
		}
	}
}

func TestSealerEmptyStaysEmpty(t *testing.T) {
	s := mustSealer(t, testDataKey)
	sealed, err := s.Seal("", testField)
	if err != nil || sealed != "" {
		t.Errorf(`Seal("") = %q, %v; want "", nil`, sealed, err)
	}
	opened, err := s.Open("", testField)
	if err != nil || opened != "" {
		t.Errorf(`Open("") = %q, %v; want "", nil`, opened, err)
	}
}

func TestNewSealerKeyLength(t *testing.T) {
	tests := []struct {
		name    string
		key     []byte
		wantErr bool
	}{
		{"nil", nil, true},
		{"empty", []byte{}, true},
		{"31 characters", []byte(testDataKey[:31]), true},
		{"32 characters", []byte(testDataKey), false},
		{"64 characters", []byte(testDataKey + otherDataKey), false},
	}
	for _, tt := range tests {
		s, err := persistence.NewSealer(tt.key)
		if (err != nil) != tt.wantErr {
			t.Errorf("%s: NewSealer() error = %v, want error %v", tt.name, err, tt.wantErr)
		}
		if tt.wantErr && s != nil {
			t.Errorf("%s: NewSealer() returned a sealer with its error", tt.name)
		}
	}
}

func TestNewSealerCopiesKey(t *testing.T) {
	key := []byte(testDataKey)
	s, err := persistence.NewSealer(key)
	if err != nil {
		t.Fatal(err)
	}
	sealed, err := s.Seal("000123456789", testField)
	if err != nil {
		t.Fatal(err)
	}
	for i := range key {
		key[i] = 'z' // the caller wipes its copy of the key
	}
	if got, err := s.Open(sealed, testField); err != nil || got != "000123456789" {
		t.Errorf("Open() after the caller changed its key slice = %q, %v", got, err)
	}
}

func TestSealerConcurrentUse(t *testing.T) {
	s := mustSealer(t, testDataKey)
	var wg sync.WaitGroup
	errs := make(chan string, 16)
	for i := range 16 {
		wg.Go(func() {
			plain := strings.Repeat(string(rune('a'+i)), i+1)
			for range 50 {
				sealed, err := s.Seal(plain, testField)
				if err != nil {
					errs <- err.Error()
					return
				}
				if got, err := s.Open(sealed, testField); err != nil || got != plain {
					errs <- "round trip of " + plain + " gave " + got
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func field(table, column, accountID string) persistence.SealedField {
	return persistence.SealedField{Table: table, Column: column, AccountID: accountID}
}

func TestSealerBindsValueToItsField(t *testing.T) {
	s := mustSealer(t, testDataKey)
	sealed, err := s.Seal("000123456789", testField)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		at   persistence.SealedField
	}{
		{"another account's row", field("bank_accounts", "account_number_sealed", otherSellerAcct)},
		{"another column of the row", field("bank_accounts", "iban_sealed", sellerAcct)},
		{"another table", field("tax_interviews", "account_number_sealed", sellerAcct)},
		{"no field", persistence.SealedField{}},
		// The parts are length-prefixed: moving characters from one part
		// to the next gives other additional data.
		{"a character moved from column to account ID", field("bank_accounts", "account_number_seale", "d"+sellerAcct)},
		{"a character moved from table to column", field("bank_account", "saccount_number_sealed", sellerAcct)},
		{"account ID with a space", field("bank_accounts", "account_number_sealed", sellerAcct+" ")},
	}
	for _, tt := range tests {
		got, err := s.Open(sealed, tt.at)
		if err == nil || got != "" {
			t.Errorf("%s: Open() = %q, %v; want an error and no text", tt.name, got, err)
		}
	}
	if got, err := s.Open(sealed, testField); err != nil || got != "000123456789" {
		t.Errorf("Open() with the field it was sealed for = %q, %v", got, err)
	}
}

func TestSealerRefusesUnboundV1Values(t *testing.T) {
	s := mustSealer(t, testDataKey)
	old := legacySeal(t, testDataKey, "000123456789")
	got, err := s.Open(old, testField)
	if err == nil || got != "" {
		t.Fatalf("Open(v1 value) = %q, %v; want an error: a v1 value is bound to no row, so it could come from any", got, err)
	}
	if !strings.Contains(err.Error(), "reseal") {
		t.Errorf("Open(v1 value) error = %v, want one that says to reseal", err)
	}
}
