package domain

// Listing editor messages.
const (
	MsgPrivacyRequired     Message = "listing.privacy_required"
	MsgPrivateIsForever    Message = "listing.private_is_forever"
	MsgHighlightsCount     Message = "listing.highlights_count"
	MsgHighlightTooLong    Message = "listing.highlight_too_long"
	MsgCategoriesCount     Message = "listing.categories_count"
	MsgCategoryUnknown     Message = "listing.category_unknown"
	MsgAccountListRequired Message = "listing.account_list_required"
	MsgAccountListTooLong  Message = "listing.account_list_too_long"
	MsgAccountListHasOwn   Message = "listing.account_list_has_own"
	MsgKeywordsTooMany     Message = "listing.keywords_too_many"
	MsgKeywordTooLong      Message = "listing.keyword_too_long"
	MsgLinksTooMany        Message = "listing.links_too_many"
	MsgLinkTitleInvalid    Message = "listing.link_title_invalid"
	MsgRegionsRequired     Message = "listing.regions_required"
	MsgRegionsFrozen       Message = "listing.regions_frozen"
	MsgTextTooLong         Message = "field.text_too_long"
	MsgChangedSinceOpened  Message = "listing.changed_since_opened"

	MsgARNMalformed      Message = "listing.arn_malformed"
	MsgARNNotSageMaker   Message = "listing.arn_not_sagemaker"
	MsgARNResourceType   Message = "listing.arn_resource_type"
	MsgARNForeignAccount Message = "listing.arn_foreign_account"
	MsgARNNotFound       Message = "listing.arn_not_found"
	MsgARNNotListable    Message = "listing.arn_not_listable"
	MsgARNNotAllowed     Message = "listing.arn_not_allowed"
	MsgARNInUse          Message = "listing.arn_in_use"
	MsgARNTypeMismatch   Message = "listing.arn_type_mismatch"

	MsgVersionNumberInvalid Message = "listing.version_number_invalid"
	MsgVersionNumberTaken   Message = "listing.version_number_taken"
	MsgVersionNumberFrozen  Message = "listing.version_number_frozen"
	MsgSampleOutputRequired Message = "listing.sample_output_required"
	MsgInstanceNotSupported Message = "listing.instance_not_supported"
	MsgTooManyParameters    Message = "listing.too_many_parameters"
	MsgParameterDuplicate   Message = "listing.parameter_duplicate"

	MsgPricingRequired Message = "listing.pricing_required"
	MsgPriceInvalid    Message = "listing.price_invalid"
	MsgPriceDuplicate  Message = "listing.price_duplicate"
	MsgTrialDaysRange  Message = "listing.trial_days_range"
	MsgEULARequired    Message = "listing.eula_required"
	MsgEULATooLarge    Message = "listing.eula_too_large"
	MsgEULANotText     Message = "listing.eula_not_text"

	MsgCheckProfile       Message = "listing.check_profile"
	MsgCheckGeneral       Message = "listing.check_general"
	MsgCheckLogo          Message = "listing.check_logo"
	MsgCheckSupport       Message = "listing.check_support"
	MsgCheckRegions       Message = "listing.check_regions"
	MsgCheckLaunchOption  Message = "listing.check_launch_option"
	MsgCheckVersion       Message = "listing.check_version"
	MsgCheckOffer         Message = "listing.check_offer"
	MsgCheckPaidReadiness Message = "listing.check_paid_readiness"
	MsgCheckPrices        Message = "listing.check_prices"
	MsgCheckEULA          Message = "listing.check_eula"

	MsgPublishingInProgress Message = "publish.in_progress"
	MsgCannotSubmitNow      Message = "publish.cannot_submit_now"
	MsgAlreadyPublic        Message = "publish.already_public"
	MsgSignOffNeedsLimited  Message = "publish.sign_off_needs_limited"
	MsgSignOffPending       Message = "publish.sign_off_pending"
	MsgNothingToSubmit      Message = "publish.nothing_to_submit"
	MsgNothingToStage       Message = "publish.nothing_to_stage"
	MsgSubmitIncomplete     Message = "publish.submit_incomplete"

	MsgNotOpenForSubscription Message = "buyer.not_open_for_subscription"
	MsgAcceptEULA             Message = "buyer.accept_eula_required"
	MsgAlreadySubscribed      Message = "buyer.already_subscribed"
	MsgNotSubscribed          Message = "buyer.not_subscribed"
	MsgVersionNotOffered      Message = "buyer.version_not_offered"
	MsgRegionNotOffered       Message = "buyer.region_not_offered"
	MsgMethodNotOffered       Message = "buyer.method_not_offered"
)

// Seller Operations.
const (
	MsgAlreadyDecided Message = "operations.already_decided"
)

// Catalog search.
const (
	MsgSearchTooLong  Message = "buyer.search_too_long"
	MsgFilterUnknown  Message = "buyer.filter_unknown"
	MsgPageOutOfRange Message = "buyer.page_out_of_range"
)

// Updating a published product.
const (
	MsgChooseVersionsToRestrict Message = "versions.choose_to_restrict"
	MsgVersionNotRestrictable   Message = "versions.not_restrictable"
	MsgLastPublicVersion        Message = "versions.last_public"
	MsgRestrictNeedsPublic      Message = "versions.restrict_needs_public"
	MsgUnpublishNeedsPublic     Message = "unpublish.needs_public"
	MsgAlreadyRemoved           Message = "unpublish.already_removed"
	MsgReasonTooLong            Message = "unpublish.reason_too_long"
	MsgReplacementInvalid       Message = "unpublish.replacement_invalid"
	MsgProductRemoved           Message = "buyer.product_removed"
	// MsgResourceSupported refuses deleting a resource whose removed
	// product still has subscribers (Data: Until).
	MsgResourceSupported Message = "sagemaker.resource_supported"
)
