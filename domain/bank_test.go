package domain

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestValidABARouting(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"011000015", true}, // Federal Reserve Bank of Boston
		{"021000021", true}, // JPMorgan Chase, New York
		{"121000358", true}, // Bank of America, California
		{"322271627", true}, // Chase, California (thrift range)
		{"111000025", true},
		{"021000022", false}, // last digit changed
		{"021000012", false}, // two digits swapped
		{"02100002", false},
		{"0210000210", false},
		{"02100002a", false},
		{"021 000 021", false}, // Normalize removes spaces; the check itself does not
		{"130000006", false},   // checksum fine, prefix 13 not in use
		{"410000001", false},   // checksum fine, prefix 41 not in use
		{"000000000", true},    // prefix 00 is the US government's
		{"800000006", true},    // prefix 80: traveler's cheques
		{"810000009", false},   // checksum fine, prefix 81 not in use
		{"600000002", false},   // checksum fine, prefix 60 not in use
		{"", false},
	}
	for _, tt := range tests {
		if got := ValidABARouting(tt.in); got != tt.want {
			t.Errorf("ValidABARouting(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestValidIBAN(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want bool
	}{
		{"GB", "GB82WEST12345698765432", true},
		{"DE", "DE89370400440532013000", true},
		{"FR with a letter in the BBAN", "FR1420041010050500013M02606", true},
		{"NL", "NL91ABNA0417164300", true},
		{"CH", "CH9300762011623852957", true},
		{"NO, the shortest", "NO9386011117947", true},
		{"BE", "BE68539007547034", true},
		{"ES", "ES9121000418450200051332", true},
		{"IT", "IT60X0542811101000000123456", true},
		{"AT", "AT611904300234573201", true},
		{"IE", "IE29AIBK93115212345678", true},
		{"PT", "PT50000201231234567890154", true},
		{"LU", "LU280019400644750000", true},
		{"PL", "PL61109010140000071219812874", true},
		{"TR", "TR330006100519786457841326", true},
		{"SA", "SA0380000000608010167519", true},
		{"AE", "AE070331234567890123456", true},
		{"IL", "IL620108000000099999999", true},
		{"BR", "BR1800360305000010009795493C1", true},
		{"GB one digit changed", "GB82WEST12345698765433", false},
		{"DE one digit changed", "DE89370400440532013001", false},
		{"FR one digit changed", "FR1420041010050500013M02607", false},
		{"GB check digits changed", "GB83WEST12345698765432", false},
		{"GB two digits swapped", "GB82WEST12345698765423", false},
		{"GB too long", "GB82WEST123456987654321", false},
		{"GB too short", "GB82WEST1234569876543", false},
		{"DE too short", "DE8937040044053201300", false},
		{"country without IBANs", "US12345678901234567890", false},
		{"lower case", "gb82west12345698765432", false},
		{"with spaces", "GB82 WEST 1234 5698 7654 32", false},
		{"punctuation in BBAN", "GB82WEST1234569876543-", false},
		{"letters as check digits", "GBXXWEST12345698765432", false},
		{"check digits 01 standing for 98", "GB01WEST12345698760003", false},
		{"check digits 98 of the same account", "GB98WEST12345698760003", true},
		{"check digits 00 standing for 97", "GB00WEST12345698760021", false},
		{"check digits 97 of the same account", "GB97WEST12345698760021", true},
		{"empty", "", false},
		{"country only", "GB", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ValidIBAN(tt.in); got != tt.want {
				t.Errorf("ValidIBAN(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestValidIBANLengths(t *testing.T) {
	// Lengths from the SWIFT IBAN registry for the SEPA countries and the
	// others the spec names.
	want := map[string]int{
		"AD": 24, "AT": 20, "BE": 16, "BG": 22, "CH": 21, "CY": 28, "CZ": 24, "DE": 22, "DK": 18,
		"EE": 20, "ES": 24, "FI": 18, "FR": 27, "GB": 22, "GR": 27, "HR": 21, "HU": 28, "IE": 22,
		"IS": 26, "IT": 27, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27, "MT": 31, "NL": 18,
		"NO": 15, "PL": 28, "PT": 25, "RO": 24, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "VA": 22,
		"TR": 26, "AE": 23, "SA": 24, "IL": 23, "BR": 29,
	}
	for country, n := range want {
		if got := ibanLength(country); got != n {
			t.Errorf("ibanLength(%s) = %d, want %d", country, got, n)
		}
	}
	for _, country := range []string{"US", "CA", "JP", "AU", "IN", "", "gb"} {
		if got := ibanLength(country); got != 0 {
			t.Errorf("ibanLength(%q) = %d, want 0", country, got)
		}
	}
}

func TestValidBIC(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"DEUTDEFF", true},
		{"DEUTDEFF500", true},
		{"NWBKGB2L", true},
		{"BNPAFRPPXXX", true},
		{"CHASUS33", true},
		{"DEUTDEF", false},
		{"DEUTDEFF5", false},
		{"DEUTDEFF50", false},
		{"DEUTDEFF5000", false},
		{"DEU1DEFF", false}, // digit in the bank code
		{"DEUTD3FF", false}, // digit in the country code
		{"deutdeff", false}, // Normalize upper-cases; the check does not
		{"DEUTDEFF-00", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := ValidBIC(tt.in); got != tt.want {
			t.Errorf("ValidBIC(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestBankAccountNormalize(t *testing.T) {
	updated := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		in   BankAccount
		want BankAccount
	}{
		{
			name: "US account drops international fields",
			in: BankAccount{
				AccountID: " 123456789012 ", Kind: " us_ach ", HolderName: "  Example Corp ",
				RoutingNumber: " 021 000 021 ", AccountNumber: " 1234 5678\t9 ",
				IBAN: "gb82 west", BIC: "deutdeff", UpdatedAt: updated,
			},
			want: BankAccount{
				AccountID: "123456789012", Kind: BankUSACH, HolderName: "Example Corp",
				RoutingNumber: "021000021", AccountNumber: "123456789", UpdatedAt: updated,
			},
		},
		{
			name: "IBAN account drops US fields",
			in: BankAccount{
				Kind: BankIBAN, HolderName: "Exemple SA", RoutingNumber: "021000021", AccountNumber: "123456789",
				IBAN: " fr14 2004 1010 0505 0001 3m02 606 ", BIC: " bnpafrpp ",
			},
			want: BankAccount{
				Kind: BankIBAN, HolderName: "Exemple SA",
				IBAN: "FR1420041010050500013M02606", BIC: "BNPAFRPP",
			},
		},
		{
			name: "unknown kind keeps what was typed",
			in:   BankAccount{Kind: "wire", RoutingNumber: "021 000 021", IBAN: "gb82 west"},
			want: BankAccount{Kind: "wire", RoutingNumber: "021000021", IBAN: "GB82WEST"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.in
			got.Normalize()
			if got != tt.want {
				t.Errorf("Normalize() =\n%+v\nwant\n%+v", got, tt.want)
			}
		})
	}
}

func TestBankAccountValidate(t *testing.T) {
	tests := []struct {
		name string
		in   BankAccount
		want FieldErrors // nil means valid
	}{
		{
			name: "valid US account",
			in:   BankAccount{Kind: BankUSACH, HolderName: "Example Corp", RoutingNumber: "021000021", AccountNumber: "123456789"},
		},
		{
			name: "valid US account with spaces",
			in:   BankAccount{Kind: BankUSACH, HolderName: "Example Corp", RoutingNumber: "0210 0002 1", AccountNumber: "1234 5678 9"},
		},
		{
			name: "valid IBAN account without BIC",
			in:   BankAccount{Kind: BankIBAN, HolderName: "Beispiel GmbH", IBAN: "DE89 3704 0044 0532 0130 00"},
		},
		{
			name: "valid IBAN account with BIC",
			in:   BankAccount{Kind: BankIBAN, HolderName: "Example Ltd", IBAN: "gb82west12345698765432", BIC: "nwbkgb2l"},
		},
		{
			name: "all empty",
			in:   BankAccount{},
			want: FieldErrors{FieldBankKind: MsgBankKindRequired, FieldHolderName: MsgFieldRequired},
		},
		{
			name: "empty US account reports every field",
			in:   BankAccount{Kind: BankUSACH},
			want: FieldErrors{
				FieldHolderName:    MsgFieldRequired,
				FieldRoutingNumber: MsgFieldRequired,
				FieldAccountNumber: MsgFieldRequired,
			},
		},
		{
			name: "empty IBAN account",
			in:   BankAccount{Kind: BankIBAN},
			want: FieldErrors{FieldHolderName: MsgFieldRequired, FieldIBAN: MsgFieldRequired},
		},
		{
			name: "unknown kind",
			in:   BankAccount{Kind: "wire", HolderName: "Example Corp"},
			want: FieldErrors{FieldBankKind: MsgBankKindRequired},
		},
		{
			name: "bad routing and account numbers at once",
			in:   BankAccount{Kind: BankUSACH, HolderName: "Example Corp", RoutingNumber: "021000022", AccountNumber: "123"},
			want: FieldErrors{FieldRoutingNumber: MsgRoutingNumberInvalid, FieldAccountNumber: MsgAccountNumberInvalid},
		},
		{
			name: "account number of 4 digits",
			in:   BankAccount{Kind: BankUSACH, HolderName: "Example Corp", RoutingNumber: "011000015", AccountNumber: "1234"},
		},
		{
			name: "account number of 17 digits",
			in:   BankAccount{Kind: BankUSACH, HolderName: "Example Corp", RoutingNumber: "011000015", AccountNumber: strings.Repeat("9", 17)},
		},
		{
			name: "account number of 18 digits",
			in:   BankAccount{Kind: BankUSACH, HolderName: "Example Corp", RoutingNumber: "011000015", AccountNumber: strings.Repeat("9", 18)},
			want: FieldErrors{FieldAccountNumber: MsgAccountNumberInvalid},
		},
		{
			name: "account number with a dash",
			in:   BankAccount{Kind: BankUSACH, HolderName: "Example Corp", RoutingNumber: "011000015", AccountNumber: "1234-5678"},
			want: FieldErrors{FieldAccountNumber: MsgAccountNumberInvalid},
		},
		{
			name: "IBAN and BIC both wrong",
			in:   BankAccount{Kind: BankIBAN, HolderName: "Example Ltd", IBAN: "GB82WEST12345698765433", BIC: "NWBKGB2"},
			want: FieldErrors{FieldIBAN: MsgIBANInvalid, FieldBIC: MsgBICInvalid},
		},
		{
			name: "holder name of 120 runes",
			in:   BankAccount{Kind: BankIBAN, HolderName: strings.Repeat("ß", 120), IBAN: "DE89370400440532013000"},
		},
		{
			name: "holder name of 121 runes and bad IBAN",
			in:   BankAccount{Kind: BankIBAN, HolderName: strings.Repeat("ß", 121), IBAN: "DE89370400440532013001"},
			want: FieldErrors{FieldHolderName: MsgHolderNameTooLong, FieldIBAN: MsgIBANInvalid},
		},
		{
			name: "holder name with a control character",
			in:   BankAccount{Kind: BankIBAN, HolderName: "Example\x00Ltd", IBAN: "DE89370400440532013000"},
			want: FieldErrors{FieldHolderName: MsgHolderNameInvalid},
		},
		{
			name: "switching to IBAN ignores a stale bad routing number",
			in:   BankAccount{Kind: BankIBAN, HolderName: "Example Ltd", IBAN: "DE89370400440532013000", RoutingNumber: "bad"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := tt.in
			in.Normalize()
			checkSellerFieldErrors(t, in.Validate(), tt.want)
		})
	}
}

func TestBankAccountLast4AndMasked(t *testing.T) {
	tests := []struct {
		name       string
		in         BankAccount
		wantLast4  string
		wantMasked string
	}{
		{"US account", BankAccount{Kind: BankUSACH, AccountNumber: "123456789"}, "6789", "•••• 6789"},
		{"US account of 4 digits", BankAccount{Kind: BankUSACH, AccountNumber: "1234"}, "1234", "•••• 1234"},
		{"US account of 17 digits", BankAccount{Kind: BankUSACH, AccountNumber: "12345678901234567"}, "4567", "•••• 4567"},
		{"IBAN", BankAccount{Kind: BankIBAN, IBAN: "GB82WEST12345698765432"}, "5432", "•••• 5432"},
		{"IBAN ending in a letter", BankAccount{Kind: BankIBAN, IBAN: "BR1800360305000010009795493C1"}, "93C1", "•••• 93C1"},
		{"IBAN kind ignores a stale account number", BankAccount{Kind: BankIBAN, AccountNumber: "123456789", IBAN: "DE89370400440532013000"}, "3000", "•••• 3000"},
		{"US kind ignores a stale IBAN", BankAccount{Kind: BankUSACH, AccountNumber: "987654321", IBAN: "DE89370400440532013000"}, "4321", "•••• 4321"},
		{"multi-byte characters", BankAccount{Kind: BankUSACH, AccountNumber: "ééééé1234"}, "1234", "•••• 1234"},
		{"no number", BankAccount{Kind: BankUSACH}, "", ""},
		{"unknown kind", BankAccount{Kind: "wire", AccountNumber: "123456789", IBAN: "DE89370400440532013000"}, "", ""},
		{"zero value", BankAccount{}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			last4, masked := tt.in.Last4(), tt.in.Masked()
			if last4 != tt.wantLast4 {
				t.Errorf("Last4() = %q, want %q", last4, tt.wantLast4)
			}
			if masked != tt.wantMasked {
				t.Errorf("Masked() = %q, want %q", masked, tt.wantMasked)
			}
			if n := utf8.RuneCountInString(last4); n > 4 {
				t.Errorf("Last4() reveals %d characters", n)
			}
			revealed := utf8.RuneCountInString(masked) - utf8.RuneCountInString("•••• ")
			if masked != "" && revealed > 4 {
				t.Errorf("Masked() = %q reveals %d characters", masked, revealed)
			}
		})
	}
}
