package web

import "github.com/mlportal/portal/domain"

// Messages raised by the web layer itself. Like the domain's, each is a key of
// every translation catalog.
const (
	msgCSRFInvalid           domain.Message = "error.csrf_invalid"
	msgBodyTooLarge          domain.Message = "error.body_too_large"
	msgBadRequest            domain.Message = "error.bad_request"
	msgMethodNotAllowed      domain.Message = "error.method_not_allowed"
	msgSignedOut             domain.Message = "auth.signed_out"
	msgLanguageNotOffered    domain.Message = "app.language_not_offered"
	msgIAMUserCreated        domain.Message = "iam.user_created"
	msgIAMUserDeleted        domain.Message = "iam.user_deleted"
	msgPolicyAttached        domain.Message = "iam.policy_attached"
	msgPolicyDetached        domain.Message = "iam.policy_detached"
	msgProfileSaved          domain.Message = "settings.profile_saved"
	msgTaxSaved              domain.Message = "settings.tax_saved"
	msgBankSaved             domain.Message = "settings.bank_saved"
	msgResourceCreated       domain.Message = "sagemaker.resource_created"
	msgResourceDeleted       domain.Message = "sagemaker.resource_deleted"
	msgListingCreated        domain.Message = "listing.created"
	msgListingSaved          domain.Message = "listing.saved"
	msgVersionAdded          domain.Message = "listing.version_added"
	msgSubmitted             domain.Message = "publish.submitted"
	msgPublished             domain.Message = "publish.published"
	msgRestrictionChosen     domain.Message = "versions.restriction_chosen"
	msgUnpublished           domain.Message = "unpublish.done"
	msgSubscribed            domain.Message = "buyer.subscribed_flash"
	msgSubscriptionCancelled domain.Message = "buyer.subscription_cancelled"
	msgRequestApproved       domain.Message = "operations.approved_flash"
	msgRequestRejected       domain.Message = "operations.rejected_flash"
	msgRequestFiled          domain.Message = "operations.filed_flash"
)
