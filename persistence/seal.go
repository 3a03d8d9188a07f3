package persistence

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"strings"
)

// Sealer encrypts sensitive columns (bank account numbers, tax IDs) with
// AES-256-GCM, so a copy of the database alone does not reveal them. Each
// value is bound to the row and column that hold it (see SealedField), so
// that someone able to write to the database cannot move one account's
// sealed number into another account's row and have the portal show it.
type Sealer struct {
	aead cipher.AEAD
}

// The format tags, so the key or algorithm can change later without guessing
// what old values are. "v1:" values (base64 of nonce and ciphertext, no
// additional data) are bound to nothing: Open refuses them, and only
// ResealSensitiveColumns reads them, to rewrite them as "v2:" values, which
// are the same layout with SealedField's bytes as additional data.
const (
	sealPrefixV1 = "v1:"
	sealPrefix   = "v2:"
)

// sealedFieldLabel starts the additional data, so that these bytes can never
// be mistaken for another use of the same key.
const sealedFieldLabel = "portal sealed field v2"

// SealedField names where a sealed value lives. A value sealed for one field
// opens only for that same field.
type SealedField struct {
	Table     string
	Column    string
	AccountID string // the row's key
}

// additionalData encodes f unambiguously: the label, then each part preceded
// by its length, so ("ab", "c") and ("a", "bc") give different bytes.
func (f SealedField) additionalData() []byte {
	parts := []string{sealedFieldLabel, f.Table, f.Column, f.AccountID}
	n := 0
	for _, p := range parts {
		n += 4 + len(p)
	}
	ad := make([]byte, 0, n)
	for _, p := range parts {
		ad = binary.BigEndian.AppendUint32(ad, uint32(len(p)))
		ad = append(ad, p...)
	}
	return ad
}

// sealError is an error of Open: a constant, and it never includes the value.
type sealError string

func (e sealError) Error() string { return string(e) }

const (
	errSealedMalformed sealError = "sealed value is malformed"
	errSealedNotOpened sealError = "sealed value does not open with this data key for this row and column"
	errSealedUnbound   sealError = "sealed value is in the old v1 format, bound to no row: reseal it first"
)

// NewSealer derives the AES key from the configured data key, which must
// be at least 32 characters.
func NewSealer(key []byte) (*Sealer, error) {
	if len(key) < 32 {
		return nil, errors.New("data key must be at least 32 characters")
	}
	sum := sha256.Sum256(append([]byte("portal data key:"), key...))
	block, err := aes.NewCipher(sum[:])
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &Sealer{aead: aead}, nil
}

// Seal encrypts s for the field at; the empty string stays empty.
func (k *Sealer) Seal(s string, at SealedField) (string, error) {
	if s == "" {
		return "", nil
	}
	nonce := make([]byte, k.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	out := k.aead.Seal(nonce, nonce, []byte(s), at.additionalData())
	return sealPrefix + base64.StdEncoding.EncodeToString(out), nil
}

// Open decrypts a value that Seal made for the same field. A value sealed
// for another row or column, or in the old unbound v1 format, is an error.
func (k *Sealer) Open(s string, at SealedField) (string, error) {
	if s == "" {
		return "", nil
	}
	if strings.HasPrefix(s, sealPrefixV1) {
		return "", errSealedUnbound
	}
	return k.open(s, sealPrefix, at.additionalData())
}

// openV1 decrypts a value of the old format, bound to no field. Only the
// resealer calls it.
func (k *Sealer) openV1(s string) (string, error) {
	return k.open(s, sealPrefixV1, nil)
}

func (k *Sealer) open(s, prefix string, additionalData []byte) (string, error) {
	body, ok := strings.CutPrefix(s, prefix)
	if !ok {
		return "", errSealedMalformed
	}
	raw, err := base64.StdEncoding.DecodeString(body)
	n := k.aead.NonceSize()
	if err != nil || len(raw) < n {
		return "", errSealedMalformed
	}
	plain, err := k.aead.Open(nil, raw[:n], raw[n:], additionalData)
	if err != nil {
		return "", errSealedNotOpened
	}
	return string(plain), nil
}
