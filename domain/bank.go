package domain

import (
	"strings"
	"time"
	"unicode/utf8"
)

// BankKind says how a seller is paid: by ACH to a US account, or by
// international transfer to an IBAN.
type BankKind string

// The kinds of payout account a seller can register.
const (
	BankUSACH BankKind = "us_ach"
	BankIBAN  BankKind = "iban"
)

// Limits on bank account fields.
const (
	MaxHolderNameLength   = 120
	MinUSAccountNumberLen = 4
	MaxUSAccountNumberLen = 17
)

// BankAccount is the account a seller's disbursements are paid into.
type BankAccount struct {
	AccountID     string
	Kind          BankKind
	HolderName    string
	RoutingNumber string // US ABA routing number, 9 digits
	AccountNumber string // US account number, 4–17 digits
	IBAN          string // non-US payout account, stored without spaces, upper case
	BIC           string // optional SWIFT code, 8 or 11 characters
	UpdatedAt     time.Time
}

// Normalize trims the fields, removes the spaces people type to group the
// digits of account numbers, upper-cases IBAN and BIC, and clears the fields
// of the other kind so that a seller who switched kinds leaves no stale
// number behind. With an unknown kind nothing is cleared: the form is shown
// again with everything the seller typed.
func (b *BankAccount) Normalize() {
	b.AccountID = strings.TrimSpace(b.AccountID)
	b.Kind = BankKind(strings.TrimSpace(string(b.Kind)))
	b.HolderName = strings.TrimSpace(b.HolderName)
	b.RoutingNumber = withoutSpaces(b.RoutingNumber)
	b.AccountNumber = withoutSpaces(b.AccountNumber)
	b.IBAN = strings.ToUpper(withoutSpaces(b.IBAN))
	b.BIC = strings.ToUpper(strings.TrimSpace(b.BIC))
	switch b.Kind {
	case BankUSACH:
		b.IBAN, b.BIC = "", ""
	case BankIBAN:
		b.RoutingNumber, b.AccountNumber = "", ""
	}
}

// withoutSpaces drops every whitespace character from s.
func withoutSpaces(s string) string { return strings.Join(strings.Fields(s), "") }

// Validate checks a normalized bank account and returns all problems at once.
func (b BankAccount) Validate() error {
	fields := FieldErrors{}
	setProblem(fields, FieldHolderName, textProblem(b.HolderName, true, MaxHolderNameLength, MsgHolderNameTooLong, MsgHolderNameInvalid))
	switch b.Kind {
	case BankUSACH:
		b.validateACH(fields)
	case BankIBAN:
		b.validateIBAN(fields)
	default:
		fields[FieldBankKind] = MsgBankKindRequired
	}
	if len(fields) > 0 {
		return Invalid(fields)
	}
	return nil
}

// validateACH checks the routing and account numbers of a US account.
func (b BankAccount) validateACH(fields FieldErrors) {
	switch {
	case b.RoutingNumber == "":
		fields[FieldRoutingNumber] = MsgFieldRequired
	case !ValidABARouting(b.RoutingNumber):
		fields[FieldRoutingNumber] = MsgRoutingNumberInvalid
	}
	n := len(b.AccountNumber)
	switch {
	case b.AccountNumber == "":
		fields[FieldAccountNumber] = MsgFieldRequired
	case n < MinUSAccountNumberLen || n > MaxUSAccountNumberLen || !isDigitString(b.AccountNumber):
		fields[FieldAccountNumber] = MsgAccountNumberInvalid
	}
}

// validateIBAN checks an international account. The BIC is optional because
// banks route SEPA payments by IBAN alone.
func (b BankAccount) validateIBAN(fields FieldErrors) {
	switch {
	case b.IBAN == "":
		fields[FieldIBAN] = MsgFieldRequired
	case !ValidIBAN(b.IBAN):
		fields[FieldIBAN] = MsgIBANInvalid
	}
	if b.BIC != "" && !ValidBIC(b.BIC) {
		fields[FieldBIC] = MsgBICInvalid
	}
}

// Last4 returns the last four characters of the account number or IBAN,
// whichever belongs to Kind, or "" when there is none.
func (b BankAccount) Last4() string {
	var number string
	switch b.Kind {
	case BankUSACH:
		number = b.AccountNumber
	case BankIBAN:
		number = b.IBAN
	}
	// Counting runes keeps an unvalidated value from being cut mid-character.
	if n := utf8.RuneCountInString(number); n > 4 {
		return string([]rune(number)[n-4:])
	}
	return number
}

// Masked returns the account for display, such as "•••• 6789", or "" when
// there is no number.
func (b BankAccount) Masked() string {
	last4 := b.Last4()
	if last4 == "" {
		return ""
	}
	return "•••• " + last4
}

// ValidABARouting reports whether s is a US ABA routing number: nine digits
// whose first two name a Federal Reserve district range in use (00–12, 21–32,
// 61–72 or 80) and that pass the ABA checksum.
func ValidABARouting(s string) bool {
	if len(s) != 9 || !isDigitString(s) {
		return false
	}
	p := twoDigits(s)
	if !(p <= 12 || (p >= 21 && p <= 32) || (p >= 61 && p <= 72) || p == 80) {
		return false
	}
	d := func(i int) int { return int(s[i] - '0') }
	sum := 3*(d(0)+d(3)+d(6)) + 7*(d(1)+d(4)+d(7)) + (d(2) + d(5) + d(8))
	return sum%10 == 0
}

// ValidIBAN reports whether s is an IBAN in electronic format (upper case,
// no spaces): a known country with its exact length, two check digits and a
// remainder of 1 modulo 97. Check digits 00, 01 and 99 are never issued even
// though some of them satisfy the remainder.
func ValidIBAN(s string) bool {
	if len(s) < 4 || len(s) != ibanLength(s[:2]) || !isDigitString(s[2:4]) {
		return false
	}
	switch s[2:4] {
	case "00", "01", "99":
		return false
	}
	return ibanMod97(s[4:]+s[:4]) == 1
}

// ibanMod97 computes s modulo 97, with letters counting as 10–35, one
// character at a time so that no big integer is needed. It returns -1 when s
// holds anything but digits and upper-case letters.
func ibanMod97(s string) int {
	rem := 0
	for i := range len(s) {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			rem = (rem*10 + int(c-'0')) % 97
		case c >= 'A' && c <= 'Z':
			rem = (rem*100 + int(c-'A') + 10) % 97
		default:
			return -1
		}
	}
	return rem
}

// ibanLength returns the IBAN length of a country from the SWIFT IBAN
// registry, or 0 when the country does not use IBANs.
func ibanLength(country string) int {
	switch country {
	case "NO":
		return 15
	case "BE":
		return 16
	case "DK", "FI", "FO", "GL", "NL":
		return 18
	case "MK", "SI":
		return 19
	case "AT", "EE", "KZ", "LT", "LU", "XK":
		return 20
	case "CH", "HR", "LI", "LV":
		return 21
	case "BG", "BH", "CR", "DE", "GB", "GE", "IE", "ME", "RS", "VA":
		return 22
	case "AE", "GI", "IL", "IQ", "TL":
		return 23
	case "AD", "CZ", "ES", "MD", "PK", "RO", "SA", "SE", "SK", "TN", "VG":
		return 24
	case "PT", "ST":
		return 25
	case "IS", "TR":
		return 26
	case "FR", "GR", "IT", "MC", "MR", "SM":
		return 27
	case "AL", "AZ", "BY", "CY", "DO", "GT", "HU", "LB", "PL", "SV":
		return 28
	case "BR", "EG", "PS", "QA", "UA":
		return 29
	case "JO", "KW", "MU":
		return 30
	case "MT", "SC":
		return 31
	case "LC":
		return 32
	}
	return 0
}

// ValidBIC reports whether s is a SWIFT BIC: four letters for the bank, two
// for the country, two letters or digits for the location and, optionally,
// three letters or digits for the branch.
func ValidBIC(s string) bool {
	if len(s) != 8 && len(s) != 11 {
		return false
	}
	if !isUpperString(s[:6]) {
		return false
	}
	for _, r := range s[6:] {
		if !isUpperOrDigit(r) {
			return false
		}
	}
	return true
}
