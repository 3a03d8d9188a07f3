package web_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/mlportal/portal/domain"
)

// historyRow is one change set of the overview's history as a reader sees
// it, with the change types its items carry.
type historyRow struct {
	when, who, what string
	types           []string
}

func historyRows(r *response) []historyRow {
	var rows []historyRow
	r.doc.Find("[data-testid=product-history] tbody tr").Each(func(_ int, tr *goquery.Selection) {
		row := historyRow{when: strings.TrimSpace(tr.Find("[data-testid=history-when]").Text()),
			who: strings.TrimSpace(tr.Find("[data-testid=history-who]").Text())}
		var what []string
		tr.Find("[data-testid=history-what] li").Each(func(_ int, li *goquery.Selection) {
			typ, _ := li.Attr("data-change-type")
			row.types = append(row.types, typ)
			what = append(what, strings.Join(strings.Fields(li.Text()), " "))
		})
		row.what = strings.Join(what, " | ")
		rows = append(rows, row)
	})
	return rows
}

// TestOverviewHistoryInWords walks a product through publication, a new
// version and a restriction, then reads its history in English and French:
// one row per change set, newest first, saying what changed in the page's
// language, never a Catalog API type name nor an English status on a
// French page.
func TestOverviewHistoryInWords(t *testing.T) {
	env := newEnv(t)
	f := updPublic(t, env)
	v1 := updVersionRows(t, f.versionsPage())["1.0"]["id"]
	f.addVersion("sentiment-v2", "2.0")
	f.submitAndStage("")
	f.signOff()
	f.addVersion("sentiment-v3", "3.0")
	expectRedirect(t, f.restrict(updRevision(t, f.versionsPage()), v1), f.base+"/versions")
	f.submitAndStage("")
	root := "arn:aws:iam::" + f.accountID + ":root"

	tests := []struct {
		lang string
		// newest lists the words of the newest change sets, newest first.
		newest []string
		// somewhere are words of older change sets.
		somewhere []string
		// never are words that must not appear, besides the type names.
		never []string
	}{
		{"en",
			[]string{
				"Put the submission in test Version 3.0 is now in test (Limited); version 1.0 is restricted",
				"Submitted for publishing",
				"Chose versions to restrict Version 1.0 will be restricted at the next submission",
				"Updated a version", "Updated a version", "Updated a version", "Updated a version", "Updated a version",
				"Added a version",
				"Signed off and published Version 2.0 is now public",
				"Put the submission in test Version 2.0 is now in test (Limited)",
			},
			[]string{"Created the listing", "Updated the product information", "Signed off and published Version 1.0 is now public",
				"Put the submission in test Version 1.0 is now in test (Limited)", "Updated the pricing | Updated the end user license agreement"},
			nil},
		{"fr",
			[]string{
				"Soumission mise en test La version 3.0 est maintenant en test (Limité) ; la version 1.0 est restreinte",
				"Soumis pour publication",
				"Versions à restreindre choisies La version 1.0 sera restreinte à la prochaine soumission",
				"Version mise à jour", "Version mise à jour", "Version mise à jour", "Version mise à jour", "Version mise à jour",
				"Version ajoutée",
				"Validé et publié La version 2.0 est maintenant publique",
				"Soumission mise en test La version 2.0 est maintenant en test (Limité)",
			},
			[]string{"Annonce créée", "Informations du produit mises à jour", "Validé et publié La version 1.0 est maintenant publique",
				"Tarification mise à jour | Contrat de licence utilisateur final mis à jour"},
			[]string{"Limited", "Restricted", "version 1.0 is", "Updated"}},
	}
	types := []string{domain.ChangeCreateProduct, domain.ChangeUpdateInformation, domain.ChangeUpdateTargeting,
		domain.ChangeAddDeliveryOptions, domain.ChangeUpdateDeliveryOptions, domain.ChangeRestrictDeliveryOptions,
		domain.ChangeUpdatePricingTerms, domain.ChangeUpdateLegalTerms, domain.ChangeUpdateVisibility,
		domain.ChangeReleaseProduct, domain.ChangeSubmitForPublishing, "{", "TargetVisibility"}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			f.root.header.Set("Accept-Language", tt.lang)
			defer f.root.header.Del("Accept-Language")
			r := f.root.get(f.base)
			if got := r.attr("html", "lang"); got != tt.lang {
				t.Fatalf("page language %q, want %q", got, tt.lang)
			}
			rows := historyRows(r)
			if len(rows) < len(tt.newest)+len(tt.somewhere) {
				t.Fatalf("history has %d change sets: %+v", len(rows), rows)
			}
			for i, want := range tt.newest {
				if rows[i].what != want {
					t.Errorf("change set %d says %q, want %q", i, rows[i].what, want)
				}
			}
			all := make([]string, len(rows))
			for i, row := range rows {
				all[i] = row.what
				wantWho := root
				if slices.Equal(row.types, []string{domain.ChangeUpdateVisibility}) {
					wantWho = domain.SystemActor // a staging
				}
				if row.who != wantWho {
					t.Errorf("change set %d (%q) by %q, want %q", i, row.what, row.who, wantWho)
				}
				if i > 0 && row.when > rows[i-1].when {
					t.Errorf("change set %d at %s is newer than the one above it, at %s", i, row.when, rows[i-1].when)
				}
			}
			for _, want := range tt.somewhere {
				if !slices.Contains(all, want) {
					t.Errorf("no change set says %q in %q", want, all)
				}
			}
			shown := r.text("[data-testid=product-history]")
			for _, word := range append(types, tt.never...) {
				if strings.Contains(shown, word) {
					t.Errorf("the history shows %q: %q", word, shown)
				}
			}
		})
	}
}
