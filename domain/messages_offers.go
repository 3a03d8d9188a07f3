package domain

// Private offer and agreement messages.
const (
	MsgOfferNameTooLong     Message = "offers.name_too_long"
	MsgOfferProductNotLive  Message = "offers.product_not_live"
	MsgOfferBuyerInvalid    Message = "offers.buyer_invalid"
	MsgOfferBuyerIsSeller   Message = "offers.buyer_is_seller"
	MsgOfferBuyerUnknown    Message = "offers.buyer_unknown"
	MsgOfferBuyersTooMany   Message = "offers.buyers_too_many"
	MsgOfferExpiryInvalid   Message = "offers.expiry_invalid"
	MsgOfferExpiryPast      Message = "offers.expiry_past"
	MsgOfferExpiryTooFar    Message = "offers.expiry_too_far"
	MsgOfferDurationRange   Message = "offers.duration_range"
	MsgOfferExpired         Message = "offers.expired"
	MsgOfferAlreadyAccepted Message = "offers.already_accepted"
	MsgPricingNotPublic     Message = "offers.pricing_not_public"
	MsgPricingUnchanged     Message = "offers.pricing_unchanged"
)

// Fields of a private offer, named as the Catalog API's offer changes name
// them.
const (
	FieldOfferName     = "Offer.Name"
	FieldOfferProduct  = "Offer.ProductId"
	FieldOfferBuyers   = "Targeting.PositiveTargeting.BuyerAccounts"
	FieldOfferExpiry   = "Availability.AvailabilityEndDate"
	FieldOfferDuration = "Terms.ValidityTerm.AgreementDuration"
)
