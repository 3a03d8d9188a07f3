package web

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/views/seller"
)

// resourceForm is the posted create form of a model package or algorithm.
// It keeps every value as typed, so the form can be shown again as it was.
type resourceForm struct {
	values   map[string]string
	checked  map[string]map[string]bool
	resource domain.SageMakerResource
	channels []seller.ChannelRow
	hps      []seller.HyperParameterRow
	metrics  []seller.MetricRow
	// rows maps a posted row ("channels.3") to the row it is shown as, once
	// blank rows are dropped ("channels.1").
	rows map[string]string
}

func readResourceForm(form url.Values, kind domain.ResourceKind) resourceForm {
	f := resourceForm{values: map[string]string{}, checked: map[string]map[string]bool{}, rows: map[string]string{}}
	for _, k := range []string{"name", "description", "region", "validation_status", "certified", "content_types", "response_mime_types", "distributed"} {
		f.values[k] = form.Get(k)
	}
	for _, k := range []string{"realtime_instance_types", "batch_instance_types", "training_instance_types"} {
		f.checked[k] = set(form[k])
	}
	f.resource = domain.SageMakerResource{
		Kind: kind, Name: strings.TrimSpace(form.Get("name")), Description: form.Get("description"),
		Region: form.Get("region"), ValidationStatus: domain.ValidationStatus(form.Get("validation_status")),
		CertifiedForMarketplace: form.Get("certified") == "on",
		RealtimeInstanceTypes:   form["realtime_instance_types"], BatchInstanceTypes: form["batch_instance_types"],
		ContentTypes: splitList(form.Get("content_types")), ResponseMIMETypes: splitList(form.Get("response_mime_types")),
	}
	if kind == domain.KindAlgorithm {
		f.readAlgorithm(form)
	}
	return f
}

func (f *resourceForm) readAlgorithm(form url.Values) {
	r := &f.resource
	r.TrainingInstanceTypes = form["training_instance_types"]
	r.SupportsDistributedTraining = form.Get("distributed") == "on"
	// Blank rows are dropped here as the domain drops them, and the rest
	// renumbered, so a row's error is shown beside that row.
	for i := range rowCount(form, "channels") {
		get := rowGetter(form, "channels", i)
		if get("name") == "" && get("description") == "" && get("content_types") == "" {
			continue
		}
		f.rows[rowKey("channels", i, "")] = rowKey("channels", len(f.channels), "")
		row := seller.ChannelRow{Index: len(f.channels), Name: get("name"), Description: get("description"), ContentTypes: get("content_types"),
			Required: get("required") == "on", InputModes: set(form[rowKey("channels", i, "input_modes")]), Compression: set(form[rowKey("channels", i, "compression")])}
		f.channels = append(f.channels, row)
		r.TrainingChannels = append(r.TrainingChannels, domain.TrainingChannel{Name: row.Name, Description: row.Description,
			Required: row.Required, ContentTypes: splitList(row.ContentTypes), InputModes: form[rowKey("channels", i, "input_modes")],
			CompressionTypes: form[rowKey("channels", i, "compression")]})
	}
	for i := range rowCount(form, "hyperparameters") {
		get := rowGetter(form, "hyperparameters", i)
		if get("name") == "" && get("description") == "" && get("min") == "" && get("max") == "" && get("values") == "" && get("default") == "" {
			continue
		}
		f.rows[rowKey("hyperparameters", i, "")] = rowKey("hyperparameters", len(f.hps), "")
		row := seller.HyperParameterRow{Index: len(f.hps), Name: get("name"), Description: get("description"), Type: get("type"),
			Min: get("min"), Max: get("max"), Values: get("values"), Default: get("default"),
			Tunable: get("tunable") == "on", Required: get("required") == "on"}
		f.hps = append(f.hps, row)
		r.HyperParameters = append(r.HyperParameters, domain.HyperParameter{Name: row.Name, Description: row.Description,
			Type: domain.HyperParameterType(row.Type), MinValue: row.Min, MaxValue: row.Max, Values: splitList(row.Values),
			DefaultValue: row.Default, Tunable: row.Tunable, Required: row.Required})
	}
	for i := range rowCount(form, "metrics") {
		get := rowGetter(form, "metrics", i)
		if get("name") == "" && get("regex") == "" {
			continue
		}
		f.rows[rowKey("metrics", i, "")] = rowKey("metrics", len(f.metrics), "")
		row := seller.MetricRow{Index: len(f.metrics), Name: get("name"), Regex: form.Get(rowKey("metrics", i, "regex"))}
		f.metrics = append(f.metrics, row)
		r.MetricDefinitions = append(r.MetricDefinitions, domain.MetricDefinition{Name: row.Name, Regex: row.Regex})
	}
}

// rowMessageAt names the input of a row whose message shows a problem
// with the row's field name, where the form shows none beside the field.
func rowMessageAt(group, name string) string {
	switch group + "." + name {
	case "channels.description", "hyperparameters.description":
		return "name"
	case "channels.compression":
		return "compression_types"
	case "hyperparameters.default":
		return "default_value"
	case "hyperparameters.min", "hyperparameters.max":
		return "range"
	}
	return name
}

// shownAt returns the input beside which the form shows the message of a
// posted field, "" for the field itself: a row's field moves with its row
// as blank rows are dropped, and takes the message place of its row
// (rowMessageAt).
func (f *resourceForm) shownAt(field string) string {
	group, rest, ok := strings.Cut(field, ".")
	if !ok {
		return ""
	}
	idx, name, ok := strings.Cut(rest, ".")
	if !ok {
		return ""
	}
	row, ok := f.rows[group+"."+idx+"."]
	if !ok {
		return group // a blank row, dropped: the group's message
	}
	return row + rowMessageAt(group, name)
}

// maxRows bounds the rows a forged form can make the server build.
const maxRows = 50

// rowCount finds how many rows of group the form carries: one more than the
// highest index present.
func rowCount(form url.Values, group string) int {
	n := 0
	for key := range form {
		rest, ok := strings.CutPrefix(key, group+".")
		if !ok {
			continue
		}
		idx, _, _ := strings.Cut(rest, ".")
		if i, err := strconv.Atoi(idx); err == nil && i >= 0 && i < maxRows && i+1 > n {
			n = i + 1
		}
	}
	return n
}

func rowKey(group string, i int, field string) string {
	return group + "." + strconv.Itoa(i) + "." + field
}

func rowGetter(form url.Values, group string, i int) func(string) string {
	return func(field string) string { return strings.TrimSpace(form.Get(rowKey(group, i, field))) }
}

// withoutRow is form without the fields of one row ("channels.2").
func withoutRow(form url.Values, row string) url.Values {
	out := make(url.Values, len(form))
	for k, v := range form {
		if !strings.HasPrefix(k, row+".") {
			out[k] = v
		}
	}
	return out
}

// addRow appends a blank row when the seller pressed an "Add" button.
func (f *resourceForm) addRow(which string) {
	switch which {
	case "channel":
		f.channels = append(f.channels, seller.ChannelRow{Index: len(f.channels), InputModes: map[string]bool{"File": true}})
	case "hyperparameter":
		f.hps = append(f.hps, seller.HyperParameterRow{Index: len(f.hps)})
	case "metric":
		f.metrics = append(f.metrics, seller.MetricRow{Index: len(f.metrics)})
	}
}

// ensureRows gives each group at least one row to type into.
func (f *resourceForm) ensureRows() {
	if len(f.channels) == 0 {
		f.addRow("channel")
	}
	if len(f.hps) == 0 {
		f.addRow("hyperparameter")
	}
	if len(f.metrics) == 0 {
		f.addRow("metric")
	}
}

// splitList reads a list typed with commas, spaces or new lines.
func splitList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\r' || r == '\t' })
}

func set(values []string) map[string]bool {
	m := make(map[string]bool, len(values))
	for _, v := range values {
		m[v] = true
	}
	return m
}

func joinList(values []string) string { return strings.Join(values, ", ") }

func lower(s string) string { return strings.ToLower(s) }
