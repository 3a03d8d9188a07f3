package buyer

import (
	"github.com/mlportal/portal/views/components"
	"github.com/mlportal/portal/views/layout"
)

// ConfigureView is "Continue to configuration" for a subscribed product.
type ConfigureView struct {
	Page      layout.Page
	ID        string
	Title     string
	Form      components.Form
	Versions  []components.Option
	Regions   []components.Option
	Methods   []components.Option
	Instances []components.Option
	// Result is set when the choices are valid.
	Result *LaunchResult
}

// LaunchResult is the resource ARN to use and a command that uses it.
type LaunchResult struct {
	ARN          string
	Command      string
	Version      string
	Region       string
	MethodKey    string
	InstanceType string
	// TrainsFirst says the commands train an algorithm before deploying
	// what it learned.
	TrainsFirst bool
}

// SubscriptionsView is the SageMaker console's "AWS Marketplace
// subscriptions" page.
type SubscriptionsView struct {
	Page layout.Page
	Rows []SubscriptionRow
}

// SubscriptionRow is one subscribed product with its latest version.
type SubscriptionRow struct {
	ID, Title, Seller, Type, Version, ARN, Since string
	Test                                         bool
}
