package web_test

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/mlportal/portal/domain"
)

// eulaOf returns a plain-text EULA of about n bytes, in numbered clauses, so
// that any truncation shows.
func eulaOf(n int) []byte {
	var b bytes.Buffer
	b.WriteString("END USER LICENSE AGREEMENT\n")
	for i := 1; b.Len() < n; i++ {
		fmt.Fprintf(&b, "%d. You may use the model for clause %d.\n", i, i)
	}
	return b.Bytes()[:n]
}

// TestListingPricingLargeEULA uploads EULAs larger than one read: one just
// under the limit is stored whole, one over it is refused with what the
// seller typed kept.
func TestListingPricingLargeEULA(t *testing.T) {
	f := newEditorFixture(t)
	f.addLaunchOption(f.base, f.createModelPackage("sentiment", validModelPackage("sentiment")))
	completeSellerSettings(t, f.root)
	path := f.section("pricing")

	whole := eulaOf(domain.MaxEULABytes)
	whole[len(whole)-1] = '\n'
	v := pricingPrices()
	v.Set("pricing", "paid")
	v.Set("then", "close")
	expectRedirect(t, postSectionFiles(t, f.root, path, v, filePart{"eula", "eula.txt", "text/plain", whole}), f.base)
	if got := f.root.get(path).doc.Find("[data-testid=current-eula]").Text(); got != string(whole) {
		t.Fatalf("stored EULA has %d bytes ending %q, want %d bytes ending %q", len(got), tail(got), len(whole), tail(string(whole)))
	}

	v = pricingPrices()
	v.Set("pricing", "paid_trial")
	v.Set("trial_days", "30")
	v.Set("price.realtime.ml.c5.xlarge", "3.75")
	r := postSectionFiles(t, f.root, path, v, filePart{"eula", "eula.txt", "text/plain", eulaOf(domain.MaxEULABytes + 1)})
	expectOnlyFieldErrors(t, r, map[string]string{"eula": "The EULA file is larger than 256 KB."})
	if !checked(r, `input[name=pricing][value=paid_trial]`) || r.attr("#f-trial_days", "value") != "30" ||
		r.attr(`input[name="price.realtime.ml.c5.xlarge"]`, "value") != "3.75" {
		t.Error("what the seller typed is not kept beside the refused EULA")
	}
	if got := f.root.get(path).doc.Find("[data-testid=current-eula]").Text(); got != string(whole) {
		t.Error("a refused EULA replaced the stored one")
	}
}

func tail(s string) string { return s[max(0, len(s)-40):] }
