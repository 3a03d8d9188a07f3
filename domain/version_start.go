package domain

import "slices"

// StartFrom fills a new version of resource r with the details of prev, the
// product's latest version, so that the seller changes only what differs:
// links, training inputs, custom attributes, input and output details, and
// the recommended instance types r supports (others are left for the
// seller to choose). The version
// number, release notes, status and dates are the new version's own.
func (v *Version) StartFrom(prev Version, r *SageMakerResource) {
	v.NotebookURL, v.RepoURL = prev.NotebookURL, prev.RepoURL
	if r.Kind == KindAlgorithm {
		v.TrainingDataDescription, v.TrainingDataSampleURL = prev.TrainingDataDescription, prev.TrainingDataSampleURL
		v.AlgorithmOverview = prev.AlgorithmOverview
		v.RecommendedTraining = keptIfSupported(prev.RecommendedTraining, r.TrainingInstanceTypes)
	}
	v.CustomAttributes = slices.Clone(prev.CustomAttributes)
	v.Input = prev.Input
	v.Input.Parameters = slices.Clone(prev.Input.Parameters)
	v.Output = prev.Output
	v.Output.Parameters = slices.Clone(prev.Output.Parameters)
	v.RecommendedRealtime = keptIfSupported(prev.RecommendedRealtime, r.RealtimeInstanceTypes)
	v.RecommendedBatch = keptIfSupported(prev.RecommendedBatch, r.BatchInstanceTypes)
}

// keptIfSupported keeps choice when supported lists it; otherwise the seller
// chooses again.
func keptIfSupported(choice string, supported []string) string {
	if slices.Contains(supported, choice) {
		return choice
	}
	return ""
}
