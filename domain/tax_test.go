package domain

import (
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestCountryList(t *testing.T) {
	list := Countries()
	if len(list) < 60 {
		t.Errorf("Countries() has %d entries, want at least 60", len(list))
	}
	if !slices.IsSortedFunc(list, func(a, b Country) int { return strings.Compare(a.Name, b.Name) }) {
		t.Error("Countries() is not sorted by name")
	}
	seen := map[string]bool{}
	for _, c := range list {
		if len(c.Code) != 2 || !isUpperString(c.Code) || c.Name == "" {
			t.Errorf("malformed country %+v", c)
		}
		if seen[c.Code] {
			t.Errorf("country %s listed twice", c.Code)
		}
		seen[c.Code] = true
	}
	required := strings.Fields("US CA MX BR AR CL CO GB IE FR DE ES PT IT NL BE LU CH AT SE NO DK FI PL CZ RO GR TR " +
		"IL AE SA ZA NG KE EG IN PK CN HK TW JP KR SG MY TH VN ID PH AU NZ")
	for _, code := range required {
		if !seen[code] {
			t.Errorf("Countries() lacks %s", code)
		}
	}
}

func TestCountryListIsFresh(t *testing.T) {
	first := Countries()
	first[0] = Country{Code: "XX", Name: "Changed"}
	if got := Countries()[0]; got.Code == "XX" {
		t.Errorf("changing one result changed the next: %+v", got)
	}
	if IsCountry("XX") {
		t.Error("changing a result made XX a country")
	}
}

func TestIsCountry(t *testing.T) {
	tests := []struct {
		code string
		want bool
	}{
		{"US", true},
		{"FR", true},
		{"TR", true},
		{"ZA", true},
		{"us", false}, // codes are upper case; Normalize takes care of that
		{" US", false},
		{"USA", false},
		{"ZZ", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := IsCountry(tt.code); got != tt.want {
			t.Errorf("IsCountry(%q) = %v, want %v", tt.code, got, tt.want)
		}
	}
}

func TestDeriveTaxForm(t *testing.T) {
	tests := []struct {
		country string
		entity  EntityType
		want    string
	}{
		{"US", EntityIndividual, FormW9},
		{"US", EntityBusiness, FormW9},
		{"FR", EntityIndividual, FormW8BEN},
		{"FR", EntityBusiness, FormW8BENE},
		{"JP", EntityIndividual, FormW8BEN},
		{"JP", EntityBusiness, FormW8BENE},
		{"CA", EntityBusiness, FormW8BENE},
		{"US", "", ""},
		{"FR", "", ""},
		{"FR", "partnership", ""},
		{"FR", "Individual", ""}, // entity types are exact values from the form
		{"", EntityIndividual, ""},
		{"", EntityBusiness, ""},
	}
	for _, tt := range tests {
		if got := DeriveTaxForm(tt.country, tt.entity); got != tt.want {
			t.Errorf("DeriveTaxForm(%q, %q) = %q, want %q", tt.country, tt.entity, got, tt.want)
		}
	}
}

func TestValidateTaxID(t *testing.T) {
	const (
		ind = EntityIndividual
		bus = EntityBusiness
	)
	tests := []struct {
		name    string
		country string
		entity  EntityType
		id      string
		want    Message
	}{
		{"empty", "US", ind, "", MsgTaxIDRequired},
		{"blank", "FR", bus, "  \t ", MsgTaxIDRequired},
		{"empty, unknown country", "JP", ind, "", MsgTaxIDRequired},

		// United States: SSN or ITIN for people, EIN for businesses.
		{"US SSN with dashes", "US", ind, "123-45-6789", ""},
		{"US SSN without dashes", "US", ind, "123456789", ""},
		{"US SSN with spaces", "US", ind, " 123 45 6789 ", ""},
		{"US SSN area 000", "US", ind, "000-12-3456", MsgSSNFormat},
		{"US SSN area 666", "US", ind, "666-12-3456", MsgSSNFormat},
		{"US SSN area 900 outside ITIN groups", "US", ind, "900-12-3456", MsgSSNFormat},
		{"US SSN group 00", "US", ind, "123-00-4567", MsgSSNFormat},
		{"US SSN serial 0000", "US", ind, "123-45-0000", MsgSSNFormat},
		{"US SSN 8 digits", "US", ind, "123-45-678", MsgSSNFormat},
		{"US SSN 10 digits", "US", ind, "123-45-67890", MsgSSNFormat},
		{"US SSN with a letter", "US", ind, "123-45-678O", MsgSSNFormat},
		{"US ITIN group 70", "US", ind, "912-70-1234", ""},
		{"US ITIN group 88", "US", ind, "912-88-1234", ""},
		{"US ITIN group 90", "US", ind, "999-90-1234", ""},
		{"US ITIN group 94", "US", ind, "900-94-1234", ""},
		{"US ITIN group 99", "US", ind, "900-99-1234", ""},
		{"US ITIN group 69", "US", ind, "912-69-1234", MsgSSNFormat},
		{"US ITIN group 89", "US", ind, "912-89-1234", MsgSSNFormat},
		{"US ITIN group 93", "US", ind, "912-93-1234", MsgSSNFormat},
		{"US EIN", "US", bus, "12-3456789", ""},
		{"US EIN without dash", "US", bus, "123456789", ""},
		{"US EIN prefix 07", "US", bus, "07-1234567", MsgEINFormat},
		{"US EIN prefix 00", "US", bus, "00-1234567", MsgEINFormat},
		{"US EIN prefix 89", "US", bus, "89-1234567", MsgEINFormat},
		{"US EIN prefix 97", "US", bus, "97-1234567", MsgEINFormat},
		{"US EIN prefix 98", "US", bus, "98-1234567", ""},
		{"US EIN too short", "US", bus, "12-345678", MsgEINFormat},
		{"US with unknown entity gets the generic message", "US", "", "12-34", MsgTaxIDFormat},
		{"US with unknown entity accepts an EIN", "US", "", "98-1234567", ""},

		// Canada: SIN for people, BN for businesses.
		{"CA SIN", "CA", ind, "130 692 544", ""},
		{"CA SIN with dashes", "CA", ind, "123-456-782", ""},
		{"CA SIN failing Luhn", "CA", ind, "130 692 545", MsgTaxIDFormat},
		{"CA SIN starting with 0", "CA", ind, "023 456 783", MsgTaxIDFormat},
		{"CA SIN starting with 8", "CA", ind, "823 456 785", MsgTaxIDFormat},
		{"CA SIN 8 digits", "CA", ind, "13069254", MsgTaxIDFormat},
		{"CA BN", "CA", bus, "123456789", ""},
		{"CA BN with program account", "CA", bus, "123456789 RT 0001", ""},
		{"CA BN with program account, lower case", "CA", bus, "123456789rt0001", ""},
		{"CA BN with short program account", "CA", bus, "123456789RT01", MsgTaxIDFormat},
		{"CA BN with digit in program type", "CA", bus, "123456789R10001", MsgTaxIDFormat},
		{"CA BN 8 digits", "CA", bus, "12345678", MsgTaxIDFormat},

		// United Kingdom: NINO or UTR for people; UTR or VAT for businesses.
		{"GB NINO", "GB", ind, "AB 12 34 56 C", ""},
		{"GB NINO lower case", "GB", ind, "ab123456d", ""},
		{"GB NINO first letter O allowed", "GB", ind, "OA123456A", ""},
		{"GB NINO suffix E", "GB", ind, "AB123456E", MsgTaxIDFormat},
		{"GB NINO prefix BG", "GB", ind, "BG123456A", MsgTaxIDFormat},
		{"GB NINO prefix GB", "GB", ind, "GB123456A", MsgTaxIDFormat},
		{"GB NINO prefix NK", "GB", ind, "NK123456A", MsgTaxIDFormat},
		{"GB NINO prefix ZZ", "GB", ind, "ZZ123456A", MsgTaxIDFormat},
		{"GB NINO first letter Q", "GB", ind, "QA123456A", MsgTaxIDFormat},
		{"GB NINO first letter D", "GB", ind, "DA123456A", MsgTaxIDFormat},
		{"GB NINO second letter O", "GB", ind, "AO123456A", MsgTaxIDFormat},
		{"GB NINO second letter V", "GB", ind, "AV123456A", MsgTaxIDFormat},
		{"GB NINO five digits", "GB", ind, "AB12345C", MsgTaxIDFormat},
		{"GB UTR for a person", "GB", ind, "12345 67890", ""},
		{"GB UTR 9 digits", "GB", ind, "123456789", MsgTaxIDFormat},
		{"GB UTR for a business", "GB", bus, "1234567890", ""},
		{"GB VAT", "GB", bus, "GB 123 4567 89", ""},
		{"GB VAT 8 digits", "GB", bus, "GB12345678", MsgTaxIDFormat},
		{"GB VAT with another country prefix", "GB", bus, "FR123456789", MsgTaxIDFormat},
		{"GB VAT is not a person's ID", "GB", ind, "GB123456789", MsgTaxIDFormat},
		{"GB NINO is not a business ID", "GB", bus, "AB123456C", MsgTaxIDFormat},

		// France: numéro fiscal for people; SIREN or SIRET for businesses.
		{"FR numéro fiscal", "FR", ind, "1234567890123", ""},
		{"FR numéro fiscal spaced", "FR", ind, "30 23 456 789 012", ""},
		{"FR numéro fiscal starting with 4", "FR", ind, "4234567890123", MsgTaxIDFormat},
		{"FR numéro fiscal 12 digits", "FR", ind, "123456789012", MsgTaxIDFormat},
		{"FR SIREN", "FR", bus, "732829320", ""},
		{"FR SIREN spaced", "FR", bus, "732 829 320", ""},
		{"FR SIREN failing Luhn", "FR", bus, "732829321", MsgTaxIDFormat},
		{"FR SIRET", "FR", bus, "732 829 320 00074", ""},
		{"FR SIRET failing Luhn", "FR", bus, "73282932000075", MsgTaxIDFormat},
		{"FR La Poste SIRET by digit sum", "FR", bus, "35600000000001", ""},
		{"FR La Poste SIRET failing both", "FR", bus, "35600000000002", MsgTaxIDFormat},
		{"FR SIREN is not a person's ID", "FR", ind, "732829320", MsgTaxIDFormat},

		// Spain: DNI or NIE for people; CIF for businesses.
		{"ES DNI", "ES", ind, "12345678Z", ""},
		{"ES DNI lower case with dash", "ES", ind, "12345678-z", ""},
		{"ES DNI wrong letter", "ES", ind, "12345678A", MsgTaxIDFormat},
		{"ES DNI remainder 0", "ES", ind, "00000023T", ""},
		{"ES DNI remainder 21", "ES", ind, "00000021K", ""},
		{"ES DNI remainder 22", "ES", ind, "00000022E", ""},
		{"ES DNI remainder 22 with the letter of 21", "ES", ind, "00000022K", MsgTaxIDFormat},
		{"ES DNI 7 digits", "ES", ind, "1234567Z", MsgTaxIDFormat},
		{"ES NIE X", "ES", ind, "X1234567L", ""},
		{"ES NIE wrong letter", "ES", ind, "X1234567T", MsgTaxIDFormat},
		{"ES NIE Y", "ES", ind, "Y1234567X", ""},
		{"ES NIE Z", "ES", ind, "Z1234567R", ""},
		{"ES CIF with digit", "ES", bus, "A58818501", ""},
		{"ES CIF with wrong digit", "ES", bus, "A58818502", MsgTaxIDFormat},
		{"ES CIF A refuses a letter", "ES", bus, "A5881850A", MsgTaxIDFormat},
		{"ES CIF B with digit", "ES", bus, "B12345674", ""},
		{"ES CIF Q with letter", "ES", bus, "Q2816003D", ""},
		{"ES CIF Q refuses a digit", "ES", bus, "Q28160034", MsgTaxIDFormat},
		{"ES CIF G accepts either", "ES", bus, "G1234567D", ""},
		{"ES CIF G accepts either, digit", "ES", bus, "G12345674", ""},
		{"ES CIF letter I not used", "ES", bus, "I12345674", MsgTaxIDFormat},
		{"ES DNI is not a business ID", "ES", bus, "12345678Z", MsgTaxIDFormat},

		// Germany: Steuer-IdNr for people; Steuernummer or USt-IdNr for businesses.
		{"DE Steuer-IdNr", "DE", ind, "65 929 970 489", ""},
		{"DE Steuer-IdNr other", "DE", ind, "86095742719", ""},
		{"DE Steuer-IdNr wrong check digit", "DE", ind, "65929970488", MsgTaxIDFormat},
		{"DE Steuer-IdNr leading 0 with a correct check digit", "DE", ind, "05929970480", MsgTaxIDFormat},
		{"DE Steuer-IdNr 10 digits", "DE", ind, "6592997048", MsgTaxIDFormat},
		{"DE Steuernummer with slashes", "DE", bus, "21/815/08150", ""},
		{"DE Steuernummer 13 digits", "DE", bus, "2181508150123", ""},
		{"DE Steuernummer 9 digits", "DE", bus, "218150815", MsgTaxIDFormat},
		{"DE Steuernummer 14 digits", "DE", bus, "21815081501234", MsgTaxIDFormat},
		{"DE USt-IdNr", "DE", bus, "DE136695976", ""},
		{"DE USt-IdNr spaced", "DE", bus, "DE 811 907 980", ""},
		{"DE USt-IdNr wrong check digit", "DE", bus, "DE136695977", MsgTaxIDFormat},
		{"DE USt-IdNr 8 digits", "DE", bus, "DE13669597", MsgTaxIDFormat},

		// India: PAN, fourth letter by holder type.
		{"IN PAN of a person", "IN", ind, "ABCPE1234F", ""},
		{"IN PAN of a company as a person", "IN", ind, "AAACR5055K", MsgTaxIDFormat},
		{"IN PAN of a trust as a person", "IN", ind, "AAATR5055K", MsgTaxIDFormat},
		{"IN PAN with unknown holder type as a person", "IN", ind, "ABCXE1234F", MsgTaxIDFormat},
		{"IN PAN of a company", "IN", bus, "AAACR5055K", ""},
		{"IN PAN of a trust", "IN", bus, "aaatr5055k", ""},
		{"IN PAN of a person as a business", "IN", bus, "ABCPE1234F", MsgTaxIDFormat},
		{"IN PAN with unknown holder type", "IN", bus, "ABCXE1234F", MsgTaxIDFormat},
		{"IN PAN too short", "IN", ind, "ABCPE123F", MsgTaxIDFormat},
		{"IN PAN digit at the end", "IN", ind, "ABCPE12345", MsgTaxIDFormat},

		// Mexico: RFC, four name letters for people and three for companies.
		{"MX RFC of a person", "MX", ind, "GODE561231GR8", ""},
		{"MX RFC of a person with dashes", "MX", ind, "GODE-561231-GR8", ""},
		{"MX RFC with Ñ", "MX", ind, "MUÑO800101AB1", ""},
		{"MX RFC with impossible date", "MX", ind, "GODE561331GR8", MsgTaxIDFormat},
		{"MX RFC with 30 February", "MX", ind, "GODE560230GR8", MsgTaxIDFormat},
		{"MX RFC of a company", "MX", bus, "ABC680524P76", ""},
		{"MX RFC of a company with &", "MX", bus, "A&C680524P76", ""},
		{"MX RFC of a company given for a person", "MX", ind, "ABC680524P76", MsgTaxIDFormat},
		{"MX RFC of a person given for a company", "MX", bus, "GODE561231GR8", MsgTaxIDFormat},

		// Brazil: CPF for people, CNPJ for businesses.
		{"BR CPF with punctuation", "BR", ind, "529.982.247-25", ""},
		{"BR CPF bare", "BR", ind, "52998224725", ""},
		{"BR CPF wrong second digit", "BR", ind, "529.982.247-24", MsgTaxIDFormat},
		{"BR CPF wrong first digit", "BR", ind, "529.982.247-35", MsgTaxIDFormat},
		{"BR CPF all ones", "BR", ind, "111.111.111-11", MsgTaxIDFormat},
		{"BR CPF all zeros", "BR", ind, "000.000.000-00", MsgTaxIDFormat},
		{"BR CNPJ", "BR", bus, "11.222.333/0001-81", ""},
		{"BR CNPJ wrong digit", "BR", bus, "11.222.333/0001-82", MsgTaxIDFormat},
		{"BR CNPJ all zeros", "BR", bus, "00.000.000/0000-00", MsgTaxIDFormat},
		{"BR CNPJ alphanumeric", "BR", bus, "12.ABC.345/01DE-35", ""},
		{"BR CNPJ alphanumeric wrong digit", "BR", bus, "12.ABC.345/01DE-36", MsgTaxIDFormat},
		{"BR CPF is not a business ID", "BR", bus, "52998224725", MsgTaxIDFormat},

		// Other countries: length and characters only.
		{"JP My Number", "JP", ind, "1234 5678 9012", ""},
		{"AU ABN", "AU", bus, "51 824 753 556", ""},
		{"NL with letters and dots", "NL", bus, "NL.123456789.B01", ""},
		{"two characters", "JP", ind, "A1", ""},
		{"one character", "JP", ind, "1", MsgTaxIDFormat},
		{"thirty characters", "JP", ind, strings.Repeat("1", 30), ""},
		{"thirty-one characters", "JP", ind, strings.Repeat("1", 31), MsgTaxIDFormat},
		{"inner spaces collapse before counting", "JP", ind, "12" + strings.Repeat(" ", 40) + "34", ""},
		{"separators only", "JP", ind, "--", MsgTaxIDFormat},
		{"forbidden character", "JP", ind, "123#456", MsgTaxIDFormat},
		{"non-ASCII letters", "JP", ind, "１２３４", MsgTaxIDFormat},
		{"unknown country uses the generic rule", "ZZ", bus, "ABC-123", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ValidateTaxID(tt.country, tt.entity, tt.id); got != tt.want {
				t.Errorf("ValidateTaxID(%q, %q, %q) = %q, want %q", tt.country, tt.entity, tt.id, got, tt.want)
			}
		})
	}
}

func TestTaxInterviewNormalize(t *testing.T) {
	signed := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	in := TaxInterview{
		AccountID:     " 123456789012 ",
		EntityType:    " individual ",
		LegalName:     "  Marie Curie ",
		Country:       " fr\t",
		AddressLine1:  " 1 rue Pierre et Marie Curie ",
		AddressLine2:  "  ",
		City:          " Paris ",
		Region:        " Île-de-France ",
		PostalCode:    " 75005 ",
		TaxID:         "  30  23 456\t789 012 ",
		FormType:      FormW9, // chosen by a tampered form; Normalize overrides it
		SignatureName: " marie  curie ",
		Certified:     true,
		SignedAt:      signed,
	}
	in.Normalize()
	want := TaxInterview{
		AccountID:     "123456789012",
		EntityType:    EntityIndividual,
		LegalName:     "Marie Curie",
		Country:       "FR",
		AddressLine1:  "1 rue Pierre et Marie Curie",
		City:          "Paris",
		Region:        "Île-de-France",
		PostalCode:    "75005",
		TaxID:         "30 23 456 789 012",
		FormType:      FormW8BEN,
		SignatureName: "marie  curie",
		Certified:     true,
		SignedAt:      signed,
	}
	if in != want {
		t.Errorf("Normalize() =\n%+v\nwant\n%+v", in, want)
	}
}

func TestTaxInterviewNormalizeDerivesForm(t *testing.T) {
	tests := []struct {
		country string
		entity  EntityType
		want    string
	}{
		{"us", EntityBusiness, FormW9},
		{"de", EntityBusiness, FormW8BENE},
		{"de", EntityIndividual, FormW8BEN},
		{"de", "", ""},
	}
	for _, tt := range tests {
		in := TaxInterview{Country: tt.country, EntityType: tt.entity, FormType: "stale"}
		in.Normalize()
		if in.FormType != tt.want {
			t.Errorf("Normalize() with %q/%q: FormType = %q, want %q", tt.country, tt.entity, in.FormType, tt.want)
		}
	}
}

func TestTaxIDNormalizeUpperCases(t *testing.T) {
	in := TaxInterview{TaxID: " ab 12\t34   56 c "}
	in.Normalize()
	if in.TaxID != "AB 12 34 56 C" {
		t.Errorf("TaxID = %q, want %q", in.TaxID, "AB 12 34 56 C")
	}
}

// validUSInterview returns a W-9 interview that breaks no rule.
func validUSInterview() TaxInterview {
	return TaxInterview{
		AccountID:     "123456789012",
		EntityType:    EntityBusiness,
		LegalName:     "Example Corp",
		Country:       "US",
		AddressLine1:  "410 Terry Ave N",
		City:          "Seattle",
		Region:        "WA",
		PostalCode:    "98109",
		TaxID:         "12-3456789",
		SignatureName: "Example Corp",
		Certified:     true,
	}
}

func TestTaxInterviewValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(*TaxInterview)
		want   FieldErrors // nil means valid
	}{
		{name: "valid", change: func(*TaxInterview) {}},
		{
			name: "all empty reports every required field",
			change: func(in *TaxInterview) {
				*in = TaxInterview{}
			},
			want: FieldErrors{
				FieldEntityType:    MsgEntityTypeRequired,
				FieldLegalName:     MsgFieldRequired,
				FieldCountry:       MsgFieldRequired,
				FieldAddressLine1:  MsgFieldRequired,
				FieldCity:          MsgFieldRequired,
				FieldTaxID:         MsgTaxIDRequired,
				FieldSignatureName: MsgFieldRequired,
				FieldCertified:     MsgCertificationRequired,
			},
		},
		{
			name: "several problems at once",
			change: func(in *TaxInterview) {
				in.EntityType = "trust"
				in.Country = "XX"
				in.PostalCode = "981"
				in.SignatureName = "Someone Else"
				in.Certified = false
			},
			want: FieldErrors{
				FieldEntityType:    MsgEntityTypeRequired,
				FieldCountry:       MsgCountryUnknown,
				FieldSignatureName: MsgSignatureMismatch,
				FieldCertified:     MsgCertificationRequired,
			},
		},
		{
			name: "bad SSN and bad ZIP for a US person",
			change: func(in *TaxInterview) {
				in.EntityType = EntityIndividual
				in.TaxID = "000-12-3456"
				in.PostalCode = "9810"
			},
			want: FieldErrors{FieldTaxID: MsgSSNFormat, FieldPostalCode: MsgZIPCodeInvalid},
		},
		{name: "ZIP+4", change: func(in *TaxInterview) { in.PostalCode = "98109-5210" }},
		{
			name:   "ZIP+4 without dash",
			change: func(in *TaxInterview) { in.PostalCode = "981095210" },
			want:   FieldErrors{FieldPostalCode: MsgZIPCodeInvalid},
		},
		{
			name:   "US without ZIP",
			change: func(in *TaxInterview) { in.PostalCode = "" },
			want:   FieldErrors{FieldPostalCode: MsgFieldRequired},
		},
		{
			name: "foreign address without postal code",
			change: func(in *TaxInterview) {
				in.Country, in.City, in.PostalCode, in.TaxID = "HK", "Hong Kong", "", "12345678"
			},
		},
		{
			name:   "UK postal code",
			change: func(in *TaxInterview) { in.Country, in.PostalCode, in.TaxID = "GB", "SW1A 1AA", "1234567890" },
		},
		{
			name:   "postal code of 20 characters",
			change: func(in *TaxInterview) { in.Country, in.PostalCode, in.TaxID = "JP", strings.Repeat("1", 20), "1234" },
		},
		{
			name:   "postal code of 21 characters",
			change: func(in *TaxInterview) { in.Country, in.PostalCode, in.TaxID = "JP", strings.Repeat("1", 21), "1234" },
			want:   FieldErrors{FieldPostalCode: MsgPostalCodeTooLong},
		},
		{
			name:   "tax ID checked against the country",
			change: func(in *TaxInterview) { in.Country = "FR"; in.TaxID = "732829321" },
			want:   FieldErrors{FieldTaxID: MsgTaxIDFormat},
		},
		{
			name: "legal name of 120 runes",
			change: func(in *TaxInterview) {
				in.LegalName = strings.Repeat("é", 120)
				in.SignatureName = strings.Repeat("É", 120)
			},
		},
		{
			name: "legal name of 121 runes",
			change: func(in *TaxInterview) {
				in.LegalName = strings.Repeat("é", 121)
				in.SignatureName = in.LegalName
			},
			want: FieldErrors{FieldLegalName: MsgLegalNameTooLong},
		},
		{
			name:   "legal name with a newline",
			change: func(in *TaxInterview) { in.LegalName = "Example\nCorp"; in.SignatureName = "Example Corp" },
			want:   FieldErrors{FieldLegalName: MsgTaxTextInvalid},
		},
		{
			name: "address fields of 121 runes",
			change: func(in *TaxInterview) {
				long := strings.Repeat("a", 121)
				in.AddressLine1, in.AddressLine2, in.City, in.Region = long, long, long, long
			},
			want: FieldErrors{
				FieldAddressLine1: MsgAddressTooLong,
				FieldAddressLine2: MsgAddressTooLong,
				FieldCity:         MsgAddressTooLong,
				FieldRegion:       MsgAddressTooLong,
			},
		},
		{
			name:   "address line with a tab",
			change: func(in *TaxInterview) { in.AddressLine2 = "Suite\t100" },
			want:   FieldErrors{FieldAddressLine2: MsgTaxTextInvalid},
		},
		{
			name:   "signature differing in case and spacing",
			change: func(in *TaxInterview) { in.SignatureName = "EXAMPLE    corp" },
		},
		{
			name:   "signature with a missing word",
			change: func(in *TaxInterview) { in.SignatureName = "Example" },
			want:   FieldErrors{FieldSignatureName: MsgSignatureMismatch},
		},
		{
			name:   "signature without legal name reports only the name",
			change: func(in *TaxInterview) { in.LegalName = "" },
			want:   FieldErrors{FieldLegalName: MsgFieldRequired},
		},
		{
			name:   "not certified",
			change: func(in *TaxInterview) { in.Certified = false },
			want:   FieldErrors{FieldCertified: MsgCertificationRequired},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := validUSInterview()
			tt.change(&in)
			in.Normalize()
			checkSellerFieldErrors(t, in.Validate(), tt.want)
		})
	}
}

// checkSellerFieldErrors fails unless err is nil and want is nil, or err is
// an EINVALID *Error whose fields are exactly want.
func checkSellerFieldErrors(t *testing.T, err error, want FieldErrors) {
	t.Helper()
	if want == nil {
		if err != nil {
			t.Fatalf("Validate() = %v, want nil", err)
		}
		return
	}
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("Validate() = %v (%T), want *Error", err, err)
	}
	if e.Code != EINVALID || e.Message != MsgFormHasErrors {
		t.Errorf("error = %s/%s, want %s/%s", e.Code, e.Message, EINVALID, MsgFormHasErrors)
	}
	if !maps.Equal(e.Fields, want) {
		t.Errorf("Fields = %v, want %v", e.Fields, want)
	}
}
