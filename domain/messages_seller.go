package domain

// User-facing messages of the seller's tax interview. Plain "this field is
// required" cases reuse MsgFieldRequired.
const (
	MsgEntityTypeRequired    Message = "tax.entity_type_required"
	MsgLegalNameTooLong      Message = "tax.legal_name_too_long"
	MsgTaxTextInvalid        Message = "tax.text_invalid"
	MsgCountryUnknown        Message = "tax.country_unknown"
	MsgAddressTooLong        Message = "tax.address_too_long"
	MsgPostalCodeTooLong     Message = "tax.postal_code_too_long"
	MsgZIPCodeInvalid        Message = "tax.zip_code_invalid"
	MsgTaxIDRequired         Message = "tax.id_required"
	MsgTaxIDFormat           Message = "tax.id_format"
	MsgSSNFormat             Message = "tax.ssn_format"
	MsgEINFormat             Message = "tax.ein_format"
	MsgSignatureMismatch     Message = "tax.signature_mismatch"
	MsgCertificationRequired Message = "tax.certification_required"
)

// User-facing messages of the seller's bank account form.
const (
	MsgBankKindRequired     Message = "bank.kind_required"
	MsgHolderNameTooLong    Message = "bank.holder_name_too_long"
	MsgHolderNameInvalid    Message = "bank.holder_name_invalid"
	MsgRoutingNumberInvalid Message = "bank.routing_number_invalid"
	MsgAccountNumberInvalid Message = "bank.account_number_invalid"
	MsgIBANInvalid          Message = "bank.iban_invalid"
	MsgBICInvalid           Message = "bank.bic_invalid"
)
