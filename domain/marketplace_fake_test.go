package domain

import "context"

// ProductByID completes the listing tests' fake for the
// marketplace's needs.
func (f *listingProductsFake) ProductByID(_ context.Context, id string) (*Product, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	p, ok := f.products[id]
	if !ok {
		return nil, Errorf(ENOTFOUND, MsgNotFound)
	}
	return &p, nil
}
