package domain

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"sync"
	"testing"
	"time"
)

// sageMakerRepoFake is an in-memory SageMakerRepository. fail, when set, is
// returned by CreateResource.
type sageMakerRepoFake struct {
	mu        sync.Mutex
	resources map[string]SageMakerResource
	fail      error
}

var _ SageMakerRepository = (*sageMakerRepoFake)(nil)

func newSageMakerRepoFake() *sageMakerRepoFake {
	return &sageMakerRepoFake{resources: map[string]SageMakerResource{}}
}

func sageMakerKey(accountID string, kind ResourceKind, name string) string {
	return accountID + "|" + string(kind) + "|" + name
}

func (f *sageMakerRepoFake) CreateResource(_ context.Context, r *SageMakerResource) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail != nil {
		return f.fail
	}
	key := sageMakerKey(r.AccountID, r.Kind, r.Name)
	if _, ok := f.resources[key]; ok {
		return &Error{Code: ECONFLICT, Message: MsgResourceExists}
	}
	f.resources[key] = *r
	return nil
}

func (f *sageMakerRepoFake) Resource(_ context.Context, accountID string, kind ResourceKind, name string) (*SageMakerResource, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if r, ok := f.resources[sageMakerKey(accountID, kind, name)]; ok {
		return &r, nil
	}
	return nil, Errorf(ENOTFOUND, MsgNotFound)
}

func (f *sageMakerRepoFake) ResourceByARN(_ context.Context, arn string) (*SageMakerResource, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, r := range f.resources {
		if r.ARN() == arn {
			return &r, nil
		}
	}
	return nil, Errorf(ENOTFOUND, MsgNotFound)
}

func (f *sageMakerRepoFake) ListResources(_ context.Context, accountID string, kind ResourceKind) ([]SageMakerResource, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []SageMakerResource
	for _, r := range f.resources {
		if r.AccountID == accountID && r.Kind == kind {
			out = append(out, r)
		}
	}
	return out, nil
}

func (f *sageMakerRepoFake) DeleteResource(_ context.Context, accountID string, kind ResourceKind, name string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	key := sageMakerKey(accountID, kind, name)
	if _, ok := f.resources[key]; !ok {
		return Errorf(ENOTFOUND, MsgNotFound)
	}
	delete(f.resources, key)
	return nil
}

func (f *sageMakerRepoFake) get(accountID string, kind ResourceKind, name string) (SageMakerResource, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	r, ok := f.resources[sageMakerKey(accountID, kind, name)]
	return r, ok
}

func (f *sageMakerRepoFake) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.resources)
}

// usageFake is a ResourceUsage whose answers the test sets.
type usageFake struct {
	mu    sync.Mutex
	inUse map[string]bool
	err   error
	asked []string
}

// ResourceUser answers a live public product for a resource in use.
func (u *usageFake) ResourceUser(_ context.Context, arn string) (*ResourceUser, error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.asked = append(u.asked, arn)
	if !u.inUse[arn] {
		return nil, u.err
	}
	return &ResourceUser{Product: &Product{Status: StatusPublic}, Subscribers: 1}, u.err
}

type sageMakerFixture struct {
	svc   *SageMakerService
	repo  *sageMakerRepoFake
	usage *usageFake
}

func newSageMakerFixture() *sageMakerFixture {
	f := &sageMakerFixture{repo: newSageMakerRepoFake(), usage: &usageFake{inUse: map[string]bool{}}}
	f.svc = &SageMakerService{Repo: f.repo, Usage: f.usage, Clock: NewFakeClock(t0)}
	return f
}

const smAccountID = "123456789012"

func TestSageMakerServiceCreate(t *testing.T) {
	f := newSageMakerFixture()
	in := goodModelPackage()
	in.AccountID = "999999999999" // the caller's account wins
	in.Name = "  sentiment-classifier "
	in.Region = " us-east-1"
	in.RealtimeInstanceTypes = []string{"ml.m5.large", " ml.g4dn.xlarge", "ml.m5.large", ""}
	in.TrainingInstanceTypes = []string{"ml.m5.xlarge"} // not for a model package
	got, err := f.svc.Create(context.Background(), smAccountID, in)
	if err != nil {
		t.Fatalf("Create() error = %v", err)
	}
	want := goodModelPackage()
	want.AccountID = smAccountID
	want.CreatedAt = t0
	if !reflect.DeepEqual(*got, want) {
		t.Errorf("Create() =\n%+v\nwant\n%+v", *got, want)
	}
	stored, ok := f.repo.get(smAccountID, KindModelPackage, "sentiment-classifier")
	if !ok {
		t.Fatal("resource not stored under the caller's account")
	}
	if !reflect.DeepEqual(stored, want) {
		t.Errorf("stored =\n%+v\nwant\n%+v", stored, want)
	}
	if f.repo.count() != 1 {
		t.Errorf("%d resources stored, want 1", f.repo.count())
	}
}

func TestSageMakerServiceCreateKeepsCreationTime(t *testing.T) {
	f := newSageMakerFixture()
	created := time.Date(2024, 3, 18, 9, 41, 27, 0, time.UTC)
	in := goodAlgorithm()
	in.CreatedAt = created
	got, err := f.svc.Create(context.Background(), smAccountID, in)
	if err != nil {
		t.Fatalf("Create() error = %v", err)
	}
	if !got.CreatedAt.Equal(created) {
		t.Errorf("CreatedAt = %v, want the given %v, not the clock's", got.CreatedAt, created)
	}
	if stored, _ := f.repo.get(smAccountID, KindAlgorithm, in.Name); !stored.CreatedAt.Equal(created) {
		t.Errorf("stored CreatedAt = %v, want %v", stored.CreatedAt, created)
	}
}

func TestSageMakerServiceCreateInvalid(t *testing.T) {
	f := newSageMakerFixture()
	in := goodModelPackage()
	in.Name = "bad_name"
	in.Region = "mars-north-1"
	got, err := f.svc.Create(context.Background(), smAccountID, in)
	if got != nil {
		t.Errorf("Create() = %+v, want nil", got)
	}
	e := wantError(t, err, EINVALID, MsgFormHasErrors)
	want := FieldErrors{FieldResourceName: MsgResourceNameInvalid, FieldResourceRegion: MsgResourceRegionInvalid}
	if !maps.Equal(e.Fields, want) {
		t.Errorf("Fields = %v, want %v", e.Fields, want)
	}
	if f.repo.count() != 0 {
		t.Errorf("%d resources stored for invalid input", f.repo.count())
	}
}

func TestSageMakerServiceCreateDuplicate(t *testing.T) {
	f := newSageMakerFixture()
	ctx := context.Background()
	if _, err := f.svc.Create(ctx, smAccountID, goodModelPackage()); err != nil {
		t.Fatal(err)
	}
	again := goodModelPackage()
	again.Region = "eu-west-1"
	_, err := f.svc.Create(ctx, smAccountID, again)
	e := wantError(t, err, EINVALID, MsgFormHasErrors)
	if want := (FieldErrors{FieldResourceName: MsgResourceExists}); !maps.Equal(e.Fields, want) {
		t.Errorf("Fields = %v, want %v", e.Fields, want)
	}
	// The same name is free as an algorithm, and in another account.
	alg := goodAlgorithm()
	alg.Name = goodModelPackage().Name
	if _, err := f.svc.Create(ctx, smAccountID, alg); err != nil {
		t.Errorf("Create() of an algorithm named like a model package: %v", err)
	}
	if _, err := f.svc.Create(ctx, "210987654321", goodModelPackage()); err != nil {
		t.Errorf("Create() in another account: %v", err)
	}
	if f.repo.count() != 3 {
		t.Errorf("%d resources stored, want 3", f.repo.count())
	}
}

func TestSageMakerServiceCreateRepositoryFault(t *testing.T) {
	f := newSageMakerFixture()
	cause := errors.New("disk full")
	f.repo.fail = Internal(cause)
	_, err := f.svc.Create(context.Background(), smAccountID, goodModelPackage())
	if !errors.Is(err, cause) || ErrorCode(err) != EINTERNAL {
		t.Errorf("Create() error = %v, want the repository's internal error", err)
	}
}

// describeModelPackageOf is a minimal DescribeModelPackage response for a
// package of accountID, without a creation time.
func describeModelPackageOf(accountID, name string) string {
	return fmt.Sprintf(`{
  "ModelPackageName": %[2]q,
  "ModelPackageArn": "arn:aws:sagemaker:eu-central-1:%[1]s:model-package/%[2]s",
  "ModelPackageStatus": "Completed",
  "CertifyForMarketplace": true,
  "InferenceSpecification": {
    "SupportedTransformInstanceTypes": ["ml.m5.xlarge"],
    "SupportedRealtimeInferenceInstanceTypes": ["ml.m5.large"],
    "SupportedContentTypes": ["text/csv"],
    "SupportedResponseMIMETypes": ["text/csv"]
  }
}`, accountID, name)
}

// describeAlgorithmOf is a minimal DescribeAlgorithm response.
func describeAlgorithmOf(accountID, name string) string {
	return fmt.Sprintf(`{
  "AlgorithmName": %[2]q,
  "AlgorithmArn": "arn:aws:sagemaker:us-west-2:%[1]s:algorithm/%[2]s",
  "AlgorithmStatus": "Completed",
  "CreationTime": 1710754887,
  "TrainingSpecification": {
    "SupportedTrainingInstanceTypes": ["ml.m5.xlarge"],
    "TrainingChannels": [{"Name": "train", "IsRequired": true, "SupportedInputModes": ["File"]}]
  },
  "InferenceSpecification": {
    "SupportedTransformInstanceTypes": ["ml.m5.xlarge"],
    "SupportedRealtimeInferenceInstanceTypes": ["ml.m5.large"],
    "SupportedContentTypes": ["text/csv"],
    "SupportedResponseMIMETypes": ["text/csv"]
  }
}`, accountID, name)
}

func TestSageMakerServiceImport(t *testing.T) {
	f := newSageMakerFixture()
	ctx := context.Background()
	mp, err := f.svc.Import(ctx, smAccountID, KindModelPackage, describeModelPackageOf(smAccountID, "churn"))
	if err != nil {
		t.Fatalf("Import(model package) error = %v", err)
	}
	if mp.AccountID != smAccountID || mp.Kind != KindModelPackage || mp.Name != "churn" || mp.Region != "eu-central-1" {
		t.Errorf("imported model package = %+v", *mp)
	}
	if !mp.CreatedAt.Equal(t0) {
		t.Errorf("CreatedAt without CreationTime = %v, want the clock's %v", mp.CreatedAt, t0)
	}
	if _, ok := f.repo.get(smAccountID, KindModelPackage, "churn"); !ok {
		t.Error("imported model package not stored")
	}

	alg, err := f.svc.Import(ctx, smAccountID, KindAlgorithm, describeAlgorithmOf(smAccountID, "churn"))
	if err != nil {
		t.Fatalf("Import(algorithm) error = %v", err)
	}
	if alg.Kind != KindAlgorithm || len(alg.TrainingChannels) != 1 {
		t.Errorf("imported algorithm = %+v", *alg)
	}
	if want := time.Unix(1710754887, 0); !alg.CreatedAt.Equal(want) {
		t.Errorf("CreatedAt = %v, want the response's %v", alg.CreatedAt, want)
	}

	// Importing again names the clash beside the pasted text too.
	_, err = f.svc.Import(ctx, smAccountID, KindModelPackage, describeModelPackageOf(smAccountID, "churn"))
	e := wantError(t, err, EINVALID, MsgFormHasErrors)
	if want := (FieldErrors{FieldResourceName: MsgResourceExists, FieldDescribeOutput: MsgResourceExists}); !maps.Equal(e.Fields, want) {
		t.Errorf("duplicate import: Fields = %v, want %v", e.Fields, want)
	}
	if f.repo.count() != 2 {
		t.Errorf("%d resources stored, want 2", f.repo.count())
	}
}

func TestSageMakerServiceImportRefused(t *testing.T) {
	tests := []struct {
		name string
		kind ResourceKind
		raw  string
		msg  Message
	}{
		{"model package of another account", KindModelPackage, describeModelPackageOf("210987654321", "churn"), MsgImportForeignAccount},
		{"algorithm of another account", KindAlgorithm, describeAlgorithmOf("210987654321", "churn"), MsgImportForeignAccount},
		{"algorithm pasted as a model package", KindModelPackage, describeAlgorithmOf(smAccountID, "churn"), MsgImportMissingField},
		{"empty", KindAlgorithm, "", MsgImportEmpty},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newSageMakerFixture()
			got, err := f.svc.Import(context.Background(), smAccountID, tt.kind, tt.raw)
			if got != nil {
				t.Errorf("Import() = %+v, want nil", got)
			}
			e := wantError(t, err, EINVALID, tt.msg)
			if e.Fields[FieldDescribeOutput] != tt.msg {
				t.Errorf("Fields[json] = %q, want %q", e.Fields[FieldDescribeOutput], tt.msg)
			}
			if tt.msg == MsgImportForeignAccount && e.Data["AccountID"] != "210987654321" {
				t.Errorf("Data = %v, want AccountID 210987654321", e.Data)
			}
			if f.repo.count() != 0 {
				t.Errorf("%d resources stored after a refused import", f.repo.count())
			}
		})
	}
}

func TestSageMakerServiceDelete(t *testing.T) {
	tests := []struct {
		name       string
		inUse      bool
		usageErr   error
		account    string
		kind       ResourceKind
		wantCode   string
		wantMsg    Message
		wantAsked  bool
		wantStored bool
	}{
		{name: "unused", kind: KindModelPackage, account: smAccountID, wantAsked: true},
		{name: "in use", inUse: true, kind: KindModelPackage, account: smAccountID, wantCode: ECONFLICT, wantMsg: MsgResourceInUse, wantAsked: true, wantStored: true},
		{name: "usage lookup fails", usageErr: Internal(errors.New("timeout")), kind: KindModelPackage, account: smAccountID, wantCode: EINTERNAL, wantMsg: MsgInternalError, wantAsked: true, wantStored: true},
		{name: "wrong kind", kind: KindAlgorithm, account: smAccountID, wantCode: ENOTFOUND, wantMsg: MsgNotFound, wantStored: true},
		{name: "another account", kind: KindModelPackage, account: "210987654321", wantCode: ENOTFOUND, wantMsg: MsgNotFound, wantStored: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newSageMakerFixture()
			ctx := context.Background()
			r, err := f.svc.Create(ctx, smAccountID, goodModelPackage())
			if err != nil {
				t.Fatal(err)
			}
			f.usage.inUse[r.ARN()] = tt.inUse
			f.usage.err = tt.usageErr
			err = f.svc.Delete(ctx, tt.account, tt.kind, r.Name)
			if tt.wantCode == "" {
				if err != nil {
					t.Fatalf("Delete() error = %v", err)
				}
			} else {
				wantError(t, err, tt.wantCode, tt.wantMsg)
			}
			wantAsked := []string(nil)
			if tt.wantAsked {
				wantAsked = []string{"arn:aws:sagemaker:us-east-1:123456789012:model-package/sentiment-classifier"}
			}
			if !reflect.DeepEqual(f.usage.asked, wantAsked) {
				t.Errorf("usage asked about %v, want %v", f.usage.asked, wantAsked)
			}
			if _, ok := f.repo.get(smAccountID, KindModelPackage, r.Name); ok != tt.wantStored {
				t.Errorf("resource stored = %v after Delete(), want %v", ok, tt.wantStored)
			}
		})
	}
}

func TestSageMakerServiceDeleteUnknown(t *testing.T) {
	f := newSageMakerFixture()
	err := f.svc.Delete(context.Background(), smAccountID, KindModelPackage, "nothing-here")
	wantError(t, err, ENOTFOUND, MsgNotFound)
	if len(f.usage.asked) != 0 {
		t.Errorf("usage asked about %v for an unknown resource", f.usage.asked)
	}
}
