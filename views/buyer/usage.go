// Package buyer renders what buyers see: product pages and their parts. The
// listing editor shows the same components as its live buyer view.
package buyer

// UsageView is the usage information of one product version.
type UsageView struct {
	Algorithm bool

	TrainingDataDescription string
	TrainingDataSampleURL   string
	AlgorithmOverview       string
	Channels                []ChannelView
	HyperParameters         []HyperParameterView
	Metrics                 []MetricView

	CustomAttributes []ParameterView

	InputDescription  string
	InputLimitations  string
	SampleRealtimeURL string
	SampleBatchURL    string
	InputParameters   []ParameterView

	OutputDescription string
	SampleOutputText  string
	SampleOutputURL   string
	OutputParameters  []ParameterView
}

// ParameterView is one documented parameter.
type ParameterView struct {
	Name, Description, Constraints string
	Required                       bool
}

// ChannelView is one training channel as buyers read it.
type ChannelView struct {
	Name, Description, ContentTypes string
	// InputModes are SageMaker's values (File, Pipe, FastFile); the page
	// shows their translated labels.
	InputModes []string
	Required   bool
}

// HyperParameterView is one hyperparameter as buyers read it.
type HyperParameterView struct {
	Name, Description, Type, Range, Default string
	Tunable, Required                       bool
}

// MetricView is one metric the algorithm reports.
type MetricView struct {
	Name, Regex string
}
