package domain

import (
	"context"
	"sort"
)

// ProductByID and PublicProducts complete the listing tests' fake for the
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

func (f *listingProductsFake) PublicProducts(context.Context) ([]Product, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []Product
	for _, p := range f.products {
		if p.Status == StatusPublic {
			out = append(out, p)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].UpdatedAt.After(out[j].UpdatedAt) })
	return out, nil
}
