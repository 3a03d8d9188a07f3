package domain

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// EntityType says whether a seller is a person or an organization. Together
// with the country of tax residence it decides which IRS form applies.
type EntityType string

// The entity types a seller can choose in the tax interview.
const (
	EntityIndividual EntityType = "individual"
	EntityBusiness   EntityType = "business"
)

// Valid reports whether e is one of the known entity types.
func (e EntityType) Valid() bool { return e == EntityIndividual || e == EntityBusiness }

// Tax form names, derived, never chosen by the user.
const (
	FormW9     = "W-9"      // US persons
	FormW8BEN  = "W-8BEN"   // foreign individuals
	FormW8BENE = "W-8BEN-E" // foreign entities
)

// Limits on tax interview fields.
const (
	MaxLegalNameLength  = 120
	MaxAddressLength    = 120
	MaxPostalCodeLength = 20
	minGenericTaxIDLen  = 2
	maxGenericTaxIDLen  = 30
)

// Country is a country a seller can be resident in for tax purposes.
type Country struct {
	Code string // ISO 3166-1 alpha-2, upper case
	Name string // English short name
}

// Countries returns the countries offered in the tax interview, sorted by
// name. The slice is new on every call, so callers may change it.
func Countries() []Country {
	list := countryList()
	slices.SortFunc(list, func(a, b Country) int { return strings.Compare(a.Name, b.Name) })
	return list
}

// IsCountry reports whether code is the upper-case ISO code of a country in
// Countries.
func IsCountry(code string) bool {
	return slices.ContainsFunc(countryList(), func(c Country) bool { return c.Code == code })
}

// countryList is the one source of the country table. It builds a fresh
// slice each time so that no caller can change what another one sees.
func countryList() []Country {
	return []Country{
		{"AE", "United Arab Emirates"}, {"AR", "Argentina"}, {"AT", "Austria"}, {"AU", "Australia"},
		{"BD", "Bangladesh"}, {"BE", "Belgium"}, {"BG", "Bulgaria"}, {"BH", "Bahrain"},
		{"BR", "Brazil"}, {"CA", "Canada"}, {"CH", "Switzerland"}, {"CL", "Chile"},
		{"CN", "China"}, {"CO", "Colombia"}, {"CR", "Costa Rica"}, {"CY", "Cyprus"},
		{"CZ", "Czechia"}, {"DE", "Germany"}, {"DK", "Denmark"}, {"DO", "Dominican Republic"},
		{"EC", "Ecuador"}, {"EE", "Estonia"}, {"EG", "Egypt"}, {"ES", "Spain"},
		{"FI", "Finland"}, {"FR", "France"}, {"GB", "United Kingdom"}, {"GH", "Ghana"},
		{"GR", "Greece"}, {"HK", "Hong Kong"}, {"HR", "Croatia"}, {"HU", "Hungary"},
		{"ID", "Indonesia"}, {"IE", "Ireland"}, {"IL", "Israel"}, {"IN", "India"},
		{"IS", "Iceland"}, {"IT", "Italy"}, {"JO", "Jordan"}, {"JP", "Japan"},
		{"KE", "Kenya"}, {"KR", "South Korea"}, {"KW", "Kuwait"}, {"KZ", "Kazakhstan"},
		{"LB", "Lebanon"}, {"LI", "Liechtenstein"}, {"LK", "Sri Lanka"}, {"LT", "Lithuania"},
		{"LU", "Luxembourg"}, {"LV", "Latvia"}, {"MA", "Morocco"}, {"MC", "Monaco"},
		{"MT", "Malta"}, {"MX", "Mexico"}, {"MY", "Malaysia"}, {"NG", "Nigeria"},
		{"NL", "Netherlands"}, {"NO", "Norway"}, {"NZ", "New Zealand"}, {"OM", "Oman"},
		{"PA", "Panama"}, {"PE", "Peru"}, {"PH", "Philippines"}, {"PK", "Pakistan"},
		{"PL", "Poland"}, {"PT", "Portugal"}, {"QA", "Qatar"}, {"RO", "Romania"},
		{"RS", "Serbia"}, {"SA", "Saudi Arabia"}, {"SE", "Sweden"}, {"SG", "Singapore"},
		{"SI", "Slovenia"}, {"SK", "Slovakia"}, {"TH", "Thailand"}, {"TN", "Tunisia"},
		{"TR", "Türkiye"}, {"TW", "Taiwan"}, {"UA", "Ukraine"}, {"US", "United States"},
		{"UY", "Uruguay"}, {"VN", "Vietnam"}, {"ZA", "South Africa"},
	}
}

// TaxInterview is a seller's answers to the tax interview: who they are for
// tax purposes, and their signature on the resulting IRS form.
type TaxInterview struct {
	AccountID     string
	EntityType    EntityType
	LegalName     string
	Country       string // country of tax residence, ISO code, upper case
	AddressLine1  string
	AddressLine2  string
	City          string
	Region        string
	PostalCode    string
	TaxID         string
	FormType      string // derived by Normalize from Country and EntityType
	SignatureName string // the signer types their full legal name as an electronic signature
	Certified     bool   // the "I certify under penalties of perjury…" box
	SignedAt      time.Time
}

// Normalize trims every field, upper-cases the country and the tax ID,
// collapses the tax ID's inner spaces and derives FormType, so that the user
// never chooses the form and Validate sees clean values.
func (t *TaxInterview) Normalize() {
	for _, s := range []*string{
		&t.AccountID, &t.LegalName, &t.AddressLine1, &t.AddressLine2,
		&t.City, &t.Region, &t.PostalCode, &t.SignatureName,
	} {
		*s = strings.TrimSpace(*s)
	}
	t.EntityType = EntityType(strings.TrimSpace(string(t.EntityType)))
	t.Country = strings.ToUpper(strings.TrimSpace(t.Country))
	t.TaxID = normalizeTaxID(t.TaxID)
	t.FormType = DeriveTaxForm(t.Country, t.EntityType)
}

// Validate checks a normalized interview and returns all problems at once.
// AccountID, FormType and SignedAt are set by the application, not typed by
// the user, so they are not checked here.
func (t TaxInterview) Validate() error {
	fields := FieldErrors{}
	if !t.EntityType.Valid() {
		fields[FieldEntityType] = MsgEntityTypeRequired
	}
	setProblem(fields, FieldLegalName, textProblem(t.LegalName, true, MaxLegalNameLength, MsgLegalNameTooLong, MsgTaxTextInvalid))
	switch {
	case t.Country == "":
		fields[FieldCountry] = MsgFieldRequired
	case !IsCountry(t.Country):
		fields[FieldCountry] = MsgCountryUnknown
	}
	t.validateAddress(fields)
	setProblem(fields, FieldTaxID, ValidateTaxID(t.Country, t.EntityType, t.TaxID))
	t.validateSignature(fields)
	if len(fields) > 0 {
		return Invalid(fields)
	}
	return nil
}

// validateAddress checks the mailing address printed on the tax form. The
// second line and the region are optional; they are checked only for length
// and control characters.
func (t TaxInterview) validateAddress(fields FieldErrors) {
	setProblem(fields, FieldAddressLine1, textProblem(t.AddressLine1, true, MaxAddressLength, MsgAddressTooLong, MsgTaxTextInvalid))
	setProblem(fields, FieldAddressLine2, textProblem(t.AddressLine2, false, MaxAddressLength, MsgAddressTooLong, MsgTaxTextInvalid))
	setProblem(fields, FieldCity, textProblem(t.City, true, MaxAddressLength, MsgAddressTooLong, MsgTaxTextInvalid))
	setProblem(fields, FieldRegion, textProblem(t.Region, false, MaxAddressLength, MsgAddressTooLong, MsgTaxTextInvalid))
	setProblem(fields, FieldPostalCode, postalCodeProblem(t.Country, t.PostalCode))
}

// postalCodeProblem requires a ZIP code for US addresses only: many countries
// (Hong Kong, the United Arab Emirates, …) have no postal codes at all.
func postalCodeProblem(country, code string) Message {
	if country != "US" {
		return textProblem(code, false, MaxPostalCodeLength, MsgPostalCodeTooLong, MsgTaxTextInvalid)
	}
	switch {
	case code == "":
		return MsgFieldRequired
	case !validZIP(code):
		return MsgZIPCodeInvalid
	}
	return ""
}

// validZIP accepts a US ZIP code, "12345", or ZIP+4, "12345-6789".
func validZIP(s string) bool {
	switch len(s) {
	case 5:
		return isDigitString(s)
	case 10:
		return isDigitString(s[:5]) && s[5] == '-' && isDigitString(s[6:])
	}
	return false
}

// validateSignature checks the electronic signature and the certification.
// A signature that differs from the legal name only by case or spacing is
// the same signature; anything else would sign for someone else.
func (t TaxInterview) validateSignature(fields FieldErrors) {
	switch {
	case t.SignatureName == "":
		fields[FieldSignatureName] = MsgFieldRequired
	case t.LegalName != "" && !sameSignature(t.SignatureName, t.LegalName):
		fields[FieldSignatureName] = MsgSignatureMismatch
	}
	if !t.Certified {
		fields[FieldCertified] = MsgCertificationRequired
	}
}

// sameSignature compares two names ignoring case and runs of spaces.
func sameSignature(a, b string) bool {
	return strings.EqualFold(strings.Join(strings.Fields(a), " "), strings.Join(strings.Fields(b), " "))
}

// textProblem returns the problem with a free-text field, or "".
func textProblem(s string, required bool, maxRunes int, tooLong, invalid Message) Message {
	switch {
	case s == "" && required:
		return MsgFieldRequired
	case utf8.RuneCountInString(s) > maxRunes:
		return tooLong
	case strings.ContainsFunc(s, isControl):
		return invalid
	}
	return ""
}

// setProblem records msg against key unless msg is empty.
func setProblem(fields FieldErrors, key string, msg Message) {
	if msg != "" {
		fields[key] = msg
	}
}

// DeriveTaxForm returns the IRS form a seller must sign: W-9 for US persons,
// W-8BEN for other individuals and W-8BEN-E for other entities. It returns ""
// when the entity type is unknown or the country is missing, because no form
// can be chosen yet.
func DeriveTaxForm(country string, entity EntityType) string {
	switch {
	case !entity.Valid() || country == "":
		return ""
	case country == "US":
		return FormW9
	case entity == EntityIndividual:
		return FormW8BEN
	default:
		return FormW8BENE
	}
}

// ValidateTaxID returns the problem with a taxpayer ID, or "" when it is
// acceptable. country is an upper-case ISO code. For the countries whose
// formats are known the ID is checked by format and check digits; for the
// others only its length and characters are checked. Spaces, '-', '.' and
// '/' are accepted as separators anywhere, since people copy IDs from
// documents that punctuate them differently.
func ValidateTaxID(country string, entity EntityType, id string) Message {
	id = normalizeTaxID(id)
	if id == "" {
		return MsgTaxIDRequired
	}
	rule, known := taxIDRuleFor(country)
	if !known {
		if validGenericTaxID(id) {
			return ""
		}
		return MsgTaxIDFormat
	}
	if rule.accepts(entity, compactTaxID(id)) {
		return ""
	}
	return taxIDFormatMessage(country, entity)
}

// normalizeTaxID trims, collapses inner runs of spaces and upper-cases.
func normalizeTaxID(s string) string {
	return strings.ToUpper(strings.Join(strings.Fields(s), " "))
}

// compactTaxID removes the separators people type inside tax IDs.
func compactTaxID(s string) string {
	return strings.Map(func(r rune) rune {
		if strings.ContainsRune(" -./", r) {
			return -1
		}
		return r
	}, s)
}

// taxIDFormatMessage picks the most helpful format message. US sellers get
// the expected pattern; others get the generic text, since field errors carry
// no placeholders.
func taxIDFormatMessage(country string, entity EntityType) Message {
	if country == "US" {
		switch entity {
		case EntityIndividual:
			return MsgSSNFormat
		case EntityBusiness:
			return MsgEINFormat
		}
	}
	return MsgTaxIDFormat
}

// validGenericTaxID checks an ID from a country whose format is not known.
func validGenericTaxID(id string) bool {
	if n := utf8.RuneCountInString(id); n < minGenericTaxIDLen || n > maxGenericTaxIDLen {
		return false
	}
	hasAlnum := false
	for _, r := range id {
		switch {
		case isUpperOrDigit(r):
			hasAlnum = true
		case strings.ContainsRune(" -./", r):
		default:
			return false
		}
	}
	return hasAlnum
}

// taxIDRule holds the format checks of one country, for compact upper-case IDs.
type taxIDRule struct {
	individual func(string) bool
	business   func(string) bool
}

// accepts applies the check for entity. Without a valid entity type the
// form already shows an error for it, so either format is accepted rather
// than adding a misleading second error.
func (r taxIDRule) accepts(entity EntityType, id string) bool {
	switch entity {
	case EntityIndividual:
		return r.individual(id)
	case EntityBusiness:
		return r.business(id)
	}
	return r.individual(id) || r.business(id)
}

// taxIDRuleFor returns the rule of a country, and false when its format is
// not known.
func taxIDRuleFor(country string) (taxIDRule, bool) {
	switch country {
	case "US":
		return taxIDRule{validUSIndividualTaxID, validEIN}, true
	case "CA":
		return taxIDRule{validSIN, validBN}, true
	case "GB":
		return taxIDRule{validGBIndividualTaxID, validGBBusinessTaxID}, true
	case "FR":
		return taxIDRule{validFRNumeroFiscal, validFRBusinessTaxID}, true
	case "ES":
		return taxIDRule{validESIndividualTaxID, validCIF}, true
	case "DE":
		return taxIDRule{validSteuerIdNr, validDEBusinessTaxID}, true
	case "IN":
		return taxIDRule{validPANIndividual, validPANBusiness}, true
	case "MX":
		return taxIDRule{validRFCIndividual, validRFCBusiness}, true
	case "BR":
		return taxIDRule{validCPF, validCNPJ}, true
	}
	return taxIDRule{}, false
}

// validUSIndividualTaxID accepts an SSN or, for people who cannot get one,
// an ITIN. ITINs are the only numbers that start with 9.
func validUSIndividualTaxID(s string) bool {
	if len(s) != 9 || !isDigitString(s) {
		return false
	}
	if s[0] == '9' {
		g := twoDigits(s[3:5])
		return (g >= 70 && g <= 88) || (g >= 90 && g <= 92) || g >= 94
	}
	return s[:3] != "000" && s[:3] != "666" && s[3:5] != "00" && s[5:] != "0000"
}

// validEIN accepts a US Employer Identification Number. The excluded prefixes
// have never been assigned by the IRS.
func validEIN(s string) bool {
	if len(s) != 9 || !isDigitString(s) {
		return false
	}
	switch s[:2] {
	case "00", "07", "08", "09", "17", "18", "19", "28", "29", "49", "69", "70", "78", "79", "89", "96", "97":
		return false
	}
	return true
}

// validSIN accepts a Canadian Social Insurance Number. SINs starting with 0
// are never issued and 8 is used for business numbers, not people.
func validSIN(s string) bool {
	return len(s) == 9 && isDigitString(s) && s[0] != '0' && s[0] != '8' && passesLuhn(s)
}

// validBN accepts a Canadian Business Number, alone or with a program
// account such as RT0001.
func validBN(s string) bool {
	if len(s) < 9 || !isDigitString(s[:9]) {
		return false
	}
	program := s[9:]
	return program == "" || (len(program) == 6 && isUpperString(program[:2]) && isDigitString(program[2:]))
}

// validGBIndividualTaxID accepts a National Insurance number or a UTR.
func validGBIndividualTaxID(s string) bool { return validNINO(s) || validUTR(s) }

// validGBBusinessTaxID accepts a UTR or a VAT number.
func validGBBusinessTaxID(s string) bool {
	return validUTR(s) || (len(s) == 11 && strings.HasPrefix(s, "GB") && isDigitString(s[2:]))
}

// validUTR accepts a UK Unique Taxpayer Reference.
func validUTR(s string) bool { return len(s) == 10 && isDigitString(s) }

// validNINO accepts a UK National Insurance number such as AB123456C, with
// the prefixes HMRC never allocates excluded.
func validNINO(s string) bool {
	if len(s) != 9 || !isUpperString(s[:2]) || !isDigitString(s[2:8]) || s[8] < 'A' || s[8] > 'D' {
		return false
	}
	switch s[:2] {
	case "BG", "GB", "NK", "KN", "TN", "NT", "ZZ":
		return false
	}
	return !strings.ContainsRune("DFIQUV", rune(s[0])) && !strings.ContainsRune("DFIQUVO", rune(s[1]))
}

// validFRNumeroFiscal accepts a French numéro fiscal de référence.
func validFRNumeroFiscal(s string) bool {
	return len(s) == 13 && isDigitString(s) && s[0] >= '0' && s[0] <= '3'
}

// validFRBusinessTaxID accepts a SIREN or a SIRET.
func validFRBusinessTaxID(s string) bool {
	if len(s) == 9 {
		return isDigitString(s) && passesLuhn(s)
	}
	return validSIRET(s)
}

// validSIRET accepts a French establishment number. La Poste's thousands of
// establishments outgrew the Luhn check, so INSEE accepts its SIRETs by a
// digit sum divisible by 5 instead.
func validSIRET(s string) bool {
	if len(s) != 14 || !isDigitString(s) {
		return false
	}
	return passesLuhn(s) || (s[:9] == "356000000" && sumOfDigits(s)%5 == 0)
}

// validESIndividualTaxID accepts a DNI for Spanish nationals or an NIE for
// foreigners.
func validESIndividualTaxID(s string) bool {
	if len(s) == 9 {
		// An NIE is a DNI whose first digit is written X, Y or Z.
		if i := strings.IndexByte("XYZ", s[0]); i >= 0 {
			s = string(rune('0'+i)) + s[1:]
		}
	}
	return len(s) == 9 && isDigitString(s[:8]) && s[8] == "TRWAGMYFPDXBNJZSQVHLCKE"[digitsValue(s[:8])%23]
}

// validCIF accepts the tax ID of a Spanish legal entity: a letter for the
// kind of entity, seven digits and a control character. Some kinds always
// use a control letter, some a digit, and the rest either.
func validCIF(s string) bool {
	if len(s) != 9 || !strings.ContainsRune("ABCDEFGHJNPQRSUVW", rune(s[0])) || !isDigitString(s[1:8]) {
		return false
	}
	sum := 0
	for i := 1; i <= 7; i++ {
		d := int(s[i] - '0')
		if i%2 == 1 {
			d *= 2
			d = d/10 + d%10
		}
		sum += d
	}
	control := (10 - sum%10) % 10
	digit, letter := byte('0'+control), "JABCDEFGHI"[control]
	switch s[0] {
	case 'N', 'P', 'Q', 'R', 'S', 'W':
		return s[8] == letter
	case 'A', 'B', 'E', 'H':
		return s[8] == digit
	}
	return s[8] == digit || s[8] == letter
}

// validSteuerIdNr accepts a German steuerliche Identifikationsnummer.
func validSteuerIdNr(s string) bool {
	return len(s) == 11 && isDigitString(s) && s[0] != '0' && s[10] == mod1110CheckDigit(s[:10])
}

// validDEBusinessTaxID accepts a Steuernummer, whose length varies by state
// and by format, or a USt-IdNr, whose last digit is an ISO 7064 check digit.
func validDEBusinessTaxID(s string) bool {
	if len(s) >= 10 && len(s) <= 13 && isDigitString(s) {
		return true
	}
	return len(s) == 11 && strings.HasPrefix(s, "DE") && isDigitString(s[2:]) && s[10] == mod1110CheckDigit(s[2:10])
}

// mod1110CheckDigit computes the ISO 7064 MOD 11,10 check digit of digits.
func mod1110CheckDigit(digits string) byte {
	product := 10
	for i := range len(digits) {
		sum := (int(digits[i]-'0') + product) % 10
		if sum == 0 {
			sum = 10
		}
		product = sum * 2 % 11
	}
	return byte('0' + (11-product)%10)
}

// validPANIndividual accepts an Indian PAN of a person: its fourth letter is P.
func validPANIndividual(s string) bool { return validPAN(s) && s[3] == 'P' }

// validPANBusiness accepts an Indian PAN whose fourth letter marks a company,
// HUF, firm, AOP, trust, BOI, local authority, artificial juridical person or
// government body.
func validPANBusiness(s string) bool {
	return validPAN(s) && strings.ContainsRune("CHFATBLJG", rune(s[3]))
}

// validPAN checks the shape of a PAN: five letters, four digits, a letter.
func validPAN(s string) bool {
	return len(s) == 10 && isUpperString(s[:5]) && isDigitString(s[5:9]) && isUpperString(s[9:])
}

// validRFCIndividual accepts a Mexican RFC of a person: four letters from
// the name.
func validRFCIndividual(s string) bool { return validRFC(s, 4) }

// validRFCBusiness accepts a Mexican RFC of a company: three letters from
// the name.
func validRFCBusiness(s string) bool { return validRFC(s, 3) }

// validRFC checks the name letters (which may include Ñ and &), a real
// YYMMDD date and the three-character homoclave.
func validRFC(s string, nameLetters int) bool {
	r := []rune(s)
	if len(r) != nameLetters+9 {
		return false
	}
	for _, c := range r[:nameLetters] {
		if !isUpperLetter(c) && c != 'Ñ' && c != '&' {
			return false
		}
	}
	date := string(r[nameLetters : nameLetters+6])
	if !isDigitString(date) {
		return false
	}
	if _, err := time.Parse("060102", date); err != nil {
		return false
	}
	for _, c := range r[nameLetters+6:] {
		if !isUpperOrDigit(c) {
			return false
		}
	}
	return true
}

// validCPF accepts a Brazilian CPF. Numbers of one repeated digit pass the
// check digits but are never issued.
func validCPF(s string) bool {
	if len(s) != 11 || !isDigitString(s) || strings.Count(s, s[:1]) == len(s) {
		return false
	}
	return s[9] == brazilCheckDigit(s[:9], 11) && s[10] == brazilCheckDigit(s[:10], 11)
}

// validCNPJ accepts a Brazilian CNPJ. From July 2026 the Receita Federal
// issues CNPJs whose first twelve characters may be letters; the check
// digits stay numeric and treat each character as its ASCII code minus 48.
func validCNPJ(s string) bool {
	if len(s) != 14 || !isDigitString(s[12:]) || strings.Count(s, s[:1]) == len(s) {
		return false
	}
	for _, c := range s[:12] {
		if !isUpperOrDigit(c) {
			return false
		}
	}
	return s[12] == brazilCheckDigit(s[:12], 9) && s[13] == brazilCheckDigit(s[:13], 9)
}

// brazilCheckDigit computes a mod-11 check digit. Weights rise from 2 at the
// rightmost character up to maxWeight, then start again at 2: a CPF never
// wraps (maxWeight 11), a CNPJ wraps after 9.
func brazilCheckDigit(s string, maxWeight int) byte {
	sum := 0
	for i := range len(s) {
		weight := 2 + (len(s)-1-i)%(maxWeight-1)
		sum += int(s[i]-'0') * weight
	}
	if r := sum % 11; r >= 2 {
		return byte('0' + 11 - r)
	}
	return '0'
}

// passesLuhn reports whether a string of digits passes the Luhn check.
func passesLuhn(s string) bool {
	sum := 0
	for i := range len(s) {
		d := int(s[len(s)-1-i] - '0')
		if i%2 == 1 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return sum%10 == 0
}

// sumOfDigits adds up the digits of s.
func sumOfDigits(s string) int {
	sum := 0
	for i := range len(s) {
		sum += int(s[i] - '0')
	}
	return sum
}

// digitsValue converts a string of at most 18 digits to a number.
func digitsValue(s string) int {
	n := 0
	for i := range len(s) {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// twoDigits converts two digits to a number.
func twoDigits(s string) int { return digitsValue(s[:2]) }

// isDigitString reports whether s is non-empty and made of 0–9 only.
func isDigitString(s string) bool {
	if s == "" {
		return false
	}
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// isUpperString reports whether s is non-empty and made of A–Z only.
func isUpperString(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !isUpperLetter(r) {
			return false
		}
	}
	return true
}

// isUpperLetter reports whether r is A–Z.
func isUpperLetter(r rune) bool { return r >= 'A' && r <= 'Z' }

// isUpperOrDigit reports whether r is A–Z or 0–9. Tax IDs and bank codes are
// upper-cased before they are checked.
func isUpperOrDigit(r rune) bool { return isUpperLetter(r) || (r >= '0' && r <= '9') }
