package catalogdoc_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/domain/catalogdoc"
)

// TestApplyAlgorithmExample applies AWS's published algorithm
// AddDeliveryOptions example to an algorithm the seller owns, with the
// ARN and instance types made the seller's and the sample input given as a
// URL (the portal keeps sample inputs as URLs), and reads it back through
// DescribeEntity's document.
func TestApplyAlgorithmExample(t *testing.T) {
	s := newSeller(t)
	ctx := t.Context()
	r, err := s.core.CreateSageMakerResource(ctx, s.pr, domain.SageMakerResource{Kind: domain.KindAlgorithm, Name: "trees",
		Region: "us-east-2", RealtimeInstanceTypes: []string{"ml.m5.large"}, BatchInstanceTypes: []string{"ml.m5.large"},
		TrainingInstanceTypes: []string{"ml.m5.xlarge"}, ContentTypes: []string{"text/csv"}, ResponseMIMETypes: []string{"application/json"},
		TrainingChannels: []domain.TrainingChannel{{Name: "training", Required: true, ContentTypes: []string{"text/csv"},
			CompressionTypes: []string{"None"}, InputModes: []string{"File"}}},
		CertifiedForMarketplace: true, ValidationStatus: domain.ValidationCompleted})
	must(t, err)
	e := readExample(t, "add-delivery-options-algorithm.json")
	details := strings.NewReplacer(
		"arn:aws:sagemaker:us-east-2:605142612156:algorithm/scikit-decision-trees-1552343220", r.ARN(),
		`"RealtimeInferenceText": "{\"prompt\":\"Write summary\", \"maxTokens\": 1 }"`, `"RealtimeInferenceUrl": "https://www.sampleData.com/in"`,
		`"BatchTransform": "ml.m4.large"`, `"BatchTransform": "ml.m5.large"`,
		`"RealtimeInference": "ml.m4.large"`, `"RealtimeInference": "ml.m5.large"`,
		`"Training": "ml.m4.large"`, `"Training": "ml.m5.xlarge"`,
	).Replace(string(e.DetailsDocument))
	s.run(t, []step{
		{"CreateProduct", "CreateProductChange", "", `{}`},
		{e.ChangeType, "", ref, details},
	})
	products, err := s.core.Products(ctx, s.pr)
	must(t, err)
	p, versions, resources, err := s.core.ProductVersions(ctx, s.pr, products[0].ID)
	must(t, err)
	if p.Type != domain.KindAlgorithm || len(versions) != 1 {
		t.Fatalf("product %s with %d versions", p.Type, len(versions))
	}
	v := versions[0]
	if v.Number != "version 1.1" || v.AlgorithmOverview != "This is how you use your algorithm" || v.RecommendedTraining != "ml.m5.xlarge" ||
		len(v.CustomAttributes) != 1 || v.CustomAttributes[0].Name != "threshold" || len(v.Input.Parameters) != 2 ||
		v.Output.SampleURL != "https://www.sampledata.com" || !v.Output.Parameters[0].Required {
		t.Fatalf("version %+v", v)
	}
	doc, err := catalogdoc.EntityDocument(p, versions, resources, catalogdoc.EntityOptions{})
	must(t, err)
	o := doc.Versions[0].DeliveryOptions[0]
	if o.Type != catalogdoc.DeliveryTypeAlgorithm || doc.Versions[0].Sources[0].AlgorithmArn != r.ARN() ||
		o.Instructions.Usage != v.AlgorithmOverview || o.RecommendedInstanceTypes.Training != "ml.m5.xlarge" ||
		o.SupportedInstanceTypes.Training[0] != "ml.m5.xlarge" ||
		o.Instructions.InputProperties.SageMakerCustomAttributes[0].Name != "threshold" {
		t.Errorf("delivery option %+v", o)
	}
	keys := map[string]bool{}
	for _, d := range doc.Dimensions {
		keys[d.Key] = true
	}
	if !keys["ml.m5.xlarge.a.t"] || !keys["ml.m5.large.m.i.r"] || !keys["ml.m5.large.m.i.b"] {
		t.Errorf("dimensions %v", keys)
	}
	b, err := json.Marshal(doc.Versions[0])
	must(t, err)
	if !strings.Contains(string(b), `"AlgorithmArn":"`+r.ARN()+`"`) || strings.Contains(string(b), "ModelPackageArn") {
		t.Errorf("%s", b)
	}
}
