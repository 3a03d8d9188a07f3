package seller

import (
	"github.com/mlportal/portal/views/components"
	"github.com/mlportal/portal/views/layout"
)

// ResourcesView is the view model of a SageMaker resource list.
type ResourcesView struct {
	Page       layout.Page
	Algorithms bool // the algorithms list rather than model packages
	Base       string
	Rows       []ResourceRow
	CanCreate  bool
}

// ResourceRow is one resource in a list.
type ResourceRow struct {
	Name, ARN, Region, Status, Created string
	Certified                          bool
}

// ResourceFormView is the view model of the create form.
type ResourceFormView struct {
	Page       layout.Page
	Algorithms bool
	Base       string
	Form       components.Form
	Regions    []components.Option
	Inference  []components.Option
	Training   []components.Option
	Statuses   []components.Option
	// Checked holds the chosen values of each multi-choice field.
	Checked         map[string]map[string]bool
	Channels        []ChannelRow
	HyperParameters []HyperParameterRow
	Metrics         []MetricRow
	HPTypes         []components.Option
	InputModes      []string
	Compression     []string
}

// ChannelRow is one training channel row of the algorithm form.
type ChannelRow struct {
	Index                           int
	Name, Description, ContentTypes string
	Required                        bool
	InputModes, Compression         map[string]bool
}

// HyperParameterRow is one hyperparameter row of the algorithm form.
type HyperParameterRow struct {
	Index                                              int
	Name, Description, Type, Min, Max, Values, Default string
	Tunable, Required                                  bool
}

// MetricRow is one metric definition row of the algorithm form.
type MetricRow struct {
	Index       int
	Name, Regex string
}

// ImportView is the view model of the JSON import form.
type ImportView struct {
	Page       layout.Page
	Algorithms bool
	Base       string
	Form       components.Form
	ErrorData  map[string]any
}

// ResourceView is the view model of one resource's detail page.
type ResourceView struct {
	Page                                                        layout.Page
	Algorithms                                                  bool
	Base                                                        string
	Name, ARN, Description, Region, RegionName, Status, Created string
	Certified, Listable, Distributed                            bool
	Realtime, Batch, Training, ContentTypes, ResponseTypes      []string
	Channels                                                    []ChannelRow
	HyperParameters                                             []HyperParameterRow
	Metrics                                                     []MetricRow
	CanDelete                                                   bool
	// Delete confirms the deletion, when CanDelete.
	Delete components.Confirm
}
