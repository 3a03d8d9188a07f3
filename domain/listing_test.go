package domain

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// listingProductsFake is an in-memory ProductRepository with the store's
// rules: optimistic locking on Revision, a resource used by one version only,
// version numbers unique in a product, history newest first. The embedded
// interface stands in for the methods the listing editor does not call.
type listingProductsFake struct {
	ProductRepository
	mu       sync.Mutex
	products map[string]Product
	versions map[int64]Version
	changes  []ProductChange
	nextID   int64
	fail     error // returned by every write when set
	readFail error // returned by Versions when set
}

var _ ProductRepository = (*listingProductsFake)(nil)

func newListingProductsFake() *listingProductsFake {
	return &listingProductsFake{products: map[string]Product{}, versions: map[int64]Version{}}
}

func (f *listingProductsFake) CreateProduct(_ context.Context, p *Product, ch ProductChange) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail != nil {
		return f.fail
	}
	if _, ok := f.products[p.ID]; ok {
		return Errorf(ECONFLICT, "")
	}
	f.products[p.ID] = *p
	f.changes = append(f.changes, ch)
	return nil
}

func (f *listingProductsFake) Product(_ context.Context, accountID, id string) (*Product, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	p, ok := f.products[id]
	if !ok || p.AccountID != accountID {
		return nil, Errorf(ENOTFOUND, MsgNotFound)
	}
	return &p, nil
}

func (f *listingProductsFake) HasProducts(ctx context.Context, accountID string) (bool, error) {
	own, err := f.ListProducts(ctx, accountID)
	return len(own) > 0, err
}

func (f *listingProductsFake) ProductPage(ctx context.Context, accountID string, offset, limit int) ([]Product, int, error) {
	own, err := f.ListProducts(ctx, accountID)
	return own[min(offset, len(own)):min(offset+limit, len(own))], len(own), err
}

func (f *listingProductsFake) ProductSummaries(ctx context.Context, accountID string) ([]ProductSummary, error) {
	own, err := f.ListProducts(ctx, accountID)
	out := make([]ProductSummary, len(own))
	for i := range own {
		out[i] = own[i].Summary()
	}
	return out, err
}

func (f *listingProductsFake) ProductSummariesOf(ctx context.Context, accountID string, ids []string) ([]ProductSummary, error) {
	own, err := f.ProductSummaries(ctx, accountID)
	return slices.DeleteFunc(own, func(s ProductSummary) bool { return !slices.Contains(ids, s.ID) }), err
}

func (f *listingProductsFake) FindProductSummaries(ctx context.Context, accountID string, q ProductChoiceQuery) ([]ProductSummary, int, error) {
	own, err := f.ProductSummaries(ctx, accountID)
	own = slices.DeleteFunc(own, func(s ProductSummary) bool {
		return s.ID == q.Except || q.Status != "" && s.Status != q.Status ||
			!strings.Contains(strings.ToLower(s.Title), strings.ToLower(q.Find)) && !strings.Contains(strings.ToLower(s.ID), strings.ToLower(q.Find))
	})
	return own[:min(q.Limit, len(own))], len(own), err
}

func (f *listingProductsFake) ListProducts(_ context.Context, accountID string) ([]Product, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []Product
	for _, p := range f.products {
		if p.AccountID == accountID {
			out = append(out, p)
		}
	}
	return out, nil
}

// saveLocked checks the revision and stores p; f.mu must be held.
func (f *listingProductsFake) checkRevisionLocked(p *Product, expected int) error {
	stored, ok := f.products[p.ID]
	if !ok || stored.Revision != expected {
		return Errorf(ECONFLICT, MsgChangedSinceOpened)
	}
	return nil
}

func (f *listingProductsFake) storeLocked(p *Product, expected int, changes ...ProductChange) {
	p.Revision = expected + 1
	f.products[p.ID] = *p
	f.changes = append(f.changes, changes...)
}

func (f *listingProductsFake) SaveProduct(_ context.Context, p *Product, expected int, changes ...ProductChange) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail != nil {
		return f.fail
	}
	if err := f.checkRevisionLocked(p, expected); err != nil {
		return err
	}
	f.storeLocked(p, expected, changes...)
	return nil
}

func (f *listingProductsFake) Versions(_ context.Context, productID string) ([]Version, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.readFail != nil {
		return nil, f.readFail
	}
	var out []Version
	for _, v := range f.versions {
		if v.ProductID == productID {
			out = append(out, v)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

func (f *listingProductsFake) AddVersion(_ context.Context, p *Product, expected int, v *Version, ch ProductChange) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail != nil {
		return f.fail
	}
	for _, o := range f.versions {
		if o.ResourceARN == v.ResourceARN {
			return Invalid(FieldErrors{FieldResourceARN: MsgARNInUse})
		}
	}
	if err := f.checkRevisionLocked(p, expected); err != nil {
		return err
	}
	f.nextID++
	v.ID = f.nextID
	f.versions[v.ID] = *v
	f.storeLocked(p, expected, ch)
	return nil
}

func (f *listingProductsFake) SaveVersion(_ context.Context, p *Product, expected int, v *Version, ch ProductChange) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail != nil {
		return f.fail
	}
	if _, ok := f.versions[v.ID]; !ok {
		return Errorf(ENOTFOUND, MsgNotFound)
	}
	for _, o := range f.versions {
		if o.ID != v.ID && o.ProductID == v.ProductID && v.Number != "" && o.Number == v.Number {
			return Invalid(FieldErrors{FieldVersionTitle: MsgVersionNumberTaken})
		}
	}
	if err := f.checkRevisionLocked(p, expected); err != nil {
		return err
	}
	f.versions[v.ID] = *v
	f.storeLocked(p, expected, ch)
	return nil
}

func (f *listingProductsFake) VersionByARN(_ context.Context, resourceARN string) (*Version, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, v := range f.versions {
		if v.ResourceARN == resourceARN {
			return &v, nil
		}
	}
	return nil, Errorf(ENOTFOUND, MsgNotFound)
}

func (f *listingProductsFake) ProductChanges(_ context.Context, productID string, limit int) ([]ProductChange, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []ProductChange
	for i := len(f.changes) - 1; i >= 0 && len(out) < limit; i-- {
		if f.changes[i].ProductID == productID {
			out = append(out, f.changes[i])
		}
	}
	return out, nil
}

// stored returns the stored copy of a product.
func (f *listingProductsFake) stored(t *testing.T, id string) Product {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	p, ok := f.products[id]
	if !ok {
		t.Fatalf("product %s not stored", id)
	}
	return p
}

func (f *listingProductsFake) version(t *testing.T, id int64) Version {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	v, ok := f.versions[id]
	if !ok {
		t.Fatalf("version %d not stored", id)
	}
	return v
}

// changeTypes lists the change types recorded for a product, oldest first.
func (f *listingProductsFake) changeTypes(productID string) []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for _, ch := range f.changes {
		if ch.ProductID == productID {
			out = append(out, ch.ChangeType)
		}
	}
	return out
}

func (f *listingProductsFake) counts() (products, versions, changes int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.products), len(f.versions), len(f.changes)
}

type listingEditorFixture struct {
	svc       *ListingService
	products  *listingProductsFake
	resources *sageMakerRepoFake
	sellers   *SellerService
	clock     *FakeClock
	root      *User
}

func newListingEditorFixture(t *testing.T) *listingEditorFixture {
	t.Helper()
	f := &listingEditorFixture{
		products:  newListingProductsFake(),
		resources: newSageMakerRepoFake(),
		clock:     NewFakeClock(t0),
		root:      &User{ID: 1, AccountID: listingAccountID, Email: "owner@example.com", Role: RoleRoot},
	}
	f.sellers = &SellerService{Repo: newSellerRepoFake(), Clock: f.clock}
	f.svc = &ListingService{Products: f.products, Resources: f.resources, Sellers: f.sellers, Clock: f.clock}
	return f
}

// create makes a draft listing and moves the clock on, so that later saves
// have their own time.
func (f *listingEditorFixture) create(t *testing.T) *Product {
	t.Helper()
	p, err := f.svc.Create(context.Background(), f.root, NewListingRegions())
	if err != nil {
		t.Fatalf("Create() error = %v", err)
	}
	f.clock.Advance(time.Minute)
	return p
}

func (f *listingEditorFixture) addResource(t *testing.T, r SageMakerResource) *SageMakerResource {
	t.Helper()
	if err := f.resources.CreateResource(context.Background(), &r); err != nil {
		t.Fatalf("CreateResource(%s) error = %v", r.Name, err)
	}
	return &r
}

// addVersion adds a launch option as the root user.
func (f *listingEditorFixture) addVersion(t *testing.T, p *Product, r *SageMakerResource) *Version {
	t.Helper()
	v, err := f.svc.AddLaunchOption(context.Background(), Principal{User: f.root}, p, p.Revision, r.ARN())
	if err != nil {
		t.Fatalf("AddLaunchOption(%s) error = %v", r.ARN(), err)
	}
	return v
}

// makeReadyForPaid completes the profile, the tax interview and the bank
// account through the seller service.
func (f *listingEditorFixture) makeReadyForPaid(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	if err := f.sellers.SaveProfile(ctx, f.root, validProfile(), false); err != nil {
		t.Fatalf("SaveProfile() error = %v", err)
	}
	if err := f.sellers.SaveTax(ctx, f.root, validIndividualInterview()); err != nil {
		t.Fatalf("SaveTax() error = %v", err)
	}
	bank := BankAccount{Kind: BankUSACH, HolderName: "Example Corp", RoutingNumber: "021000021", AccountNumber: "123456789"}
	if err := f.sellers.SaveBank(ctx, f.root, bank); err != nil {
		t.Fatalf("SaveBank() error = %v", err)
	}
}

// wantUnchanged fails the test unless the product is stored as before and
// no change was recorded.
func (f *listingEditorFixture) wantUnchanged(t *testing.T, before Product, changesBefore int) {
	t.Helper()
	after := f.products.stored(t, before.ID)
	if !reflect.DeepEqual(after, before) {
		t.Errorf("stored product changed:\n got %+v\nwant %+v", after, before)
	}
	if _, _, n := f.products.counts(); n != changesBefore {
		t.Errorf("%d changes recorded, want %d", n, changesBefore)
	}
}

func wantARNError(t *testing.T, err error, msg Message) *Error {
	t.Helper()
	if err == nil {
		t.Fatalf("error = nil, want EINVALID arn %q", msg)
	}
	e := AsError(err)
	if e.Code != EINVALID || e.Fields[FieldResourceARN] != msg || len(e.Fields) != 1 {
		t.Fatalf("error = %v, want EINVALID with arn %q only", err, msg)
	}
	return e
}

func TestListingServiceCreate(t *testing.T) {
	iam := &User{ID: 2, AccountID: listingAccountID, UserName: "lister", Role: RoleIAM}
	for _, actor := range []*User{
		{ID: 1, AccountID: listingAccountID, Email: "owner@example.com", Role: RoleRoot},
		iam,
	} {
		t.Run(string(actor.Role), func(t *testing.T) {
			f := newListingEditorFixture(t)
			p, err := f.svc.Create(context.Background(), actor, NewListingRegions())
			if err != nil {
				t.Fatalf("Create() error = %v", err)
			}
			if !IsProductID(p.ID) {
				t.Errorf("ID = %q, not a product ID", p.ID)
			}
			want := Product{
				ID: p.ID, AccountID: listingAccountID, CreatorARN: actor.ARN(), Status: StatusDraft,
				Info: GeneralInfo{Privacy: PrivacyPublic}, Regions: RegionAvailability{AllCurrentAndFuture: true, Chosen: false},
				CreatedAt: t0, UpdatedAt: t0,
			}
			if !reflect.DeepEqual(*p, want) {
				t.Errorf("Create() = %+v\nwant %+v", *p, want)
			}
			if got := f.products.stored(t, p.ID); !reflect.DeepEqual(got, want) {
				t.Errorf("stored %+v\nwant %+v", got, want)
			}
			changes, _ := f.products.ProductChanges(context.Background(), p.ID, 10)
			wantCh := []ProductChange{{ProductID: p.ID, ChangeType: ChangeCreateProduct, Actor: actor.ARN(), At: t0}}
			if !reflect.DeepEqual(changes, wantCh) {
				t.Errorf("changes = %+v, want %+v", changes, wantCh)
			}
		})
	}
	if got := iam.ARN(); got != "arn:aws:iam::123456789012:user/lister" {
		t.Errorf("IAM creator ARN = %q", got)
	}
}

func TestListingServiceCreateRepositoryFault(t *testing.T) {
	f := newListingEditorFixture(t)
	boom := errors.New("disk full")
	f.products.fail = boom
	if _, err := f.svc.Create(context.Background(), f.root, NewListingRegions()); !errors.Is(err, boom) {
		t.Fatalf("Create() error = %v, want %v", err, boom)
	}
}

func TestListingServiceUpdateInformation(t *testing.T) {
	private := func(ids ...string) func(*Product) {
		return func(p *Product) { p.Info.Privacy, p.Info.AllowedAccounts = PrivacyPrivate, ids }
	}
	submitted := func(p *Product) { p.SubmittedAt = t0 }
	tests := []struct {
		name       string
		setup      []func(*Product)
		edit       func(g *GeneralInfo)
		wantTypes  []string
		wantFields FieldErrors
	}{
		{name: "public stays public", edit: func(*GeneralInfo) {}, wantTypes: []string{ChangeUpdateInformation}},
		{name: "public becomes private", edit: func(g *GeneralInfo) {
			g.Privacy, g.AllowedAccounts = PrivacyPrivate, []string{"111122223333"}
		}, wantTypes: []string{ChangeUpdateInformation, ChangeUpdateTargeting}},
		{name: "private gains an account", setup: []func(*Product){private("111122223333")}, edit: func(g *GeneralInfo) {
			g.Privacy, g.AllowedAccounts = PrivacyPrivate, []string{"111122223333", "444455556666"}
		}, wantTypes: []string{ChangeUpdateInformation, ChangeUpdateTargeting}},
		{name: "private keeps its accounts as typed again", setup: []func(*Product){private("111122223333")}, edit: func(g *GeneralInfo) {
			g.Privacy, g.AllowedAccounts = PrivacyPrivate, []string{" 111122223333 ", "111122223333", ""}
		}, wantTypes: []string{ChangeUpdateInformation}},
		{name: "draft private may become public", setup: []func(*Product){private("111122223333")},
			edit: func(*GeneralInfo) {}, wantTypes: []string{ChangeUpdateInformation, ChangeUpdateTargeting}},
		{name: "submitted private can't become public", setup: []func(*Product){private("111122223333"), submitted},
			edit: func(*GeneralInfo) {}, wantFields: FieldErrors{FieldPrivacy: MsgPrivateIsForever}},
		{name: "submitted private can stay private", setup: []func(*Product){private("111122223333"), submitted}, edit: func(g *GeneralInfo) {
			g.Privacy, g.AllowedAccounts = PrivacyPrivate, []string{"111122223333"}
		}, wantTypes: []string{ChangeUpdateInformation}},
		{name: "submitted public may become private", setup: []func(*Product){submitted}, edit: func(g *GeneralInfo) {
			g.Privacy, g.AllowedAccounts = PrivacyPrivate, []string{"111122223333"}
		}, wantTypes: []string{ChangeUpdateInformation, ChangeUpdateTargeting}},
		{name: "overlong title", edit: func(g *GeneralInfo) { g.Title = strings.Repeat("t", MaxTitleLength+1) },
			wantFields: FieldErrors{FieldProductTitle: MsgTextTooLong}},
		{name: "own account in the list", edit: func(g *GeneralInfo) {
			g.Privacy, g.AllowedAccounts = PrivacyPrivate, []string{listingAccountID}
		}, wantFields: FieldErrors{FieldAllowedAccounts: MsgAccountListHasOwn}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newListingEditorFixture(t)
			ctx := context.Background()
			p := f.create(t)
			for _, s := range tt.setup {
				s(p)
			}
			if err := f.products.SaveProduct(ctx, p, p.Revision); err != nil {
				t.Fatal(err)
			}
			before := f.products.stored(t, p.ID)
			_, _, changesBefore := f.products.counts()

			info := goodGeneralInfo()
			info.Title = "  " + info.Title + " "
			tt.edit(&info)
			err := f.svc.UpdateInformation(ctx, f.root, p, p.Revision, info)
			if tt.wantFields != nil {
				wantFields(t, err, tt.wantFields)
				f.wantUnchanged(t, before, changesBefore)
				return
			}
			if err != nil {
				t.Fatalf("UpdateInformation() error = %v", err)
			}
			got := f.products.stored(t, p.ID)
			info.Normalize()
			if !reflect.DeepEqual(got.Info, info) {
				t.Errorf("stored info = %+v\nwant %+v", got.Info, info)
			}
			if got.Info.Title != "Sentiment Classifier" {
				t.Errorf("stored title = %q, want it trimmed", got.Info.Title)
			}
			if got.Revision != before.Revision+1 || p.Revision != got.Revision {
				t.Errorf("revision = %d (caller's %d), want %d", got.Revision, p.Revision, before.Revision+1)
			}
			if !got.UpdatedAt.Equal(f.clock.Now()) {
				t.Errorf("UpdatedAt = %v, want the clock's %v", got.UpdatedAt, f.clock.Now())
			}
			if types := f.products.changeTypes(p.ID)[changesBefore:]; !slices.Equal(types, tt.wantTypes) {
				t.Errorf("recorded %v, want %v", types, tt.wantTypes)
			}
			changes, _ := f.products.ProductChanges(ctx, p.ID, 1)
			if changes[0].Actor != f.root.ARN() || !changes[0].At.Equal(f.clock.Now()) {
				t.Errorf("latest change = %+v, want by %s at %v", changes[0], f.root.ARN(), f.clock.Now())
			}
		})
	}
}

func TestListingServiceStaleRevision(t *testing.T) {
	f := newListingEditorFixture(t)
	ctx := context.Background()
	p := f.create(t)
	opened := p.Revision
	tab1, tab2 := *p, *p
	if err := f.svc.UpdateInformation(ctx, f.root, &tab1, opened, goodGeneralInfo()); err != nil {
		t.Fatalf("first save: %v", err)
	}
	before := f.products.stored(t, p.ID)
	_, _, changesBefore := f.products.counts()

	edits := map[string]func() error{
		"information": func() error {
			info := goodGeneralInfo()
			info.Title = "Other tab"
			return f.svc.UpdateInformation(ctx, f.root, &tab2, opened, info)
		},
		"promotional": func() error {
			return f.svc.UpdatePromotional(ctx, f.root, &tab2, opened, Promotional{Keywords: []string{"x"}}, false)
		},
		"support": func() error {
			return f.svc.UpdateSupport(ctx, f.root, &tab2, opened, SupportInfo{Chosen: true})
		},
		"regions": func() error {
			return f.svc.UpdateRegions(ctx, f.root, &tab2, opened, RegionAvailability{Regions: []string{"us-east-1"}})
		},
		"offer": func() error {
			return f.svc.UpdateOffer(ctx, f.root, &tab2, opened, Offer{Pricing: PricingFree, EULA: "terms"})
		},
	}
	for name, edit := range edits {
		t.Run(name, func(t *testing.T) {
			err := edit()
			if e := AsError(err); err == nil || e.Code != ECONFLICT || e.Message != MsgChangedSinceOpened {
				t.Fatalf("error = %v, want ECONFLICT %s", err, MsgChangedSinceOpened)
			}
			f.wantUnchanged(t, before, changesBefore)
		})
	}
}

func TestListingServiceUpdatePromotional(t *testing.T) {
	f := newListingEditorFixture(t)
	ctx := context.Background()
	p := f.create(t)
	logo := []byte("\x89PNG\r\n\x1a\nfake")
	promo := Promotional{
		Logo: logo, LogoType: "image/png",
		Keywords: []string{" nlp ", "reviews", "nlp"},
		Links:    []ResourceLink{{Title: " Docs ", URL: "https://docs.example.com"}, {}},
	}
	if err := f.svc.UpdatePromotional(ctx, f.root, p, p.Revision, promo, false); err != nil {
		t.Fatalf("UpdatePromotional() error = %v", err)
	}
	want := Promotional{Logo: logo, LogoType: "image/png", Keywords: []string{"nlp", "reviews"},
		Links: []ResourceLink{{Title: "Docs", URL: "https://docs.example.com"}}}
	if got := f.products.stored(t, p.ID).Promo; !reflect.DeepEqual(got, want) {
		t.Errorf("stored %+v\nwant %+v", got, want)
	}

	// No new upload keeps the logo.
	if err := f.svc.UpdatePromotional(ctx, f.root, p, p.Revision, Promotional{Keywords: []string{"vision"}}, false); err != nil {
		t.Fatalf("UpdatePromotional(no logo) error = %v", err)
	}
	got := f.products.stored(t, p.ID).Promo
	if !reflect.DeepEqual(got.Logo, logo) || got.LogoType != "image/png" || !slices.Equal(got.Keywords, []string{"vision"}) || len(got.Links) != 0 {
		t.Errorf("after a save without upload: %+v, want the logo kept and keywords replaced", got)
	}

	// Removing it clears it.
	if err := f.svc.UpdatePromotional(ctx, f.root, p, p.Revision, Promotional{}, true); err != nil {
		t.Fatalf("UpdatePromotional(remove) error = %v", err)
	}
	if got := f.products.stored(t, p.ID).Promo; got.Logo != nil || got.LogoType != "" {
		t.Errorf("after removal: logo %d bytes, type %q", len(got.Logo), got.LogoType)
	}
	wantTypes := []string{ChangeCreateProduct, ChangeUpdateInformation, ChangeUpdateInformation, ChangeUpdateInformation}
	if types := f.products.changeTypes(p.ID); !slices.Equal(types, wantTypes) {
		t.Errorf("recorded %v, want %v", types, wantTypes)
	}

	// Bad input stores nothing.
	before := f.products.stored(t, p.ID)
	_, _, changesBefore := f.products.counts()
	bad := []struct {
		name  string
		promo Promotional
		want  FieldErrors
	}{
		{"16 keywords", Promotional{Keywords: strings.Fields("a b c d e f g h i j k l m n o p")}, FieldErrors{FieldKeywords: MsgKeywordsTooMany}},
		{"non-https link", Promotional{Logo: logo, Links: []ResourceLink{{Title: "Docs", URL: "http://docs.example.com"}}}, FieldErrors{FieldAt(FieldAdditionalResourceURL, 0): MsgHTTPSURLInvalid}},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			wantFields(t, f.svc.UpdatePromotional(ctx, f.root, p, p.Revision, tt.promo, false), tt.want)
			f.wantUnchanged(t, before, changesBefore)
		})
	}
}

func TestListingServiceUpdatePromotionalLeavesCallersLinks(t *testing.T) {
	f := newListingEditorFixture(t)
	p := f.create(t)
	links := []ResourceLink{{Title: " ", URL: ""}, {Title: "Docs", URL: "https://docs.example.com"}}
	typed := slices.Clone(links)
	if err := f.svc.UpdatePromotional(context.Background(), f.root, p, p.Revision, Promotional{Links: links}, false); err != nil {
		t.Fatalf("UpdatePromotional() error = %v", err)
	}
	if !reflect.DeepEqual(links, typed) {
		t.Errorf("caller's links = %+v after the save, want them as typed: %+v", links, typed)
	}
}

func TestListingServiceUpdateSupport(t *testing.T) {
	tests := []struct {
		name       string
		in         SupportInfo
		want       SupportInfo
		wantFields FieldErrors
	}{
		{
			name: "offered",
			in:   SupportInfo{Chosen: true, Offered: true, Email: " Help@Example.com", URL: "https://support.example.com ", Description: " Weekdays. "},
			want: SupportInfo{Chosen: true, Offered: true, Email: "help@example.com", URL: "https://support.example.com", Description: "Weekdays."},
		},
		{
			name: "not offered clears the contact fields",
			in:   SupportInfo{Chosen: true, Offered: false, Email: "help@example.com", URL: "https://support.example.com", Description: "x"},
			want: SupportInfo{Chosen: true},
		},
		{
			name:       "offered without contact details",
			in:         SupportInfo{Chosen: true, Offered: true, URL: "http://support.example.com"},
			wantFields: FieldErrors{FieldSupportEmail: MsgFieldRequired, FieldSupportURL: MsgHTTPSURLInvalid, FieldSupportDescription: MsgFieldRequired},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newListingEditorFixture(t)
			ctx := context.Background()
			p := f.create(t)
			before := f.products.stored(t, p.ID)
			_, _, changesBefore := f.products.counts()
			err := f.svc.UpdateSupport(ctx, f.root, p, p.Revision, tt.in)
			if tt.wantFields != nil {
				wantFields(t, err, tt.wantFields)
				f.wantUnchanged(t, before, changesBefore)
				return
			}
			if err != nil {
				t.Fatalf("UpdateSupport() error = %v", err)
			}
			if got := f.products.stored(t, p.ID).Support; got != tt.want {
				t.Errorf("stored %+v, want %+v", got, tt.want)
			}
			if types := f.products.changeTypes(p.ID); !slices.Equal(types, []string{ChangeCreateProduct, ChangeUpdateInformation}) {
				t.Errorf("recorded %v", types)
			}
		})
	}
}

func TestListingServiceUpdateRegions(t *testing.T) {
	tests := []struct {
		name      string
		submitted bool
		in        RegionAvailability
		want      RegionAvailability
		wantErr   *Error
	}{
		{name: "chosen regions", in: RegionAvailability{Regions: []string{"us-west-2", " eu-west-1", "us-west-2"}},
			want: RegionAvailability{Chosen: true, Regions: []string{"eu-west-1", "us-west-2"}}},
		{name: "back to all", in: RegionAvailability{AllCurrentAndFuture: true, Regions: []string{"us-west-2"}},
			want: RegionAvailability{Chosen: true, AllCurrentAndFuture: true}},
		{name: "the default saved as it is", in: NewListingRegions(),
			want: RegionAvailability{Chosen: true, AllCurrentAndFuture: true}},
		{name: "empty chosen list", in: RegionAvailability{},
			wantErr: &Error{Code: EINVALID, Fields: FieldErrors{FieldRegions: MsgRegionsRequired}}},
		{name: "unknown region", in: RegionAvailability{Regions: []string{"us-east-1", "moon-1"}},
			wantErr: &Error{Code: EINVALID, Fields: FieldErrors{FieldRegions: MsgResourceRegionInvalid}}},
		{name: "frozen after submission", submitted: true, in: RegionAvailability{Regions: []string{"us-east-1"}},
			wantErr: &Error{Code: ECONFLICT, Message: MsgRegionsFrozen}},
		{name: "frozen even back to the default", submitted: true, in: DefaultRegions(),
			wantErr: &Error{Code: ECONFLICT, Message: MsgRegionsFrozen}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newListingEditorFixture(t)
			ctx := context.Background()
			p := f.create(t)
			if tt.submitted {
				p.SubmittedAt = t0
				if err := f.products.SaveProduct(ctx, p, p.Revision); err != nil {
					t.Fatal(err)
				}
			}
			before := f.products.stored(t, p.ID)
			_, _, changesBefore := f.products.counts()
			err := f.svc.UpdateRegions(ctx, f.root, p, p.Revision, tt.in)
			if tt.wantErr != nil {
				e := AsError(err)
				if err == nil || e.Code != tt.wantErr.Code || (tt.wantErr.Message != "" && e.Message != tt.wantErr.Message) ||
					(tt.wantErr.Fields != nil && !reflect.DeepEqual(e.Fields, tt.wantErr.Fields)) {
					t.Fatalf("error = %v, want %v", err, tt.wantErr)
				}
				f.wantUnchanged(t, before, changesBefore)
				return
			}
			if err != nil {
				t.Fatalf("UpdateRegions() error = %v", err)
			}
			if got := f.products.stored(t, p.ID).Regions; !reflect.DeepEqual(got, tt.want) {
				t.Errorf("stored %+v, want %+v", got, tt.want)
			}
			if types := f.products.changeTypes(p.ID); !slices.Equal(types, []string{ChangeCreateProduct, ChangeUpdateTargeting}) {
				t.Errorf("recorded %v", types)
			}
		})
	}
}

// launchResources are the SageMaker resources the AddLaunchOption tests use.
type launchResources struct {
	mp, alg, uncertified, unvalidated, foreign, used *SageMakerResource
}

func (f *listingEditorFixture) addLaunchResources(t *testing.T) launchResources {
	t.Helper()
	mp := goodModelPackage()
	alg := goodAlgorithm()
	uncertified := goodModelPackage()
	uncertified.Name, uncertified.CertifiedForMarketplace = "uncertified", false
	unvalidated := goodModelPackage()
	unvalidated.Name, unvalidated.ValidationStatus = "unvalidated", ValidationInProgress
	foreign := goodModelPackage()
	foreign.AccountID, foreign.Name = "210987654321", "theirs"
	used := goodModelPackage()
	used.Name = "used-elsewhere"
	rs := launchResources{
		mp: f.addResource(t, mp), alg: f.addResource(t, alg), uncertified: f.addResource(t, uncertified),
		unvalidated: f.addResource(t, unvalidated), foreign: f.addResource(t, foreign), used: f.addResource(t, used),
	}
	// Another listing of the account already delivers "used-elsewhere".
	other := f.create(t)
	f.addVersion(t, other, rs.used)
	return rs
}

func TestListingServiceAddLaunchOptionChecks(t *testing.T) {
	const acct = listingAccountID
	noPolicy := Principal{User: &User{ID: 3, AccountID: acct, UserName: "intern", Role: RoleIAM}}
	tests := []struct {
		name      string
		principal func(f *listingEditorFixture) Principal
		typed     ResourceKind // the product's type before the check
		arn       func(rs launchResources) string
		want      Message
		wantData  map[string]any
	}{
		{name: "empty", arn: func(launchResources) string { return "" }, want: MsgFieldRequired},
		{name: "blank", arn: func(launchResources) string { return "  \t" }, want: MsgFieldRequired},
		{name: "not an ARN", arn: func(launchResources) string { return "sentiment-classifier" }, want: MsgARNMalformed},
		{name: "too few parts", arn: func(launchResources) string { return "arn:aws:sagemaker:us-east-1:" + acct }, want: MsgARNMalformed},
		{name: "no region", arn: func(launchResources) string { return "arn:aws:sagemaker::" + acct + ":model-package/x" }, want: MsgARNMalformed},
		{name: "no account", arn: func(launchResources) string { return "arn:aws:sagemaker:us-east-1::model-package/x" }, want: MsgARNMalformed},
		{name: "another service", arn: func(launchResources) string { return "arn:aws:s3:us-east-1:" + acct + ":model-package/x" },
			want: MsgARNNotSageMaker, wantData: map[string]any{"Service": "s3"}},
		{name: "another resource type", arn: func(launchResources) string { return "arn:aws:sagemaker:us-east-1:" + acct + ":endpoint/x" },
			want: MsgARNResourceType},
		{name: "no resource name", arn: func(launchResources) string { return "arn:aws:sagemaker:us-east-1:" + acct + ":model-package/" },
			want: MsgARNResourceType},
		{name: "no resource path", arn: func(launchResources) string { return "arn:aws:sagemaker:us-east-1:" + acct + ":model-package" },
			want: MsgARNResourceType},
		{name: "another account's existing resource", arn: func(rs launchResources) string { return rs.foreign.ARN() },
			want: MsgARNForeignAccount},
		{name: "foreign comes before permissions", principal: func(*listingEditorFixture) Principal { return noPolicy },
			arn: func(rs launchResources) string { return rs.foreign.ARN() }, want: MsgARNForeignAccount},
		{name: "no such resource", arn: func(launchResources) string { return "arn:aws:sagemaker:us-east-1:" + acct + ":model-package/nothing" },
			want: MsgARNNotFound},
		{name: "resource in another region", arn: func(rs launchResources) string { return strings.Replace(rs.mp.ARN(), "us-east-1", "us-west-2", 1) },
			want: MsgARNNotFound},
		{name: "resource of the other kind", arn: func(rs launchResources) string {
			return strings.Replace(rs.mp.ARN(), "model-package/", "algorithm/", 1)
		},
			want: MsgARNNotFound},
		{name: "not certified", arn: func(rs launchResources) string { return rs.uncertified.ARN() }, want: MsgARNNotListable},
		{name: "validation not completed", arn: func(rs launchResources) string { return rs.unvalidated.ARN() }, want: MsgARNNotListable},
		{name: "not listable comes before permissions", principal: func(*listingEditorFixture) Principal { return noPolicy },
			arn: func(rs launchResources) string { return rs.uncertified.ARN() }, want: MsgARNNotListable},
		{name: "IAM user without DescribeModelPackage", principal: func(*listingEditorFixture) Principal { return noPolicy },
			arn: func(rs launchResources) string { return rs.mp.ARN() }, want: MsgARNNotAllowed,
			wantData: map[string]any{"Action": ActionDescribeModelPackage}},
		{name: "IAM user without DescribeAlgorithm", principal: func(*listingEditorFixture) Principal { return noPolicy },
			arn: func(rs launchResources) string { return rs.alg.ARN() }, want: MsgARNNotAllowed,
			wantData: map[string]any{"Action": ActionDescribeAlgorithm}},
		{name: "IAM user allowed algorithms only", principal: func(*listingEditorFixture) Principal {
			return Principal{User: noPolicy.User, Policies: []PolicyDocument{mustListingPolicy(`{"Version": "2012-10-17",
				"Statement": [{"Effect": "Allow", "Action": "sagemaker:DescribeAlgorithm", "Resource": "*"}]}`)}}
		}, arn: func(rs launchResources) string { return rs.mp.ARN() }, want: MsgARNNotAllowed,
			wantData: map[string]any{"Action": ActionDescribeModelPackage}},
		{name: "IAM user denied explicitly", principal: func(*listingEditorFixture) Principal {
			return Principal{User: noPolicy.User, Policies: []PolicyDocument{
				mustListingPolicy(`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sagemaker:*", "Resource": "*"}]}`),
				mustListingPolicy(`{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "sagemaker:Describe*", "Resource": "*"}]}`),
			}}
		}, arn: func(rs launchResources) string { return rs.mp.ARN() }, want: MsgARNNotAllowed},
		{name: "nobody signed in", principal: func(*listingEditorFixture) Principal { return Principal{} },
			arn: func(rs launchResources) string { return rs.mp.ARN() }, want: MsgARNNotAllowed},
		{name: "permissions come before use", principal: func(*listingEditorFixture) Principal { return noPolicy },
			arn: func(rs launchResources) string { return rs.used.ARN() }, want: MsgARNNotAllowed},
		{name: "used by another listing", arn: func(rs launchResources) string { return rs.used.ARN() }, want: MsgARNInUse},
		{name: "use comes before type", typed: KindAlgorithm, arn: func(rs launchResources) string { return rs.used.ARN() }, want: MsgARNInUse},
		{name: "algorithm into a model package product", typed: KindModelPackage,
			arn: func(rs launchResources) string { return rs.alg.ARN() }, want: MsgARNTypeMismatch},
		{name: "model package into an algorithm product", typed: KindAlgorithm,
			arn: func(rs launchResources) string { return rs.mp.ARN() }, want: MsgARNTypeMismatch},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newListingEditorFixture(t)
			ctx := context.Background()
			rs := f.addLaunchResources(t)
			p := f.create(t)
			if tt.typed != "" {
				p.Type = tt.typed
				if err := f.products.SaveProduct(ctx, p, p.Revision); err != nil {
					t.Fatal(err)
				}
			}
			principal := Principal{User: f.root}
			if tt.principal != nil {
				principal = tt.principal(f)
			}
			before := f.products.stored(t, p.ID)
			_, versionsBefore, changesBefore := f.products.counts()

			v, err := f.svc.AddLaunchOption(ctx, principal, p, p.Revision, tt.arn(rs))
			e := wantARNError(t, err, tt.want)
			if e.Message != tt.want {
				t.Errorf("Message = %q, want %q", e.Message, tt.want)
			}
			for k, want := range tt.wantData {
				if e.Data[k] != want {
					t.Errorf("Data[%s] = %v, want %v", k, e.Data[k], want)
				}
			}
			if v != nil {
				t.Errorf("version = %+v, want nil", v)
			}
			f.wantUnchanged(t, before, changesBefore)
			if _, n, _ := f.products.counts(); n != versionsBefore {
				t.Errorf("%d versions stored, want %d", n, versionsBefore)
			}
		})
	}
}

func mustListingPolicy(raw string) PolicyDocument {
	doc, err := ParsePolicy(raw)
	if err != nil {
		panic(err)
	}
	return doc
}

func TestListingServiceAddLaunchOption(t *testing.T) {
	tests := []struct {
		name      string
		principal func(f *listingEditorFixture, arn string) Principal
		resource  func(rs launchResources) *SageMakerResource
		spaces    bool
		want      Version
	}{
		{
			name:      "model package as root",
			principal: func(f *listingEditorFixture, _ string) Principal { return Principal{User: f.root} },
			resource:  func(rs launchResources) *SageMakerResource { return rs.mp },
			want:      Version{Status: VersionDraft},
		},
		{
			name: "algorithm as an IAM user allowed on that ARN",
			principal: func(_ *listingEditorFixture, arn string) Principal {
				return Principal{User: &User{ID: 4, AccountID: listingAccountID, UserName: "lister", Role: RoleIAM},
					Policies: []PolicyDocument{mustListingPolicy(`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
						"Action": "sagemaker:DescribeAlgorithm", "Resource": "` + arn + `"}]}`)}}
			},
			resource: func(rs launchResources) *SageMakerResource { return rs.alg },
			spaces:   true,
			// Nothing is chosen for the seller.
			want: Version{Status: VersionDraft},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newListingEditorFixture(t)
			ctx := context.Background()
			rs := f.addLaunchResources(t)
			p := f.create(t)
			r := tt.resource(rs)
			principal := tt.principal(f, r.ARN())
			typed := r.ARN()
			if tt.spaces {
				typed = "  " + typed + "\n"
			}
			revision := p.Revision
			v, err := f.svc.AddLaunchOption(ctx, principal, p, revision, typed)
			if err != nil {
				t.Fatalf("AddLaunchOption() error = %v", err)
			}
			want := tt.want
			want.ID, want.ProductID, want.ResourceARN, want.CreatedAt = v.ID, p.ID, r.ARN(), f.clock.Now()
			if !reflect.DeepEqual(*v, want) {
				t.Errorf("version = %+v\nwant %+v", *v, want)
			}
			if got := f.products.version(t, v.ID); !reflect.DeepEqual(got, want) {
				t.Errorf("stored version = %+v\nwant %+v", got, want)
			}
			stored := f.products.stored(t, p.ID)
			if stored.Type != r.Kind || p.Type != r.Kind {
				t.Errorf("product type = %q (caller's %q), want %q from the ARN", stored.Type, p.Type, r.Kind)
			}
			if stored.Revision != revision+1 || !stored.UpdatedAt.Equal(f.clock.Now()) {
				t.Errorf("revision %d at %v, want %d at %v", stored.Revision, stored.UpdatedAt, revision+1, f.clock.Now())
			}
			changes, _ := f.products.ProductChanges(ctx, p.ID, 1)
			wantCh := ProductChange{ProductID: p.ID, ChangeType: ChangeAddDeliveryOptions, Actor: principal.User.ARN(), At: f.clock.Now()}
			if len(changes) != 1 || changes[0] != wantCh {
				t.Errorf("latest change = %+v, want %+v", changes, wantCh)
			}
		})
	}
}

func TestListingServiceAddLaunchOptionSecondVersion(t *testing.T) {
	f := newListingEditorFixture(t)
	ctx := context.Background()
	rs := f.addLaunchResources(t)
	p := f.create(t)
	f.addVersion(t, p, rs.mp)
	// The same ARN again is in use, now by this listing.
	_, err := f.svc.AddLaunchOption(ctx, Principal{User: f.root}, p, p.Revision, rs.mp.ARN())
	wantARNError(t, err, MsgARNInUse)

	second := goodModelPackage()
	second.Name = "sentiment-classifier-v2"
	v2 := f.addVersion(t, p, f.addResource(t, second))
	versions, _ := f.products.Versions(ctx, p.ID)
	if len(versions) != 2 || versions[1].ID != v2.ID || p.Type != KindModelPackage {
		t.Errorf("versions = %+v, type %q; want two model package versions", versions, p.Type)
	}
}

func TestListingServiceAddLaunchOptionRepositoryFault(t *testing.T) {
	f := newListingEditorFixture(t)
	rs := f.addLaunchResources(t)
	p := f.create(t)
	boom := errors.New("connection reset")
	f.products.fail = boom
	if _, err := f.svc.AddLaunchOption(context.Background(), Principal{User: f.root}, p, p.Revision, rs.mp.ARN()); !errors.Is(err, boom) {
		t.Errorf("error = %v, want %v", err, boom)
	}
}

// versionFixture is a listing with one version of each resource given.
func versionFixture(t *testing.T, r SageMakerResource) (*listingEditorFixture, *Product, *Version) {
	t.Helper()
	f := newListingEditorFixture(t)
	p := f.create(t)
	v := f.addVersion(t, p, f.addResource(t, r))
	f.clock.Advance(time.Minute)
	return f, p, v
}

func TestListingServiceUpdateVersion(t *testing.T) {
	full := completeAlgorithmVersion()
	full.Number = "  2.0 "
	full.ReleaseNotes = " Notes "
	tests := []struct {
		name       string
		resource   SageMakerResource
		parts      VersionParts
		edit       Version
		check      func(t *testing.T, got Version)
		wantFields FieldErrors
	}{
		{
			name: "details", resource: goodModelPackage(), parts: VersionInformation, edit: full,
			check: func(t *testing.T, got Version) {
				if got.Number != "2.0" || got.ReleaseNotes != "Notes" || got.NotebookURL != full.NotebookURL || got.RepoURL != full.RepoURL {
					t.Errorf("details = %q %q %q %q", got.Number, got.ReleaseNotes, got.NotebookURL, got.RepoURL)
				}
				if got.Input.Description != "" || got.RecommendedTraining != "" {
					t.Errorf("the information wrote other parts: %+v", got)
				}
			},
		},
		{
			name: "details with bad number and links", resource: goodModelPackage(), parts: VersionInformation,
			edit:       Version{Number: "-1", NotebookURL: "http://x.example.com"},
			wantFields: FieldErrors{FieldVersionTitle: MsgVersionNumberInvalid, FieldReleaseNotes: MsgFieldRequired, FieldSampleNotebookURL: MsgHTTPSURLInvalid},
		},
		{
			name: "training inputs of an algorithm", resource: goodAlgorithm(), parts: VersionTrainingInputs, edit: full,
			check: func(t *testing.T, got Version) {
				if got.TrainingDataDescription != full.TrainingDataDescription || got.AlgorithmOverview != full.AlgorithmOverview ||
					got.TrainingDataSampleURL != full.TrainingDataSampleURL || !reflect.DeepEqual(got.CustomAttributes, full.CustomAttributes) {
					t.Errorf("training inputs = %+v", got)
				}
				if got.Number != "" || got.ReleaseNotes != "" {
					t.Errorf("the training inputs wrote the information: %q %q", got.Number, got.ReleaseNotes)
				}
			},
		},
		{
			name: "training inputs of an algorithm missing", resource: goodAlgorithm(), parts: VersionTrainingInputs, edit: Version{},
			wantFields: FieldErrors{FieldTrainingDataDescription: MsgFieldRequired, FieldAlgorithmOverview: MsgFieldRequired},
		},
		{
			name: "custom attributes of a model package", resource: goodModelPackage(), parts: VersionTrainingInputs,
			edit: Version{CustomAttributes: []CustomAttribute{{Name: "threshold"}}},
			check: func(t *testing.T, got Version) {
				if len(got.CustomAttributes) != 1 || got.CustomAttributes[0].Name != "threshold" {
					t.Errorf("custom attributes = %+v", got.CustomAttributes)
				}
			},
		},
		{
			name: "input", resource: goodModelPackage(), parts: VersionInput, edit: full,
			check: func(t *testing.T, got Version) {
				if !reflect.DeepEqual(got.Input, full.Input) {
					t.Errorf("input = %+v", got.Input)
				}
			},
		},
		{
			name: "input over http", resource: goodModelPackage(), parts: VersionInput,
			edit:       Version{Input: InputDetails{Description: "CSV", SampleBatchURL: "http://x.example.com"}},
			wantFields: FieldErrors{FieldSampleBatchInputURL: MsgHTTPSURLInvalid},
		},
		{
			name: "output", resource: goodModelPackage(), parts: VersionOutput, edit: full,
			check: func(t *testing.T, got Version) {
				if !reflect.DeepEqual(got.Output, full.Output) {
					t.Errorf("output = %+v", got.Output)
				}
			},
		},
		{
			name: "output without sample", resource: goodModelPackage(), parts: VersionOutput,
			edit:       Version{Output: OutputDetails{Description: "Labels"}},
			wantFields: FieldErrors{FieldSampleOutputText: MsgSampleOutputRequired},
		},
		{
			name: "instances", resource: goodAlgorithm(), parts: VersionInstanceTypes,
			edit: Version{RecommendedRealtime: "ml.m5.large", RecommendedBatch: "ml.m5.xlarge", RecommendedTraining: "ml.p3.2xlarge"},
			check: func(t *testing.T, got Version) {
				if got.RecommendedRealtime != "ml.m5.large" || got.RecommendedBatch != "ml.m5.xlarge" || got.RecommendedTraining != "ml.p3.2xlarge" {
					t.Errorf("instances = %q %q %q", got.RecommendedRealtime, got.RecommendedBatch, got.RecommendedTraining)
				}
			},
		},
		{
			name: "forged instance type", resource: goodModelPackage(), parts: VersionInstanceTypes,
			edit:       Version{RecommendedRealtime: "ml.p4d.24xlarge", RecommendedBatch: "ml.m5.xlarge"},
			wantFields: FieldErrors{FieldRecommendedRealtime: MsgInstanceNotSupported},
		},
		{
			name: "every part at once", resource: goodAlgorithm(), parts: AllVersionParts, edit: full,
			check: func(t *testing.T, got Version) {
				want := full
				want.ID, want.ProductID, want.ResourceARN, want.Status, want.CreatedAt = got.ID, got.ProductID, got.ResourceARN, got.Status, got.CreatedAt
				want.Number, want.ReleaseNotes = "2.0", "Notes"
				if !reflect.DeepEqual(got, want) {
					t.Errorf("version = %+v, want %+v", got, want)
				}
			},
		},
		{
			name: "problems of two parts reported together", resource: goodModelPackage(), parts: VersionInformation | VersionInput,
			edit: Version{Number: "1.0", ReleaseNotes: "Notes", NotebookURL: "http://x.example.com",
				Input: InputDetails{Description: "CSV", SampleBatchURL: "http://x.example.com"}},
			wantFields: FieldErrors{FieldSampleNotebookURL: MsgHTTPSURLInvalid, FieldSampleBatchInputURL: MsgHTTPSURLInvalid},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, p, v := versionFixture(t, tt.resource)
			ctx := context.Background()
			before := f.products.stored(t, p.ID)
			storedBefore := f.products.version(t, v.ID)
			_, _, changesBefore := f.products.counts()
			err := f.svc.UpdateVersion(ctx, f.root, p, p.Revision, v, tt.parts, tt.edit)
			if tt.wantFields != nil {
				wantFields(t, err, tt.wantFields)
				f.wantUnchanged(t, before, changesBefore)
				if got := f.products.version(t, v.ID); !reflect.DeepEqual(got, storedBefore) || !reflect.DeepEqual(*v, storedBefore) {
					t.Errorf("version changed on refusal: stored %+v, caller's %+v", got, *v)
				}
				return
			}
			if err != nil {
				t.Fatalf("UpdateVersion() error = %v", err)
			}
			got := f.products.version(t, v.ID)
			if !reflect.DeepEqual(got, *v) {
				t.Errorf("caller's version %+v differs from the stored %+v", *v, got)
			}
			if got.ID != storedBefore.ID || got.ResourceARN != storedBefore.ResourceARN || got.Status != storedBefore.Status {
				t.Errorf("identity changed: %+v", got)
			}
			tt.check(t, got)
			stored := f.products.stored(t, p.ID)
			if stored.Revision != before.Revision+1 || !stored.UpdatedAt.Equal(f.clock.Now()) {
				t.Errorf("product revision %d at %v, want %d at %v", stored.Revision, stored.UpdatedAt, before.Revision+1, f.clock.Now())
			}
			if types := f.products.changeTypes(p.ID)[changesBefore:]; !slices.Equal(types, []string{ChangeUpdateDeliveryOptions}) {
				t.Errorf("recorded %v", types)
			}
		})
	}
}

func TestListingServiceUpdateVersionNumber(t *testing.T) {
	ctx := context.Background()
	f, p, v1 := versionFixture(t, goodModelPackage())
	second := goodModelPackage()
	second.Name = "second"
	v2 := f.addVersion(t, p, f.addResource(t, second))
	details := func(number string) Version { return Version{Number: number, ReleaseNotes: "Notes"} }

	if err := f.svc.UpdateVersion(ctx, f.root, p, p.Revision, v1, VersionInformation, details("1.0-beta")); err != nil {
		t.Fatalf("numbering v1: %v", err)
	}
	// Unique in the product, whatever the case.
	for _, n := range []string{"1.0-beta", " 1.0-beta ", "1.0-BETA"} {
		wantFields(t, f.svc.UpdateVersion(ctx, f.root, p, p.Revision, v2, VersionInformation, details(n)),
			FieldErrors{FieldVersionTitle: MsgVersionNumberTaken})
	}
	wantFields(t, f.svc.UpdateVersion(ctx, f.root, p, p.Revision, v1, VersionInformation, Version{}),
		FieldErrors{FieldVersionTitle: MsgFieldRequired, FieldReleaseNotes: MsgFieldRequired})
	// A version may keep its own number, or change it before submission.
	if err := f.svc.UpdateVersion(ctx, f.root, p, p.Revision, v1, VersionInformation, details("1.0-beta")); err != nil {
		t.Fatalf("keeping v1's number: %v", err)
	}
	if err := f.svc.UpdateVersion(ctx, f.root, p, p.Revision, v1, VersionInformation, details("1.0")); err != nil {
		t.Fatalf("keeping v1's number: %v", err)
	}
	if err := f.svc.UpdateVersion(ctx, f.root, p, p.Revision, v2, VersionInformation, details("1.1")); err != nil {
		t.Fatalf("numbering v2: %v", err)
	}

	// Once submitted, the number is frozen; the other details are not.
	submitted := f.products.version(t, v1.ID)
	submitted.SubmittedAt = t0
	if err := f.products.SaveVersion(ctx, p, p.Revision, &submitted, ProductChange{ProductID: p.ID}); err != nil {
		t.Fatal(err)
	}
	*v1 = submitted
	wantFields(t, f.svc.UpdateVersion(ctx, f.root, p, p.Revision, v1, VersionInformation, details("1.0.1")),
		FieldErrors{FieldVersionTitle: MsgVersionNumberFrozen})
	wantFields(t, f.svc.UpdateVersion(ctx, f.root, p, p.Revision, v1, VersionInformation, details("")),
		FieldErrors{FieldVersionTitle: MsgVersionNumberFrozen})
	if err := f.svc.UpdateVersion(ctx, f.root, p, p.Revision, v1, VersionInformation, Version{Number: "1.0", ReleaseNotes: "Fixed a typo."}); err != nil {
		t.Fatalf("editing notes of a submitted version: %v", err)
	}
	if got := f.products.version(t, v1.ID); got.Number != "1.0" || got.ReleaseNotes != "Fixed a typo." {
		t.Errorf("submitted version = %q %q, want 1.0 with the new notes", got.Number, got.ReleaseNotes)
	}
}

func TestListingServiceUpdateVersionUnknownParts(t *testing.T) {
	f, p, v := versionFixture(t, goodModelPackage())
	for _, parts := range []VersionParts{0, VersionInstanceTypes << 1, AllVersionParts + 1} {
		err := f.svc.UpdateVersion(context.Background(), f.root, p, p.Revision, v, parts, Version{})
		if ErrorCode(err) != ENOTFOUND {
			t.Errorf("UpdateVersion(parts %b) error = %v, want ENOTFOUND", parts, err)
		}
	}
}

func TestListingServiceUpdateVersionRepositoryFault(t *testing.T) {
	f, p, v := versionFixture(t, goodModelPackage())
	boom := errors.New("connection reset")
	f.products.readFail = boom
	err := f.svc.UpdateVersion(context.Background(), f.root, p, p.Revision, v, VersionInformation, Version{Number: "1.0", ReleaseNotes: "Notes"})
	if !errors.Is(err, boom) {
		t.Errorf("UpdateVersion() error = %v, want the repository's %v", err, boom)
	}
}

func TestListingServiceUpdateOffer(t *testing.T) {
	ctx := context.Background()
	f, p, _ := versionFixture(t, goodModelPackage())
	mp := goodModelPackage()
	required := RequiredPrices([]*SageMakerResource{&mp})
	paid := Offer{Pricing: PricingPaid, Prices: pricesFor(required, 125), TrialDays: 30, EULA: "Terms."}

	// Paid terms are refused before the tax interview and the bank account.
	before := f.products.stored(t, p.ID)
	_, _, changesBefore := f.products.counts()
	wantFields(t, f.svc.UpdateOffer(ctx, f.root, p, p.Revision, paid), FieldErrors{FieldPricingModel: MsgPaidNeedsTaxAndBank})
	f.wantUnchanged(t, before, changesBefore)

	// Free terms need no readiness; prices and trial days are dropped.
	free := Offer{Pricing: PricingFree, Prices: pricesFor(required, 125), TrialDays: 30, EULA: "Terms.\nLine two."}
	if err := f.svc.UpdateOffer(ctx, f.root, p, p.Revision, free); err != nil {
		t.Fatalf("UpdateOffer(free) error = %v", err)
	}
	want := Offer{Pricing: PricingFree, EULA: "Terms.\nLine two."}
	if got := f.products.stored(t, p.ID).Offer; !reflect.DeepEqual(got, want) {
		t.Errorf("stored %+v, want %+v", got, want)
	}
	if types := f.products.changeTypes(p.ID)[changesBefore:]; !slices.Equal(types, []string{ChangeUpdatePricingTerms, ChangeUpdateLegalTerms}) {
		t.Errorf("recorded %v", types)
	}

	f.makeReadyForPaid(t)
	_, _, changesBefore = f.products.counts()
	// A paid offer (not a trial) drops the trial days; the same EULA is no legal change.
	paid.EULA = want.EULA
	if err := f.svc.UpdateOffer(ctx, f.root, p, p.Revision, paid); err != nil {
		t.Fatalf("UpdateOffer(paid) after tax and bank: %v", err)
	}
	wantPaid := Offer{Pricing: PricingPaid, Prices: pricesFor(required, 125), EULA: want.EULA}
	if got := f.products.stored(t, p.ID).Offer; !reflect.DeepEqual(got, wantPaid) {
		t.Errorf("stored %+v, want %+v", got, wantPaid)
	}
	if types := f.products.changeTypes(p.ID)[changesBefore:]; !slices.Equal(types, []string{ChangeUpdatePricingTerms}) {
		t.Errorf("recorded %v", types)
	}

	// Only a new EULA is a legal change alone.
	_, _, changesBefore = f.products.counts()
	wantPaid.EULA = "New terms."
	if err := f.svc.UpdateOffer(ctx, f.root, p, p.Revision, wantPaid); err != nil {
		t.Fatalf("UpdateOffer(new EULA) error = %v", err)
	}
	if types := f.products.changeTypes(p.ID)[changesBefore:]; !slices.Equal(types, []string{ChangeUpdateLegalTerms}) {
		t.Errorf("recorded %v", types)
	}

	bad := []struct {
		name  string
		offer Offer
		want  FieldErrors
	}{
		{"missing price", Offer{Pricing: PricingPaid, Prices: pricesFor(required[:1], 125), EULA: "T"},
			FieldErrors{FieldPrice(required[1].Use, required[1].InstanceType): MsgFieldRequired, FieldPrice(required[2].Use, required[2].InstanceType): MsgFieldRequired}},
		{"trial of 4 days", Offer{Pricing: PricingPaidTrial, TrialDays: 4, Prices: pricesFor(required, 1), EULA: "T"},
			FieldErrors{FieldTrialDuration: MsgTrialDaysRange}},
		{"trial of 121 days", Offer{Pricing: PricingPaidTrial, TrialDays: 121, Prices: pricesFor(required, 1), EULA: "T"},
			FieldErrors{FieldTrialDuration: MsgTrialDaysRange}},
		{"no EULA", Offer{Pricing: PricingFree}, FieldErrors{FieldEULA: MsgEULARequired}},
		{"no pricing", Offer{EULA: "T"}, FieldErrors{FieldPricingModel: MsgPricingRequired}},
	}
	before = f.products.stored(t, p.ID)
	_, _, changesBefore = f.products.counts()
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			wantFields(t, f.svc.UpdateOffer(ctx, f.root, p, p.Revision, tt.offer), tt.want)
			f.wantUnchanged(t, before, changesBefore)
		})
	}

	// A trial within range is accepted.
	trial := Offer{Pricing: PricingPaidTrial, TrialDays: 5, Prices: pricesFor(required, 1), EULA: "T"}
	if err := f.svc.UpdateOffer(ctx, f.root, p, p.Revision, trial); err != nil {
		t.Fatalf("UpdateOffer(5-day trial) error = %v", err)
	}
	if got := f.products.stored(t, p.ID).Offer; got.TrialDays != 5 || got.Pricing != PricingPaidTrial {
		t.Errorf("stored %+v", got)
	}
}

func TestListingServiceCheckOffer(t *testing.T) {
	ctx := context.Background()
	f, p, _ := versionFixture(t, goodAlgorithm())
	before := f.products.stored(t, p.ID)
	_, _, changesBefore := f.products.counts()

	offer := Offer{Pricing: PricingFree, Prices: []InstancePrice{{Use: UseRealtime, InstanceType: "ml.m5.large"}}, TrialDays: 9, EULA: "T"}
	if err := f.svc.CheckOffer(ctx, p, &offer); err != nil {
		t.Fatalf("CheckOffer(free) error = %v", err)
	}
	if offer.Prices != nil || offer.TrialDays != 0 {
		t.Errorf("CheckOffer(free) left prices %v and %d trial days", offer.Prices, offer.TrialDays)
	}

	// An algorithm's paid offer must price training too; every problem is reported at once.
	paid := Offer{Pricing: PricingPaid, Prices: []InstancePrice{{Use: UseRealtime, InstanceType: "ml.m5.large", HourlyMillis: 1}}}
	err := f.svc.CheckOffer(ctx, p, &paid)
	e := AsError(err)
	if e.Code != EINVALID {
		t.Fatalf("CheckOffer(paid) error = %v, want EINVALID", err)
	}
	for _, key := range []string{FieldPricingModel, FieldEULA, FieldPrice(UseTraining, "ml.p3.2xlarge"), FieldPrice(UseBatch, "ml.m5.xlarge")} {
		if e.Fields[key] == "" {
			t.Errorf("no error on %s in %v", key, e.Fields)
		}
	}
	if _, ok := e.Fields[FieldPrice(UseRealtime, "ml.m5.large")]; ok {
		t.Errorf("the given price is reported: %v", e.Fields)
	}
	f.wantUnchanged(t, before, changesBefore)
}

func TestListingServiceCheckOfferReadinessFault(t *testing.T) {
	f, p, _ := versionFixture(t, goodModelPackage())
	boom := errors.New("seller store down")
	f.sellers.Repo.(*sellerRepoFake).readErr = boom
	offer := Offer{Pricing: PricingFree, EULA: "T"}
	if err := f.svc.CheckOffer(context.Background(), p, &offer); !errors.Is(err, boom) {
		t.Errorf("CheckOffer() error = %v, want %v", err, boom)
	}
}
