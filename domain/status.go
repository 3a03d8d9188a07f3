package domain

// Tone is how a status badge stands out: the pages colour badges by it, so
// which statuses look alike is decided here, with the statuses.
type Tone string

// The tones of the Cloudscape status indicators.
const (
	ToneSuccess  Tone = "success"
	ToneInfo     Tone = "info"
	ToneInactive Tone = "inactive"
	TonePending  Tone = "pending"
)

// Names of the statuses, as the pages show them.
const (
	MsgStatusDraft      Message = "listing.status_draft"
	MsgStatusLimited    Message = "listing.status_limited"
	MsgStatusPublic     Message = "listing.status_public"
	MsgStatusRestricted Message = "listing.status_restricted"
	MsgStatusOther      Message = "history.status_other"
)

// Label names the status.
func (s ProductStatus) Label() Message {
	switch s {
	case StatusDraft:
		return MsgStatusDraft
	case StatusLimited:
		return MsgStatusLimited
	case StatusPublic:
		return MsgStatusPublic
	case StatusRestricted:
		return MsgStatusRestricted
	}
	return MsgStatusOther
}

// Tone is how the status's badge stands out: public is good news, in test
// is information, restricted is over, and a draft is still to be done.
func (s ProductStatus) Tone() Tone {
	switch s {
	case StatusPublic:
		return ToneSuccess
	case StatusLimited:
		return ToneInfo
	case StatusRestricted:
		return ToneInactive
	}
	return TonePending
}

// Label names the version status; versions share the product statuses'
// names.
func (s VersionStatus) Label() Message { return ProductStatus(s).Label() }

// Tone is how the version status's badge stands out.
func (s VersionStatus) Tone() Tone { return ProductStatus(s).Tone() }

// Unpublishes reports whether the change removed the product from AWS
// Marketplace: an UpdateVisibility to Restricted.
func (d ChangeDetails) Unpublishes() bool { return d.TargetVisibility == string(StatusRestricted) }
