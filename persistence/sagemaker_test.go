package persistence_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/persistence"
	"github.com/mlportal/portal/persistence/persistencetest"
)

const (
	smAcctA = "710000000001"
	smAcctB = "720000000002"
)

// sampleModelPackage returns a normalized model package of accountID that
// passes Validate.
func sampleModelPackage(accountID, name string) *domain.SageMakerResource {
	return &domain.SageMakerResource{
		AccountID:               accountID,
		Kind:                    domain.KindModelPackage,
		Name:                    name,
		Description:             "Classifies the sentiment of product reviews. «Ünïcödé» too.",
		Region:                  "us-east-1",
		RealtimeInstanceTypes:   []string{"ml.g4dn.xlarge", "ml.m5.large"},
		BatchInstanceTypes:      []string{"ml.m5.xlarge"},
		ContentTypes:            []string{"application/json", "text/csv"},
		ResponseMIMETypes:       []string{"application/json"},
		CertifiedForMarketplace: true,
		ValidationStatus:        domain.ValidationCompleted,
		CreatedAt:               created,
	}
}

// sampleAlgorithm returns a normalized algorithm of accountID that passes
// Validate, with channels, one hyperparameter of each type and metrics.
func sampleAlgorithm(accountID, name string) *domain.SageMakerResource {
	r := sampleModelPackage(accountID, name)
	r.Kind = domain.KindAlgorithm
	r.Region = "eu-west-1"
	r.CertifiedForMarketplace = false
	r.ValidationStatus = domain.ValidationInProgress
	r.TrainingInstanceTypes = []string{"ml.m5.xlarge", "ml.p3.2xlarge"}
	r.TrainingChannels = []domain.TrainingChannel{
		{Name: "train", Description: "Training rows.", Required: true, ContentTypes: []string{"text/csv"}, CompressionTypes: []string{"Gzip", "None"}, InputModes: []string{"File", "Pipe"}},
		{Name: "validation", ContentTypes: []string{"text/csv"}, InputModes: []string{"FastFile"}},
	}
	r.HyperParameters = []domain.HyperParameter{
		{Name: "max_depth", Description: "Depth of a tree.", Type: domain.HyperParameterInteger, MinValue: "1", MaxValue: "20", DefaultValue: "6", Tunable: true},
		{Name: "eta", Type: domain.HyperParameterContinuous, MinValue: "0", MaxValue: "1", DefaultValue: "0.3", Tunable: true},
		{Name: "objective", Type: domain.HyperParameterCategorical, Values: []string{"reg:squarederror", "binary:logistic"}, DefaultValue: "binary:logistic", Required: true},
		{Name: "feature_names", Type: domain.HyperParameterFreeText},
	}
	r.MetricDefinitions = []domain.MetricDefinition{
		{Name: "validation:auc", Regex: `validation-auc:([0-9\.]+)`},
		{Name: "train:rmse", Regex: `train-rmse:(\S+)`},
	}
	r.SupportsDistributedTraining = true
	return r
}

// assertResource compares every field of two resources, naming the ones
// that differ.
func assertResource(t *testing.T, got, want *domain.SageMakerResource) {
	t.Helper()
	if !got.CreatedAt.Equal(want.CreatedAt) {
		t.Errorf("%s: CreatedAt = %v, want %v", want.Name, got.CreatedAt, want.CreatedAt)
	}
	g, w := reflect.ValueOf(*got), reflect.ValueOf(*want)
	for i := range g.NumField() {
		name := g.Type().Field(i).Name
		if name == "CreatedAt" {
			continue
		}
		if !reflect.DeepEqual(g.Field(i).Interface(), w.Field(i).Interface()) {
			t.Errorf("%s: %s = %#v, want %#v", want.Name, name, g.Field(i).Interface(), w.Field(i).Interface())
		}
	}
}

func mustCreateResource(t *testing.T, store *persistence.SageMakerStore, r *domain.SageMakerResource) {
	t.Helper()
	if err := r.Validate(); err != nil {
		t.Fatalf("test setup: sample %s does not pass Validate: %v", r.Name, err)
	}
	if err := store.CreateResource(context.Background(), r); err != nil {
		t.Fatalf("CreateResource(%s %s) error = %v", r.Kind, r.Name, err)
	}
}

func TestSageMakerStoreRoundTrip(t *testing.T) {
	persistencetest.Each(t, func(t *testing.T, db *persistence.DB) {
		ctx := context.Background()
		store := db.SageMaker()
		for _, want := range []*domain.SageMakerResource{
			sampleModelPackage(smAcctA, "sentiment-classifier"),
			sampleAlgorithm(smAcctA, "gradient-boosted-trees"),
		} {
			mustCreateResource(t, store, want)
			got, err := store.Resource(ctx, want.AccountID, want.Kind, want.Name)
			if err != nil {
				t.Fatalf("Resource(%s) error = %v", want.Name, err)
			}
			assertResource(t, got, want)

			byARN, err := store.ResourceByARN(ctx, want.ARN())
			if err != nil {
				t.Fatalf("ResourceByARN(%s) error = %v", want.ARN(), err)
			}
			assertResource(t, byARN, want)
		}
	})
}

func TestSageMakerStoreResourceByARN(t *testing.T) {
	persistencetest.Each(t, func(t *testing.T, db *persistence.DB) {
		ctx := context.Background()
		store := db.SageMaker()
		mp := sampleModelPackage(smAcctA, "churn")
		mustCreateResource(t, store, mp)
		// Any account's resource is found by its ARN: the buyer side looks
		// sellers' resources up this way.
		other := sampleModelPackage(smAcctB, "churn")
		mustCreateResource(t, store, other)
		if got, err := store.ResourceByARN(ctx, other.ARN()); err != nil || got.AccountID != smAcctB {
			t.Errorf("ResourceByARN(B's ARN) = %+v, %v; want B's package", got, err)
		}
		for _, arn := range []string{
			"arn:aws:sagemaker:us-west-2:710000000001:model-package/churn", // another region
			"arn:aws:sagemaker:us-east-1:710000000001:algorithm/churn",     // another kind
			"arn:aws:sagemaker:us-east-1:730000000003:model-package/churn", // another account
			"arn:aws:sagemaker:us-east-1:710000000001:model-package/CHURN", // another case
			"arn:aws:sagemaker:us-east-1:710000000001:model-package/chur",  // a prefix
			"",
		} {
			got, err := store.ResourceByARN(ctx, arn)
			if domain.ErrorCode(err) != domain.ENOTFOUND || got != nil {
				t.Errorf("ResourceByARN(%q) = %+v, %v; want ENOTFOUND", arn, got, err)
			}
		}
	})
}

// TestSageMakerStoreResourceByARNAfterDeletion: the decoded resource kept
// by ResourceByARN is never served once the resource is deleted, nor in
// place of one made again under the same ARN.
func TestSageMakerStoreResourceByARNAfterDeletion(t *testing.T) {
	persistencetest.Each(t, func(t *testing.T, db *persistence.DB) {
		ctx := context.Background()
		store := db.SageMaker()
		mp := sampleModelPackage(smAcctA, "churn")
		mustCreateResource(t, store, mp)
		for range 2 { // read, then served from what was kept
			if got, err := store.ResourceByARN(ctx, mp.ARN()); err != nil || got.Description != mp.Description {
				t.Fatalf("ResourceByARN = %+v, %v", got, err)
			}
		}
		if err := store.DeleteResource(ctx, smAcctA, domain.KindModelPackage, "churn"); err != nil {
			t.Fatal(err)
		}
		if got, err := store.ResourceByARN(ctx, mp.ARN()); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("after deletion: ResourceByARN = %+v, %v; want ENOTFOUND", got, err)
		}
		again := sampleModelPackage(smAcctA, "churn")
		again.Description = "Made again."
		mustCreateResource(t, store, again)
		if got, err := store.ResourceByARN(ctx, mp.ARN()); err != nil || got.Description != "Made again." {
			t.Fatalf("made again: ResourceByARN = %+v, %v; want the new one", got, err)
		}
	})
}

func TestSageMakerStoreListResources(t *testing.T) {
	persistencetest.Each(t, func(t *testing.T, db *persistence.DB) {
		ctx := context.Background()
		store := db.SageMaker()
		mustCreateResource(t, store, sampleModelPackage(smAcctA, "zeta-model"))
		mustCreateResource(t, store, sampleModelPackage(smAcctA, "alpha-model"))
		mustCreateResource(t, store, sampleModelPackage(smAcctA, "mid-model"))
		mustCreateResource(t, store, sampleAlgorithm(smAcctA, "alpha-model")) // same name, other kind
		mustCreateResource(t, store, sampleModelPackage(smAcctB, "beta-model"))

		tests := []struct {
			accountID string
			kind      domain.ResourceKind
			want      []string
		}{
			{smAcctA, domain.KindModelPackage, []string{"alpha-model", "mid-model", "zeta-model"}},
			{smAcctA, domain.KindAlgorithm, []string{"alpha-model"}},
			{smAcctB, domain.KindModelPackage, []string{"beta-model"}},
			{smAcctB, domain.KindAlgorithm, nil},
			{"730000000003", domain.KindModelPackage, nil},
		}
		for _, tt := range tests {
			got, err := store.ListResources(ctx, tt.accountID, tt.kind)
			if err != nil {
				t.Fatalf("ListResources(%s, %s) error = %v", tt.accountID, tt.kind, err)
			}
			var names []string
			for _, r := range got {
				names = append(names, r.Name)
				if r.AccountID != tt.accountID || r.Kind != tt.kind {
					t.Errorf("ListResources(%s, %s) lists %s %s of %s", tt.accountID, tt.kind, r.Kind, r.Name, r.AccountID)
				}
			}
			if !reflect.DeepEqual(names, tt.want) {
				t.Errorf("ListResources(%s, %s) = %v, want %v", tt.accountID, tt.kind, names, tt.want)
			}
		}

		// Listed resources are whole, not summaries.
		algs, err := store.ListResources(ctx, smAcctA, domain.KindAlgorithm)
		if err != nil || len(algs) != 1 {
			t.Fatalf("ListResources(algorithms) = %v, %v", algs, err)
		}
		assertResource(t, &algs[0], sampleAlgorithm(smAcctA, "alpha-model"))
	})
}

func TestSageMakerStoreDuplicateName(t *testing.T) {
	persistencetest.Each(t, func(t *testing.T, db *persistence.DB) {
		ctx := context.Background()
		store := db.SageMaker()
		first := sampleModelPackage(smAcctA, "churn")
		mustCreateResource(t, store, first)

		tests := []struct {
			name string
			r    *domain.SageMakerResource
		}{
			{"same resource again", sampleModelPackage(smAcctA, "churn")},
			{"same name in another region", func() *domain.SageMakerResource {
				r := sampleModelPackage(smAcctA, "churn")
				r.Region, r.Description = "ap-south-1", "Another one."
				return r
			}()},
		}
		for _, tt := range tests {
			err := store.CreateResource(ctx, tt.r)
			wantDomainError(t, err, domain.ECONFLICT, domain.MsgResourceExists)
		}
		got, err := store.Resource(ctx, smAcctA, domain.KindModelPackage, "churn")
		if err != nil {
			t.Fatal(err)
		}
		assertResource(t, got, first)

		// The same name as another kind, or in another account, is fine.
		mustCreateResource(t, store, sampleAlgorithm(smAcctA, "churn"))
		mustCreateResource(t, store, sampleModelPackage(smAcctB, "churn"))
		if got, err := store.Resource(ctx, smAcctA, domain.KindAlgorithm, "churn"); err != nil || got.Kind != domain.KindAlgorithm {
			t.Errorf("Resource(algorithm churn) = %+v, %v", got, err)
		}
	})
}

func TestSageMakerStoreDeleteResource(t *testing.T) {
	persistencetest.Each(t, func(t *testing.T, db *persistence.DB) {
		ctx := context.Background()
		store := db.SageMaker()
		mp := sampleModelPackage(smAcctA, "churn")
		mustCreateResource(t, store, mp)
		alg := sampleAlgorithm(smAcctA, "churn")
		mustCreateResource(t, store, alg)
		otherMP := sampleModelPackage(smAcctB, "churn")
		mustCreateResource(t, store, otherMP)

		// Wrong kind or account deletes nothing.
		wantDomainError(t, store.DeleteResource(ctx, smAcctA, domain.KindModelPackage, "nothing"), domain.ENOTFOUND, domain.MsgNotFound)
		wantDomainError(t, store.DeleteResource(ctx, "730000000003", domain.KindModelPackage, "churn"), domain.ENOTFOUND, domain.MsgNotFound)

		if err := store.DeleteResource(ctx, smAcctA, domain.KindModelPackage, "churn"); err != nil {
			t.Fatalf("DeleteResource() error = %v", err)
		}
		_, err := store.Resource(ctx, smAcctA, domain.KindModelPackage, "churn")
		wantDomainError(t, err, domain.ENOTFOUND, domain.MsgNotFound)
		_, err = store.ResourceByARN(ctx, mp.ARN())
		wantDomainError(t, err, domain.ENOTFOUND, domain.MsgNotFound)
		wantDomainError(t, store.DeleteResource(ctx, smAcctA, domain.KindModelPackage, "churn"), domain.ENOTFOUND, domain.MsgNotFound)

		// The algorithm of that name and B's package are kept.
		if _, err := store.Resource(ctx, smAcctA, domain.KindAlgorithm, "churn"); err != nil {
			t.Errorf("algorithm of the same name: %v", err)
		}
		if _, err := store.ResourceByARN(ctx, otherMP.ARN()); err != nil {
			t.Errorf("other account's package: %v", err)
		}

		// The name can be used again.
		mustCreateResource(t, store, sampleModelPackage(smAcctA, "churn"))
	})
}

func TestSageMakerStoreResourceInUse(t *testing.T) {
	persistencetest.Each(t, func(t *testing.T, db *persistence.DB) {
		ctx := context.Background()
		store := db.SageMaker()
		mp := sampleModelPackage(smAcctA, "churn")
		mustCreateResource(t, store, mp)
		// No product listing exists yet, so nothing is in use.
		for _, arn := range []string{mp.ARN(), "arn:aws:sagemaker:us-east-1:730000000003:model-package/none", ""} {
			user, err := store.ResourceUser(ctx, arn)
			if err != nil || user != nil {
				t.Errorf("ResourceUser(%q) = %v, %v; want nil, nil", arn, user, err)
			}
		}
	})
}
