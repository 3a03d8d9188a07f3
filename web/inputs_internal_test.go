package web

import (
	"maps"
	"testing"

	"github.com/mlportal/portal/domain"
)

func TestFormFromErrorMapsDomainPathsToInputs(t *testing.T) {
	resources := []*domain.SageMakerResource{{Kind: domain.KindModelPackage, RealtimeInstanceTypes: []string{"ml.m5.large"}}}
	tests := []struct {
		name   string
		inputs inputNames
		fields domain.FieldErrors
		want   map[string]string
	}{
		{
			name:   "plain paths",
			inputs: sectionInputs("general", nil),
			fields: domain.FieldErrors{
				domain.FieldProductTitle:    domain.MsgFieldRequired,
				domain.FieldLongDescription: domain.MsgTextTooLong,
			},
			want: map[string]string{"title": string(domain.MsgFieldRequired), "overview": string(domain.MsgTextTooLong)},
		},
		{
			name:   "an indexed link lands on its row",
			inputs: sectionInputs("promotional", nil),
			fields: domain.FieldErrors{
				domain.FieldAt(domain.FieldAdditionalResourceURL, 1):  domain.MsgHTTPSURLInvalid,
				domain.FieldAt(domain.FieldAdditionalResourceText, 2): domain.MsgLinkTitleInvalid,
			},
			want: map[string]string{
				"links.1.url":   string(domain.MsgHTTPSURLInvalid),
				"links.2.title": string(domain.MsgLinkTitleInvalid),
			},
		},
		{
			name:   "every highlight shares one message",
			inputs: sectionInputs("general", nil),
			fields: domain.FieldErrors{domain.FieldAt(domain.FieldHighlight, 2): domain.MsgHighlightTooLong},
			want:   map[string]string{"highlights": string(domain.MsgHighlightTooLong)},
		},
		{
			name:   "the listing's one video",
			inputs: sectionInputs("general", nil),
			fields: domain.FieldErrors{domain.FieldVideoURL: domain.MsgHTTPSURLInvalid},
			want:   map[string]string{"video_url": string(domain.MsgHTTPSURLInvalid)},
		},
		{
			name:   "parameter rows of a version",
			inputs: versionStepInputs(),
			fields: domain.FieldErrors{
				domain.FieldAt(domain.FieldCustomAttributeName, 2):        domain.MsgParameterDuplicate,
				domain.FieldAt(domain.FieldOutputParameterConstraints, 0): domain.MsgTextTooLong,
				domain.FieldInputParameters:                               domain.MsgTooManyParameters,
			},
			want: map[string]string{
				"custom_attributes.2.name":        string(domain.MsgParameterDuplicate),
				"output_parameters.0.constraints": string(domain.MsgTextTooLong),
				"input_parameters":                string(domain.MsgTooManyParameters),
			},
		},
		{
			name:   "rows of a resource",
			inputs: resourceInputs(),
			fields: domain.FieldErrors{
				domain.FieldAt(domain.FieldHyperParameterRange, 3): domain.MsgIntegerRangeInvalid,
				domain.FieldAt(domain.FieldChannelName, 0):         domain.MsgFieldRequired,
			},
			want: map[string]string{
				"hyperparameters.3.range": string(domain.MsgIntegerRangeInvalid),
				"channels.0.name":         string(domain.MsgFieldRequired),
			},
		},
		{
			name:   "a price",
			inputs: sectionInputs("pricing", &editorContext{resources: resources}),
			fields: domain.FieldErrors{domain.FieldPrice(domain.UseRealtime, "ml.m5.large"): domain.MsgFieldRequired},
			want:   map[string]string{"price.realtime.ml.m5.large": string(domain.MsgFieldRequired)},
		},
		{
			name:   "one path, a different input on each form",
			inputs: managedPolicyInputs(),
			fields: domain.FieldErrors{domain.FieldPolicyName: domain.MsgPolicyNameTaken},
			want:   map[string]string{"managed_policy": string(domain.MsgPolicyNameTaken)},
		},
		{
			name:   "a path the form does not show keeps its name",
			inputs: publishInputs(),
			fields: domain.FieldErrors{domain.FieldResourceKind: domain.MsgResourceKindInvalid},
			want:   map[string]string{domain.FieldResourceKind: string(domain.MsgResourceKindInvalid)},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			form := formFromError(map[string]string{"kept": "typed"}, domain.Invalid(tt.fields), tt.inputs)
			if !maps.Equal(form.Errors, tt.want) {
				t.Errorf("errors = %v, want %v", form.Errors, tt.want)
			}
			if form.Values["kept"] != "typed" {
				t.Errorf("values = %v, want the typed ones", form.Values)
			}
		})
	}
}

// Two paths on one input give the same page on every request: the first
// path in order wins.
func TestFormFromErrorTwoPathsOneInput(t *testing.T) {
	err := domain.Invalid(domain.FieldErrors{
		domain.FieldAt(domain.FieldHighlight, 0): domain.MsgHighlightTooLong,
		domain.FieldHighlights:                   domain.MsgHighlightsCount,
	})
	for range 20 {
		got := formFromError(nil, err, sectionInputs("general", nil)).Errors["highlights"]
		if got != string(domain.MsgHighlightsCount) {
			t.Fatalf("highlights = %q, want %q", got, domain.MsgHighlightsCount)
		}
	}
}

func TestFormFromErrorIgnoresOtherErrors(t *testing.T) {
	form := formFromError(nil, domain.Errorf(domain.ECONFLICT, domain.MsgChangedSinceOpened), versionStepInputs())
	if len(form.Errors) != 0 {
		t.Errorf("errors = %v, want none", form.Errors)
	}
}

func TestVersionStepParts(t *testing.T) {
	want := []domain.VersionParts{0, domain.VersionInformation, domain.VersionTrainingInputs, domain.VersionInput,
		domain.VersionOutput, domain.VersionInstanceTypes, 0}
	for step, parts := range want {
		if got := versionStepParts(step); got != parts {
			t.Errorf("versionStepParts(%d) = %b, want %b", step, got, parts)
		}
		// The checklist names a part; the editor opens its step.
		if parts != 0 && partStep(parts) != step {
			t.Errorf("partStep(%b) = %d, want %d", parts, partStep(parts), step)
		}
	}
	if got := partStep(domain.AllVersionParts); got != 0 {
		t.Errorf("partStep(all parts) = %d, want 0: no one step saves them all", got)
	}
}
