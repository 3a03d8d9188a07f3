package domain

import (
	"slices"
	"testing"
)

func TestFieldAtAndPattern(t *testing.T) {
	tests := []struct {
		pattern string
		indices []int
		path    string
	}{
		{FieldProductTitle, nil, "Description.ProductTitle"},
		{FieldHighlight, []int{2}, "Description.Highlights[2]"},
		{FieldAdditionalResourceURL, []int{1}, "PromotionalResources.AdditionalResources[1].Url"},
		{FieldCustomAttributeName, []int{12}, "DeliveryOption.CustomAttributes[12].Name"},
		{FieldChannelContentTypes, []int{0}, "SageMakerResource.TrainingChannels[0].ContentTypes"},
		{"A[].B[].C", []int{3, 4}, "A[3].B[4].C"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			if got := FieldAt(tt.pattern, tt.indices...); got != tt.path {
				t.Errorf("FieldAt(%q, %v) = %q, want %q", tt.pattern, tt.indices, got, tt.path)
			}
			pattern, indices := FieldPattern(tt.path)
			if pattern != tt.pattern || !slices.Equal(indices, tt.indices) {
				t.Errorf("FieldPattern(%q) = %q, %v, want %q, %v", tt.path, pattern, indices, tt.pattern, tt.indices)
			}
		})
	}
}

func TestFieldPatternKeepsOtherBrackets(t *testing.T) {
	tests := []struct {
		path    string
		pattern string
		indices []int
	}{
		// A price's dimension is not an index.
		{FieldPrice(UseRealtime, "ml.m5.large"), "Terms.UsageBasedPricingTerm.RateCard[realtime:ml.m5.large].Price", nil},
		// The one video of a listing is element 0 of AWS's list.
		{FieldVideoURL, "PromotionalResources.Videos[].Url", []int{0}},
		{"A[-1].B[+2].C[]", "A[-1].B[+2].C[]", nil},
		{"A[1", "A[1", nil},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			pattern, indices := FieldPattern(tt.path)
			if pattern != tt.pattern || !slices.Equal(indices, tt.indices) {
				t.Errorf("FieldPattern(%q) = %q, %v, want %q, %v", tt.path, pattern, indices, tt.pattern, tt.indices)
			}
		})
	}
}
