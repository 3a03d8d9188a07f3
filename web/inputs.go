package web

import (
	"fmt"
	"strings"

	"github.com/mlportal/portal/domain"
)

// inputNames maps the domain field paths a form's use case reports its
// problems under to the names of the form's inputs, so that each message is
// shown beside the input it is about. A path with list indices is looked up
// with its indices emptied (domain.FieldPattern), and its input name takes
// the indices in place of each %d: "PromotionalResources.AdditionalResources[1].Url"
// finds "links.%d.url" and becomes "links.1.url". Each form has one mapping.
type inputNames map[string]string

// input returns the input that shows the problem of path. A path the form
// does not map keeps its name: no input shows it, and the page still says
// the form has errors.
func (n inputNames) input(path string) string {
	if name, ok := n[path]; ok {
		return name
	}
	pattern, indices := domain.FieldPattern(path)
	name, ok := n[pattern]
	if !ok {
		return path
	}
	args := make([]any, 0, len(indices))
	for _, i := range indices[:min(strings.Count(name, "%d"), len(indices))] {
		args = append(args, i)
	}
	if len(args) == 0 {
		return name
	}
	return fmt.Sprintf(name, args...)
}

func signupInputs() inputNames {
	return inputNames{domain.FieldAccountName: "account_name", domain.FieldEmail: "email", domain.FieldPassword: "password"}
}

func loginInputs() inputNames {
	return inputNames{domain.FieldEmail: "email", domain.FieldPassword: "password",
		domain.FieldAccountID: "account_id", domain.FieldUserName: "user_name"}
}

func iamUserInputs() inputNames {
	return inputNames{domain.FieldUserName: "user_name", domain.FieldPassword: "password"}
}

func managedPolicyInputs() inputNames {
	return inputNames{domain.FieldPolicyName: "managed_policy"}
}

func customPolicyInputs() inputNames {
	return inputNames{domain.FieldPolicyName: "policy_name", domain.FieldPolicyDocument: "document"}
}

func profileInputs() inputNames {
	return inputNames{domain.FieldDisplayName: "display_name", domain.FieldProfileDescription: "description",
		domain.FieldWebsite: "website", domain.FieldProfileSupportEmail: "support_email"}
}

func taxInputs() inputNames {
	return inputNames{
		domain.FieldEntityType: "entity_type", domain.FieldLegalName: "legal_name", domain.FieldCountry: "country",
		domain.FieldAddressLine1: "address_line1", domain.FieldAddressLine2: "address_line2", domain.FieldCity: "city",
		domain.FieldRegion: "region", domain.FieldPostalCode: "postal_code", domain.FieldTaxID: "tax_id",
		domain.FieldSignatureName: "signature_name", domain.FieldCertified: "certified",
	}
}

func bankInputs() inputNames {
	return inputNames{
		domain.FieldBankKind: "account_type", domain.FieldHolderName: "holder_name",
		domain.FieldRoutingNumber: "routing_number", domain.FieldAccountNumber: "account_number",
		domain.FieldIBAN: "iban", domain.FieldBIC: "bic",
	}
}

// resourceInputs is the create form of a model package or algorithm; its
// rows are numbered as the domain numbers the resource's lists.
func resourceInputs() inputNames {
	return inputNames{
		domain.FieldResourceName:            "name",
		domain.FieldResourceDescription:     "description",
		domain.FieldResourceRegion:          "region",
		domain.FieldValidationStatus:        "validation_status",
		domain.FieldRealtimeInstanceTypes:   "realtime_instance_types",
		domain.FieldBatchInstanceTypes:      "batch_instance_types",
		domain.FieldTrainingInstanceTypes:   "training_instance_types",
		domain.FieldContentTypes:            "content_types",
		domain.FieldResponseMIMETypes:       "response_mime_types",
		domain.FieldTrainingChannels:        "channels",
		domain.FieldChannelName:             "channels.%d.name",
		domain.FieldChannelContentTypes:     "channels.%d.content_types",
		domain.FieldChannelInputModes:       "channels.%d.input_modes",
		domain.FieldChannelCompressionTypes: "channels.%d.compression_types",
		domain.FieldHyperParameterName:      "hyperparameters.%d.name",
		domain.FieldHyperParameterType:      "hyperparameters.%d.type",
		domain.FieldHyperParameterDefault:   "hyperparameters.%d.default_value",
		domain.FieldHyperParameterRange:     "hyperparameters.%d.range",
		domain.FieldHyperParameterValues:    "hyperparameters.%d.values",
		domain.FieldMetricName:              "metrics.%d.name",
		domain.FieldMetricRegex:             "metrics.%d.regex",
	}
}

// importInputs is the import form: every problem is shown beside the
// pasted JSON.
func importInputs() inputNames {
	return inputNames{domain.FieldDescribeOutput: "json"}
}

// sectionInputs is the form of one section of the listing editor.
func sectionInputs(section string, ec *editorContext) inputNames {
	switch section {
	case "general":
		return inputNames{
			domain.FieldPrivacy: "privacy", domain.FieldAllowedAccounts: "allowed_accounts",
			domain.FieldProductTitle: "title", domain.FieldShortDescription: "short_description",
			domain.FieldLongDescription: "overview", domain.FieldHighlights: "highlights", domain.FieldHighlight: "highlights",
			domain.FieldCategories: "categories", domain.FieldVideoURL: "video_url",
		}
	case "promotional":
		return inputNames{
			domain.FieldLogo: "logo", domain.FieldKeywords: "keywords", domain.FieldAdditionalResources: "links",
			domain.FieldAdditionalResourceText: "links.%d.title", domain.FieldAdditionalResourceURL: "links.%d.url",
		}
	case "support":
		return inputNames{domain.FieldSupportOffered: "offered", domain.FieldSupportEmail: "support_email",
			domain.FieldSupportURL: "support_url", domain.FieldSupportDescription: "support_description"}
	case "regions":
		return inputNames{domain.FieldRegions: "regions"}
	case "launch-option":
		return inputNames{domain.FieldResourceARN: "arn"}
	case "pricing":
		n := inputNames{domain.FieldPricingModel: "pricing", domain.FieldTrialDuration: "trial_days", domain.FieldEULA: "eula"}
		for _, p := range domain.RequiredPrices(nonNil(ec.resources)) {
			n[domain.FieldPrice(p.Use, p.InstanceType)] = priceInput(p.Use, p.InstanceType)
		}
		return n
	}
	return inputNames{}
}

// priceInput is the input of one price: "price.realtime.ml.m5.large".
func priceInput(use domain.Use, instanceType string) string {
	return "price." + string(use) + "." + instanceType
}

// versionStepInputs is the form of every step of a version's details; the
// parameter rows are numbered as the domain numbers them.
func versionStepInputs() inputNames {
	return inputNames{
		domain.FieldVersionTitle:               "number",
		domain.FieldReleaseNotes:               "release_notes",
		domain.FieldSampleNotebookURL:          "notebook_url",
		domain.FieldRepositoryURL:              "repo_url",
		domain.FieldTrainingDataDescription:    "training_data_description",
		domain.FieldTrainingDataSampleURL:      "training_data_sample_url",
		domain.FieldAlgorithmOverview:          "algorithm_overview",
		domain.FieldInputDescription:           "input_description",
		domain.FieldInputLimitations:           "input_limitations",
		domain.FieldSampleRealtimeInputURL:     "sample_realtime_url",
		domain.FieldSampleBatchInputURL:        "sample_batch_url",
		domain.FieldOutputDescription:          "output_description",
		domain.FieldSampleOutputText:           "sample_output_text",
		domain.FieldSampleOutputURL:            "sample_output_url",
		domain.FieldRecommendedRealtime:        "recommended_realtime",
		domain.FieldRecommendedBatch:           "recommended_batch",
		domain.FieldRecommendedTraining:        "recommended_training",
		domain.FieldCustomAttributes:           "custom_attributes",
		domain.FieldCustomAttributeName:        "custom_attributes.%d.name",
		domain.FieldCustomAttributeDescription: "custom_attributes.%d.description",
		domain.FieldCustomAttributeConstraints: "custom_attributes.%d.constraints",
		domain.FieldInputParameters:            "input_parameters",
		domain.FieldInputParameterName:         "input_parameters.%d.name",
		domain.FieldInputParameterDescription:  "input_parameters.%d.description",
		domain.FieldInputParameterConstraints:  "input_parameters.%d.constraints",
		domain.FieldOutputParameters:           "output_parameters",
		domain.FieldOutputParameterName:        "output_parameters.%d.name",
		domain.FieldOutputParameterDescription: "output_parameters.%d.description",
		domain.FieldOutputParameterConstraints: "output_parameters.%d.constraints",
	}
}

// versionStepParts is the part of a version's details each step of the
// editor saves; 0 for a step that does not exist.
func versionStepParts(step int) domain.VersionParts {
	switch step {
	case 1:
		return domain.VersionInformation
	case 2:
		return domain.VersionTrainingInputs
	case 3:
		return domain.VersionInput
	case 4:
		return domain.VersionOutput
	case 5:
		return domain.VersionInstanceTypes
	}
	return 0
}

// partStep is the editor step where a seller fills part, 0 for none: the
// inverse of versionStepParts.
func partStep(part domain.VersionParts) int {
	for step := 1; step <= 5; step++ {
		if versionStepParts(step) == part {
			return step
		}
	}
	return 0
}

func publishInputs() inputNames {
	return inputNames{domain.FieldTestAccounts: "test_accounts"}
}

func testAccountRequestInputs() inputNames {
	return inputNames{domain.FieldRequestAccounts: "request_accounts", domain.FieldRequestMessage: "request_message"}
}

func unpublishInputs() inputNames {
	return inputNames{domain.FieldRemovalEmail: "email", domain.FieldRemovalReason: "reason",
		domain.FieldReplacementID: "replacement"}
}

func restrictInputs() inputNames {
	return inputNames{domain.FieldRestrictVersions: "versions"}
}

func subscribeInputs() inputNames {
	return inputNames{domain.FieldEULAAccepted: "accept_eula"}
}

func configureInputs() inputNames {
	return inputNames{domain.FieldLaunchVersion: "version", domain.FieldLaunchRegion: "region",
		domain.FieldLaunchMethod: "method", domain.FieldLaunchInstanceType: "instance_type"}
}

func searchInputs() inputNames {
	return inputNames{domain.FieldSearchText: "q", domain.FieldSearchCategory: "category", domain.FieldSearchType: "type",
		domain.FieldSearchPricing: "pricing", domain.FieldSearchSort: "sort", domain.FieldSearchPage: "page"}
}
