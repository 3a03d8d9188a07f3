package domain

// User-facing messages raised by domain rules. Each is a key of the web
// layer's translation catalogs; a test checks every one exists in every
// language.
const (
	MsgInternalError  Message = "error.internal"
	MsgFormHasErrors  Message = "error.form_has_errors"
	MsgNotFound       Message = "error.not_found"
	MsgSignInRequired Message = "error.sign_in_required"
	MsgForbidden      Message = "error.forbidden"

	MsgFieldRequired      Message = "field.required"
	MsgEmailInvalid       Message = "field.email_invalid"
	MsgEmailTooLong       Message = "field.email_too_long"
	MsgAccountNameTooLong Message = "account.name_too_long"
	MsgEmailTaken         Message = "account.email_taken"
	MsgAccountNameInvalid Message = "account.name_invalid"
	MsgPasswordTooShort   Message = "account.password_too_short"
	MsgPasswordTooLong    Message = "account.password_too_long"
	MsgPasswordIsEmail    Message = "account.password_is_email"

	MsgBadCredentials  Message = "login.bad_credentials"
	MsgTooManyAttempts Message = "login.too_many_attempts"
)

// IAM users.
const (
	MsgIAMUserNameInvalid   Message = "iam.user_name_invalid"
	MsgIAMUserExists        Message = "iam.user_exists"
	MsgPolicyNameInvalid    Message = "iam.policy_name_invalid"
	MsgPolicyNameTaken      Message = "iam.policy_name_taken"
	MsgManagedPolicyUnknown Message = "iam.managed_policy_unknown"
	MsgAccountIDInvalid     Message = "account.account_id_invalid"
)

// Seller registration.
const (
	MsgDisplayNameInvalid  Message = "settings.display_name_invalid"
	MsgProfileDescTooLong  Message = "settings.profile_desc_too_long"
	MsgHTTPSURLInvalid     Message = "field.https_url_invalid"
	MsgPaidNeedsTaxAndBank Message = "settings.paid_needs_tax_and_bank"
	MsgBankBeforeTax       Message = "settings.bank_before_tax"
	MsgImageTooLarge       Message = "field.image_too_large"
	MsgImageType           Message = "field.image_type"
	MsgImageDimensions     Message = "field.image_dimensions"
)

// SageMaker resources, beyond their validation.
const (
	MsgResourceExists Message = "sagemaker.resource_exists"
	MsgResourceInUse  Message = "sagemaker.resource_in_use"
	// MsgImportFieldInvalid names the JSON field of an import that broke a
	// rule (Data: Field, and Rule, the rule's own message).
	MsgImportFieldInvalid Message = "sagemaker.import_field_invalid"
)
