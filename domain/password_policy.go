package domain

import (
	"bufio"
	"compress/gzip"
	_ "embed" // for the list of common passwords
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Messages of the password policy beyond its length (OWASP ASVS 2.1.7).
const (
	// MsgPasswordCommon: the password is in, or is built on, a list of leaked passwords.
	MsgPasswordCommon Message = "passwords.common"
	// MsgPasswordPersonal: the password contains the email, account name or user name.
	MsgPasswordPersonal Message = "passwords.personal"
	// MsgPasswordTrivial: white space only, one character or a short group repeated, or a sequence.
	MsgPasswordTrivial Message = "passwords.trivial"
)

// minPersonalLength is the length from which an email's local part, an
// account name or a user name may not appear in the password: shorter ones
// ("al", "Bo") occur in too many good passphrases by chance.
const minPersonalLength = 4

// maxRepeatedUnit is the longest group of characters whose repetition makes a
// password trivial: "aaaaaaaaaaaa", "abababababab", "abcabcabcabc" and
// "passpasspass" are guessed about as fast as the group alone.
const maxRepeatedUnit = 4

// commonPasswordsGz is passwords/common.txt.gz: see passwords/README.md for
// its source and why it keeps only long entries and the bases of short ones.
//
//go:embed passwords/common.txt.gz
var commonPasswordsGz string

// commonPasswords is the embedded list as a set, read on first use; the set
// is never written after that.
var commonPasswords = sync.OnceValue(func() map[string]struct{} {
	zr, err := gzip.NewReader(strings.NewReader(commonPasswordsGz))
	if err != nil {
		panic("domain: embedded common password list: " + err.Error())
	}
	set := make(map[string]struct{}, 40_000)
	lines := bufio.NewScanner(zr)
	for lines.Scan() {
		if line := lines.Text(); line != "" {
			set[line] = struct{}{}
		}
	}
	if err := lines.Err(); err != nil {
		panic("domain: embedded common password list: " + err.Error())
	}
	return set
})

// ValidatePassword returns the problem with a new password, or "". personal
// holds what the portal knows of its user at that moment (email address,
// account name, user name); empty values are ignored. Beyond the length, it
// refuses passwords that are only white space, one repeated character or
// group, or a sequence; that contain the user's details; or that are common
// leaked passwords, alone or with digits and symbols around them. Letters are
// compared without regard to case.
func ValidatePassword(password string, personal ...string) Message {
	n := utf8.RuneCountInString(password)
	switch {
	case password == "":
		return MsgFieldRequired
	case strings.TrimSpace(password) == "":
		return MsgPasswordTrivial
	// The minimum counts runs of spaces as one (ASVS 2.1.1): ten spaces add
	// no strength.
	case utf8.RuneCountInString(collapseSpaces(password)) < MinPasswordLength:
		return MsgPasswordTooShort
	case n > MaxPasswordLength:
		return MsgPasswordTooLong
	case isEmailOf(password, personal):
		return MsgPasswordIsEmail
	}
	// White space is removed before the other checks: "pass word 1234" is
	// no stronger than "password1234".
	squashed := strings.Join(strings.Fields(strings.ToLower(password)), "")
	core := trimNonLetters(squashed)
	switch {
	case squashed == "", isTrivial(squashed), utf8.RuneCountInString(core) >= minPersonalLength && isTrivial(core):
		return MsgPasswordTrivial
	case containsPersonal(squashed, personal):
		return MsgPasswordPersonal
	case isCommon(squashed, core):
		return MsgPasswordCommon
	}
	return ""
}

// isEmailOf reports whether password is one of the personal email addresses.
func isEmailOf(password string, personal []string) bool {
	for _, p := range personal {
		if strings.Contains(p, "@") && strings.EqualFold(password, strings.TrimSpace(p)) {
			return true
		}
	}
	return false
}

// isTrivial reports whether s (lower case, no white space) is one short group
// repeated at least three times, or a run of consecutive characters either way ("abcdefghijkl",
// "987654321098": digits wrap from 9 to 0).
func isTrivial(s string) bool {
	r := []rune(s)
	if len(r) < 2 {
		return true
	}
	// At least three times, so that a word that merely starts as it ends
	// ("tent", "eerie") is not taken for a repeat.
	for unit := 1; unit <= maxRepeatedUnit && 3*unit <= len(r); unit++ {
		repeated := true
		for i := unit; i < len(r) && repeated; i++ {
			repeated = r[i] == r[i-unit]
		}
		if repeated {
			return true
		}
	}
	step := sequenceStep(r[0], r[1])
	if step == 0 {
		return false
	}
	for i := 2; i < len(r); i++ {
		if sequenceStep(r[i-1], r[i]) != step {
			return false
		}
	}
	return true
}

// sequenceStep returns +1 or -1 when b follows or precedes a, and 0 otherwise.
func sequenceStep(a, b rune) int {
	if isDigit(a) && isDigit(b) {
		switch (b - a + 10) % 10 {
		case 1:
			return 1
		case 9:
			return -1
		}
		return 0
	}
	switch b - a {
	case 1:
		return 1
	case -1:
		return -1
	}
	return 0
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// containsPersonal reports whether squashed contains one of the personal
// values of at least minPersonalLength letters and digits, or the local part
// of an email among them. Both sides are compared on their letters and digits
// only, so "Acme Corp" is found in "acme-corp-2024" and "jo.smith@x.org" in
// "JoSmith!!1234".
func containsPersonal(squashed string, personal []string) bool {
	pw := lettersAndDigits(squashed)
	for _, p := range personal {
		p = strings.ToLower(strings.TrimSpace(p))
		candidates := []string{p}
		if at := strings.LastIndexByte(p, '@'); at > 0 {
			candidates = append(candidates, p[:at])
		}
		for _, c := range candidates {
			c = lettersAndDigits(c)
			if utf8.RuneCountInString(c) >= minPersonalLength && strings.Contains(pw, c) {
				return true
			}
		}
	}
	return false
}

func lettersAndDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsNumber(r) {
			return r
		}
		return -1
	}, s)
}

// trimNonLetters removes what is not a letter from both ends of s: the digits
// and symbols people add around a word to satisfy a composition rule.
func trimNonLetters(s string) string {
	return strings.TrimFunc(s, func(r rune) bool { return !unicode.IsLetter(r) })
}

// unleet undoes the usual letter substitutions inside a word ("p@ssw0rd");
// one stands for an i as often as for an l, so the caller says which.
func unleet(s string, one rune) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '@', '4':
			return 'a'
		case '3':
			return 'e'
		case '1':
			return one
		case '!':
			return 'i'
		case '0':
			return 'o'
		case '$', '5':
			return 's'
		case '7':
			return 't'
		}
		return r
	}, s)
}

// isCommon reports whether the password (squashed: lower case without white
// space) or its core (squashed without the non-letters at its ends) is in the
// list of common passwords, also once common substitutions are undone.
func isCommon(squashed, core string) bool {
	set := commonPasswords()
	for _, c := range []string{squashed, core, unleet(core, 'i'), unleet(core, 'l')} {
		if _, ok := set[c]; ok && c != "" {
			return true
		}
	}
	return false
}

// collapseSpaces replaces every run of white space in s by one space.
func collapseSpaces(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			if !space {
				b.WriteByte(' ')
			}
			space = true
			continue
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}
