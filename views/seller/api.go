package seller

import (
	"encoding/json"
	"strings"

	"github.com/mlportal/portal/views/layout"
)

// The Catalog API settings every example uses.
const (
	APIRegion     = "us-east-1"
	APICatalog    = "AWSMarketplace"
	APIEntityType = "MachineLearningProduct@1.0"
	// apiPlaceholderProduct stands for a product ID in an account that has
	// no product yet.
	apiPlaceholderProduct = "prod-EXAMPLE12345"
)

// APIView is the view model of Products > Machine learning > Use the API.
type APIView struct {
	Page layout.Page
	// Endpoint is the portal's address for API clients.
	Endpoint string
	// EndpointGuessed is set when the portal knows no public address and
	// Endpoint is the one the browser used: the page says to check it.
	EndpointGuessed bool
	AccountID       string
	// ProductID is one of the account's products, for the examples; empty
	// when it has none.
	ProductID string
	// Actions are the IAM actions the Catalog API checks.
	Actions []string
}

// product is the product ID the examples use.
func (v APIView) product() string {
	if v.ProductID != "" {
		return v.ProductID
	}
	return apiPlaceholderProduct
}

// command is an aws marketplace-catalog command, one option a line, ending
// with the endpoint and Region every call needs.
func (v APIView) command(op string, options ...string) string {
	lines := append([]string{"aws marketplace-catalog " + op}, options...)
	lines = append(lines, "--endpoint-url "+v.Endpoint, "--region "+APIRegion)
	return strings.Join(lines, " \\\n  ")
}

// EnvExample exports the IAM user's key; the values are placeholders.
func (v APIView) EnvExample() string {
	return "export AWS_ACCESS_KEY_ID=\"<access key ID>\"\nexport AWS_SECRET_ACCESS_KEY=\"<secret access key>\""
}

// ListExample lists the account's machine learning products.
func (v APIView) ListExample() string {
	return v.command("list-entities", "--catalog "+APICatalog, "--entity-type MachineLearningProduct")
}

// DescribeExample describes one product.
func (v APIView) DescribeExample() string {
	return v.command("describe-entity", "--catalog "+APICatalog, "--entity-id "+v.product())
}

// changeSetEntry is one change of a change set file. Details is a JSON
// string, the form every AWS CLI version accepts (DetailsDocument came
// after Debian's CLI v2.9).
type changeSetEntry struct {
	ChangeType string            `json:"ChangeType"`
	Entity     map[string]string `json:"Entity"`
	Details    string            `json:"Details"`
}

// ChangeSetExample is a change-set.json that adds version 2.0 to the
// product and keeps the product Limited, so the version can be tested
// before it is released.
func (v APIView) ChangeSetExample() string {
	account := v.AccountID
	if account == "" {
		account = "111122223333"
	}
	details := map[string]any{
		"Version": map[string]string{"VersionTitle": "2.0", "ReleaseNotes": "Faster inference."},
		"DeliveryOptions": []any{map[string]any{"Details": map[string]any{
			"SageMakerModelPackageDeliveryOptionDetails": map[string]any{
				"SageMakerModelPackageArn": "arn:aws:sagemaker:" + APIRegion + ":" + account + ":model-package/my-model-v2",
				"AccessRoleArn":            "arn:aws:iam::" + account + ":role/MarketplaceIngestion",
				"UsageInstructions":        "Send a JPEG image; the model answers with JSON.",
				"SampleNotebookUrl":        "https://www.example.com/notebook",
				"RepositoryUrl":            "https://www.example.com/repository",
				"InputProperties": map[string]any{"Description": "A JPEG image.",
					"SampleInput": map[string]string{"RealtimeInferenceUrl": "https://www.example.com/input.jpg"}},
				"OutputProperties": map[string]any{"Description": "JSON categories.",
					"SampleOutput": map[string]string{"RealtimeInferenceText": `{"category":"cereal"}`}},
				"RecommendedInstanceTypes": map[string]string{"RealtimeInference": "ml.m5.large", "BatchTransform": "ml.m5.xlarge"},
			},
		}}},
	}
	entity := map[string]string{"Type": APIEntityType, "Identifier": v.product()}
	changes := []changeSetEntry{
		{ChangeType: "AddDeliveryOptions", Entity: entity, Details: compactJSON(details)},
		{ChangeType: "UpdateVisibility", Entity: entity, Details: compactJSON(map[string]string{"TargetVisibility": "Limited"})},
	}
	b, _ := json.MarshalIndent(changes, "", "  ")
	return string(b)
}

// StartExample starts the change set and keeps its ID for polling.
func (v APIView) StartExample() string {
	return "CHANGE_SET_ID=$(" + v.command("start-change-set", "--catalog "+APICatalog,
		"--change-set file://change-set.json", "--query ChangeSetId", "--output text") + ")"
}

// PollExample asks for the change set's status: PREPARING, APPLYING, then
// SUCCEEDED, FAILED or CANCELLED.
func (v APIView) PollExample() string {
	return v.command("describe-change-set", "--catalog "+APICatalog, `--change-set-id "$CHANGE_SET_ID"`,
		"--query Status", "--output text")
}

// GoExample lists the products with the AWS SDK for Go v2.
func (v APIView) GoExample() string {
	return `client := marketplacecatalog.New(marketplacecatalog.Options{
	Region:       "` + APIRegion + `",
	BaseEndpoint: aws.String("` + v.Endpoint + `"),
	Credentials: credentials.NewStaticCredentialsProvider(
		os.Getenv("AWS_ACCESS_KEY_ID"), os.Getenv("AWS_SECRET_ACCESS_KEY"), ""),
})
out, err := client.ListEntities(ctx, &marketplacecatalog.ListEntitiesInput{
	Catalog:    aws.String("` + APICatalog + `"),
	EntityType: aws.String("MachineLearningProduct"),
})`
}

func compactJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
