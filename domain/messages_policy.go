package domain

// User-facing messages of the IAM policy editor. Errors from ParsePolicy
// carry "Line" and "Column" (1-based, as the user sees the textarea) or
// "Index" (the 1-based statement number) in their Data.
const (
	MsgPolicyEmpty          Message = "iam.policy_empty"
	MsgPolicyTooLarge       Message = "iam.policy_too_large"
	MsgPolicyInvalidJSON    Message = "iam.policy_invalid_json"
	MsgPolicyNotObject      Message = "iam.policy_not_object"
	MsgPolicyUnknownField   Message = "iam.policy_unknown_field"
	MsgPolicyDuplicateField Message = "iam.policy_duplicate_field"
	MsgPolicyWrongType      Message = "iam.policy_wrong_type"
	MsgPolicyVersion        Message = "iam.policy_version"
	MsgPolicyNoStatement    Message = "iam.policy_no_statement"
	MsgPolicyEffect         Message = "iam.policy_effect"
	MsgPolicyNoAction       Message = "iam.policy_no_action"
	MsgPolicyActionFormat   Message = "iam.policy_action_format"
	MsgPolicyNoResource     Message = "iam.policy_no_resource"
	MsgPolicyResourceFormat Message = "iam.policy_resource_format"
)

// Descriptions of the AWS managed policies, shown beside their names. The
// IDs end in "_description" rather than ".description" because go-i18n
// reserves "description" as the last segment of an ID.
const (
	MsgManagedSellerFullDescription          Message = "iam.managed_seller_full_description"
	MsgManagedSellerProductsReadDescription  Message = "iam.managed_seller_products_read_only_description"
	MsgManagedSageMakerReadDescription       Message = "iam.managed_sagemaker_read_only_description"
	MsgManagedSageMakerFullDescription       Message = "iam.managed_sagemaker_full_description"
	MsgManagedIAMFullDescription             Message = "iam.managed_iam_full_description"
	MsgManagedManageSubscriptionsDescription Message = "iam.managed_manage_subscriptions_description"
	MsgManagedMarketplaceReadDescription     Message = "iam.managed_marketplace_read_only_description"
)
