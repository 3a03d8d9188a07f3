package domain

import (
	"strconv"
	"strings"
)

// Field paths are the keys of FieldErrors: each names the domain field a
// message is about, never an input of one page, so that every face can put
// the message beside its own control. The pages map a path to a form input;
// the Catalog API maps it to a path of its DetailsDocument.
//
// A machine learning product's fields take the names of the AWS Marketplace
// Catalog API for MachineLearningProduct where it has one: the Description,
// PromotionalResources, SupportInformation and Targeting sections, the
// Version of AddDeliveryOptions and UpdateDeliveryOptions, and the details of
// its one DeliveryOption. Where AWS has no name, a path follows the domain
// struct (TestAccounts, Removal.Email, TaxInterview.LegalName).
//
// An element of a list carries its index: "Description.Highlights[2]". The
// constants of list elements leave the brackets empty; FieldAt fills them
// and FieldPattern empties them again.
const (
	// General information (UpdateInformation).
	FieldPrivacy          = "Info.Privacy"
	FieldAllowedAccounts  = "Info.AllowedAccounts"
	FieldProductTitle     = "Description.ProductTitle"
	FieldShortDescription = "Description.ShortDescription"
	FieldLongDescription  = "Description.LongDescription"
	FieldHighlights       = "Description.Highlights"
	FieldHighlight        = FieldHighlights + "[]"
	FieldCategories       = "Description.Categories"
	// FieldVideoURL is the listing's one product video.
	FieldVideoURL = "PromotionalResources.Videos[0].Url"

	// Promotional resources.
	FieldLogo                   = "PromotionalResources.LogoUrl"
	FieldKeywords               = "PromotionalResources.Keywords"
	FieldAdditionalResources    = "PromotionalResources.AdditionalResources"
	FieldAdditionalResourceText = FieldAdditionalResources + "[].Text"
	FieldAdditionalResourceURL  = FieldAdditionalResources + "[].Url"

	// Support information.
	FieldSupportOffered     = "SupportInformation.Offered"
	FieldSupportEmail       = "SupportInformation.Email"
	FieldSupportURL         = "SupportInformation.Url"
	FieldSupportDescription = "SupportInformation.Description"

	// Region availability (UpdateTargeting).
	FieldRegions = "Targeting.Regions"

	// A version (AddDeliveryOptions, UpdateDeliveryOptions).
	FieldResourceARN             = "DeliveryOption.ResourceArn"
	FieldVersionTitle            = "Version.VersionTitle"
	FieldReleaseNotes            = "Version.ReleaseNotes"
	FieldSampleNotebookURL       = "DeliveryOption.SampleNotebookUrl"
	FieldRepositoryURL           = "DeliveryOption.RepositoryUrl"
	FieldTrainingDataDescription = "DeliveryOption.TrainingDataDescription"
	FieldTrainingDataSampleURL   = "DeliveryOption.TrainingDataSampleUrl"
	FieldAlgorithmOverview       = "DeliveryOption.AlgorithmOverview"
	FieldInputDescription        = "DeliveryOption.InputProperties.Description"
	FieldInputLimitations        = "DeliveryOption.InputProperties.Limitations"
	FieldSampleRealtimeInputURL  = "DeliveryOption.InputProperties.SampleInput.RealtimeInferenceUrl"
	FieldSampleBatchInputURL     = "DeliveryOption.InputProperties.SampleInput.BatchTransformUrl"
	FieldOutputDescription       = "DeliveryOption.OutputProperties.Description"
	FieldSampleOutputText        = "DeliveryOption.OutputProperties.SampleOutput.Text"
	FieldSampleOutputURL         = "DeliveryOption.OutputProperties.SampleOutput.Url"
	FieldRecommendedRealtime     = "DeliveryOption.RecommendedInstanceTypes.RealtimeInference"
	FieldRecommendedBatch        = "DeliveryOption.RecommendedInstanceTypes.BatchTransform"
	FieldRecommendedTraining     = "DeliveryOption.RecommendedInstanceTypes.Training"

	// The parameter lists of a version: the list itself (too many), and a
	// row's name, description and constraints.
	FieldCustomAttributes           = "DeliveryOption.CustomAttributes"
	FieldCustomAttributeName        = FieldCustomAttributes + "[].Name"
	FieldCustomAttributeDescription = FieldCustomAttributes + "[].Description"
	FieldCustomAttributeConstraints = FieldCustomAttributes + "[].Constraints"
	FieldInputParameters            = "DeliveryOption.InputProperties.Parameters"
	FieldInputParameterName         = FieldInputParameters + "[].Name"
	FieldInputParameterDescription  = FieldInputParameters + "[].Description"
	FieldInputParameterConstraints  = FieldInputParameters + "[].Constraints"
	FieldOutputParameters           = "DeliveryOption.OutputProperties.Parameters"
	FieldOutputParameterName        = FieldOutputParameters + "[].Name"
	FieldOutputParameterDescription = FieldOutputParameters + "[].Description"
	FieldOutputParameterConstraints = FieldOutputParameters + "[].Constraints"

	// FieldRestrictVersions is the versions chosen for restriction
	// (RestrictDeliveryOptions).
	FieldRestrictVersions = "DeliveryOptionIds"

	// Pricing and legal terms (UpdatePricingTerms, UpdateLegalTerms); a
	// price's path is made by FieldPrice.
	FieldPricingModel  = "PricingModel"
	FieldTrialDuration = "Terms.FreeTrialPricingTerm.Duration"
	FieldEULA          = "Terms.LegalTerm.Documents"

	// Publishing and removal.
	FieldTestAccounts  = "TestAccounts"
	FieldRemovalEmail  = "Removal.Email"
	FieldRemovalReason = "Removal.Reason"
	FieldReplacementID = "Removal.ReplacementID"

	// A request for more test accounts.
	FieldRequestAccounts = "TestAccountRequest.Accounts"
	FieldRequestMessage  = "TestAccountRequest.Message"

	// Buying: the EULA box of a subscription and a launch configuration.
	FieldEULAAccepted       = "EULAAccepted"
	FieldLaunchVersion      = "Launch.Version"
	FieldLaunchRegion       = "Launch.Region"
	FieldLaunchMethod       = "Launch.Method"
	FieldLaunchInstanceType = "Launch.InstanceType"

	// A catalog search.
	FieldSearchText     = "CatalogQuery.Text"
	FieldSearchCategory = "CatalogQuery.Category"
	FieldSearchType     = "CatalogQuery.Type"
	FieldSearchPricing  = "CatalogQuery.Pricing"
	FieldSearchSort     = "CatalogQuery.Sort"
	FieldSearchPage     = "CatalogQuery.Page"

	// Accounts and users: sign-up, sign-in, IAM users.
	FieldAccountName = "Account.Name"
	FieldEmail       = "User.Email"
	FieldPassword    = "User.Password"
	// The current password, asked for again before a change, and the
	// second copy of a new one.
	FieldCurrentPassword = "User.CurrentPassword"
	FieldPasswordConfirm = "User.PasswordConfirm"
	FieldAccountID       = "User.AccountID"
	FieldUserName        = "User.UserName"

	// An IAM user's policy, managed (by name) or custom.
	FieldPolicyName     = "UserPolicy.Name"
	FieldPolicyDocument = "UserPolicy.Document"

	// The seller profile.
	FieldDisplayName         = "SellerProfile.DisplayName"
	FieldProfileDescription  = "SellerProfile.Description"
	FieldWebsite             = "SellerProfile.Website"
	FieldProfileSupportEmail = "SellerProfile.SupportEmail"

	// The tax interview.
	FieldEntityType    = "TaxInterview.EntityType"
	FieldLegalName     = "TaxInterview.LegalName"
	FieldCountry       = "TaxInterview.Country"
	FieldAddressLine1  = "TaxInterview.AddressLine1"
	FieldAddressLine2  = "TaxInterview.AddressLine2"
	FieldCity          = "TaxInterview.City"
	FieldRegion        = "TaxInterview.Region"
	FieldPostalCode    = "TaxInterview.PostalCode"
	FieldTaxID         = "TaxInterview.TaxID"
	FieldSignatureName = "TaxInterview.SignatureName"
	FieldCertified     = "TaxInterview.Certified"

	// The bank account.
	FieldBankKind      = "BankAccount.Kind"
	FieldHolderName    = "BankAccount.HolderName"
	FieldRoutingNumber = "BankAccount.RoutingNumber"
	FieldAccountNumber = "BankAccount.AccountNumber"
	FieldIBAN          = "BankAccount.IBAN"
	FieldBIC           = "BankAccount.BIC"

	// A SageMaker model package or algorithm.
	FieldResourceKind            = "SageMakerResource.Kind"
	FieldResourceName            = "SageMakerResource.Name"
	FieldResourceDescription     = "SageMakerResource.Description"
	FieldResourceRegion          = "SageMakerResource.Region"
	FieldRealtimeInstanceTypes   = "SageMakerResource.RealtimeInstanceTypes"
	FieldBatchInstanceTypes      = "SageMakerResource.BatchInstanceTypes"
	FieldTrainingInstanceTypes   = "SageMakerResource.TrainingInstanceTypes"
	FieldContentTypes            = "SageMakerResource.ContentTypes"
	FieldResponseMIMETypes       = "SageMakerResource.ResponseMIMETypes"
	FieldValidationStatus        = "SageMakerResource.ValidationStatus"
	FieldTrainingChannels        = "SageMakerResource.TrainingChannels"
	FieldChannelName             = FieldTrainingChannels + "[].Name"
	FieldChannelInputModes       = FieldTrainingChannels + "[].InputModes"
	FieldChannelCompressionTypes = FieldTrainingChannels + "[].CompressionTypes"
	FieldChannelContentTypes     = FieldTrainingChannels + "[].ContentTypes"
	FieldHyperParameters         = "SageMakerResource.HyperParameters"
	FieldHyperParameterName      = FieldHyperParameters + "[].Name"
	FieldHyperParameterType      = FieldHyperParameters + "[].Type"
	FieldHyperParameterRange     = FieldHyperParameters + "[].Range"
	FieldHyperParameterValues    = FieldHyperParameters + "[].Values"
	FieldHyperParameterDefault   = FieldHyperParameters + "[].DefaultValue"
	FieldMetricDefinitions       = "SageMakerResource.MetricDefinitions"
	FieldMetricName              = FieldMetricDefinitions + "[].Name"
	FieldMetricRegex             = FieldMetricDefinitions + "[].Regex"
	// FieldDescribeOutput is the pasted DescribeModelPackage or
	// DescribeAlgorithm response a resource is imported from.
	FieldDescribeOutput = "DescribeOutput"
)

// FieldPrice is the path of the hourly price of one instance type for one
// use, a rate card entry of the usage-based pricing term.
func FieldPrice(use Use, instanceType string) string {
	return "Terms.UsageBasedPricingTerm.RateCard[" + string(use) + ":" + instanceType + "].Price"
}

// FieldAt fills the empty brackets of a list path with indices, in order:
// FieldAt(FieldAdditionalResourceURL, 1) is
// "PromotionalResources.AdditionalResources[1].Url".
func FieldAt(pattern string, indices ...int) string {
	var b strings.Builder
	for _, i := range indices {
		before, after, ok := strings.Cut(pattern, "[]")
		if !ok {
			break
		}
		b.WriteString(before + "[" + strconv.Itoa(i) + "]")
		pattern = after
	}
	b.WriteString(pattern)
	return b.String()
}

// FieldPattern undoes FieldAt: it returns path with each numeric index
// emptied, and the indices in order. Brackets around anything else, such as
// a price's dimension, stay as they are.
func FieldPattern(path string) (string, []int) {
	var b strings.Builder
	var indices []int
	for {
		open := strings.IndexByte(path, '[')
		if open < 0 {
			break
		}
		end := strings.IndexByte(path[open:], ']')
		if end < 0 {
			break
		}
		n, err := strconv.Atoi(path[open+1 : open+end])
		if err != nil || !isDigitString(path[open+1:open+end]) {
			b.WriteString(path[:open+end+1])
		} else {
			b.WriteString(path[:open] + "[]")
			indices = append(indices, n)
		}
		path = path[open+end+1:]
	}
	b.WriteString(path)
	return b.String(), indices
}
