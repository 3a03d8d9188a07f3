package search

import (
	"bytes"
	"encoding/binary"
	"slices"

	"github.com/mlportal/portal/domain"
)

// doc is a listing as the index keeps it: every field packed, each behind
// its length, into one byte slice (see packDoc). A byte slice holds no
// pointers, so the garbage collector marks a listing as one object without
// reading it. As a struct of strings and slices a listing was ten objects,
// two of them to scan: at 100,000 listings every collection followed a
// million pointers (30 ms of CPU, four times a second under load), and the
// 19 MiB an argon2id hash then allocated set one off every few hashes.
type doc []byte

// docMeta is a listing's filter and order attributes, kept apart from its
// doc: a search that matches thousands of listings reads these side by
// side in memory.
type docMeta struct {
	recency int64 // PublishedAt in nanoseconds: larger is newer
	kind    uint8 // index of Entry.Type in kinds
	pricing uint8 // index of Entry.Pricing in pricings
	private bool
}

// The fields of a doc, in the order packDoc writes them. Categories and
// Allowed are lists: a count, then their strings.
const (
	fieldProductID = iota
	fieldAccountID
	fieldTitle
	fieldShortDescription
	fieldType
	fieldPricing
	fieldPublishedAt // time.Time.MarshalBinary: the instant and its offset (UTC stays UTC)
	fieldWords       // as Spell writes them
	fieldCategories
	fieldAllowed
)

// packDoc packs a listing into its doc and metadata.
func packDoc(l Listing) (doc, docMeta) {
	e := l.Entry
	published, err := e.PublishedAt.MarshalBinary()
	if err != nil { // a time zone offset not in whole minutes: keep the instant
		published, _ = e.PublishedAt.UTC().MarshalBinary()
	}
	strs := []string{e.ProductID, e.AccountID, e.Title, e.ShortDescription, string(e.Type), string(e.Pricing), string(published), Spell(l.Terms)}
	size := 2 * binary.MaxVarintLen32
	for _, s := range slices.Concat(strs, e.Categories, l.Allowed) {
		size += binary.MaxVarintLen32 + len(s)
	}
	d := make([]byte, 0, size)
	for _, s := range strs {
		d = appendField(d, s)
	}
	for _, list := range [][]string{e.Categories, l.Allowed} {
		d = binary.AppendUvarint(d, uint64(len(list)))
		for _, s := range list {
			d = appendField(d, s)
		}
	}
	m := docMeta{recency: e.PublishedAt.UnixNano(), private: l.Private,
		kind: uint8(max(slices.Index(kinds, e.Type), 0)), pricing: uint8(max(slices.Index(pricings, e.Pricing), 0))}
	return slices.Clip(d), m
}

func appendField(d []byte, s string) []byte {
	return append(binary.AppendUvarint(d, uint64(len(s))), s...)
}

// docReader reads a doc's fields in order.
type docReader struct{ rest []byte }

// next returns the next field's bytes. A doc is only ever what packDoc
// wrote, so lengths are trusted.
func (r *docReader) next() []byte {
	n, k := binary.Uvarint(r.rest)
	f := r.rest[k : k+int(n)]
	r.rest = r.rest[k+int(n):]
	return f
}

// count reads a list's length.
func (r *docReader) count() int {
	n, k := binary.Uvarint(r.rest)
	r.rest = r.rest[k:]
	return int(n)
}

// list reads a list of strings, nil when empty, as a listing's entry has it.
func (r *docReader) list() []string {
	n := r.count()
	if n == 0 {
		return nil
	}
	out := make([]string, n)
	for i := range out {
		out[i] = string(r.next())
	}
	return out
}

// skipTo skips the fields before field, a string field's.
func (r *docReader) skipTo(field int) {
	for range field {
		r.next()
	}
}

// productID returns the listing's product ID, without copying it.
func (d doc) productID() []byte {
	r := docReader{d}
	return r.next()
}

// entry unpacks the listing's catalog entry.
func (d doc) entry() domain.CatalogEntry {
	r := docReader{d}
	e := domain.CatalogEntry{
		ProductID: string(r.next()), AccountID: string(r.next()), Title: string(r.next()), ShortDescription: string(r.next()),
		Type: domain.ResourceKind(r.next()), Pricing: domain.PricingModel(r.next()),
	}
	_ = e.PublishedAt.UnmarshalBinary(r.next())
	r.next() // words
	e.Categories = r.list()
	return e
}

// terms reads the listing's words back.
func (d doc) terms() []Term {
	r := docReader{d}
	r.skipTo(fieldWords)
	return ParseTerms(string(r.next()))
}

// categories returns the listing's categories.
func (d doc) categories() []string {
	r := docReader{d}
	r.skipTo(fieldCategories)
	return r.list()
}

// allows reports whether viewer is among the accounts a private listing is
// shown to.
func (d doc) allows(viewer string) bool {
	r := docReader{d}
	r.skipTo(fieldCategories)
	r.skipTo(r.count())
	for range r.count() {
		if string(r.next()) == viewer {
			return true
		}
	}
	return false
}

// compareIDs orders two docs by product ID.
func compareIDs(a, b doc) int { return bytes.Compare(a.productID(), b.productID()) }
