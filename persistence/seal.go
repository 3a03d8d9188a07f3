package persistence

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strings"
)

// Sealer encrypts sensitive columns (bank account numbers, tax IDs) with
// AES-256-GCM, so a copy of the database alone does not reveal them.
type Sealer struct {
	aead cipher.AEAD
}

// sealPrefix tags the format, so the key or algorithm can change later
// without guessing what old values are.
const sealPrefix = "v1:"

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

// Seal encrypts s; the empty string stays empty.
func (k *Sealer) Seal(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	nonce := make([]byte, k.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	out := k.aead.Seal(nonce, nonce, []byte(s), nil)
	return sealPrefix + base64.StdEncoding.EncodeToString(out), nil
}

// Open decrypts a value made by Seal.
func (k *Sealer) Open(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	raw, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(s, sealPrefix))
	if err != nil || !strings.HasPrefix(s, sealPrefix) || len(raw) < k.aead.NonceSize() {
		return "", errors.New("sealed value is malformed")
	}
	n := k.aead.NonceSize()
	plain, err := k.aead.Open(nil, raw[:n], raw[n:], nil)
	if err != nil {
		return "", errors.New("sealed value does not open with this data key")
	}
	return string(plain), nil
}
