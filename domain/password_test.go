package domain

import (
	"strings"
	"testing"
)

func TestArgon2Hasher(t *testing.T) {
	h := NewFastHasher()
	passwords := []string{
		"correct horse battery",
		"pässwörd-ünïcödé-😀",
		strings.Repeat("x", MaxPasswordLength),
	}
	for _, pw := range passwords {
		hash, err := h.Hash(pw)
		if err != nil {
			t.Fatalf("Hash(%q) error = %v", pw, err)
		}
		if !strings.HasPrefix(hash, "$argon2id$") {
			t.Errorf("Hash(%q) = %q, want an argon2id PHC string", pw, hash)
		}
		if strings.Contains(hash, pw) {
			t.Errorf("Hash(%q) = %q contains the password", pw, hash)
		}
		if ok, err := h.Compare(pw, hash); err != nil || !ok {
			t.Errorf("Compare(right password) = %v, %v; want true, nil", ok, err)
		}
		for _, wrong := range []string{pw + "!", strings.ToUpper(pw), "", pw[:len(pw)-1]} {
			if ok, err := h.Compare(wrong, hash); err != nil || ok {
				t.Errorf("Compare(%q) against hash of %q = %v, %v; want false, nil", wrong, pw, ok, err)
			}
		}
	}
}

func TestArgon2HasherSalts(t *testing.T) {
	h := NewFastHasher()
	a, err := h.Hash("same password")
	if err != nil {
		t.Fatal(err)
	}
	b, err := h.Hash("same password")
	if err != nil {
		t.Fatal(err)
	}
	if a == b {
		t.Errorf("two hashes of one password are equal (%q): no random salt", a)
	}
}

func TestArgon2HasherHashesMadeWithOtherParams(t *testing.T) {
	// Parameters travel with the hash: a hash made with the production
	// parameters is checked by any hasher.
	hash, err := NewArgon2Hasher().Hash("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(hash, "m=7168,t=5,") {
		t.Errorf("production hash %q does not carry m=7168,t=5", hash)
	}
	if ok, err := NewFastHasher().Compare("correct horse battery", hash); err != nil || !ok {
		t.Errorf("Compare() = %v, %v; want true, nil", ok, err)
	}
}

func TestArgon2HasherMalformedHash(t *testing.T) {
	ok, err := NewFastHasher().Compare("password", "not a hash")
	if ok {
		t.Errorf("Compare() against a malformed hash = true")
	}
	if ErrorCode(err) != EINTERNAL {
		t.Errorf("Compare() error code = %q, want %q", ErrorCode(err), EINTERNAL)
	}
}
