package domain

// BuyerActions is what a product's detail page offers its viewer. The page
// shows its notices and buttons by these booleans alone.
type BuyerActions struct {
	// IsPreview is set when the seller or a test account previews a
	// product in test.
	IsPreview bool
	// IsSubscribed is set while the viewer holds an active subscription;
	// IsTestSubscription when it was taken while the product was in test.
	IsSubscribed       bool
	IsTestSubscription bool
	// CanSubscribe offers the subscription form.
	CanSubscribe bool
	// CanCancel offers "Cancel subscription"; CancelIsFinal warns that the
	// product was removed, so a cancelled subscription can't be taken again.
	CanCancel     bool
	CancelIsFinal bool
	// CanConfigure offers "Continue to configuration".
	CanConfigure bool
}

// CanSubscribe says whether the viewer may subscribe to p now: a public
// product, or a product in test for the seller and its test accounts, to
// which the viewer does not subscribe already. A removed product takes no
// new subscriptions.
func (a Access) CanSubscribe(p *Product) error {
	switch {
	case p.Removed():
		return Errorf(ECONFLICT, MsgProductRemoved)
	case p.Status == StatusDraft || p.Status != StatusPublic && !a.Staged():
		return Errorf(ECONFLICT, MsgNotOpenForSubscription)
	case a.Subscribed():
		return Errorf(ECONFLICT, MsgAlreadySubscribed)
	}
	return nil
}

// Actions decides what p's detail page offers the viewer a describes.
func (a Access) Actions(p *Product) BuyerActions {
	subscribed := a.Subscribed()
	return BuyerActions{
		IsPreview:          a.Staged() && p.Status == StatusLimited,
		IsSubscribed:       subscribed,
		IsTestSubscription: subscribed && a.Subscription.Active() && a.Subscription.Test,
		CanSubscribe:       a.CanSubscribe(p) == nil,
		CanCancel:          subscribed,
		CancelIsFinal:      subscribed && p.Removed(),
		CanConfigure:       subscribed,
	}
}
