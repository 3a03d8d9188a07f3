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

// NewArgon2Hasher returns a hasher with one of the argon2id parameter sets
// OWASP recommends (7 MiB, 5 passes), using at most two threads.
//
// OWASP lists 19 MiB with 2 passes, 12 MiB with 3, 9 MiB with 4 and 7 MiB
// with 5 as giving an equal defense. The least memory is chosen because
// each hash allocates its memory afresh, and the allocator zeroes it and
// the kernel maps it in page by page: at 19 MiB that was a third of a
// hash's cost, and under the load test's 50 writers the IAM users took
// p50 58 ms against 31 ms at 7 MiB (and every hash set off a garbage
// collection). Hashes made with other parameters still compare: the PHC
// string carries them.
func NewArgon2Hasher() *Argon2Hasher {
	return &Argon2Hasher{Params: &argon2id.Params{
		Memory:      7 * 1024,
		Iterations:  5,
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

// hashTurns bounds the hashes computed at once, process-wide: each takes
// 7 MiB and two threads for tens of milliseconds, so 50 sellers creating
// IAM users at once took 350 MB (a gigabyte at 19 MiB) and every core, and the pages around
// them waited. Beyond the bound, hashes queue; they are already slow by
// design, and a burst of them (sign-in guesses too) can no longer starve
// the rest of the portal.
var hashTurns = make(chan struct{}, max(1, runtime.NumCPU()/2))

// Hash returns the encoded hash of password.
func (h *Argon2Hasher) Hash(password string) (string, error) {
	hashTurns <- struct{}{}
	defer func() { <-hashTurns }()
	s, err := argon2id.CreateHash(password, h.Params)
	if err != nil {
		return "", Internal(err)
	}
	return s, nil
}

// Compare reports whether password matches the encoded hash.
func (h *Argon2Hasher) Compare(password, hash string) (bool, error) {
	hashTurns <- struct{}{}
	defer func() { <-hashTurns }()
	ok, err := argon2id.ComparePasswordAndHash(password, hash)
	if err != nil {
		return false, Internal(err)
	}
	return ok, nil
}
