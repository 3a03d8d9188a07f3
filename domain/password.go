package domain

import (
	"runtime"

	"github.com/alexedwards/argon2id"
)

// PasswordHasher turns passwords into slow, salted hashes and checks them.
type PasswordHasher interface {
	Hash(password string) (string, error)
	Compare(password, hash string) (bool, error)
}

// Argon2Hasher hashes with argon2id, encoded in the PHC string format so the
// parameters travel with each hash and can be raised later.
type Argon2Hasher struct {
	Params *argon2id.Params
}

// NewArgon2Hasher returns a hasher with the parameters OWASP recommends for
// argon2id (19 MiB, 2 passes), using at most two threads.
func NewArgon2Hasher() *Argon2Hasher {
	return &Argon2Hasher{Params: &argon2id.Params{
		Memory:      19 * 1024,
		Iterations:  2,
		Parallelism: uint8(min(2, runtime.NumCPU())),
		SaltLength:  16,
		KeyLength:   32,
	}}
}

// NewFastHasher returns a deliberately weak argon2id hasher for tests, where
// hundreds of sign-ups must run quickly. Never use it in a server.
func NewFastHasher() *Argon2Hasher {
	return &Argon2Hasher{Params: &argon2id.Params{Memory: 64, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32}}
}

// Hash returns the encoded hash of password.
func (h *Argon2Hasher) Hash(password string) (string, error) {
	s, err := argon2id.CreateHash(password, h.Params)
	if err != nil {
		return "", Internal(err)
	}
	return s, nil
}

// Compare reports whether password matches the encoded hash.
func (h *Argon2Hasher) Compare(password, hash string) (bool, error) {
	ok, err := argon2id.ComparePasswordAndHash(password, hash)
	if err != nil {
		return false, Internal(err)
	}
	return ok, nil
}
