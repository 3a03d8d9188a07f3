package catalogdoc_test

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/domain/catalogdoc"
)

// TestApplyLifecycle drives a listing through the visibilities: ReleaseProduct
// submits a draft, UpdateVisibility Public signs off, a second version is
// added and released, RestrictDeliveryOptions restricts the first, and
// UpdateVisibility Restricted unpublishes.
func TestApplyLifecycle(t *testing.T) {
	s := newSeller(t)
	ctx := t.Context()
	id := s.run(t, publishSteps(t, s.arn))["CreateProductChange"]
	p, err := s.core.Product(ctx, s.pr, id)
	must(t, err)
	_, err = s.core.UpdateSupport(ctx, s.pr, id, p.Revision, domain.SupportInfo{Chosen: true, Offered: true,
		Email: "help@seller.example.com", URL: "https://seller.example.com/help", Description: "By email."})
	must(t, err)
	stage := func() {
		t.Helper()
		s.clock.Advance(time.Hour)
		if _, err := s.core.Services.Publishing.RunDue(ctx); err != nil {
			t.Fatal(err)
		}
	}
	status := func(want domain.ProductStatus) []domain.Version {
		t.Helper()
		p, versions, _, err := s.core.ProductVersions(ctx, s.pr, id)
		must(t, err)
		if p.Status != want {
			t.Fatalf("status %s, want %s", p.Status, want)
		}
		return versions
	}

	s.run(t, []step{{"ReleaseProduct", "", id, `{}`}})
	stage()
	status(domain.StatusLimited)
	s.run(t, []step{{"UpdateVisibility", "", id, `{"TargetVisibility":"Public"}`}})
	first := status(domain.StatusPublic)[0]

	add := `{"Version":{"VersionTitle":"2.0","ReleaseNotes":"Second."},"DeliveryOptions":[{"Details":{
		"SageMakerModelPackageDeliveryOptionDetails":{"SageMakerModelPackageArn":"` + s.arn2 + `",
		"AccessRoleArn":"arn:aws:iam::111122223333:role/Ingest","UsageInstructions":"Send CSV.",
		"SampleNotebookUrl":"https://www.example.com/nb","RepositoryUrl":"https://www.example.com/repo",
		"InputProperties":{"Description":"CSV."},"OutputProperties":{"Description":"JSON.","SampleOutput":{"RealtimeInferenceUrl":"https://www.example.com/o"}},
		"RecommendedInstanceTypes":{"RealtimeInference":"ml.m5.large","BatchTransform":"ml.m5.xlarge"}}}}]}`
	s.run(t, []step{{"AddDeliveryOptions", "", id, add}, {"UpdateVisibility", "", id, `{"TargetVisibility":"Limited"}`}})
	stage()
	s.run(t, []step{{"ReleaseProduct", "", id, `{}`}}) // on a product in test: sign-off
	versions := status(domain.StatusPublic)
	if len(versions) != 2 || versions[1].Status != domain.VersionPublic {
		t.Fatalf("versions %+v", versions)
	}

	// The last public version cannot be restricted: both at once is refused.
	both := `{"DeliveryOptionIds":["` + catalogdoc.DeliveryOptionID(versions[0].ID) + `","` + catalogdoc.DeliveryOptionID(versions[1].ID) + `"]}`
	c, err := catalogdoc.ParseChange("RestrictDeliveryOptions", json.RawMessage(both))
	must(t, err)
	_, err = catalogdoc.Apply(ctx, s.core, s.pr, id, c)
	var ce *catalogdoc.ChangeError
	if !errors.As(err, &ce) || ce.Code != catalogdoc.CodeInvalidDeliveryOptionID {
		t.Fatalf("restricting every version: %v", err)
	}
	s.run(t, []step{
		{"RestrictDeliveryOptions", "", id, `{"DeliveryOptionIds":["` + catalogdoc.DeliveryOptionID(first.ID) + `"]}`},
		{"UpdateVisibility", "", id, `{"TargetVisibility":"Limited"}`},
	})
	stage()
	if v := status(domain.StatusPublic)[0]; v.Status != domain.VersionRestricted {
		t.Fatalf("first version %s", v.Status)
	}

	s.run(t, []step{{"UpdateVisibility", "", id, `{"TargetVisibility":"Restricted"}`}})
	status(domain.StatusRestricted)
	p, err = s.core.Product(ctx, s.pr, id)
	must(t, err)
	if p.Removal == nil || p.Removal.Email != "seller@example.com" || p.Removal.Reason != catalogdoc.APIRemovalReason {
		t.Errorf("removal %+v", p.Removal)
	}
	c, err = catalogdoc.ParseChange("UpdateInformation", json.RawMessage(`{"ProductTitle":"Again"}`))
	must(t, err)
	if _, err := catalogdoc.Apply(ctx, s.core, s.pr, id, c); !errors.As(err, &ce) || ce.Code != catalogdoc.CodeIncompatibleProductStatus {
		t.Errorf("editing a removed product: %v", err)
	}
}
