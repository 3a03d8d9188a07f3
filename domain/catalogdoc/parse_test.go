package catalogdoc_test

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mlportal/portal/domain/catalogdoc"
)

// example is one change of a testdata file.
type example struct {
	Source          string          `json:"_source"`
	ChangeType      string          `json:"ChangeType"`
	DetailsDocument json.RawMessage `json:"DetailsDocument"`
}

func readExample(t *testing.T, name string) example {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	var e example
	if err := json.Unmarshal(b, &e); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if e.Source == "" {
		t.Fatalf("%s has no _source", name)
	}
	return e
}

func TestParseChangeAWSExamples(t *testing.T) {
	tests := []struct {
		file  string
		check func(t *testing.T, c catalogdoc.Change)
	}{
		{"create-product.json", func(t *testing.T, c catalogdoc.Change) {
			if c.(*catalogdoc.CreateProduct).ProductTitle != nil {
				t.Error("title")
			}
		}},
		{"shape-update-information.json", func(t *testing.T, c catalogdoc.Change) {
			u := c.(*catalogdoc.UpdateInformation)
			if *u.ProductTitle != "Sentiment Analyzer" || len(*u.Highlights) != 2 || (*u.AdditionalResources)[0].Text != "Documentation" {
				t.Errorf("%+v", u)
			}
		}},
		{"shape-update-targeting.json", func(t *testing.T, c catalogdoc.Change) {
			if got := c.(*catalogdoc.UpdateTargeting).PositiveTargeting.BuyerAccounts; len(got) != 2 {
				t.Errorf("%v", got)
			}
		}},
		{"add-delivery-options-algorithm.json", func(t *testing.T, c catalogdoc.Change) {
			u := c.(*catalogdoc.AddDeliveryOptions)
			a := u.DeliveryOptions[0].Details.SageMakerAlgorithmDeliveryOptionDetails
			if *u.Version.VersionTitle != "version 1.1" || !strings.HasSuffix(*a.SageMakerAlgorithmArn, "1552343220") ||
				*a.RecommendedInstanceTypes.Training != "ml.m4.large" || len(*a.InputProperties.Parameters) != 2 ||
				!(*a.OutputProperties.Parameters)[0].AlwaysReturned {
				t.Errorf("%+v", a)
			}
		}},
		{"update-delivery-options.json", func(t *testing.T, c catalogdoc.Change) {
			u := c.(*catalogdoc.UpdateDeliveryOptions)
			m := u.DeliveryOptions[0].Details.SageMakerModelPackageDeliveryOptionDetails
			if m == nil || *m.RecommendedInstanceTypes.BatchTransform != "ml.m4.large" || *u.Version.ReleaseNotes == "" {
				t.Errorf("%+v", u)
			}
		}},
		{"restrict-delivery-options.json", func(t *testing.T, c catalogdoc.Change) {
			if got := c.(*catalogdoc.RestrictDeliveryOptions).DeliveryOptionIds; len(got) != 1 {
				t.Errorf("%v", got)
			}
		}},
		{"shape-update-visibility.json", func(t *testing.T, c catalogdoc.Change) {
			if u := c.(*catalogdoc.UpdateVisibility); u.TargetVisibility != "Restricted" || *u.ReplacementProductId != "prod-zyxwvutsrq987" {
				t.Errorf("%+v", u)
			}
		}},
		{"release-product.json", func(t *testing.T, c catalogdoc.Change) {}},
		{"update-pricing-terms.json", func(t *testing.T, c catalogdoc.Change) {
			u := c.(*catalogdoc.UpdatePricingTerms)
			if u.PricingModel != "Usage" || len(u.Usage.RateCards[0].RateCard) != 7 || u.FreeTrial.Duration != "P30D" ||
				u.Usage.RateCards[0].RateCard[0].Price.String() != "0.1" {
				t.Errorf("%+v", u)
			}
		}},
		{"update-legal-terms.json", func(t *testing.T, c catalogdoc.Change) {
			if d := c.(*catalogdoc.UpdateLegalTerms).Terms[0].Documents[0]; d.Type != "CustomEula" {
				t.Errorf("%+v", d)
			}
		}},
	}
	seen := map[string]bool{}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			e := readExample(t, tt.file)
			c, err := catalogdoc.ParseChange(e.ChangeType, e.DetailsDocument)
			if err != nil {
				t.Fatalf("%v", err)
			}
			if c.ChangeType() != e.ChangeType {
				t.Fatalf("type %s", c.ChangeType())
			}
			seen[e.ChangeType] = true
			tt.check(t, c)
		})
	}
	for _, typ := range catalogdoc.ChangeTypes() {
		if !seen[typ] {
			t.Errorf("no example of %s", typ)
		}
	}
}

func TestParseChangeRefusals(t *testing.T) {
	long := func(n int) string { return strings.Repeat("a", n) }
	tests := []struct {
		name, changeType, details string
		code, inMessage           string
	}{
		{"unknown change type", "UpdateEverything", `{}`, catalogdoc.CodeInvalidChangeType, "ChangeType"},
		{"unknown field", "UpdateInformation", `{"ProductTitel":"x"}`, catalogdoc.CodeUnknownField, `"ProductTitel"`},
		{"unknown nested field", "AddDeliveryOptions", `{"Version":{"VersionTitle":"1","ReleaseNotes":"n","Color":"red"}}`,
			catalogdoc.CodeUnknownField, `"Color"`},
		{"wrong type", "UpdateInformation", `{"ProductTitle":7}`, catalogdoc.CodeInvalidInput, "Details.ProductTitle"},
		{"wrong list type", "UpdateInformation", `{"Highlights":"Fast"}`, catalogdoc.CodeInvalidInput, "Details.Highlights"},
		{"malformed", "UpdateInformation", `{"ProductTitle":`, catalogdoc.CodeInvalidInput, "Details"},
		{"trailing data", "ReleaseProduct", `{} {}`, catalogdoc.CodeInvalidInput, "Details"},
		{"title over 72", "UpdateInformation", `{"ProductTitle":"` + long(73) + `"}`, catalogdoc.CodeInvalidInput,
			"Details.ProductTitle: must have at most 72"},
		{"create title over 72", "CreateProduct", `{"ProductTitle":"` + long(73) + `"}`, catalogdoc.CodeInvalidInput, "Details.ProductTitle"},
		{"short description over 1000", "UpdateInformation", `{"ShortDescription":"` + long(1001) + `"}`,
			catalogdoc.CodeInvalidInput, "Details.ShortDescription"},
		{"four highlights", "UpdateInformation", `{"Highlights":["a","b","c","d"]}`, catalogdoc.CodeInvalidInput, "Details.Highlights"},
		{"highlight over 500", "UpdateInformation", `{"Highlights":["` + long(501) + `"]}`, catalogdoc.CodeInvalidInput, "Details.Highlights[0]"},
		{"16 keywords", "UpdateInformation", `{"SearchKeywords":["1","2","3","4","5","6","7","8","9","10","11","12","13","14","15","16"]}`,
			catalogdoc.CodeInvalidInput, "Details.SearchKeywords"},
		{"keyword over 50", "UpdateInformation", `{"SearchKeywords":["` + long(51) + `"]}`, catalogdoc.CodeInvalidInput, "Details.SearchKeywords[0]"},
		{"video not https", "UpdateInformation", `{"VideoUrls":["http://example.com/v"]}`, catalogdoc.CodeInvalidInput, "Details.VideoUrls[0]"},
		{"associated products", "UpdateInformation", `{"AssociatedProducts":["prod-abcdefghij123"]}`, catalogdoc.CodeInvalidInput,
			"Details.AssociatedProducts"},
		{"targeting without accounts", "UpdateTargeting", `{}`, catalogdoc.CodeMissingRequiredField, "BuyerAccounts"},
		{"targeting bad account", "UpdateTargeting", `{"PositiveTargeting":{"BuyerAccounts":["12345"]}}`, catalogdoc.CodeInvalidInput,
			"BuyerAccounts[0]"},
		{"add without version", "AddDeliveryOptions", `{"DeliveryOptions":[]}`, catalogdoc.CodeMissingRequiredField, "Details.Version"},
		{"add two options", "AddDeliveryOptions", `{"Version":{"VersionTitle":"1","ReleaseNotes":"n"},"DeliveryOptions":[{},{}]}`,
			catalogdoc.CodeInvalidInput, "Details.DeliveryOptions"},
		{"add version title over 64", "AddDeliveryOptions", `{"Version":{"VersionTitle":"` + long(65) + `","ReleaseNotes":"n"}}`,
			catalogdoc.CodeInvalidInput, "Details.Version.VersionTitle"},
		{"add bad arn", "AddDeliveryOptions", addWith(`"SageMakerModelPackageArn":"arn:aws:sagemaker:us-east-1:111122223333:endpoint/x"`),
			catalogdoc.CodeInvalidInput, "SageMakerModelPackageArn"},
		{"add instance over 24", "AddDeliveryOptions", strings.Replace(addWith(`"SageMakerModelPackageArn":"arn:aws:sagemaker:us-east-1:111122223333:model-package/x"`),
			`"RealtimeInference":"ml.m5.large"`, `"RealtimeInference":"`+long(25)+`"`, 1), catalogdoc.CodeInvalidInput,
			"RecommendedInstanceTypes.RealtimeInference"},
		{"add model with training", "AddDeliveryOptions", strings.Replace(addWith(`"SageMakerModelPackageArn":"arn:aws:sagemaker:us-east-1:111122223333:model-package/x"`),
			`"BatchTransform":"ml.m5.large"`, `"BatchTransform":"ml.m5.large","Training":"ml.m5.large"`, 1), catalogdoc.CodeUnknownField, `"Training"`},
		{"update bad id", "UpdateDeliveryOptions", `{"DeliveryOptions":[{"Id":"version-1"}]}`, catalogdoc.CodeInvalidInput, "Details.DeliveryOptions[0].Id"},
		{"restrict none", "RestrictDeliveryOptions", `{"DeliveryOptionIds":[]}`, catalogdoc.CodeInvalidInput, "Details.DeliveryOptionIds"},
		{"visibility unknown", "UpdateVisibility", `{"TargetVisibility":"Draft"}`, catalogdoc.CodeInvalidInput, "Details.TargetVisibility"},
		{"visibility missing", "UpdateVisibility", `{}`, catalogdoc.CodeMissingRequiredField, "Details.TargetVisibility"},
		{"replacement when public", "UpdateVisibility", `{"TargetVisibility":"Public","ReplacementProductId":"prod-abcdefghij123"}`,
			catalogdoc.CodeInvalidInput, "ReplacementProductId"},
		{"release with details", "ReleaseProduct", `{"Now":true}`, catalogdoc.CodeUnknownField, `"Now"`},
		{"free with terms", "UpdatePricingTerms", `{"PricingModel":"Free","Terms":[{"Type":"FreeTrialPricingTerm","Duration":"P5D","Grants":[]}]}`,
			catalogdoc.CodeInvalidInput, "Details.Terms"},
		{"contract", "UpdatePricingTerms", `{"PricingModel":"Contract"}`, catalogdoc.CodeInvalidInput, "Details.PricingModel"},
		{"usage in euros", "UpdatePricingTerms", `{"PricingModel":"Usage","Terms":[{"Type":"UsageBasedPricingTerm","CurrencyCode":"EUR","RateCards":[{"RateCard":[]}]}]}`,
			catalogdoc.CodeInvalidInput, "CurrencyCode"},
		{"unknown term", "UpdatePricingTerms", `{"PricingModel":"Usage","Terms":[{"Type":"FixedUpfrontPricingTerm"}]}`,
			catalogdoc.CodeInvalidInput, "Details.Terms[0].Type"},
		{"unknown term field", "UpdatePricingTerms", `{"PricingModel":"Usage","Terms":[{"Type":"UsageBasedPricingTerm","CurrencyCode":"USD","Rate":1}]}`,
			catalogdoc.CodeUnknownField, `"Rate"`},
		{"price as word", "UpdatePricingTerms", `{"PricingModel":"Usage","Terms":[{"Type":"UsageBasedPricingTerm","CurrencyCode":"USD","RateCards":[{"RateCard":[{"DimensionKey":"ml.m5.large.m.i.r","Price":"cheap"}]}]}]}`,
			catalogdoc.CodeInvalidInput, "Details.Terms[0]"},
		{"trial in weeks", "UpdatePricingTerms", `{"PricingModel":"Usage","Terms":[{"Type":"UsageBasedPricingTerm","CurrencyCode":"USD","RateCards":[{"RateCard":[]}]},{"Type":"FreeTrialPricingTerm","Duration":"P2W","Grants":[{"DimensionKey":"x"}]}]}`,
			catalogdoc.CodeInvalidInput, "Duration"},
		{"legal data agreement", "UpdateLegalTerms", `{"Terms":[{"Type":"LegalTerm","Documents":[{"Type":"StandardDsa"}]}]}`,
			catalogdoc.CodeInvalidInput, "Documents[0].Type"},
		{"legal custom without url", "UpdateLegalTerms", `{"Terms":[{"Type":"LegalTerm","Documents":[{"Type":"CustomEula"}]}]}`,
			catalogdoc.CodeMissingRequiredField, "Documents[0].Url"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := catalogdoc.ParseChange(tt.changeType, json.RawMessage(tt.details))
			var ce *catalogdoc.ChangeError
			if !errors.As(err, &ce) {
				t.Fatalf("err %v, want a ChangeError", err)
			}
			if ce.Code != tt.code || !strings.Contains(ce.Message, tt.inMessage) {
				t.Errorf("got %s %q, want %s with %q", ce.Code, ce.Message, tt.code, tt.inMessage)
			}
		})
	}
}

// addWith is a complete model package AddDeliveryOptions with arn as its
// ARN member.
func addWith(arn string) string {
	return `{"Version":{"VersionTitle":"1.0","ReleaseNotes":"First."},"DeliveryOptions":[{"Details":{"SageMakerModelPackageDeliveryOptionDetails":{` +
		arn + `,"AccessRoleArn":"arn:aws:iam::111122223333:role/Ingest","UsageInstructions":"Use it.",` +
		`"SampleNotebookUrl":"https://www.example.com/nb","RepositoryUrl":"https://www.example.com/repo",` +
		`"InputProperties":{"Description":"CSV rows."},"OutputProperties":{"Description":"JSON.","SampleOutput":{"RealtimeInferenceText":"{}"}},` +
		`"RecommendedInstanceTypes":{"BatchTransform":"ml.m5.large","RealtimeInference":"ml.m5.large"}}}}]}`
}

func TestResolveReferences(t *testing.T) {
	resolved := map[string]string{"CreateProductChange": "prod-abcdefghij123"}
	tests := []struct {
		name, in, want, code string
	}{
		{"no reference", `{"A": "$x"}`, `{"A": "$x"}`, ""},
		{"top level", `{"ProductId":"$CreateProductChange.Entity.Identifier"}`, `{"ProductId":"prod-abcdefghij123"}`, ""},
		{"nested in a list", `{"L":[{"Id":"$CreateProductChange.Entity.Identifier","N":0.10}]}`,
			`{"L":[{"Id":"prod-abcdefghij123","N":0.10}]}`, ""},
		{"inside a longer string stays", `{"T":"see $CreateProductChange.Entity.Identifier"}`,
			`{"T":"see $CreateProductChange.Entity.Identifier"}`, ""},
		{"unknown name", `{"ProductId":"$CreateOfferChange.Entity.Identifier"}`, "", catalogdoc.CodeInvalidReference},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := catalogdoc.ResolveReferences(json.RawMessage(tt.in), resolved)
			if tt.code != "" {
				var ce *catalogdoc.ChangeError
				if !errors.As(err, &ce) || ce.Code != tt.code || !strings.Contains(ce.Message, "Details.ProductId") {
					t.Fatalf("err %v, want %s naming the field", err, tt.code)
				}
				return
			}
			if err != nil || string(got) != tt.want {
				t.Fatalf("got %s (%v), want %s", got, err, tt.want)
			}
		})
	}
	if id, err := catalogdoc.ResolveEntity("$CreateProductChange.Entity.Identifier", resolved); err != nil || id != "prod-abcdefghij123" {
		t.Errorf("entity %q %v", id, err)
	}
	if _, err := catalogdoc.ResolveEntity("$Nope.Entity.Identifier", resolved); err == nil {
		t.Error("unknown entity reference accepted")
	}
}

func TestIdentifiers(t *testing.T) {
	id := catalogdoc.DeliveryOptionID(42)
	if n, ok := catalogdoc.ParseDeliveryOptionID(id); !ok || n != 42 || len(id) != 36 {
		t.Errorf("%s -> %d %v", id, n, ok)
	}
	if _, ok := catalogdoc.ParseDeliveryOptionID(catalogdoc.VersionID(42)); ok {
		t.Error("a version Id read as a delivery option Id")
	}
	for in, want := range map[string]int{"prod-abcdefghij123": -1, "prod-abcdefghij123@7": 7} {
		if got, rev, ok := catalogdoc.ParseEntityIdentifier(in); !ok || got != "prod-abcdefghij123" || rev != want {
			t.Errorf("%s: %s %d %v", in, got, rev, ok)
		}
	}
	for _, bad := range []string{"prod-x", "prod-abcdefghij123@", "prod-abcdefghij123@-1", "prod-abcdefghij123@01"} {
		if _, _, ok := catalogdoc.ParseEntityIdentifier(bad); ok {
			t.Errorf("%s accepted", bad)
		}
	}
}
