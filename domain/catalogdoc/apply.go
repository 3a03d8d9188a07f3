package catalogdoc

import (
	"context"
	"encoding/base64"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/domain/app"
)

// Apply performs one parsed change on entityID ("prod-…", or "prod-…@N" to
// insist on revision N) through the use cases of core, as principal pr,
// and returns the entity ID the change produced or changed: the new
// product's ID for CreateProduct. Every refusal is a *ChangeError (see
// FromDomain).
//
// A change that touches several sections of the portal (UpdateInformation:
// general information, promotional resources, support; AddDeliveryOptions:
// the launch option, then its details) is checked whole against the
// domain's rules before the first use case runs, so a refusal changes
// nothing; only a concurrent edit between the steps can leave the first
// applied.
//
// How the change types meet the portal's lifecycle (Draft → Submit for
// publishing → Limited → Sign off → Public → Unpublish → Restricted):
//
//   - UpdateVisibility Limited is Submit for publishing: the listing as it
//     is now is staged as a test product after the publishing delay, for
//     the seller and its test accounts (added through Seller Operations;
//     AWS's document has no field for them).
//   - UpdateVisibility Public is Sign off and publish.
//   - UpdateVisibility Restricted is Unpublish, with ReplacementProductId
//     as the replacement; the removal's contact email is the principal's
//     (IAM users have none: the domain then asks for one) and its reason
//     says it came through the Catalog API, since AWS's document has no
//     reason field.
//   - ReleaseProduct, which in AWS's samples takes a Draft product to
//     Limited, submits a draft for publishing; on a product in test it
//     signs off, as the portal's history names sign-off ReleaseProduct.
//
// The Offer@1.0 change types UpdatePricingTerms and UpdateLegalTerms set
// the product's one public offer: entityID is the product's ID (the face
// maps an offer identifier to its product). The portal stores the whole
// offer at once: an offer without a EULA gets the Standard Contract for
// AWS Marketplace until UpdateLegalTerms sets one, and UpdateLegalTerms on
// an offer without pricing is UPDATE_PRICING_REQUIRED.
func Apply(ctx context.Context, core *app.App, pr domain.Principal, entityID string, c Change) (string, error) {
	if c == nil {
		return "", changeErr(CodeInvalidChangeType, "ChangeType", "no change")
	}
	if cp, ok := c.(*CreateProduct); ok {
		return createProduct(ctx, core, pr, cp)
	}
	id, revision, ok := ParseEntityIdentifier(entityID)
	if !ok {
		return "", changeErr(CodeResourceNotFound, "Entity.Identifier", "%q is not a product identifier", entityID)
	}
	p, err := core.Product(ctx, pr, id)
	if err != nil {
		return "", FromDomain(err)
	}
	if revision >= 0 && revision != p.Revision {
		return "", changeErr(CodeConflict, "Entity.Identifier", "the product is at revision %d, not %d", p.Revision, revision)
	}
	a := &applier{ctx: ctx, core: core, pr: pr, p: p}
	switch x := c.(type) {
	case *UpdateInformation:
		err = a.updateInformation(x)
	case *UpdateTargeting:
		err = a.updateTargeting(x)
	case *AddDeliveryOptions:
		err = a.addDeliveryOptions(x)
	case *UpdateDeliveryOptions:
		err = a.updateDeliveryOptions(x)
	case *RestrictDeliveryOptions:
		err = a.restrict(x)
	case *UpdateVisibility:
		err = a.updateVisibility(x)
	case *ReleaseProduct:
		err = a.release()
	case *UpdatePricingTerms:
		err = a.updatePricing(x)
	case *UpdateLegalTerms:
		err = a.updateLegal(x)
	default:
		err = changeErr(CodeInvalidChangeType, "ChangeType", "%s cannot be applied", c.ChangeType())
	}
	if err != nil {
		return "", inDeliveryOption(FromDomain(err), a.deliveryPath, a.arnField)
	}
	return id, nil
}

func createProduct(ctx context.Context, core *app.App, pr domain.Principal, c *CreateProduct) (string, error) {
	if c.ProductTitle != nil {
		// The portal checks the title with the descriptions, highlights and
		// categories it goes with; nothing is created half-described.
		return "", changeErr(CodeInvalidInput, "Details.ProductTitle",
			"give the title with the rest of the description in an UpdateInformation change of the same change set")
	}
	p, err := core.CreateListingInAllRegions(ctx, pr)
	if err != nil {
		return "", FromDomain(err)
	}
	return p.ID, nil
}

// applier performs one change on one product, loaded.
type applier struct {
	ctx  context.Context
	core *app.App
	pr   domain.Principal
	p    *domain.Product
	// deliveryPath and arnField place a version's field errors in the
	// change's delivery option details.
	deliveryPath, arnField string
}

// supportContacts fills a support section's email and URL, which the
// Catalog API has no field for, from the seller's public profile (its
// support email and website) when the product has none yet: the buyer
// gets the contacts the seller registered with.
func (a *applier) supportContacts(s *domain.SupportInfo) {
	if s.Email != "" && s.URL != "" {
		return
	}
	profile, err := a.core.SellerProfile(a.ctx, a.pr)
	if err != nil || profile == nil {
		return
	}
	if s.Email == "" {
		s.Email = profile.SupportEmail
	}
	if s.URL == "" {
		s.URL = profile.Website
	}
}

// reload reads the product again after a step, for the next step's
// revision.
func (a *applier) reload() error {
	p, err := a.core.Product(a.ctx, a.pr, a.p.ID)
	if err != nil {
		return err
	}
	a.p = p
	return nil
}

func (a *applier) wasPrivate() bool {
	return a.p.Submitted() && a.p.Info.Privacy == domain.PrivacyPrivate
}

func (a *applier) updateInformation(c *UpdateInformation) error {
	p := a.p
	info := p.Info
	info.Highlights, info.Categories, info.AllowedAccounts = slices.Clone(info.Highlights), slices.Clone(info.Categories),
		slices.Clone(info.AllowedAccounts)
	setInfo := false
	set := func(dst *string, src *string) {
		if src != nil {
			*dst, setInfo = *src, true
		}
	}
	set(&info.Title, c.ProductTitle)
	set(&info.ShortDescription, c.ShortDescription)
	set(&info.Overview, c.LongDescription)
	if c.Highlights != nil {
		info.Highlights, setInfo = slices.Clone(*c.Highlights), true
	}
	if c.Categories != nil {
		info.Categories, setInfo = slices.Clone(*c.Categories), true
	}
	if c.VideoUrls != nil {
		info.VideoURL, setInfo = "", true
		if len(*c.VideoUrls) > 0 {
			info.VideoURL = (*c.VideoUrls)[0]
		}
	}

	promo := domain.Promotional{Keywords: slices.Clone(p.Promo.Keywords), Links: slices.Clone(p.Promo.Links)}
	setPromo, removeLogo := false, false
	if c.SearchKeywords != nil {
		promo.Keywords, setPromo = slices.Clone(*c.SearchKeywords), true
	}
	if c.AdditionalResources != nil {
		promo.Links, setPromo = nil, true
		for _, r := range *c.AdditionalResources {
			promo.Links = append(promo.Links, domain.ResourceLink{Title: r.Text, URL: r.Url})
		}
	}
	if c.LogoUrl != nil {
		setPromo = true
		if *c.LogoUrl == "" {
			removeLogo = true
		} else {
			logo, typ, err := decodeLogo(*c.LogoUrl)
			if err != nil {
				return err
			}
			promo.Logo, promo.LogoType = logo, typ
		}
	}

	support := p.Support
	setSupport := c.SupportDescription != nil
	if setSupport {
		support.Chosen = true
		support.Description = *c.SupportDescription
		support.Offered = strings.TrimSpace(support.Description) != ""
		if support.Offered {
			a.supportContacts(&support)
		}
	}

	// Every section is checked before any is saved.
	if setInfo {
		check := info
		check.Normalize()
		if err := check.Validate(p.AccountID, a.wasPrivate()); err != nil {
			return err
		}
	}
	if setPromo {
		check := promo
		check.Normalize()
		if err := check.Validate(); err != nil {
			return err
		}
	}
	if setSupport {
		check := support
		check.Normalize()
		if err := check.Validate(); err != nil {
			return err
		}
	}
	revision := p.Revision
	if setInfo {
		if _, err := a.core.UpdateInformation(a.ctx, a.pr, p.ID, revision, info); err != nil {
			return err
		}
		if err := a.reload(); err != nil {
			return err
		}
		revision = a.p.Revision
	}
	if setPromo {
		if _, err := a.core.UpdatePromotional(a.ctx, a.pr, p.ID, revision, promo, removeLogo); err != nil {
			return err
		}
		if err := a.reload(); err != nil {
			return err
		}
		revision = a.p.Revision
	}
	if setSupport {
		if _, err := a.core.UpdateSupport(a.ctx, a.pr, p.ID, revision, support); err != nil {
			return err
		}
	}
	return nil
}

// decodeLogo reads a logo given as a data: URL of a PNG or JPEG image; the
// portal keeps the image, so a URL to fetch is refused.
func decodeLogo(raw string) ([]byte, string, error) {
	const path = "Details.LogoUrl"
	rest, ok := strings.CutPrefix(raw, "data:")
	if !ok {
		return nil, "", changeErr(CodeInvalidInput, path, "give the logo as a data: URL of a PNG or JPEG image")
	}
	meta, data, ok := strings.Cut(rest, ",")
	if !ok || !strings.HasSuffix(meta, ";base64") {
		return nil, "", changeErr(CodeInvalidInput, path, "the data: URL must be base64-encoded")
	}
	b, err := base64.StdEncoding.DecodeString(data)
	if err != nil {
		return nil, "", changeErr(CodeInvalidInput, path, "the data: URL is not valid base64")
	}
	clean, typ, msg := domain.CleanImage(b)
	if msg != "" {
		return nil, "", domain.Invalid(domain.FieldErrors{domain.FieldLogo: msg})
	}
	return clean, typ, nil
}

// updateTargeting sets the allow-list of buyer accounts that may see the
// product while it is Limited, as AWS's UpdateTargeting does for products
// in test: the portal's test accounts.
func (a *applier) updateTargeting(c *UpdateTargeting) error {
	_, err := a.core.UpdateTestAccounts(a.ctx, a.pr, a.p.ID, a.p.Revision, slices.Clone(c.PositiveTargeting.BuyerAccounts))
	return err
}

// option is a delivery option's details whichever its kind.
type option struct {
	kind     domain.ResourceKind
	usage    *UsageDetails
	batch    *string
	realtime *string
	training *string
}

func (a *applier) addDeliveryOptions(c *AddDeliveryOptions) error {
	d := c.DeliveryOptions[0].Details
	var arn string
	var o option
	const at = "Details.DeliveryOptions[0].Details."
	var path string
	if m := d.SageMakerModelPackageDeliveryOptionDetails; m != nil {
		arn = *m.SageMakerModelPackageArn
		o = option{kind: domain.KindModelPackage, usage: &m.UsageDetails, batch: m.RecommendedInstanceTypes.BatchTransform,
			realtime: m.RecommendedInstanceTypes.RealtimeInference}
		path = at + "SageMakerModelPackageDeliveryOptionDetails."
		a.arnField = "SageMakerModelPackageArn"
	} else {
		al := d.SageMakerAlgorithmDeliveryOptionDetails
		arn = *al.SageMakerAlgorithmArn
		r := al.RecommendedInstanceTypes
		o = option{kind: domain.KindAlgorithm, usage: &al.UsageDetails, batch: r.BatchTransform, realtime: r.RealtimeInference,
			training: r.Training}
		path = at + "SageMakerAlgorithmDeliveryOptionDetails."
		a.arnField = "SageMakerAlgorithmArn"
	}
	a.deliveryPath = strings.TrimSuffix(path, ".")
	if a.p.Type != "" && a.p.Type != o.kind {
		return changeErr(CodeIncompatibleDeliveryOptions, a.deliveryPath, "the product delivers %s resources", a.p.Type)
	}
	_, versions, _, err := a.core.ProductVersions(a.ctx, a.pr, a.p.ID)
	if err != nil {
		return err
	}
	numbers := make([]string, 0, len(versions))
	for _, v := range versions {
		numbers = append(numbers, v.Number)
	}
	edit := domain.Version{Number: strings.TrimSpace(*c.Version.VersionTitle), ReleaseNotes: *c.Version.ReleaseNotes}
	if err := o.applyTo(&edit, path, domain.AllVersionParts); err != nil {
		return err
	}
	f := domain.FieldErrors{}
	if msg := domain.ValidateVersionNumber(edit.Number, numbers); msg != "" {
		f[domain.FieldVersionTitle] = msg
	}
	for _, part := range []domain.FieldErrors{edit.ValidateDetails(), edit.ValidateTraining(o.kind), edit.ValidateInput(),
		edit.ValidateOutput()} {
		for k, m := range part {
			f[k] = m
		}
	}
	if r, err := a.resource(o.kind, arn); err != nil {
		return err
	} else if r != nil {
		for k, m := range edit.ValidateInstances(r) {
			f[k] = m
		}
	}
	if len(f) > 0 {
		return domain.Invalid(f)
	}
	v, err := a.core.AddLaunchOption(a.ctx, a.pr, a.p.ID, a.p.Revision, arn)
	if err != nil {
		return err
	}
	if err := a.reload(); err != nil {
		return err
	}
	_, err = a.core.UpdateVersion(a.ctx, a.pr, a.p.ID, a.p.Revision, v.ID, domain.AllVersionParts, edit)
	return err
}

// resource finds the account's resource with arn, nil when there is none
// (AddLaunchOption then says why).
func (a *applier) resource(kind domain.ResourceKind, arn string) (*domain.SageMakerResource, error) {
	list, err := a.core.SageMakerResources(a.ctx, a.pr, kind)
	if domain.ErrorCode(err) == domain.EFORBIDDEN {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	for i := range list {
		if list[i].ARN() == arn {
			return &list[i], nil
		}
	}
	return nil, nil
}

// applyTo overlays the option's details on v, for the parts given, and
// refuses what the portal cannot keep.
//
// Mapping: SampleNotebookUrl and RepositoryUrl are the version's links;
// UsageInstructions is an algorithm's overview (and its training data
// description while it has none), and has no place for a model package;
// InputProperties are the input details, with sample inputs as URLs only;
// SageMakerCustomAttributes are the custom attributes; OutputProperties are
// the output details, the sample as the real-time text or URL (a batch
// sample stands in when there is none); AlwaysReturned is the output
// parameter's Required; RecommendedInstanceTypes are the recommendations.
// AccessRoleArn is checked and not kept: the portal reads resources itself.
func (o option) applyTo(v *domain.Version, path string, parts domain.VersionParts) error {
	u := o.usage
	if parts.Has(domain.VersionInformation) {
		setStr(&v.NotebookURL, u.SampleNotebookUrl)
		setStr(&v.RepoURL, u.RepositoryUrl)
	}
	if parts.Has(domain.VersionTrainingInputs) {
		if o.kind == domain.KindAlgorithm && u.UsageInstructions != nil {
			v.AlgorithmOverview = *u.UsageInstructions
			if v.TrainingDataDescription == "" {
				v.TrainingDataDescription = *u.UsageInstructions
			}
		}
		if in := u.InputProperties; in != nil && in.SageMakerCustomAttributes != nil {
			v.CustomAttributes = nil
			for _, x := range *in.SageMakerCustomAttributes {
				v.CustomAttributes = append(v.CustomAttributes, domain.CustomAttribute(x))
			}
		}
	}
	if in := u.InputProperties; in != nil && parts.Has(domain.VersionInput) {
		setStr(&v.Input.Description, in.Description)
		setStr(&v.Input.Limitations, in.Limitations)
		if s := in.SampleInput; s != nil {
			if s.RealtimeInferenceText != nil || s.BatchTransformText != nil {
				return changeErr(CodeInvalidInput, path+"InputProperties.SampleInput",
					"the portal takes sample inputs as URLs (RealtimeInferenceUrl, BatchTransformUrl)")
			}
			setStr(&v.Input.SampleRealtimeURL, s.RealtimeInferenceUrl)
			setStr(&v.Input.SampleBatchURL, s.BatchTransformUrl)
		}
		if in.Parameters != nil {
			v.Input.Parameters = nil
			for _, x := range *in.Parameters {
				v.Input.Parameters = append(v.Input.Parameters, domain.Parameter(x))
			}
		}
	}
	if out := u.OutputProperties; out != nil && parts.Has(domain.VersionOutput) {
		setStr(&v.Output.Description, out.Description)
		if s := out.SampleOutput; s != nil {
			text, link := s.RealtimeInferenceText, s.RealtimeInferenceUrl
			if text == nil && link == nil {
				text, link = s.BatchTransformText, s.BatchTransformUrl
			}
			v.Output.SampleText, v.Output.SampleURL = "", ""
			setStr(&v.Output.SampleText, text)
			setStr(&v.Output.SampleURL, link)
		}
		if out.Parameters != nil {
			v.Output.Parameters = nil
			for _, x := range *out.Parameters {
				v.Output.Parameters = append(v.Output.Parameters,
					domain.Parameter{Name: x.Name, Description: x.Description, Required: x.AlwaysReturned})
			}
		}
	}
	if parts.Has(domain.VersionInstanceTypes) {
		setStr(&v.RecommendedBatch, o.batch)
		setStr(&v.RecommendedRealtime, o.realtime)
		setStr(&v.RecommendedTraining, o.training)
	}
	return nil
}

func setStr(dst *string, src *string) {
	if src != nil {
		*dst = *src
	}
}

func (a *applier) updateDeliveryOptions(c *UpdateDeliveryOptions) error {
	const idPath = "Details.DeliveryOptions[0].Id"
	o := c.DeliveryOptions[0]
	versionID, ok := ParseDeliveryOptionID(o.Id)
	_, versions, _, err := a.core.ProductVersions(a.ctx, a.pr, a.p.ID)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(versions, func(v domain.Version) bool { return v.ID == versionID })
	if !ok || i < 0 {
		return changeErr(CodeInvalidDeliveryOptionID, idPath, "no delivery option %s in this product", o.Id)
	}
	stored := versions[i]
	if stored.Status == domain.VersionRestricted {
		return changeErr(CodeIncompatibleDeliveryOptionStatus, idPath, "a restricted delivery option cannot be updated: add a new version")
	}
	edit := stored
	var parts domain.VersionParts
	if v := c.Version; v != nil {
		setStr(&edit.Number, v.VersionTitle)
		setStr(&edit.ReleaseNotes, v.ReleaseNotes)
		parts |= domain.VersionInformation
	}
	if d := o.Details; d != nil {
		var opt option
		const at = "Details.DeliveryOptions[0].Details."
		path := at
		switch {
		case d.SageMakerModelPackageDeliveryOptionDetails != nil:
			m := d.SageMakerModelPackageDeliveryOptionDetails
			opt = option{kind: domain.KindModelPackage, usage: &m.UsageDetails}
			if r := m.RecommendedInstanceTypes; r != nil {
				opt.batch, opt.realtime = r.BatchTransform, r.RealtimeInference
			}
			path += "SageMakerModelPackageDeliveryOptionDetails."
		case d.SageMakerAlgorithmDeliveryOptionDetails != nil:
			al := d.SageMakerAlgorithmDeliveryOptionDetails
			opt = option{kind: domain.KindAlgorithm, usage: &al.UsageDetails}
			if r := al.RecommendedInstanceTypes; r != nil {
				opt.batch, opt.realtime, opt.training = r.BatchTransform, r.RealtimeInference, r.Training
			}
			path += "SageMakerAlgorithmDeliveryOptionDetails."
		}
		if opt.usage != nil {
			a.deliveryPath = strings.TrimSuffix(path, ".")
			if opt.kind != a.p.Type {
				return changeErr(CodeIncompatibleDeliveryOptions, a.deliveryPath, "the product delivers %s resources", a.p.Type)
			}
			parts |= opt.parts()
			if err := opt.applyTo(&edit, path, parts); err != nil {
				return err
			}
		}
	}
	if parts == 0 {
		return changeErr(CodeMissingRequiredField, "Details", "nothing to update")
	}
	_, err = a.core.UpdateVersion(a.ctx, a.pr, a.p.ID, a.p.Revision, stored.ID, parts, edit)
	return err
}

// parts are the parts of a version an update's details touch.
func (o option) parts() domain.VersionParts {
	var parts domain.VersionParts
	u := o.usage
	if u.SampleNotebookUrl != nil || u.RepositoryUrl != nil {
		parts |= domain.VersionInformation
	}
	if (o.kind == domain.KindAlgorithm && u.UsageInstructions != nil) ||
		(u.InputProperties != nil && u.InputProperties.SageMakerCustomAttributes != nil) {
		parts |= domain.VersionTrainingInputs
	}
	if in := u.InputProperties; in != nil &&
		(in.Description != nil || in.Limitations != nil || in.SampleInput != nil || in.Parameters != nil) {
		parts |= domain.VersionInput
	}
	if u.OutputProperties != nil {
		parts |= domain.VersionOutput
	}
	if o.batch != nil || o.realtime != nil || o.training != nil {
		parts |= domain.VersionInstanceTypes
	}
	return parts
}

func (a *applier) restrict(c *RestrictDeliveryOptions) error {
	ids := make([]string, 0, len(c.DeliveryOptionIds))
	var unknown []string
	for _, id := range c.DeliveryOptionIds {
		n, ok := ParseDeliveryOptionID(id)
		if !ok {
			unknown = append(unknown, id)
			continue
		}
		ids = append(ids, strconv.FormatInt(n, 10))
	}
	if len(unknown) > 0 {
		return changeErr(CodeInvalidDeliveryOptionID, "Details.DeliveryOptionIds", "IDs not found: %s", strings.Join(unknown, ", "))
	}
	_, err := a.core.RestrictVersions(a.ctx, a.pr, a.p.ID, a.p.Revision, ids)
	return err
}

// APIRemovalReason is the removal reason of a product unpublished through
// the Catalog API, whose UpdateVisibility has no reason field.
const APIRemovalReason = "Unpublished through the AWS Marketplace Catalog API (UpdateVisibility to Restricted)."

func (a *applier) updateVisibility(c *UpdateVisibility) error {
	var err error
	switch c.TargetVisibility {
	case VisibilityLimited:
		_, err = a.core.SubmitForPublishing(a.ctx, a.pr, a.p.ID, a.p.Revision, "")
	case VisibilityPublic:
		_, err = a.core.SignOff(a.ctx, a.pr, a.p.ID, a.p.Revision)
	case VisibilityRestricted:
		req := domain.Removal{Email: a.pr.User.Email, Reason: APIRemovalReason}
		if c.ReplacementProductId != nil {
			req.ReplacementID = *c.ReplacementProductId
		}
		_, err = a.core.Unpublish(a.ctx, a.pr, a.p.ID, a.p.Revision, req)
	}
	return err
}

func (a *applier) release() error {
	if a.p.Status == domain.StatusDraft {
		_, err := a.core.SubmitForPublishing(a.ctx, a.pr, a.p.ID, a.p.Revision, "")
		return err
	}
	_, err := a.core.SignOff(a.ctx, a.pr, a.p.ID, a.p.Revision)
	return err
}

// StandardEULA is the EULA text of an offer under AWS's standard contract.
func StandardEULA(version string) string {
	s := "This product is offered under the Standard Contract for AWS Marketplace (SCMP)"
	if version != "" {
		s += ", version " + version
	}
	return s + ": https://aws.amazon.com/marketplace/features/standardized-contracts\n"
}

func (a *applier) updatePricing(c *UpdatePricingTerms) error {
	offer := a.p.Offer
	offer.Prices, offer.TrialDays = nil, 0
	if offer.EULA == "" {
		offer.EULA = StandardEULA("")
	}
	if c.PricingModel == PricingModelFree {
		offer.Pricing = domain.PricingFree
		_, err := a.core.UpdateOffer(a.ctx, a.pr, a.p.ID, a.p.Revision, offer)
		return err
	}
	offer.Pricing = domain.PricingPaid
	keys := map[string]bool{}
	for i, item := range c.Usage.RateCards[0].RateCard {
		at := "Details.Terms[UsageBasedPricingTerm].RateCards[0].RateCard[" + strconv.Itoa(i) + "]."
		use, typ, ok := ParseDimensionKey(item.DimensionKey)
		if !ok {
			return changeErr(CodeInvalidInput, at+"DimensionKey",
				"%q is not an hourly dimension of an instance type (<type>.m.i.r, .m.i.b or .a.t)", item.DimensionKey)
		}
		if keys[item.DimensionKey] {
			return changeErr(CodeInvalidInput, at+"DimensionKey", "%q is priced twice", item.DimensionKey)
		}
		keys[item.DimensionKey] = true
		millis, msg := domain.ParseUSD(item.Price.String())
		if msg != "" {
			return changeErr(CodeInvalidInput, at+"Price", "must be a price in US dollars with at most 3 decimals")
		}
		offer.Prices = append(offer.Prices, domain.InstancePrice{Use: use, InstanceType: typ, HourlyMillis: millis})
	}
	if t := c.FreeTrial; t != nil {
		days, _ := strconv.Atoi(durationPattern.FindStringSubmatch(t.Duration)[1])
		offer.Pricing, offer.TrialDays = domain.PricingPaidTrial, days
		granted := map[string]bool{}
		for _, g := range t.Grants {
			granted[g.DimensionKey] = true
		}
		for k := range keys {
			if !granted[k] {
				return changeErr(CodeInvalidInput, "Details.Terms[FreeTrialPricingTerm].Grants",
					"the free trial covers every priced dimension; %q is missing", k)
			}
		}
		for k := range granted {
			if !keys[k] {
				return changeErr(CodeInvalidInput, "Details.Terms[FreeTrialPricingTerm].Grants", "%q is not priced", k)
			}
		}
	}
	_, err := a.core.UpdateOffer(a.ctx, a.pr, a.p.ID, a.p.Revision, offer)
	return err
}

func (a *applier) updateLegal(c *UpdateLegalTerms) error {
	offer := a.p.Offer
	if offer.Pricing == "" {
		return changeErr(CodeUpdatePricingRequired, "Details", "UpdatePricingTerms is required before the legal terms")
	}
	d := c.Terms[0].Documents[0]
	switch d.Type {
	case DocumentStandardEula:
		offer.EULA = StandardEULA(d.Version)
	case DocumentCustomEula:
		text, err := customEULA(d.Url)
		if err != nil {
			return err
		}
		offer.EULA = text
	}
	_, err := a.core.UpdateOffer(a.ctx, a.pr, a.p.ID, a.p.Revision, offer)
	return err
}

// customEULA is the text of a custom EULA: the content of a data: URL,
// checked as the pages check an upload, or for an https URL a one-line
// agreement pointing there (the portal fetches nothing).
func customEULA(raw string) (string, error) {
	const path = "Details.Terms[0].Documents[0].Url"
	if rest, ok := strings.CutPrefix(raw, "data:"); ok {
		meta, data, ok := strings.Cut(rest, ",")
		if !ok || !strings.HasPrefix(meta, "text/plain") {
			return "", changeErr(CodeInvalidInput, path, "a data: URL EULA must be text/plain")
		}
		var b []byte
		if strings.HasSuffix(meta, ";base64") {
			decoded, err := base64.StdEncoding.DecodeString(data)
			if err != nil {
				return "", changeErr(CodeInvalidInput, path, "the data: URL is not valid base64")
			}
			b = decoded
		} else {
			text, err := url.PathUnescape(data)
			if err != nil {
				return "", changeErr(CodeInvalidInput, path, "the data: URL is not valid")
			}
			b = []byte(text)
		}
		text, msg := domain.CheckEULA(b)
		if msg != "" {
			return "", domain.Invalid(domain.FieldErrors{domain.FieldEULA: msg})
		}
		return text, nil
	}
	if !httpsURLPattern.MatchString(raw) {
		return "", changeErr(CodeInvalidInput, path, "must be an https URL or a data:text/plain URL")
	}
	return "The End User License Agreement of this product is at " + raw + "\n", nil
}
